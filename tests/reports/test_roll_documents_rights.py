"""Regenerating a roll's official documents: only who may prepare the roll; replaced files go with their rows."""

import os
from datetime import date

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from benefits.payroll import services
from benefits.payroll.models import RollDocument
from btxh.models import Job, JobStatus, Role
from engine import Month
from reports.services import roll_documents_render
from tests.benefits.payroll_factories import make_case, make_person
from tests.btxh.factories import UserFactory


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)


@pytest.fixture
def roll(commune, officer):
    elder = make_person(commune, "Lục Thị Thọ", birth=date(1940, 3, 1))
    make_case(elder, "SP-75", start="2026-07")
    return services.payroll_generate(unit=commune, month=Month(2026, 7), user=officer)


@pytest.mark.parametrize("role", [Role.VIEWER, Role.COMMUNE_LEADER])
def test_a_viewer_or_a_leader_cannot_regenerate_the_roll_documents(client, commune, roll, role):
    client.force_login(UserFactory(unit=commune, role=role, full_name="Người Không Lập Biểu"))
    response = client.post(reverse("reports:roll-documents", args=[roll.pk]))
    assert response.status_code == 403
    assert not Job.objects.exists()
    assert not RollDocument.objects.exists()


def test_a_documents_job_for_a_viewer_fails_without_printing_them_as_preparer(commune, roll):
    from btxh.services import job_create

    viewer = UserFactory(unit=commune, role=Role.VIEWER, full_name="Người Xem")
    job = job_create(kind="roll_documents", params={"roll_id": roll.pk, "user_id": viewer.pk}, user=viewer, unit=commune)
    assert job.status == JobStatus.FAILED
    assert "lập danh sách" in job.message
    assert not RollDocument.objects.exists()


def test_the_officer_regenerates_them_and_the_replaced_files_leave_the_disk(officer_client, roll, settings):
    officer_client.post(reverse("reports:roll-documents", args=[roll.pk]))
    first = {d.kind: d.file.path for d in RollDocument.objects.filter(roll=roll)}
    assert len(first) == 5 and all(os.path.exists(p) for p in first.values())
    officer_client.post(reverse("reports:roll-documents", args=[roll.pk]))
    files = {os.path.join(d, f) for d, _, fs in os.walk(settings.MEDIA_ROOT) for f in fs}
    assert files == {d.file.path for d in RollDocument.objects.filter(roll=roll)}
    assert len(files) == 5


def test_a_regenerated_roll_deletes_the_files_of_the_documents_it_drops(commune, officer, roll, django_capture_on_commit_callbacks):
    roll_documents_render(roll=roll, prepared_by="Hoàng Thị Lan")
    paths = [d.file.path for d in RollDocument.objects.filter(roll=roll)]
    with django_capture_on_commit_callbacks(execute=True):
        services.payroll_generate(unit=commune, month=Month(2026, 7), user=officer)
    assert not RollDocument.objects.filter(roll=roll).exists()
    assert not any(os.path.exists(p) for p in paths)


def test_a_file_another_row_now_holds_is_kept(roll, django_capture_on_commit_callbacks):
    old = RollDocument(roll=roll, kind="pdf")
    old.file.save("1/giu-lai.pdf", ContentFile(b"%PDF-1.4"), save=True)
    name = old.file.name
    with django_capture_on_commit_callbacks(execute=True):
        old.delete()
        RollDocument.objects.create(roll=roll, kind="pdf", file=name)
    assert RollDocument.objects.get().file.storage.exists(name)
