"""Pages of emergency aid. Thin: parse, call one service or selector, render."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from beneficiaries.forms import apply_error
from beneficiaries.permissions import can_edit_in
from btxh.models import Level
from btxh.services import import_job_create

from . import selectors, services
from .forms import (
    ApproveForm,
    DeadlineForm,
    EventCommunesForm,
    EventForm,
    PaidForm,
    PaidUploadForm,
    RefuseForm,
    RequestForm,
    RequestImportForm,
)
from .models import DecisionStatus, EmergencyEvent


def event_list(request):
    """Events of the user's communes, with what was decided and the on-time share of the year."""
    user = request.user
    year = timezone.localdate().year
    unit = user.unit
    deadline = selectors.deadline_for(unit, timezone.localdate())
    return render(request, "benefits/emergency/event_list.html", {
        "events": selectors.events_for(user),
        "can_add": services.can_declare_events(user),
        "joinable": selectors.joinable_events(user) if services.can_declare_events(user) else [],
        "drafts": selectors.draft_decisions_waiting(user),
        "overdue": selectors.overdue_requests(user),
        "year": year,
        "timeliness": selectors.emergency_timeliness(unit, year) if unit else None,
        "deadline_days": deadline[0],
        "deadline_clause": deadline[1],
    })


def event_create(request):
    """A commune officer records an event for their commune; a district or province officer ticks
    the communes it hit."""
    user = request.user
    if not services.can_declare_events(user):
        raise PermissionDenied
    form = EventForm(request.POST or None, user=user, initial={"occurred_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        communes = list(data.pop("communes", None) or [user.unit])
        try:
            event = services.event_create(user=user, communes=communes, **data)
        except ValidationError as exc:
            apply_error(form, exc)
        else:
            messages.success(request, f"Đã ghi nhận sự kiện cho {len(communes)} xã." if len(communes) > 1
                             else "Đã ghi nhận sự kiện.")
            if user.unit.level == Level.COMMUNE:
                return redirect("benefits:emergency-request-create", event_id=event.pk)
            return redirect("benefits:emergency-event-detail", event_id=event.pk)
    return render(request, "benefits/emergency/form.html", {
        "form": form, "title": "Ghi nhận sự kiện cần trợ giúp đột xuất", "submit": "Lưu sự kiện",
        "back": "benefits:emergency-event-list",
        "joinable": selectors.joinable_events(user),
    })


def _event_or_404(request, event_id: int) -> EmergencyEvent:
    return get_object_or_404(EmergencyEvent.objects.for_user(request.user).select_related("declared_unit"),
                             pk=event_id)


def _event_commune(request, event):
    """The user's commune, where they enter the event's requests (403 when the event did not hit it)."""
    return services.event_commune_for(request.user, event)


def event_detail(request, event_id: int):
    """The event, the communes it hit and, for each commune the user sees, its requests and decisions."""
    user = request.user
    event = _event_or_404(request, event_id)
    requests = list(selectors.event_requests(event, user))
    communes = selectors.event_commune_totals(event, user)
    mine = user.unit if user.unit_id and any(c.pk == user.unit_id for c, *_ in communes) else None
    return render(request, "benefits/emergency/event_detail.html", {
        "event": event,
        "all_communes": selectors.event_communes(event),
        "communes": communes,
        "requests": [(r, selectors.is_on_time(r)) for r in requests],
        "many_communes": len(communes) > 1,
        "decisions": selectors.decisions_for(user).filter(event=event).order_by("unit__path", "prepared_at"),
        "totals": selectors.aid_totals(selectors.requests_for(user).filter(event=event)),
        "can_edit": mine is not None and can_edit_in(user, mine),
        "can_add_communes": services.may_add_communes(user, event) and user.unit.level != Level.COMMUNE,
        "pending": selectors.awaiting_decision(requests, user.unit_id),
    })


def event_join(request, event_id: int):
    """Add communes to an event: a commune officer adds their own to an event their district or
    province declared (POST); a district or province officer ticks communes of their subtree."""
    user = request.user
    if user.unit_id and user.unit.level == Level.COMMUNE:
        event = get_object_or_404(selectors.joinable_events(user), pk=event_id)
        if request.method != "POST" or not services.may_add_communes(user, event):
            raise PermissionDenied
        services.event_communes_add(user=user, event=event)
        messages.success(request, f"Đã thêm {user.unit.name} vào sự kiện {event.name}. Nhập đề nghị của xã.")
        return redirect("benefits:emergency-request-create", event_id=event.pk)
    event = _event_or_404(request, event_id)
    if not services.may_add_communes(user, event):
        raise PermissionDenied
    form = EventCommunesForm(request.POST or None, user=user, event=event)
    if request.method == "POST" and form.is_valid():
        try:
            added = services.event_communes_add(user=user, event=event, communes=list(form.cleaned_data["communes"]))
        except ValidationError as exc:
            apply_error(form, exc)
        else:
            messages.success(request, "Đã thêm " + ", ".join(c.name for c in added) + ".")
            return redirect("benefits:emergency-event-detail", event_id=event.pk)
    return render(request, "benefits/emergency/form.html", {
        "form": form, "title": f"Thêm xã bị ảnh hưởng – {event.name}", "submit": "Thêm xã",
    })


def request_create(request, event_id: int):
    """The fast entry form: saving keeps the event, the commune and the last kind and date."""
    event = _event_or_404(request, event_id)
    commune = _event_commune(request, event)
    last = request.session.get("emergency_last", {})
    initial = {"received_on": timezone.localdate(), "kind": last.get("kind"), "hamlet": last.get("hamlet", "")}
    form = RequestForm(request.POST or None, initial=initial, commune=commune)
    if request.method == "POST" and form.is_valid():
        data = {k: ("" if v is None and k in ("household_status",) else v) for k, v in form.cleaned_data.items()}
        for key in ("full_name", "national_id", "hamlet", "subject_name", "damage", "household_status", "sex"):
            data[key] = data.get(key) or ""
        try:
            created = services.request_create(user=request.user, event=event, unit=commune, **data)
        except ValidationError as exc:
            apply_error(form, exc)
        else:
            request.session["emergency_last"] = {"kind": created.kind, "hamlet": created.hamlet}
            messages.success(request, f"Đã nhập đề nghị: {created.full_name} – {created.get_kind_display()}. "
                             + _registry_note(created))
            if "next" in request.POST:
                return redirect("benefits:emergency-request-create", event_id=event.pk)
            return redirect("benefits:emergency-event-detail", event_id=event.pk)
    recent = selectors.event_requests(event, request.user).filter(unit=commune).order_by("-id")[:10]
    return render(request, "benefits/emergency/request_form.html",
                  {"form": form, "event": event, "commune": commune, "recent": recent})


def _registry_note(created) -> str:
    """How the request met the registry, for the confirmation."""
    person = created.person
    if created.registry == services.REGISTRY_FOUND:
        return (f"Người này đã có trong sổ đối tượng ({person.full_name}, sinh {person.birth_text}, {person.hamlet}): "
                "đề nghị được nối với hồ sơ có sẵn, không tạo người mới.")
    if created.registry == services.REGISTRY_CREATED:
        return f"Chưa có trong sổ đối tượng: đã thêm {person.full_name} và một hộ mới ở {person.hamlet}."
    return ""


def request_import(request, event_id: int):
    """Bulk entry after a disaster: the commune's Excel list, all or nothing, run as a job."""
    event = _event_or_404(request, event_id)
    commune = _event_commune(request, event)
    form = RequestImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        job = import_job_create(kind="emergency_requests_import", upload=form.cleaned_data["file"],
                                dry_run=form.cleaned_data["dry_run"], user=request.user, unit=commune,
                                event_id=event.pk)  # fmt: skip
        return redirect("job-detail", job_id=job.pk)
    return render(request, "benefits/emergency/import_form.html", {"form": form, "event": event, "commune": commune})


def import_template(request):
    """The blank list (columns, kinds, guidance): the same for everyone, no data."""
    from .importing import template_xlsx

    response = HttpResponse(template_xlsx(),
                            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = 'attachment; filename="mau-danh-sach-de-nghi-tro-giup-dot-xuat.xlsx"'
    return response


@require_POST
def decision_prepare(request, event_id: int):
    event = _event_or_404(request, event_id)
    try:
        decision = services.decision_prepare(user=request.user, event=event)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("benefits:emergency-event-detail", event_id=event.pk)
    messages.success(request, "Đã lập dự thảo quyết định, chờ lãnh đạo phê duyệt.")
    return redirect("benefits:emergency-decision-detail", decision_id=decision.pk)


def _decision_or_404(request, decision_id: int):
    return get_object_or_404(selectors.decisions_for(request.user), pk=decision_id)


def decision_detail(request, decision_id: int):
    decision = _decision_or_404(request, decision_id)
    requests = list(decision.requests.order_by("hamlet", "full_name", "id"))
    is_approver = services.is_emergency_approver(request.user, decision.unit)
    approve_form = ApproveForm(initial={"decided_on": timezone.localdate(), "signer": request.user.full_name})
    return render(request, "benefits/emergency/decision_detail.html", {
        "decision": decision,
        "requests": [(r, selectors.is_on_time(r)) for r in requests],
        "totals": selectors.aid_totals(decision.requests.all()),
        "has_rice": any(r.is_rice for r in requests),
        "has_cash": any(not r.is_rice for r in requests),
        "can_decide": is_approver and decision.status == DecisionStatus.DRAFT,
        "can_pay": can_edit_in(request.user, decision.unit) and decision.status == DecisionStatus.DECIDED,
        "approve_form": approve_form,
        "paid_form": PaidForm(initial={"paid_on": timezone.localdate()}),
    })


def decision_approve(request, decision_id: int):
    decision = _decision_or_404(request, decision_id)
    form = ApproveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.decision_approve(user=request.user, decision=decision, **form.cleaned_data)
        except ValidationError as exc:
            apply_error(form, exc)
        else:
            messages.success(request, "Đã ban hành quyết định hỗ trợ.")
            return redirect("benefits:emergency-decision-detail", decision_id=decision.pk)
    if not services.is_emergency_approver(request.user, decision.unit):
        raise PermissionDenied
    return render(request, "benefits/emergency/form.html", {
        "form": form, "title": f"Phê duyệt – {decision.event.name}", "submit": "Ban hành quyết định",
        "back_url": decision,
    })


def request_refuse(request, request_id: int):
    obj = get_object_or_404(selectors.requests_for(request.user).select_related("unit", "event"), pk=request_id)
    if not services.is_emergency_approver(request.user, obj.unit):
        raise PermissionDenied
    form = RefuseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        decision_id = obj.decision_id
        try:
            services.request_refuse(user=request.user, request=obj, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            apply_error(form, exc)
        else:
            messages.success(request, f"Không hỗ trợ: {obj.full_name}.")
            if decision_id:
                return redirect("benefits:emergency-decision-detail", decision_id=decision_id)
            return redirect("benefits:emergency-event-detail", event_id=obj.event_id)
    return render(request, "benefits/emergency/form.html", {
        "form": form, "title": f"Không hỗ trợ – {obj.full_name} ({obj.get_kind_display()})", "submit": "Không hỗ trợ",
        "danger": True,
    })


@require_POST
def decision_mark_paid(request, decision_id: int):
    decision = _decision_or_404(request, decision_id)
    if not can_edit_in(request.user, decision.unit):
        raise PermissionDenied
    form = PaidForm(request.POST)
    ids = [int(i) for i in request.POST.getlist("request") if i.isdigit()]
    if not form.is_valid():
        messages.error(request, "Ngày chi trả không hợp lệ (dd/mm/yyyy).")
    elif not ids:
        messages.error(request, "Chưa chọn người đã nhận.")
    else:
        try:
            n = services.requests_mark_paid(user=request.user, decision=decision, request_ids=ids,
                                            paid_on=form.cleaned_data["paid_on"])
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, f"Đã ghi nhận chi trả cho {n} đề nghị.")
    return redirect("benefits:emergency-decision-detail", decision_id=decision.pk)


def decision_paid_upload(request, decision_id: int):
    """Mark paid from the returned, signed list (Excel), as rolls are settled."""
    decision = _decision_or_404(request, decision_id)
    if not can_edit_in(request.user, decision.unit):
        raise PermissionDenied
    form = PaidUploadForm(request.POST or None, request.FILES or None,
                          initial={"paid_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            n = services.requests_paid_from_excel(user=request.user, decision=decision, data=form.data_bytes,
                                                  paid_on=form.cleaned_data["paid_on"])
        except ValidationError as exc:
            apply_error(form, exc)
        else:
            messages.success(request, f"Đã ghi nhận chi trả cho {n} đề nghị theo danh sách ký nhận.")
            return redirect("benefits:emergency-decision-detail", decision_id=decision.pk)
    return render(request, "benefits/emergency/paid_upload.html", {"form": form, "decision": decision})


def summary(request):
    """Per event and per year: households and people aided, kg of rice, money by kind, on-time
    share; rolled up commune → (district) → province over the user's scope."""
    user = request.user
    today = timezone.localdate()
    try:
        year = int(request.GET.get("nam", today.year))
    except ValueError:
        year = today.year
    year = min(max(year, 2021), today.year + 1)
    events = selectors.events_for(user).filter(occurred_on__year=year).order_by("-occurred_on", "-id")
    rows = [(event, selectors.aid_totals(selectors.requests_for(user).filter(event=event)),
             selectors.event_commune_totals(event, user)) for event in events]
    unit = user.unit
    return render(request, "benefits/emergency/summary.html", {
        "rows": rows,
        "total": selectors.aid_totals(selectors.requests_for(user).filter(received_on__year=year)),
        "timeliness": selectors.emergency_timeliness(unit, year) if unit else None,
        "rollup": selectors.emergency_rollup(user, year),
        "year": year, "years": list(range(today.year, 2020, -1)),
        "deadline_days": selectors.deadline_for(unit, today)[0],
    })


def _is_province_officer(user) -> bool:
    from btxh.models import Role

    return bool(user.unit_id and user.unit.level == Level.PROVINCE and user.role == Role.PROVINCE_OFFICER)


def deadline(request):
    """The province's deadline for deciding a request; its officer adds a dated, cited row."""
    may_set = _is_province_officer(request.user)
    if request.method == "POST" and not may_set:
        raise PermissionDenied
    form = DeadlineForm(request.POST or None, initial={"valid_from": timezone.localdate(),
                                                       "days": selectors.DECISION_DEADLINE_DAYS})
    if request.method == "POST" and form.is_valid():
        try:
            services.deadline_set(user=request.user, province=request.user.unit, **form.cleaned_data)
        except ValidationError as exc:
            apply_error(form, exc)
        else:
            messages.success(request, "Đã ghi thời hạn quyết định của tỉnh.")
            return redirect("benefits:emergency-deadline")
    return render(request, "benefits/emergency/deadline.html", {
        "rows": selectors.deadlines_for(request.user), "form": form if may_set else None,
        "default_days": selectors.DECISION_DEADLINE_DAYS, "default_clause": selectors.DEADLINE_CLAUSE,
        "current": selectors.deadline_for(request.user.unit, timezone.localdate()),
    })
