"""The demo data of ``make run``: a province plan issued, a commune plan cascaded from it with its
progress, a locked roll its indicators are measured from; a second run changes nothing."""

import io

import pytest
from django.core.management import call_command

from benefits.payroll.models import PaymentRoll, RollStatus
from btxh.demo import demo_staff_create
from btxh.models import Level
from plans.indicators import plan_progress
from plans.plan_models import ActivityStatus, AnnualPlan, PlanActivity, PlanStatus

pytestmark = pytest.mark.django_db


def _state():
    return (
        list(AnnualPlan.objects.order_by("pk").values_list("pk", "status", "updated_at")),
        list(PlanActivity.objects.order_by("pk").values_list("pk", "status", "evidence", "spent")),
        list(PaymentRoll.objects.order_by("pk").values_list("pk", "status", "generation", "line_count")),
    )


def test_demo_plans_issue_the_province_and_commune_plans_measured_from_a_locked_roll_once(
    province, commune, other_commune, leader
):
    from beneficiaries.demo import demo_people
    from tests.btxh.factories import make_unit

    make_unit("00715", "Xã Lũng Cú", level=Level.COMMUNE, parent=province)
    demo_staff_create()
    demo_people(n=25)
    out = io.StringIO()
    call_command("demo_plans", stdout=out)
    year = AnnualPlan.objects.get(unit=province).year

    top = AnnualPlan.objects.get(unit=province, year=year)
    plan = AnnualPlan.objects.get(unit=commune, year=year)
    assert (top.status, plan.status) == (PlanStatus.ISSUED, PlanStatus.ISSUED)
    assert plan.parent_plan == top and plan.bases.first().text.startswith("Kế hoạch số 18/KH-UBND")
    assert all(t.parent_target_id for t in plan.targets.all())
    assert plan.targets.get(indicator="non_cash_pct").target_value == 25  # the commune's own target
    statuses = list(plan.activities.values_list("status", flat=True))
    assert statuses.count(ActivityStatus.DONE) == 2 and statuses.count(ActivityStatus.IN_PROGRESS) == 1
    assert plan.responsibilities.count() == 3

    roll = PaymentRoll.objects.get(unit=commune)
    assert roll.status == RollStatus.LOCKED and roll.line_count > 15
    measured = {m.code: m.actual for m in plan_progress(commune, year, plan)}
    assert measured["beneficiaries_paid"] > 15 and measured["eligible_paid_pct"] == 100.0
    assert measured["spending_total"] == roll.total

    before = _state()
    again = io.StringIO()
    call_command("demo_plans", stdout=again)
    assert _state() == before
    assert "đã có, bỏ qua" in again.getvalue()
