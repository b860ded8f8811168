"""Pages of the longevity celebrations: thin, every read through ``for_user``."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from beneficiaries.errors import NotAllowed, RegistryError
from beneficiaries.permissions import can_edit_in
from btxh.models import Level, Role
from btxh.services import import_job_create
from engine import longevity as engine

from . import documents, selectors, services
from .forms import (
    CeremonyForm,
    DeliverForm,
    ElderlyForm,
    ElderlyImportForm,
    GiftLevelForm,
    ManualEntryForm,
    ReturnForm,
    RoundOpenForm,
    apply_error,
)
from .models import (
    REFRESHMENT_PER_ATTENDEE,
    CelebrationEntry,
    CelebrationRound,
    ElderlyPerson,
    LongevityAgeRule,
    LongevityGiftLevel,
    Occasion,
)

PDF = "application/pdf"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _commune_editor(user) -> bool:
    unit = user.unit
    return unit is not None and unit.level == Level.COMMUNE and can_edit_in(user, unit)


def _is_reviewer(user, round_) -> bool:
    from reports.selectors import may_review_report

    return may_review_report(user, round_.unit)


# ---------------------------------------------------------------------------
# The elderly register
# ---------------------------------------------------------------------------
def elderly_list(request):
    q, hamlet = request.GET.get("q", "").strip(), request.GET.get("thon", "").strip()
    rows = selectors.elderly_list(user=request.user, query=q, hamlet=hamlet)
    hamlets = sorted(set(ElderlyPerson.objects.for_user(request.user).values_list("hamlet", flat=True)))
    return render(request, "plans/elderly_list.html", {
        "rows": rows[:1000], "count": rows.count(), "q": q, "hamlet": hamlet, "hamlets": hamlets,
        "can_edit": _commune_editor(request.user), "today": timezone.localdate(),
    })  # fmt: skip


def elderly_create(request):
    if not _commune_editor(request.user):
        raise PermissionDenied("Chỉ công chức của xã được thêm người cao tuổi.")
    form = ElderlyForm(request.POST or None, commune=request.user.unit)
    if request.method == "POST" and form.is_valid():
        try:
            elderly = services.elderly_save(user=request.user, unit=request.user.unit, **form.service_fields())
        except RegistryError as exc:
            apply_error(form, exc)
        else:
            messages.success(request, f"Đã thêm {elderly.full_name} vào danh sách người cao tuổi.")
            return redirect("plans:elderly-list")
    return render(request, "plans/elderly_form.html", {"form": form, "title": "Thêm người cao tuổi"})


def elderly_update(request, elderly_id: int):
    elderly = get_object_or_404(ElderlyPerson.objects.for_user(request.user).select_related("unit", "person"),
                                pk=elderly_id)  # fmt: skip
    may_edit = can_edit_in(request.user, elderly.unit)
    form = ElderlyForm(request.POST or None, instance=elderly)
    if request.method == "POST":
        if not may_edit:
            raise PermissionDenied("Chỉ công chức của xã được sửa.")
        if form.is_valid():
            try:
                services.elderly_save(user=request.user, elderly=elderly, **form.service_fields())
            except RegistryError as exc:
                apply_error(form, exc)
            else:
                messages.success(request, f"Đã lưu thông tin của {elderly.full_name}.")
                return redirect("plans:elderly-list")
    return render(request, "plans/elderly_form.html", {
        "form": form, "title": f"Người cao tuổi: {elderly.full_name}", "elderly": elderly, "may_edit": may_edit,
    })  # fmt: skip


def elderly_import_upload(request):
    if not _commune_editor(request.user):
        raise PermissionDenied("Chỉ công chức của xã được nhập danh sách.")
    unit = request.user.unit
    form = ElderlyImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        job = import_job_create(kind="elderly_import", upload=form.cleaned_data["file"],
                                dry_run=form.cleaned_data["dry_run"], user=request.user, unit=unit, unit_id=unit.pk)
        return redirect("job-detail", job_id=job.pk)
    return render(request, "plans/elderly_import.html", {"form": form, "unit": unit})


# ---------------------------------------------------------------------------
# Rounds
# ---------------------------------------------------------------------------
def round_list(request):
    may_open = _commune_editor(request.user)
    form = RoundOpenForm(request.POST or None)
    if request.method == "POST":
        if not may_open:
            raise PermissionDenied("Chỉ công chức của xã được lập danh sách mừng thọ.")
        if form.is_valid():
            try:
                round_ = services.round_open(user=request.user, unit=request.user.unit,
                                             occasion=form.cleaned_data["occasion"], year=form.cleaned_data["year"])
            except RegistryError as exc:
                apply_error(form, exc)
            else:
                return redirect("plans:round-detail", round_id=round_.pk)
    return render(request, "plans/round_list.html", {
        "form": form, "may_open": may_open, "rounds": selectors.rounds_for(request.user)[:200],
    })  # fmt: skip


def _round(request, round_id: int) -> CelebrationRound:
    return get_object_or_404(CelebrationRound.objects.for_user(request.user).select_related("unit"), pk=round_id)


def round_detail(request, round_id: int):
    round_ = _round(request, round_id)
    listing = selectors.round_listing(round_)
    from reports.selectors import own_report

    from .reporting import report_kind

    report = own_report(request.user, round_.unit, report_kind(round_), round_.year)
    return render(request, "plans/round_detail.html", {
        "round": round_, "listing": listing, "report": report, "may_edit": can_edit_in(request.user, round_.unit),
        "may_review": _is_reviewer(request.user, round_), "manual_form": ManualEntryForm(commune=round_.unit),
        "return_form": ReturnForm(), "today": timezone.localdate(),
        "refreshment": REFRESHMENT_PER_ATTENDEE,
    })  # fmt: skip


def _run(request, round_, action, success: str):
    try:
        action()
    except NotAllowed as exc:
        raise PermissionDenied(" ".join(exc.messages)) from exc
    except RegistryError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, success)
    return redirect("plans:round-detail", round_id=round_.pk)


def _round_step(request, round_id: int, step, success: str):
    """A step of a round's way up the chain (``step(round_=…, user=…)``), with its message."""
    round_ = _round(request, round_id)
    return _run(request, round_, lambda: step(round_=round_, user=request.user), success)


