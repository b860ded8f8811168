"""Annual plans written and issued through the services, for the plans tests."""

from datetime import date
from decimal import Decimal

from plans.plan_models import PlanActivity, PlanResponsibility, PlanTarget, PlanTask
from plans.plan_services import START_BLANK, plan_create, plan_issue


def written_plan(unit, user, year: int = 2026, *, start: str = START_BLANK, number: str = "12/KH-UBND",
                 targets=(("Chi trả đủ, đúng hạn trợ cấp cho 100% đối tượng đủ điều kiện", "eligible_paid_pct", "100"),)):
    """A draft with a number, a date, a signer, targets, one task with two activities and a duty."""
    plan = plan_create(user=user, unit=unit, year=year, start=start)
    plan.number, plan.issued_on, plan.signer_name = number, date(year, 1, 20), "Lò Văn Khánh"
    plan.purposes = "Bảo đảm mọi người đủ điều kiện được hưởng chính sách kịp thời."
    plan.requirements = "Phối hợp chặt chẽ giữa các đơn vị."
    plan.recipients = "Sở Y tế;\nLưu: VT."
    plan.save()
    if start == START_BLANK:
        for i, (text, indicator, value) in enumerate(targets):
            PlanTarget.objects.create(plan=plan, position=i, text=text, indicator=indicator,
                                      target_value=Decimal(value) if value else None)
        task = PlanTask.objects.create(plan=plan, position=1, title="Thực hiện chính sách trợ giúp xã hội hằng tháng")
        PlanActivity.objects.create(plan=plan, task=task, position=1, text="Rà soát danh sách đối tượng hằng quý",
                                    lead="Công chức văn hóa - xã hội", months="3, 6, 9, 12", budget=2_000_000)
        PlanActivity.objects.create(plan=plan, task=task, position=2, text="Lập danh sách mừng thọ dịp Tết",
                                    system_kind="longevity_tet", months="12")
        PlanResponsibility.objects.create(plan=plan, body="Phòng Văn hóa - Xã hội", duties="Theo dõi, tổng hợp, báo cáo.")
    return plan


def issued_plan(unit, user, year: int = 2026, **kw):
    return plan_issue(plan=written_plan(unit, user, year, **kw), user=user)
