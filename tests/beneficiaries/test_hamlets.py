"""Hamlets are a list: kept by the commune, made by its first import, then chosen, never typed."""

import importlib
from datetime import date

import pytest
from django.apps import apps

from beneficiaries.errors import RegistryError
from beneficiaries.forms import PersonForm
from beneficiaries.models import Hamlet, Household, Person
from beneficiaries.services import beneficiaries_import, person_move, person_update
from beneficiaries.services.hamlets import hamlet_create, hamlet_set_active, hamlet_update
from btxh.models import Role
from tests.beneficiaries.factories import PersonFactory, listed_hamlet
from tests.beneficiaries.xlsx import FIRST_DATA_ROW, row, workbook
from tests.btxh.factories import UserFactory

TODAY = date(2026, 11, 20)


def names(commune) -> list[str]:
    return list(Hamlet.objects.filter(commune=commune).values_list("name", flat=True))


# ---------------------------------------------------------------------------
# The list and its names
# ---------------------------------------------------------------------------
def test_a_name_differing_only_in_case_spacing_or_diacritics_is_the_same_hamlet(officer, commune):
    hamlet_create(commune=commune, name="  Thôn   Nà Pồng ", user=officer)
    for variant in ("thôn  nà pồng", "THÔN NÀ PỒNG", "Thon Na Pong"):
        with pytest.raises(RegistryError) as exc:
            hamlet_create(commune=commune, name=variant, user=officer)
        assert exc.value.message_dict["name"] == [
            'Xã đã có "Thôn Nà Pồng": tên trùng khi không phân biệt hoa thường, dấu, khoảng trắng.'
        ]
    assert names(commune) == ["Thôn Nà Pồng"]


def test_another_commune_may_have_a_hamlet_of_the_same_name(officer, other_officer, commune, other_commune):
    hamlet_create(commune=commune, name="Thôn Nà Pồng", user=officer)
    hamlet_create(commune=other_commune, name="Thôn Nà Pồng", user=other_officer)
    assert Hamlet.objects.filter(name_key="thon na pong").count() == 2


def test_only_the_communes_officer_keeps_its_list(commune, officer, other_officer, leader):
    with pytest.raises(RegistryError):
        hamlet_create(commune=commune, name="Thôn Mới", user=other_officer)
    with pytest.raises(RegistryError):
        hamlet_create(commune=commune, name="Thôn Mới", user=leader)
    assert hamlet_create(commune=commune, name="Thôn Mới", user=officer).order == 1
    assert hamlet_create(commune=commune, name="Thôn Mới Hai", user=officer).order == 2  # added at the end


def test_a_rename_rewrites_the_hamlet_of_its_people_and_households_not_of_others(officer, commune):
    old = listed_hamlet(commune, "Bản Khuổi Luong")
    other = listed_hamlet(commune, "Thôn Nà Pồng")
    person = PersonFactory(unit=commune, hamlet="Bản Khuổi Luong")
    household = Household.objects.create(unit=commune, hamlet=old.name, hamlet_ref=old)
    neighbour = PersonFactory(unit=commune, hamlet="Thôn Nà Pồng")
    hamlet_update(hamlet=old, user=officer, name="Bản Khuổi Luông", code="KL")
    person.refresh_from_db(), household.refresh_from_db(), neighbour.refresh_from_db()
    assert (person.hamlet, household.hamlet, neighbour.hamlet) == ("Bản Khuổi Luông", "Bản Khuổi Luông", "Thôn Nà Pồng")
    assert person.hamlet_ref == old and other.name == "Thôn Nà Pồng"
    assert old.history.first().history_user == officer
    with pytest.raises(RegistryError) as exc:  # a rename may not take another hamlet's name
        hamlet_update(hamlet=old, user=officer, name="thôn nà pồng")
    assert 'Xã đã có "Thôn Nà Pồng"' in exc.value.message_dict["name"][0]


# ---------------------------------------------------------------------------
# Chosen, not typed: the person form
# ---------------------------------------------------------------------------
def test_the_person_form_offers_only_the_communes_active_hamlets(officer, commune, other_commune):
    mine = listed_hamlet(commune, "Thôn Nà Pồng")
    closed = listed_hamlet(commune, "Thôn Cũ")
    hamlet_set_active(hamlet=closed, user=officer, active=False)
    theirs = listed_hamlet(other_commune, "Thôn Xã Bên")
    form = PersonForm(user=officer, unit=commune)
    assert list(form.fields["hamlet"].queryset) == [mine]
    data = {"full_name": "Hoàng Văn Páo", "birth_date": "03/02/1980", "sex": "male", "payment_method": "cash"}
    for hamlet in (theirs, closed):
        form = PersonForm(data={**data, "hamlet": hamlet.pk}, user=officer, unit=commune)
        assert not form.is_valid() and "hamlet" in form.errors
    assert PersonForm(data={**data, "hamlet": mine.pk}, user=officer, unit=commune).is_valid()