@require_POST
def round_recompute(request, round_id: int):
    return _round_step(request, round_id, services.round_compute,
                       "Đã tính lại danh sách từ danh sách người cao tuổi và sổ đối tượng.")  # fmt: skip


@require_POST
def round_submit(request, round_id: int):
    return _round_step(request, round_id, services.round_submit, "Đã gửi danh sách lên cấp trên.")


@require_POST
def round_accept(request, round_id: int):
    return _round_step(request, round_id, services.round_accept, "Đã nhận danh sách của xã.")


@require_POST
def round_return(request, round_id: int):
    round_ = _round(request, round_id)
    form = ReturnForm(request.POST)
    reason = form.data.get("reason", "")
    return _run(request, round_, lambda: services.round_return(round_=round_, user=request.user, reason=reason),
                "Đã trả lại danh sách cho xã.")  # fmt: skip


@require_POST
def entry_add(request, round_id: int):
    round_ = _round(request, round_id)
    if not can_edit_in(request.user, round_.unit):
        raise PermissionDenied("Chỉ công chức của xã được thêm người vào danh sách.")
    form = ManualEntryForm(request.POST, commune=round_.unit)
    if not form.is_valid():
        messages.error(request, "Thêm người: " + "; ".join(f"{form.fields[k].label if k in form.fields else ''} "
                                                           f"{' '.join(v)}" for k, v in form.errors.items()))
        return redirect("plans:round-detail", round_id=round_.pk)
    d = form.cleaned_data
    birth_date, birth_year = d["birth"]
    return _run(request, round_, lambda: services.entry_add_manual(
        round_=round_, user=request.user, full_name=d["full_name"], birth_year=birth_year, birth_date=birth_date,
        sex=d["sex"], hamlet=d["hamlet"], level=d["level"], reason=d["reason"],
    ), f"Đã thêm {d['full_name']} vào danh sách.")  # fmt: skip


