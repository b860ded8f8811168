"""The job page links the files its job produced (issue #10, item 9)."""

import re
from datetime import date

import pytest
from django.urls import reverse

from benefits.payroll import services
from btxh.models import Job
from engine import Month
from tests.benefits.payroll_factories import make_case, make_person


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)


def test_the_roll_documents_job_page_links_each_document_it_rendered(officer_client, commune, officer):
    elder = make_person(commune, "Lục Thị Thọ", birth=date(1940, 3, 1))
    make_case(elder, "SP-75", start="2026-07")
    roll = services.payroll_generate(unit=commune, month=Month(2026, 7), user=officer)
    officer_client.post(reverse("reports:roll-documents", args=[roll.pk]))
    job = Job.objects.get(kind="roll_documents")

    html = officer_client.get(reverse("job-detail", args=[job.pk])).content.decode()
    listed = re.search(r'data-testid="job-files".*?</ul>', html, re.S).group(0)
    assert "Tệp đã tạo (5)" in listed
    for document in roll.documents.all():
        url = reverse("benefits:roll-document", args=[document.pk])
        assert f'href="{url}">{document.get_kind_display()}</a>' in listed
        assert document.file.name.rsplit("/", 1)[-1] in listed  # "danh-sach-chi-tra-xa-ngoc-duong-07-2026-ban-nhap.pdf"
        assert officer_client.get(url).status_code == 200
    assert "danh-sach-chi-tra-xa-ngoc-duong-07-2026-ban-nhap.pdf" in listed


def test_a_job_with_its_own_result_file_links_it_by_name(officer_client, officer):
    from btxh.services import job_create

    job = job_create(kind="unit_list_document", params={"user_id": officer.pk, "format": "xlsx"}, user=officer,
                     unit=officer.unit)  # fmt: skip
    html = officer_client.get(reverse("job-detail", args=[job.pk])).content.decode()
    name = job.result_file.name.rsplit("/", 1)[-1]
    assert name.endswith(".xlsx")
    assert f'href="{reverse("job-file", args=[job.pk])}" data-testid="job-file">Tải tệp kết quả</a>' in html
    assert f"· {name}" in html and "Tệp đã tạo (1)" in html


def test_a_job_that_made_no_file_lists_none(officer_client, officer, commune):
    job = Job.objects.create(kind="roll_summaries_warm", unit=commune, requested_by=officer, status="succeeded")
    html = officer_client.get(reverse("job-detail", args=[job.pk])).content.decode()
    assert "Tệp đã tạo" not in html