def test_a_person_keeps_a_hamlet_no_longer_in_use_until_moved_to_another(officer, commune):
    person = PersonFactory(unit=commune, hamlet="Thôn Cũ")
    hamlet_set_active(hamlet=person.hamlet_ref, user=officer, active=False)
    form = PersonForm(user=officer, unit=commune, instance=person)
    assert person.hamlet_ref in form.fields["hamlet"].queryset
    person_update(person=person, user=officer, hamlet=person.hamlet_ref, phone="0912345678")
    newcomer = PersonFactory(unit=commune, hamlet="Thôn Mới")
    with pytest.raises(RegistryError) as exc:
        person_update(person=newcomer, user=officer, hamlet="Thôn Cũ")
    assert exc.value.message_dict["hamlet"] == ['Thôn/tổ dân phố "Thôn Cũ" đã ngừng sử dụng trong danh sách của xã.']


def test_the_entry_page_shows_the_select_and_the_list_filter_uses_it(officer_client, commune, other_commune):
    listed_hamlet(commune, "Thôn Nà Pồng")
    listed_hamlet(other_commune, "Thôn Xã Bên")
    page = officer_client.get("/doi-tuong/them/").content.decode()
    assert '<select name="hamlet"' in page and "Thôn Nà Pồng" in page and "Thôn Xã Bên" not in page
    listing = officer_client.get("/doi-tuong/").content.decode()
    assert "Mọi thôn" in listing and "Thôn Nà Pồng" in listing and "Thôn Xã Bên" not in listing


# ---------------------------------------------------------------------------
# The import: the first one makes the list, later ones must use it
# ---------------------------------------------------------------------------
def test_the_first_import_makes_the_communes_list_merging_spellings(commune):
    rows = [row(1, **{"Thôn/Tổ dân phố": "Thôn Nà Pồng"}), row(2, **{"Thôn/Tổ dân phố": "thôn  nà pồng"}),
            row(3, **{"Thôn/Tổ dân phố": "Bản Khuổi Luông"})]  # fmt: skip
    result = beneficiaries_import(data=workbook(rows), unit=commune, user=None, today=TODAY)
    assert result.ok and result.summary["hamlets_created"] == 2
    assert names(commune) == ["Thôn Nà Pồng", "Bản Khuổi Luông"]  # in the order of the file
    assert sorted(Person.objects.values_list("hamlet", "hamlet_ref__name")) == [
        ("Bản Khuổi Luông", "Bản Khuổi Luông"), ("Thôn Nà Pồng", "Thôn Nà Pồng"), ("Thôn Nà Pồng", "Thôn Nà Pồng"),
    ]  # fmt: skip


def test_a_dry_run_says_how_many_hamlets_it_would_make_and_makes_none(commune):
    result = beneficiaries_import(data=workbook([row(1), row(2)]), unit=commune, user=None, today=TODAY, dry_run=True)
    assert result.ok and result.summary["hamlets_created"] == 2
    assert not Hamlet.objects.exists()


def test_a_later_import_matches_the_list_and_refuses_a_hamlet_not_on_it(commune):
    listed_hamlet(commune, "Thôn Nà Pồng")
    listed_hamlet(commune, "Bản Khuổi Luông")
    rows = [row(1, **{"Thôn/Tổ dân phố": "THÔN NÀ  PỒNG"}), row(2, **{"Thôn/Tổ dân phố": "Thôn Nà Pông Mới"}),
            row(4)]  # fmt: skip
    result = beneficiaries_import(data=workbook(rows), unit=commune, user=None, today=TODAY)
    assert [str(e) for e in result.plan.errors] == [
        f'Dòng {FIRST_DATA_ROW + 1}, cột "Thôn/Tổ dân phố": Thôn/tổ dân phố "Thôn Nà Pông Mới" chưa có trong danh sách của xã.'
    ]
    assert not Person.objects.exists() and Hamlet.objects.count() == 2  # all or nothing, no new hamlet
    fixed = beneficiaries_import(data=workbook([rows[0], rows[2]]), unit=commune, user=None, today=TODAY)
    assert fixed.ok and fixed.summary["hamlets_created"] == 0
    assert set(Person.objects.values_list("hamlet", flat=True)) == {"Thôn Nà Pồng", "Bản Khuổi Luông"}
    assert not Person.objects.filter(hamlet_ref=None).exists()


def test_an_import_refuses_a_hamlet_no_longer_in_use(officer, commune):
    hamlet_set_active(hamlet=listed_hamlet(commune, "Thôn Nà Pồng"), user=officer, active=False)
    listed_hamlet(commune, "Bản Khuổi Luông")
    result = beneficiaries_import(data=workbook([row(1)]), unit=commune, user=None, today=TODAY)
    assert [e.message for e in result.plan.errors] == [
        'Thôn/tổ dân phố "Thôn Nà Pồng" đã ngừng sử dụng trong danh sách của xã.'
    ]


