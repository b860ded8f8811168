"""Writes of the annual plans: create (blank, from the parent's plan, from last year's), edit a
draft, issue, correct (a new version), record an activity's progress."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils import timezone

from .plan_models import (
    ActivityStatus,
    AnnualPlan,
    BasisKind,
    PlanActivity,
    PlanBasis,
    PlanResponsibility,
    PlanStatus,
    PlanTarget,
    PlanTask,
)
from .plan_selectors import may_edit_plan, parent_issued_plan, plan_of


class PlanError(Exception):
    """A plan action refused, with a message for the officer."""

    def __init__(self, message: str):
        super().__init__(message)
        self.user_message = message


START_BLANK, START_PARENT, START_LAST_YEAR = "blank", "parent", "last_year"


def _check(user, unit, verb: str) -> None:
    if not may_edit_plan(user, unit):
        raise PlanError(f"Chỉ cán bộ của {unit.name} mới {verb} kế hoạch của đơn vị.")


def default_title(year: int) -> str:
    return f"Thực hiện công tác bảo trợ xã hội năm {year}"


def _copy_sections(source: AnnualPlan, plan: AnnualPlan, *, link_parent: bool, keep_bases: bool) -> None:
    """Copy targets, tasks with their activities and responsibilities from ``source`` into ``plan``.
    From a parent's plan each target and task remembers the one it serves (``parent_*``); from the
    unit's own plan (last year, or the version it corrects) the parent links are carried over."""
    if keep_bases:
        PlanBasis.objects.bulk_create(
            PlanBasis(plan=plan, position=b.position, kind=b.kind, text=b.text) for b in source.bases.all()
        )
    PlanTarget.objects.bulk_create(
        PlanTarget(plan=plan, position=t.position, text=t.text, indicator=t.indicator, target_value=t.target_value,
                   parent_target=t if link_parent else t.parent_target)
        for t in source.targets.all()
    )
    for task in source.tasks.all():
        new = PlanTask.objects.create(plan=plan, position=task.position, title=task.title,
                                      parent_task=task if link_parent else task.parent_task)
        PlanActivity.objects.bulk_create(
            PlanActivity(plan=plan, task=new, position=a.position, text=a.text, lead=a.lead, partners=a.partners,
                         months=a.months, budget=a.budget, funding_source=a.funding_source,
                         system_kind=a.system_kind,
                         status=a.status if keep_bases else ActivityStatus.NOT_STARTED,
                         evidence=a.evidence if keep_bases else "", spent=a.spent if keep_bases else None)
            for a in task.activities.all()
        )
    if not link_parent:
        PlanResponsibility.objects.bulk_create(
            PlanResponsibility(plan=plan, position=r.position, body=r.body, duties=r.duties)
            for r in source.responsibilities.all()
        )


def plan_create(*, user, unit, year: int, start: str = START_BLANK) -> AnnualPlan:
    """Start the unit's plan of ``year``: blank, from the parent's issued plan of that year (it is
    cited first among the bases; targets and tasks copied, each linked to the parent's), or from
    the unit's own plan of last year (everything copied, activities not started)."""
    _check(user, unit, "lập")
    if AnnualPlan.objects.filter(unit=unit, year=year, status__in=(PlanStatus.DRAFT, PlanStatus.ISSUED)).exists():
        raise PlanError(f"{unit.name} đã có kế hoạch năm {year}: mở kế hoạch đó (đính chính nếu đã ban hành).")
    source = None
    if start == START_PARENT:
        source = parent_issued_plan(unit, year)
        if source is None:
            raise PlanError(f"Cấp trên chưa ban hành kế hoạch năm {year}.")
    elif start == START_LAST_YEAR:
        source = plan_of(unit, year - 1)
        if source is None:
            raise PlanError(f"{unit.name} không có kế hoạch năm {year - 1} đã ban hành.")
    from btxh.documents import place_name

    parent = parent_issued_plan(unit, year)
    try:
        with transaction.atomic():
            plan = AnnualPlan.objects.create(
                unit=unit, year=year, title=default_title(year), place=place_name(unit), created_by=user,
                parent_plan=parent, started_from=source,
            )
            if source is not None:
                for f in ("purposes", "requirements", "funding", "signer_title"):
                    setattr(plan, f, getattr(source, f))
                if source.title:
                    plan.title = source.title.replace(str(source.year), str(year))
                plan.recipients = (f"UBND {source.unit.name} (để báo cáo);\nLưu: VT." if start == START_PARENT
                                   else source.recipients)
                if start == START_LAST_YEAR:
                    plan.signer_name = source.signer_name
                plan.save()
                _copy_sections(source, plan, link_parent=start == START_PARENT, keep_bases=False)
            if parent is not None:
                PlanBasis.objects.create(plan=plan, position=0, kind=BasisKind.PARENT_PLAN,
                                         text=f"{parent.reference} về việc {parent.title[:1].lower()}{parent.title[1:]}")
    except IntegrityError as exc:  # a colleague started it at the same moment
        raise PlanError(f"{unit.name} đã có kế hoạch năm {year}.") from exc
    return plan


