import pytest

from btxh.models import Job, Unit
from btxh.scoping import scope_queryset
from tests.scoping import READ_NAMES, build_world, find_leaks, find_unrefused_writes, iter_patterns, write_urls


@pytest.mark.django_db
def test_no_page_export_or_file_shows_another_communes_data(client):
    world = build_world()
    assert find_leaks(client, world) == []


@pytest.mark.django_db
def test_every_write_url_refuses_a_viewer_of_the_unit_and_an_officer_of_another_unit(client):
    world = build_world()
    assert find_unrefused_writes(client, world) == []


@pytest.mark.django_db
def test_the_write_check_covers_the_actions_of_every_app(client):
    world = build_world()
    names = {name for name, _, _ in write_urls(world)}
    assert {"job-retry", "beneficiaries:case-approve", "benefits:roll-lock", "reports:roll-documents"} <= names
    assert not READ_NAMES - {name for name, _ in iter_patterns()}, "a read page listed that no longer exists"


@pytest.mark.django_db
@pytest.mark.urls("tests.btxh.leaky_urls")
def test_the_check_catches_a_view_that_forgets_the_scope(client):
    world = build_world()
    leaks = find_leaks(client, world)
    assert any("leaky-unit-list" in leak for leak in leaks)


def test_the_walk_covers_pages_of_every_app():
    names = {name for name, _ in iter_patterns()}
    assert {"home", "job-detail", "job-file", "unit-list", "reports:index"} <= names


@pytest.mark.django_db
def test_a_province_officer_sees_every_commune_below_and_a_commune_officer_only_theirs(
    officer, province_officer, commune, other_commune
):
    Job.objects.create(kind="x", unit=commune)
    Job.objects.create(kind="x", unit=other_commune)
    assert Job.objects.for_user(province_officer).count() == 2
    assert list(Job.objects.for_user(officer).values_list("unit", flat=True)) == [commune.pk]
    assert set(scope_queryset(Unit.objects.all(), officer)) == {commune}


@pytest.mark.django_db
def test_an_anonymous_or_unit_less_user_sees_nothing(django_user_model, commune):
    from django.contrib.auth.models import AnonymousUser

    Job.objects.create(kind="x", unit=commune)
    assert Job.objects.for_user(AnonymousUser()).count() == 0
    nobody = django_user_model.objects.create(username="khongdonvi", role="viewer")
    assert Job.objects.for_user(nobody).count() == 0
