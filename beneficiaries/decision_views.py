"""The approving level's decisions: batch approval of submitted cases, deciding the endings the
officers recorded, the decision to suspend or to resume one case, and a decision's page with its
documents. Thin: parse, call one service, render."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from btxh.selectors import approving_unit

from . import services
from .errors import NotAllowed, RegistryError
from .forms import BatchFilterForm, DecisionForm, MonthField, apply_error
from .models import Case, DecisionKind, Person
from .permissions import is_approver, is_approver_for
from .selectors import case_detail, cases_awaiting, decision_visible


def _approver_or_403(request):
    if not is_approver(request.user) or request.user.unit is None:
        raise PermissionDenied("Chỉ lãnh đạo có thẩm quyền phê duyệt (Chủ tịch UBND xã, hoặc cấp huyện) được ra quyết định.")


def _ticked(request, qs):
    ids = [int(i) for i in request.POST.getlist("case") if i.isdigit()]
    by_id = {c.pk: c for c in qs.filter(pk__in=ids)}
    return [by_id[i] for i in ids if i in by_id]


def _initial(request) -> dict:
    unit = approving_unit(request.user.unit) if request.user.unit.level == 3 else request.user.unit
    today = timezone.localdate()
    return {"decision_number": services.decision_next_number(unit, today.year), "decision_date": today,
            "signer": str(request.user)}  # fmt: skip


def _batch_decide(form, decide) -> tuple:
    """One decision over the ticked cases: ``(decision, {})`` once made; ``(None, failures)`` when
    refused, the refusal on the form and each case's reason in ``failures``."""
    try:
        return decide(), {}
    except services.BatchRefused as exc:
        form.add_error(None, exc.messages[0])
        return None, exc.failures
    except RegistryError as exc:
        apply_error(form, exc)
        return None, {}


def decision_batch(request):
    """The leader ticks submitted cases (filtered by category, hamlet, submitted date) and decides
    them under one number and date; each keeps its own start month (a column of the table)."""
    _approver_or_403(request)
    filters = BatchFilterForm(request.GET or None)
    cases = cases_awaiting(request.user).select_related("person", "unit").order_by("person__hamlet", "person__full_name")
    if filters.is_valid():
        d = filters.cleaned_data
        if d["category"]:
            cases = cases.filter(category=d["category"])
        if d["hamlet"]:
            cases = cases.filter(person__hamlet__icontains=d["hamlet"].strip())
        if d["submitted_from"]:
            cases = cases.filter(submitted_at__date__gte=d["submitted_from"])
        if d["submitted_to"]:
            cases = cases.filter(submitted_at__date__lte=d["submitted_to"])
    form = DecisionForm(request.POST or None, initial=_initial(request))
    failures: dict[int, str] = {}
    starts: dict[int, str] = {}
    if request.method == "POST" and form.is_valid():
        chosen = _ticked(request, cases_awaiting(request.user))
        start_months, bad = {}, {}
        for case in chosen:
            raw = request.POST.get(f"start_{case.pk}", "").strip()
            starts[case.pk] = raw
            if raw:
                try:
                    start_months[case.pk] = MonthField().clean(raw)
                except ValidationError as exc:
                    bad[case.pk] = " ".join(exc.messages)
        if not chosen:
            form.add_error(None, "Chưa chọn hồ sơ nào.")
        elif bad:
            failures = bad
            form.add_error(None, "Chưa quyết định hồ sơ nào: tháng bắt đầu hưởng không hợp lệ (xem từng hồ sơ).")
        else:
            decision, failures = _batch_decide(form, lambda: services.decision_grant_batch(
                cases=chosen, user=request.user, start_months=start_months, **form.cleaned_data
            ))  # fmt: skip
            if decision is not None:
                messages.success(
                    request, f"Đã phê duyệt {len(chosen)} hồ sơ theo Quyết định số {decision.number} ngày "
                    f"{decision.decision_date:%d/%m/%Y}."
                )
                return redirect("beneficiaries:decision-detail", case_decision_id=decision.pk)
    ticked = {int(i) for i in request.POST.getlist("case") if i.isdigit()}
    return render(
        request,
        "beneficiaries/decision_batch.html",
        {"filters": filters, "form": form, "cases": cases, "failures": failures, "ticked": ticked, "starts": starts},
    )