def _draft_for_update(plan: AnnualPlan, user) -> AnnualPlan:
    _check(user, plan.unit, "sửa")
    plan = AnnualPlan.objects.select_for_update().select_related("unit").get(pk=plan.pk)
    if not plan.is_draft:
        raise PlanError("Kế hoạch đã ban hành không sửa được: lập bản đính chính.")
    return plan


def plan_update(*, plan: AnnualPlan, user, form, formsets=()) -> AnnualPlan:
    """Save a draft's fields and its sections (validated forms and formsets of the page)."""
    with transaction.atomic():
        _draft_for_update(plan, user)
        plan = form.save()
        for formset in formsets:
            formset.instance = plan
            formset.save()
    return plan


def plan_issue(*, plan: AnnualPlan, user) -> AnnualPlan:
    """Issue a draft: from now on it never changes. The version it corrects is superseded."""
    with transaction.atomic():
        plan = _draft_for_update(plan, user)
        missing = [label for label, ok in (
            ("số kế hoạch", plan.number), ("ngày ban hành", plan.issued_on), ("người ký", plan.signer_name),
            ("ít nhất một chỉ tiêu", plan.targets.exists()), ("ít nhất một nhiệm vụ", plan.tasks.exists()),
        ) if not ok]
        if missing:
            raise PlanError("Chưa ban hành được, còn thiếu: " + ", ".join(missing) + ".")
        if plan.previous_version_id:
            AnnualPlan.objects.filter(pk=plan.previous_version_id).update(status=PlanStatus.SUPERSEDED)
        plan.status = PlanStatus.ISSUED
        plan.issued_by = user
        plan.issued_at = timezone.now()
        plan.save()
    return plan


def plan_correct(*, plan: AnnualPlan, user) -> AnnualPlan:
    """A correction of an issued plan: a new draft version with everything copied; the issued one
    stays in force, untouched, until the correction is issued."""
    _check(user, plan.unit, "đính chính")
    with transaction.atomic():
        plan = AnnualPlan.objects.select_for_update().select_related("unit").get(pk=plan.pk)
        if plan.status != PlanStatus.ISSUED:
            raise PlanError("Chỉ đính chính được kế hoạch đang có hiệu lực (đã ban hành).")
        if AnnualPlan.objects.filter(unit=plan.unit, year=plan.year, status=PlanStatus.DRAFT).exists():
            raise PlanError("Đã có một bản đính chính đang soạn.")
        last = AnnualPlan.objects.filter(unit=plan.unit, year=plan.year).order_by("-version").first()
        new = AnnualPlan.objects.create(
            unit=plan.unit, year=plan.year, version=last.version + 1, previous_version=plan, created_by=user,
            **{f: getattr(plan, f) for f in ("number", "place", "title", "purposes", "requirements", "funding",
                                             "recipients", "signer_name", "signer_title", "parent_plan_id",
                                             "started_from_id")},
        )
        _copy_sections(plan, new, link_parent=False, keep_bases=True)
    return new


def activity_progress(*, activity: PlanActivity, user, status: str, evidence: str = "", spent=None) -> PlanActivity:
    """Record how an activity of an issued plan (or a draft) stands: its status, evidence and spending."""
    _check(user, activity.plan.unit, "cập nhật")
    if activity.plan.status == PlanStatus.SUPERSEDED:
        raise PlanError("Kế hoạch này đã được thay thế: cập nhật trên bản đang có hiệu lực.")
    if status not in ActivityStatus.values:
        raise PlanError("Tình trạng không hợp lệ.")
    activity.status = status
    activity.evidence = (evidence or "").strip()[:500]
    activity.spent = spent
    activity.save(update_fields=["status", "evidence", "spent"])
    return activity