@require_POST
def entry_deliver(request, entry_id: int):
    entry = get_object_or_404(CelebrationEntry.objects.for_user(request.user).select_related("round__unit"),
                              pk=entry_id)  # fmt: skip
    if not can_edit_in(request.user, entry.round.unit):
        raise PermissionDenied("Chỉ công chức của xã được ghi nhận trao quà.")
    form = DeliverForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Nhập ngày trao quà dạng dd/mm/yyyy.")
        return redirect("plans:round-detail", round_id=entry.round_id)
    d = form.cleaned_data
    return _run(request, entry.round, lambda: services.entry_deliver(
        entry=entry, user=request.user, delivered_on=d["delivered_on"], received_by=d["received_by"],
        signature_returned=d["signature_returned"],
    ), f"Đã ghi nhận trao quà cho {entry.full_name}.")  # fmt: skip


def _file(data: bytes, name: str, content_type: str) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _round_document(request, round_id: int, build, stem: str, ext: str) -> HttpResponse:
    """One of a round's documents (``build(round_=…, prepared_by=…)``), prepared by the officer who asks."""
    round_ = _round(request, round_id)
    data = build(round_=round_, prepared_by=str(request.user))
    return _file(data, documents.filename(round_, stem, ext), PDF if ext == "pdf" else XLSX)


def round_list_pdf(request, round_id: int):
    return _round_document(request, round_id, documents.round_list_pdf, "danh-sach-mung-tho", "pdf")


def round_list_xlsx(request, round_id: int):
    return _round_document(request, round_id, documents.round_list_xlsx, "danh-sach-mung-tho", "xlsx")


def round_receipt_pdf(request, round_id: int):
    return _round_document(request, round_id, documents.receipt_list_pdf, "danh-sach-ky-nhan-qua", "pdf")


def round_receipt_xlsx(request, round_id: int):
    return _round_document(request, round_id, documents.receipt_list_xlsx, "danh-sach-ky-nhan-qua", "xlsx")


def round_budget_pdf(request, round_id: int):
    return _round_document(request, round_id, documents.budget_pdf, "du-toan-kinh-phi", "pdf")


@require_POST
def round_ceremony(request, round_id: int):
    """The ceremony budget line (attendees, certificate and frame per person, hall and other costs)."""
    round_ = _round(request, round_id)
    if not can_edit_in(request.user, round_.unit):
        raise PermissionDenied("Chỉ công chức của xã được lập dự toán.")
    form = CeremonyForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Dự toán chi phí tổ chức: nhập số không âm.")
        return redirect("plans:round-detail", round_id=round_.pk)
    d = form.cleaned_data
    return _run(request, round_, lambda: services.round_ceremony_set(
        round_=round_, user=request.user, attendees=d["attendees"] or 0,
        certificate_unit_cost=d["certificate_unit_cost"] or 0, other_cost=d["other_cost"] or 0, note=d["note"],
    ), "Đã lưu dự toán chi phí tổ chức lễ.")  # fmt: skip


def round_certificates(request, round_id: int):
    round_ = _round(request, round_id)
    return _file(documents.certificates_pdf(round_=round_), documents.filename(round_, "giay-mung-tho", "pdf"), PDF)