def decision_ends(request):
    """Endings recorded by the officers (death, move, end of studies) that wait for a decision."""
    _approver_or_403(request)
    waiting = services.ends_awaiting(request.user)
    form = DecisionForm(request.POST or None, initial=_initial(request))
    failures: dict[int, str] = {}
    if request.method == "POST" and form.is_valid():
        by_id = {c.pk: c for c in waiting}
        chosen = [by_id[int(i)] for i in request.POST.getlist("case") if i.isdigit() and int(i) in by_id]
        decision, failures = _batch_decide(
            form, lambda: services.decision_terminate(cases=chosen, user=request.user, **form.cleaned_data)
        )
        if decision is not None:
            messages.success(request, f"Đã ra Quyết định thôi hưởng số {decision.number} cho {len(chosen)} hồ sơ.")
            return redirect("beneficiaries:decision-detail", case_decision_id=decision.pk)
    return render(request, "beneficiaries/decision_ends.html", {
        "form": form, "cases": waiting, "failures": failures, "changes": services.status_changes_awaiting(request.user),
    })  # fmt: skip


def decision_detail(request, case_decision_id: int):
    decision = get_object_or_404(
        decision_visible(request.user).select_related("unit", "decided_by"), pk=case_decision_id
    )
    cases = (
        decision.cases.filter(pk__in=Case.objects.for_user(request.user).values("pk"))
        .select_related("person", "unit")
        .order_by("person__hamlet", "person__full_name")
    )
    assessments = decision.assessments.filter(person__in=Person.objects.for_user(request.user)).select_related("person")
    return render(request, "beneficiaries/decision_detail.html",
                  {"decision": decision, "cases": cases, "assessments": assessments})  # fmt: skip


def _case_decision(request, case_id: int, *, kind: str):
    """The decision to suspend (or resume) one case: what the officer recorded already moves the
    money; the approving level gives it a number, date and signer, and prints it."""
    try:
        case = case_detail(user=request.user, case_id=case_id)
    except Case.DoesNotExist:
        raise Http404("Không tìm thấy hồ sơ.") from None
    if not is_approver_for(request.user, case):
        raise PermissionDenied(f"Chỉ lãnh đạo có thẩm quyền của {case.approving_unit or case.unit} được ra quyết định này.")
    suspend = kind == DecisionKind.SUSPEND
    month = services.suspension_awaiting(case) if suspend else services.resumption_awaiting(case)
    form = DecisionForm(request.POST or None, initial=_initial(request))
    if request.method == "POST" and form.is_valid():
        service = services.decision_suspend if suspend else services.decision_resume
        try:
            decision = service(case=case, user=request.user, **form.cleaned_data)
        except NotAllowed as exc:
            raise PermissionDenied(str(exc)) from exc
        except RegistryError as exc:
            apply_error(form, exc)
        else:
            messages.success(request, f"Đã ra {decision.get_kind_display().lower()} số {decision.number}.")
            return redirect("beneficiaries:decision-detail", case_decision_id=decision.pk)
    what = "tạm dừng hưởng" if suspend else "hưởng tiếp"
    return render(request, "beneficiaries/decision_case.html", {
        "case": case, "form": form, "month": month, "suspend": suspend,
        "title": f"Quyết định {what}: {case.person.full_name}",
        "back": reverse("beneficiaries:case-detail", args=[case.pk]),
    })  # fmt: skip


def decision_suspend(request, case_id: int):
    return _case_decision(request, case_id, kind=DecisionKind.SUSPEND)


def decision_resume(request, case_id: int):
    return _case_decision(request, case_id, kind=DecisionKind.RESUME)
