"""Rolls only for months that have come (issue 8 item 3): the current month and the next one
(the list goes to the payment service before the 25th for the next month), and past months.
One rule, ``payroll_month_check``, applied by the service, the form, the command and the jobs."""

import re
from datetime import date
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from benefits.payroll import services
from benefits.payroll.models import PaymentRoll
from benefits.payroll.services import PayrollError, payroll_month_check
from btxh.models import Job, JobStatus
from btxh.services import job_create
from engine import Month
from tests.benefits.payroll_factories import make_case, make_person

TODAY = date(2026, 11, 30)  # the day the defect was reported


def this_month() -> Month:
    return Month.of(timezone.localdate())


@pytest.fixture
def elder(commune):
    person = make_person(commune, "Lục Thị Thọ", birth=date(1940, 3, 1))
    make_case(person, "SP-75", start="2026-07")
    return person


def test_the_current_month_the_next_and_past_months_may_have_a_roll():
    for month in (Month(2026, 11), Month(2026, 12), Month(2026, 1), Month(2021, 7)):
        payroll_month_check(month, TODAY)


@pytest.mark.parametrize("month", [Month(2027, 1), Month(2027, 3), Month(2030, 1)])
def test_a_month_after_the_next_is_refused_with_a_message_naming_the_months_allowed(month):
    with pytest.raises(PayrollError) as refused:
        payroll_month_check(month, TODAY)
    message = refused.value.user_message
    assert f"{month.month:02d}/{month.year}" in message
    assert "tháng hiện tại (11/2026)" in message and "tháng sau (12/2026)" in message


def test_the_next_month_is_counted_across_a_year_end():
    payroll_month_check(Month(2027, 1), date(2026, 12, 1))
    with pytest.raises(PayrollError):
        payroll_month_check(Month(2027, 2), date(2026, 12, 31))


def test_the_service_refuses_a_roll_for_march_2027_on_30_november_2026(elder, commune):
    # On main this roll paid the months 12/2026–02/2027, not yet come, as "arrears".
    with pytest.raises(PayrollError, match="chưa đến"):
        services.payroll_generate(unit=commune, month=Month(2027, 3), today=TODAY)
    assert not PaymentRoll.objects.exists()


def test_the_service_uses_the_offices_date_by_default(elder, commune):
    with pytest.raises(PayrollError):
        services.payroll_generate(unit=commune, month=this_month() + 2)
    assert not PaymentRoll.objects.exists()
    assert services.payroll_generate(unit=commune, month=this_month() + 1).line_count == 1


def test_arrears_are_only_for_months_before_the_rolls_month(elder, commune):
    # Nothing rolled since the case began in 07/2026: the roll for 12/2026, made on 30/11/2026,
    # pays 07–11/2026 as arrears and 12/2026 as its month, never a month from 12/2026 on.
    roll = services.payroll_generate(unit=commune, month=Month(2026, 12), today=TODAY)
    line = roll.lines.get()
    assert line.amount == 500_000
    assert line.arrears_detail == {f"2026-{m:02d}": 500_000 for m in range(7, 12)}
    assert all(Month.parse(key) < Month(2026, 12) for line in roll.lines.all() for key in line.arrears_detail)
    assert line.arrears_months == "07/2026-11/2026"


def test_the_form_shows_the_refusal_next_to_the_month_field(officer_client, elder):
    ahead = this_month() + 2
    response = officer_client.post("/che-do/chi-tra/lap/", {"month": f"{ahead.month:02d}/{ahead.year}"})
    assert response.status_code == 200
    page = response.content.decode()
    field = re.search(r'<input[^>]*name="month"[^>]*is-invalid|<input[^>]*is-invalid[^>]*name="month"', page)
    assert field is not None, "the month field is marked invalid"
    error = page.index("chưa đến: chỉ lập được danh sách cho tháng hiện tại", field.end())
    assert error < page.index('data-testid="roll-generate"')  # inside the generate form, under the field
    assert not Job.objects.exists() and not PaymentRoll.objects.exists()


def test_the_form_accepts_the_next_month(officer_client, elder, commune):
    nxt = this_month() + 1
    response = officer_client.post("/che-do/chi-tra/lap/", {"month": f"{nxt.month:02d}/{nxt.year}"})
    assert response.status_code == 302
    assert PaymentRoll.objects.get(unit=commune).month == nxt


def test_the_command_refuses_a_month_after_the_next(elder, commune):
    ahead = this_month() + 2
    with pytest.raises(CommandError, match="chưa đến"):
        call_command("generate_payroll", "--unit", commune.code, "--month", str(ahead), stdout=StringIO())
    assert not PaymentRoll.objects.exists()


def test_a_province_job_is_refused_once_before_fanning_out(elder, province, commune, province_officer):
    ahead = this_month() + 2
    job = job_create(
        kind="payroll_generate",
        params={"unit_id": province.pk, "month": str(ahead), "user_id": province_officer.pk},
        user=province_officer,
        unit=province,
    )
    assert job.status == JobStatus.FAILED
    assert "chưa đến" in job.error or "chưa đến" in job.message
    assert not Job.objects.filter(parent=job).exists() and not PaymentRoll.objects.exists()