# ---------------------------------------------------------------------------
# Up the chain, and the rules
# ---------------------------------------------------------------------------
def overview(request):
    occasion = request.GET.get("dip") or engine.OCCASION_TET
    if occasion not in engine.OCCASIONS:
        occasion = engine.OCCASION_TET
    today = timezone.localdate()
    try:
        year = int(request.GET.get("nam") or (today.year + 1 if today.month >= 9 else today.year))
    except ValueError:
        year = today.year
    data = selectors.overview(user=request.user, occasion=occasion, year=year)
    from reports.selectors import may_prepare_report, own_report

    from .reporting import KIND_BY_OCCASION

    unit = request.user.unit
    report = may_open_report = None
    if unit is not None and unit.level != Level.COMMUNE:
        report = own_report(request.user, unit, KIND_BY_OCCASION[occasion], year)
        may_open_report = may_prepare_report(request.user, unit)
    return render(request, "plans/overview.html", {
        **data, "occasion": occasion, "year": year, "occasions": Occasion.choices, "own_report": report,
        "may_open_report": may_open_report,
    })  # fmt: skip


@require_POST
def overview_report_open(request):
    """A district or province officer starts their unit's summary of the communes' lists (the
    reports mechanism adds up the accepted lists below it; the unit submits it to the level above)."""
    from reports.selectors import may_prepare_report
    from reports.services import ReportError, report_open

    from .reporting import KIND_BY_OCCASION

    unit = request.user.unit
    if unit is None or unit.level == Level.COMMUNE or not may_prepare_report(request.user, unit):
        raise PermissionDenied("Chỉ cán bộ huyện/tỉnh lập báo cáo tổng hợp mừng thọ của đơn vị mình.")
    occasion = request.POST.get("dip", "")
    try:
        year = int(request.POST.get("nam", ""))
    except ValueError:
        year = 0
    if occasion not in KIND_BY_OCCASION or not 2000 <= year <= timezone.localdate().year + 1:
        messages.error(request, "Dịp hoặc năm không hợp lệ.")
        return redirect("plans:overview")
    try:
        report = report_open(unit=unit, kind=KIND_BY_OCCASION[occasion], period=str(year), user=request.user)
    except ReportError as exc:
        messages.error(request, exc.user_message)
        return redirect("plans:overview")
    return redirect("reports:report-detail", report_id=report.pk)


def _may_add_gift_levels(user) -> bool:
    if user.is_superuser or user.role == Role.ADMINISTRATOR:
        return True
    return user.role == Role.PROVINCE_OFFICER and user.unit is not None and user.unit.level == Level.PROVINCE


def gift_levels(request):
    return render(request, "plans/gift_levels.html", {
        "gifts": LongevityGiftLevel.objects.all(), "age_rules": LongevityAgeRule.objects.all(),
        "may_add": _may_add_gift_levels(request.user),
    })  # fmt: skip


def gift_level_add(request):
    """A province officer adds a gift level of their province from a new resolution (a new row;
    the open row of the same level is closed the day before, never edited)."""
    user = request.user
    if not _may_add_gift_levels(user):
        raise PermissionDenied("Chỉ cán bộ Sở (tỉnh) hoặc quản trị được thêm mức quà mừng thọ.")
    choose = user.unit is None or user.role != Role.PROVINCE_OFFICER
    form = GiftLevelForm(request.POST or None, choose_province=choose)
    province = None if choose else selectors.province_of(user.unit)
    if request.method == "POST" and form.is_valid():
        fields = form.service_fields()
        if province is not None:
            fields["regime"], fields["province_code"] = province
        try:
            row = services.longevity_gift_add(user=user, **fields)
        except NotAllowed as exc:
            raise PermissionDenied(" ".join(exc.messages)) from exc
        except RegistryError as exc:
            apply_error(form, exc)
        else:
            messages.success(request, f"Đã thêm mức quà {row.get_level_display()} áp dụng từ {row.valid_from:%d/%m/%Y}.")
            return redirect("plans:gift-levels")
    return render(request, "plans/gift_level_form.html", {"form": form, "unit": None if choose else user.unit})
