""""Chạy lại": a new request by the current user, allowed only to who may start the action."""

from datetime import date

import pytest
from django.urls import reverse

from beneficiaries.models import Person
from btxh.models import AccessLog, Job, JobStatus, Role
from engine import Month
from tests.benefits.payroll_factories import make_case, make_person
from tests.btxh.factories import UserFactory

MONTH = Month(2026, 7)


@pytest.fixture
def viewer(commune):
    return UserFactory(unit=commune, role=Role.VIEWER, full_name="Người Xem Xã")


def failed_job(kind, unit, requester, **params):
    return Job.objects.create(
        kind=kind, unit=unit, requested_by=requester, status=JobStatus.FAILED, params={**params, "user_id": requester.pk}
    )


@pytest.mark.parametrize("role", [Role.VIEWER, Role.COMMUNE_LEADER])
def test_a_viewer_or_a_leader_cannot_re_run_a_roll_generation(client, commune, officer, role):
    job = failed_job("payroll_generate", commune, officer, unit_id=commune.pk, month=str(MONTH))
    client.force_login(UserFactory(unit=commune, role=role))
    response = client.post(reverse("job-retry", args=[job.pk]))
    assert response.status_code == 403
    assert Job.objects.count() == 1


@pytest.mark.parametrize("kind", ["beneficiaries_import", "poverty_review_import"])
def test_a_viewer_or_a_leader_cannot_re_run_an_import(client, commune, officer, viewer, leader, kind):
    job = failed_job(kind, commune, officer, unit_id=commune.pk, path="imports/x.xlsx", year=2026)
    for user in (viewer, leader):
        client.force_login(user)
        assert client.post(reverse("job-retry", args=[job.pk])).status_code == 403
    assert Job.objects.count() == 1


def test_the_job_page_offers_chay_lai_only_to_who_may_run_it(client, commune, officer, viewer):
    job = failed_job("payroll_generate", commune, officer, unit_id=commune.pk, month=str(MONTH))
    client.force_login(viewer)
    assert "Chạy lại" not in client.get(reverse("job-detail", args=[job.pk])).content.decode()
    client.force_login(officer)
    assert "Chạy lại" in client.get(reverse("job-detail", args=[job.pk])).content.decode()


def test_a_re_run_export_is_a_request_of_the_current_user_and_logged_as_theirs(client, commune, officer):
    make_person(commune, "Lục Thị Thọ", birth=date(1940, 3, 1))
    other = UserFactory(unit=commune, role=Role.COMMUNE_OFFICER, full_name="Cán Bộ Thứ Hai")
    job = failed_job("beneficiaries_people_export", commune, officer)
    client.force_login(other)
    response = client.post(reverse("job-retry", args=[job.pk]))
    new = Job.objects.exclude(pk=job.pk).get()
    assert response.status_code == 302
    assert new.status == JobStatus.SUCCEEDED
    assert new.requested_by == other
    assert new.params["user_id"] == other.pk
    logs = AccessLog.objects.filter(action=AccessLog.Action.EXPORT)
    assert logs.exists()
    assert set(logs.values_list("user", flat=True)) == {other.pk}


def test_a_re_run_roll_generation_is_credited_to_the_officer_who_re_runs_it(client, commune, officer):
    person = make_person(commune, "Lục Thị Thọ", birth=date(1940, 3, 1))
    make_case(person, "SP-75", start="2026-07")
    other = UserFactory(unit=commune, role=Role.COMMUNE_OFFICER, full_name="Cán Bộ Thứ Hai")
    job = failed_job("payroll_generate", commune, officer, unit_id=commune.pk, month=str(MONTH))
    client.force_login(other)
    client.post(reverse("job-retry", args=[job.pk]))
    new = Job.objects.exclude(pk=job.pk).get()
    from benefits.payroll.models import PaymentRoll

    assert new.status == JobStatus.SUCCEEDED, new.error
    assert new.requested_by == other
    assert PaymentRoll.objects.get(unit=commune).generated_by == other
    assert Person.objects.count() == 1
