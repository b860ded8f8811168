"""Reads of the annual plans, scoped through ``AnnualPlan.objects.for_user(user)``."""

from __future__ import annotations

from dataclasses import dataclass, field

from btxh.models import Unit

from .indicators import Measured, indicator_values
from .plan_models import AnnualPlan, Indicator, PlanStatus


def may_edit_plan(user, unit) -> bool:
    """The unit's own officer writes and issues its plan (the same person who prepares its reports)."""
    from reports.selectors import may_prepare_report

    return may_prepare_report(user, unit)


def plans_for(user):
    return AnnualPlan.objects.for_user(user).select_related("unit", "parent_plan", "parent_plan__unit")


def plan_of(unit, year: int, *, status=PlanStatus.ISSUED) -> AnnualPlan | None:
    return AnnualPlan.objects.filter(unit=unit, year=year, status=status).select_related("unit").first()


def parent_issued_plan(unit, year: int) -> AnnualPlan | None:
    """The plan the unit's plan of ``year`` cascades from: its parent unit's issued plan."""
    if not unit.parent_id:
        return None
    return plan_of(unit.parent, year)


def plan_detail(plan: AnnualPlan) -> dict:
    """Everything a plan page and document show, in two or three queries per section."""
    tasks = list(plan.tasks.select_related("parent_task"))
    activities = list(plan.activities.all())
    for task in tasks:
        task.activity_list = [a for a in activities if a.task_id == task.pk]
    return {
        "bases": list(plan.bases.all()),
        "targets": list(plan.targets.select_related("parent_target")),
        "tasks": tasks,
        "activities": activities,
        "responsibilities": list(plan.responsibilities.all()),
        "recipients": [r.strip() for r in plan.recipients.splitlines() if r.strip()],
        "budget": sum(a.budget or 0 for a in activities),
        "spent": sum(a.spent or 0 for a in activities),
    }


def basis_choices(unit, year: int) -> list[tuple[str, str]]:
    """What the bases form offers: the parent's plan, the documents it cites, and the legal bases of
    the rule rows in force (base rates, categories, emergency aid)."""
    from benefits.models import BaseRate

    offered: list[str] = []
    parent = parent_issued_plan(unit, year)
    if parent is not None:
        offered.append(parent.reference + f" về việc {parent.title[:1].lower()}{parent.title[1:]}")
        offered += [b.text for b in parent.bases.all()]
    offered += list(BaseRate.objects.values_list("basis", flat=True).distinct())
    offered += [
        "Luật Người cao tuổi số 39/2009/QH12 ngày 23/11/2009",
        "Luật Người khuyết tật số 51/2010/QH12 ngày 17/6/2010",
        "Nghị định số 20/2021/NĐ-CP ngày 15/3/2021 của Chính phủ quy định chính sách trợ giúp xã hội đối với "
        "đối tượng bảo trợ xã hội",
        "Nghị định số 76/2024/NĐ-CP ngày 01/7/2024 của Chính phủ sửa đổi, bổ sung một số điều của "
        "Nghị định số 20/2021/NĐ-CP",
    ]
    seen, out = set(), []
    for text in offered:
        if text and text not in seen:
            seen.add(text)
            out.append((text, text))
    return out


@dataclass
class ChildPlan:
    """A child unit under a plan: its plan of the year (issued or draft) and its progress."""

    unit: Unit
    plan: AnnualPlan | None
    draft: AnnualPlan | None
    progress: list[Measured] = field(default_factory=list)

    @property
    def status_label(self) -> str:
        if self.plan is not None:
            return f"Đã ban hành ({self.plan.number or 'chưa ghi số'})"
        if self.draft is not None:
            return "Đang dự thảo"
        return "Chưa lập kế hoạch"


def children_plans(plan: AnnualPlan) -> list[ChildPlan]:
    """Each child unit of the plan's unit: whether it issued its plan of the year, and its values of
    the indicators the parent's targets use, computed for the child's subtree."""
    children = list(Unit.objects.filter(parent=plan.unit).order_by("path"))
    plans = {}
    for p in AnnualPlan.objects.filter(unit__in=children, year=plan.year,
                                       status__in=(PlanStatus.ISSUED, PlanStatus.DRAFT)):
        plans[(p.unit_id, p.status)] = p
    targets = [t for t in plan.targets.all() if t.indicator]
    codes = list(dict.fromkeys(t.indicator for t in targets))
    rows = []
    for child in children:
        values = indicator_values(child, plan.year, codes) if codes else {}
        progress = [Measured(t.indicator, str(Indicator(t.indicator).label), values[t.indicator], t.target_value)
                    for t in targets]
        rows.append(ChildPlan(child, plans.get((child.pk, PlanStatus.ISSUED)), plans.get((child.pk, PlanStatus.DRAFT)),
                              progress))
    return rows


def system_activity_done(activity, unit, year: int) -> str | None:
    """The record that completes a recurring activity the system itself does, or None."""
    from .models import CelebrationEntry, CelebrationRound, Occasion
    from .plan_models import SystemActivity

    kind = activity.system_kind
    in_tree = {"unit__path__startswith": unit.path}
    if kind == SystemActivity.LONGEVITY_TET:
        r = CelebrationRound.objects.filter(**in_tree, year=year, occasion=Occasion.TET).exclude(status="draft").first()
        return f"Danh sách mừng thọ Tết {year} đã gửi ({r.unit.name})" if r else None
    if kind == SystemActivity.CENTENARIANS:
        n = CelebrationEntry.objects.filter(round__unit__path__startswith=unit.path, round__year=year,
                                            age__gte=100).count()
        return f"{n} cụ thọ 100 tuổi trở lên trong danh sách năm {year}" if n else None
    if kind == SystemActivity.ROLLS_LOCKED:
        from benefits.payroll.models import PaymentRoll
        from reports.summaries import LOCKED

        months = (PaymentRoll.objects.filter(**in_tree, month__year=year, status__in=LOCKED)
                  .values("month").distinct().count())
        return f"Đã khóa danh sách chi trả đủ 12 tháng năm {year}" if months >= 12 else None
    if kind == SystemActivity.EMERGENCY_RICE:
        from benefits.emergency.models import EmergencyRequest, RequestStatus

        n = EmergencyRequest.objects.filter(**in_tree, received_on__year=year, kind__startswith="EM-RICE",
                                            status__in=(RequestStatus.APPROVED, RequestStatus.PAID)).count()
        return f"{n} hộ được hỗ trợ gạo năm {year}" if n else None
    return None