# ---------------------------------------------------------------------------
# A move: the new commune's list
# ---------------------------------------------------------------------------
def test_a_move_takes_a_hamlet_of_the_new_communes_list(officer, commune, other_commune):
    person = PersonFactory(unit=commune)
    listed_hamlet(other_commune, "Thôn Khuổi Luông")
    with pytest.raises(RegistryError) as exc:
        person_move(person=person, to_unit=other_commune, month=date(2026, 5, 1), user=officer, hamlet="Thôn Lạ")
    assert exc.value.message_dict["hamlet"] == ['Thôn/tổ dân phố "Thôn Lạ" chưa có trong danh sách của xã.']
    person_move(person=person, to_unit=other_commune, month=date(2026, 5, 1), user=officer, hamlet="thôn khuổi luông")
    person.refresh_from_db()
    assert (person.hamlet, person.hamlet_ref.commune) == ("Thôn Khuổi Luông", other_commune)


# ---------------------------------------------------------------------------
# The data migration: each commune's list from the text already there
# ---------------------------------------------------------------------------
def test_the_migration_makes_one_hamlet_per_spelling_family_named_by_the_most_used(commune, other_commune):
    migration = importlib.import_module("beneficiaries.migrations.0009_hamlets_from_registry_text")
    for i, text in enumerate(["Thôn Nà Pồng", "Thôn Nà Pồng", "thôn  nà pồng", "THÔN NÀ PỒNG ", "Bản Khuổi Luông"]):
        PersonFactory(unit=commune, full_name=f"Người {i}", hamlet=text, hamlet_ref=None)
    PersonFactory(unit=other_commune, full_name="Người xã bên", hamlet="thôn nà pồng", hamlet_ref=None)
    Household.objects.create(unit=commune, hamlet="Thôn Nà  Pồng")
    migration.hamlets_from_records(apps, None)
    assert sorted(names(commune)) == ["Bản Khuổi Luông", "Thôn Nà Pồng"]
    assert names(other_commune) == ["thôn nà pồng"]
    assert (
        not Person.objects.filter(hamlet_ref=None).exists() and not Household.objects.filter(hamlet_ref=None).exists()
    )
    assert sorted(set(Person.objects.filter(unit=commune).values_list("hamlet", flat=True))) == [
        "Bản Khuổi Luông",
        "Thôn Nà Pồng",
    ]
    assert Household.objects.get().hamlet == "Thôn Nà Pồng"
    assert {p.hamlet_ref.commune_id for p in Person.objects.select_related("hamlet_ref")} == {
        commune.pk,
        other_commune.pk,
    }
    migration.hamlets_from_records(apps, None)  # a second run finds nothing left to do
    assert Hamlet.objects.count() == 3


# ---------------------------------------------------------------------------
# The page
# ---------------------------------------------------------------------------
def test_the_officer_adds_renames_and_stops_using_a_hamlet_from_the_page(officer_client, commune):
    response = officer_client.post("/doi-tuong/thon/", {"name": "Thôn Nà Pồng", "code": "", "order": ""})
    assert response.status_code == 302
    again = officer_client.post("/doi-tuong/thon/", {"name": "thôn nà  pồng"}).content.decode()
    assert "Xã đã có &quot;Thôn Nà Pồng&quot;" in again and Hamlet.objects.count() == 1
    hamlet = Hamlet.objects.get()
    PersonFactory(unit=commune, hamlet="Thôn Nà Pồng")
    officer_client.post(f"/doi-tuong/thon/{hamlet.pk}/sua/", {"name": "Thôn Nà Pồng Trên", "code": "NP", "order": "3"})
    assert Person.objects.get().hamlet == "Thôn Nà Pồng Trên"
    officer_client.post(f"/doi-tuong/thon/{hamlet.pk}/su-dung/", {"active": "0"})
    hamlet.refresh_from_db()
    assert (hamlet.name, hamlet.code, hamlet.order, hamlet.active) == ("Thôn Nà Pồng Trên", "NP", 3, False)
    page = officer_client.get("/doi-tuong/thon/").content.decode()
    assert "Thôn Nà Pồng Trên" in page and "Ngừng sử dụng" in page and "Dùng lại" in page


def test_a_viewer_reads_the_list_and_may_not_change_it(client, commune, province):
    listed_hamlet(commune, "Thôn Nà Pồng")
    client.force_login(UserFactory(unit=province, role=Role.VIEWER))
    page = client.get(f"/doi-tuong/thon/?xa={commune.pk}").content.decode()
    assert "Thôn Nà Pồng" in page and "Thêm thôn/tổ dân phố" not in page and "Sửa tên" not in page
    assert client.post(f"/doi-tuong/thon/?xa={commune.pk}", {"name": "Thôn Mới"}).status_code == 403
    assert Hamlet.objects.count() == 1
