"""Pages of the registry. Thin: parse a form, call a selector or a service, render or redirect."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from btxh.models import AccessLog, Level
from btxh.pagination import CappedPaginator
from btxh.services import access_log_record, job_create

from . import selectors, services
from .errors import NotAllowed, RegistryError
from .filters import CaseFilter, PersonFilter
from .forms import (
    ApproveForm,
    AssessmentDecideForm,
    CaseForm,
    ChildFormSet,
    DeathForm,
    DisabilityChangeForm,
    DocumentForm,
    ImportForm,
    MoveForm,
    PensionPeriodForm,
    PersonForm,
    PovertyConfirmForm,
    PovertyForm,
    PovertyReviewImportForm,
    ResumeForm,
    ReturnForm,
    StudiesEndForm,
    SuspendForm,
    TerminateForm,
    apply_error,
    children_from,
)
from .importing import column_guide
from .models import Case, CaseDocument, CaseStatus, DisabilityAssessment, FuneralClaim, Household, Person, Poverty
from .permissions import can_edit_in, can_manage, is_approver_for
from .services.assessments import may_decide_assessment


def _person_or_404(request, person_id: int) -> Person:
    try:
        return selectors.person_detail(user=request.user, person_id=person_id)
    except Person.DoesNotExist:
        raise Http404("Không tìm thấy đối tượng.") from None


def _case_or_404(request, case_id: int, *, may=None) -> Case:
    """The case in the user's scope; with ``may(user, case)``, refused (403) before anything else
    when the user may not take the step (a viewer, a leader on an officer's step)."""
    try:
        case = selectors.case_detail(user=request.user, case_id=case_id)
    except Case.DoesNotExist:
        raise Http404("Không tìm thấy hồ sơ.") from None
    if may is not None and not may(request.user, case):
        raise PermissionDenied("Bạn không có quyền thực hiện thao tác này trên hồ sơ này.")
    return case


def _may_edit_case(user, case) -> bool:
    return can_edit_in(user, case.unit)


def _may_upload(user, case) -> bool:
    return can_edit_in(user, case.unit) or is_approver_for(user, case)


def _log_view(request, person: Person) -> None:
    access_log_record(user=request.user, obj=person, action=AccessLog.Action.VIEW, path=request.get_full_path())


# ---------------------------------------------------------------------------
# People
# ---------------------------------------------------------------------------
# Above a commune, a filtered list counts its people up to here ("Hơn 1.000 người" beyond): counting
# to 10,000 was most of a province officer's filtered page (925 ms against 81 ms on a million people,
# benchmarks/registry.py). A commune's people (≤ ~5,000) are always counted in full.
WIDE_LIST_COUNT_CAP = 1_000


def person_list(request):
    people = PersonFilter(request.GET, user=request.user)
    commune = request.user.unit and request.user.unit.level == Level.COMMUNE
    cap = {} if commune else {"cap": WIDE_LIST_COUNT_CAP}
    page = CappedPaginator(people.qs, settings.BTXH_PAGE_SIZE, **cap).get_page(request.GET.get("page"))
    return render(
        request,
        "beneficiaries/person_list.html",
        {
            "filter": people,
            "page": page,
            "can_edit": can_edit_in(request.user, request.user.unit) if request.user.unit else False,
            "show_unit": not commune,
        },
    )


@require_POST
def person_export(request):
    """The filtered list as an Excel file, made by a background job (a province list is large): the same
    query string, read by the same FilterSet, as the page it was asked from."""
    people = PersonFilter(request.GET, user=request.user)
    if not people.form.is_valid():
        messages.error(request, "Bộ lọc có ô chưa hợp lệ: sửa ô có lỗi rồi xuất lại.")
        return redirect(f"{reverse('beneficiaries:person-list')}?{request.GET.urlencode()}")
    params = {**people.export_params(), "user_id": request.user.pk}
    job = job_create(kind="beneficiaries_people_export", params=params, user=request.user, unit=request.user.unit)
    return redirect("job-detail", job_id=job.pk)


def _person_form_page(request, *, person: Person | None):
    unit = person.unit if person else request.user.unit
    if unit is None or unit.level != Level.COMMUNE or not can_edit_in(request.user, unit):
        raise PermissionDenied("Chỉ công chức của xã được nhập, sửa thông tin đối tượng.")
    form = PersonForm(request.POST or None, user=request.user, unit=unit, instance=person)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if person is None:
                person = services.person_create(
                    user=request.user,
                    unit=unit,
                    confirm_duplicate=data["confirm_duplicate"],
                    poverty=data.get("poverty") or None,
                    **form.service_fields(),
                )
                messages.success(request, f"Đã thêm đối tượng {person.full_name}.")
            else:
                services.person_update(
                    person=person,
                    user=request.user,
                    confirm_duplicate=data["confirm_duplicate"],
                    **form.service_fields(),
                )
                if data.get("poverty") and person.household_id:
                    services.household_poverty_set(
                        household=person.household,
                        year=timezone.localdate().year,
                        status=data["poverty"],
                        user=request.user,
                    )
                messages.success(request, "Đã lưu thông tin đối tượng.")
            return redirect("beneficiaries:person-detail", person_id=person.pk)
        except RegistryError as exc:
            apply_error(form, exc)
            form.name_matches = getattr(exc, "matches", form.name_matches)
            form.helper = form._helper()
    return render(request, "beneficiaries/person_form.html", {"form": form, "person": person, "unit": unit})


def person_create(request):
    return _person_form_page(request, person=None)


def person_update(request, person_id: int):
    person = _person_or_404(request, person_id)
    if request.method == "GET":
        _log_view(request, person)
    return _person_form_page(request, person=person)


@require_POST
def person_validate_national_id(request):
    """htmx: the national ID field, checked against what else the form says (sex, birth year, duplicates)."""
    person = None
    if request.POST.get("person_id", "").isdigit():
        person = Person.objects.for_user(request.user).filter(pk=int(request.POST["person_id"])).first()
    unit = person.unit if person else request.user.unit
    form = PersonForm(request.POST, user=request.user, unit=unit, instance=person)
    form.is_valid()
    return render(request, "beneficiaries/_national_id_field.html", {"form": form})


def person_detail(request, person_id: int):
    person = _person_or_404(request, person_id)
    _log_view(request, person)
    cases = selectors.person_cases(person)
    documents = [d for c in cases for d in c.documents.all()]
    return render(
        request,
        "beneficiaries/person_detail.html",
        {
            "person": person,
            "cases": cases,
            "documents": documents,
            "history": selectors.person_history(person, cases),
            "can_edit": can_edit_in(request.user, person.unit),
            "poverty_form": PovertyForm(initial=selectors.poverty_form_initial(person, timezone.localdate().year)),
            "this_year": timezone.localdate().year,
            "assessments": (assessments := list(person.disability_assessments.select_related("decision"))),
            "decidable": (decidable := {a.pk for a in assessments if a.status == "proposed"
                                        and may_decide_assessment(request.user, a)}),
            "next_decision_number": services.decision_next_number(request.user.unit, timezone.localdate().year)
            if decidable else "",
            "pensions": person.pension_periods.all(),
        },
    )


def _action_page(request, *, form, title: str, obj, back: str, submit: str, danger: bool = False):
    return render(
        request,
        "beneficiaries/action_form.html",
        {
            "form": form,
            "title": title,
            "obj": obj,
            "back": back,
            "submit": submit,
            "danger": danger,
        },
    )


def person_death(request, person_id: int):
    person = _person_or_404(request, person_id)
    if not can_edit_in(request.user, person.unit):
        raise PermissionDenied
    form = DeathForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            ended = services.person_death_record(
                person=person,
                user=request.user,
                death_date=form.cleaned_data["death_date"],
                note=form.cleaned_data["note"],
                organiser_name=form.cleaned_data["organiser_name"],
                organiser_relationship=form.cleaned_data["organiser_relationship"],
            )
        except RegistryError as exc:
            apply_error(form, exc)
        else:
            messages.success(
                request,
                f"Đã ghi nhận đối tượng chết; {len(ended)} hồ sơ dừng chi trả từ tháng sau, chờ cấp phê duyệt "
                "ra quyết định thôi hưởng.",
            )
            claim = FuneralClaim.objects.filter(person=person).first()
            if claim is not None:
                to = f" cho {claim.organiser_name}" if claim.organiser_name else " (chưa ghi người tổ chức mai táng)"
                messages.info(
                    request,
                    f"Hỗ trợ chi phí mai táng{to}: đề nghị cùng quyết định thôi hưởng; được chi trong danh sách chi trả "
                    "sau khi cấp phê duyệt ra quyết định.",
                )
            return redirect("beneficiaries:person-detail", person_id=person.pk)
    return _action_page(
        request,
        form=form,
        title=f"Ghi nhận chết: {person.full_name}",
        obj=person,
        back=reverse("beneficiaries:person-detail", args=[person.pk]),
        submit="Ghi nhận",
        danger=True,
    )


def person_move(request, person_id: int):
    person = _person_or_404(request, person_id)
    if not can_edit_in(request.user, person.unit):
        raise PermissionDenied
    form = MoveForm(request.POST or None, regime=person.unit.regime)
    if request.method == "POST" and form.is_valid():
        try:
            moved = services.person_move(
                person=person,
                user=request.user,
                to_unit=form.cleaned_data["to_unit"],
                month=form.cleaned_data["month"],
                hamlet=form.cleaned_data["hamlet"],
            )
        except RegistryError as exc:
            apply_error(form, exc)
        else:
            messages.success(
                request,
                f"Đã chuyển {person.full_name} đến {form.cleaned_data['to_unit'].name}; {len(moved)} hồ sơ tiếp tục hưởng tại xã mới.",
            )
            return redirect("beneficiaries:person-list")
    return _action_page(
        request,
        form=form,
        title=f"Chuyển đi xã khác: {person.full_name}",
        obj=person,
        back=reverse("beneficiaries:person-detail", args=[person.pk]),
        submit="Chuyển đi",
    )


@require_POST
def household_poverty(request, household_id: int):
    household = get_object_or_404(Household.objects.for_user(request.user), pk=household_id)
    if not can_edit_in(request.user, household.unit):
        raise PermissionDenied
    form = PovertyForm(request.POST)
    back = request.POST.get("person_id", "")
    if form.is_valid():
        try:
            services.household_poverty_set(household=household, user=request.user, **form.cleaned_data)
            messages.success(request, "Đã lưu tình trạng nghèo của hộ.")
        except RegistryError as exc:
            messages.error(request, " ".join(exc.messages))
    else:
        messages.error(request, "Năm hoặc tình trạng không hợp lệ.")
    member = household.members.filter(pk=int(back)).first() if back.isdigit() else household.members.first()
    return (
        redirect("beneficiaries:person-detail", person_id=member.pk)
        if member
        else redirect("beneficiaries:person-list")
    )


# ---------------------------------------------------------------------------
# Cases
# ---------------------------------------------------------------------------
def case_list(request):
    cases = CaseFilter(request.GET, user=request.user)
    page = CappedPaginator(cases.qs, settings.BTXH_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "beneficiaries/case_list.html", {"filter": cases, "page": page})


def _case_form_page(request, *, person: Person, case: Case | None):
    if not can_edit_in(request.user, person.unit):
        raise PermissionDenied("Chỉ công chức của xã được lập, sửa hồ sơ.")
    if case is not None and not case.is_editable:
        messages.error(request, "Hồ sơ đã nộp hoặc đã được phê duyệt: không sửa trực tiếp được.")
        return redirect("beneficiaries:case-detail", case_id=case.pk)
    initial = {}
    children_initial = []
    if case is not None:
        initial = {name: getattr(case, name) for name in ("category", *Case.FACT_FIELDS)}
        children_initial = [
            {"full_name": c.full_name, "birth_date": c.birth_date, "studying_until": c.studying_until}
            for c in case.children.all()
        ]
    form = CaseForm(
        request.POST or None, person=person, initial=initial, fixed_category=case.category if case else None
    )
    formset = ChildFormSet(request.POST or None, prefix="children", initial=children_initial or None)
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        try:
            if case is None:
                case = services.case_create(
                    person=person,
                    user=request.user,
                    category=form.cleaned_data["category"],
                    children=children_from(formset),
                    **form.facts(),
                )
                messages.success(request, "Đã lập hồ sơ. Kiểm tra lại rồi nộp phê duyệt.")
            else:
                services.case_update(case=case, user=request.user, children=children_from(formset), **form.facts())
                messages.success(request, "Đã lưu hồ sơ.")
            return redirect("beneficiaries:case-detail", case_id=case.pk)
        except RegistryError as exc:
            apply_error(form, exc)
    return render(
        request,
        "beneficiaries/case_form.html",
        {
            "form": form,
            "formset": formset,
            "person": person,
            "case": case,
        },
    )


def case_create(request, person_id: int):
    return _case_form_page(request, person=_person_or_404(request, person_id), case=None)


def case_update(request, case_id: int):
    case = _case_or_404(request, case_id)
    return _case_form_page(request, person=case.person, case=case)


def case_detail(request, case_id: int, document_form: DocumentForm | None = None):
    """The case page; ``document_form`` is a refused upload, shown with its errors at the fields
    (the chosen document type and title kept)."""
    case = _case_or_404(request, case_id)
    _log_view(request, case.person)
    user = request.user
    editor = can_edit_in(user, case.unit)
    return render(
        request,
        "beneficiaries/case_detail.html",
        {
            "case": case,
            "missing": services.case_missing_facts(case) if case.is_editable else [],
            "age_limit": selectors.case_age_limit_month(case),
            "can_edit": editor and case.is_editable,
            "can_submit": editor and case.is_editable,
            "can_decide": case.status == CaseStatus.SUBMITTED
            and is_approver_for(user, case)
            and user.pk != case.submitted_by_id,
            "awaiting_move_in": services.is_awaiting_move_in(case),
            "can_confirm_move": services.is_awaiting_move_in(case) and is_approver_for(user, case),
            "can_manage": can_manage(user, case),
            "can_upload": editor or is_approver_for(user, case),
            "is_approver": is_approver_for(user, case),
            "suspension_awaiting": services.suspension_awaiting(case),
            "resumption_awaiting": services.resumption_awaiting(case),
            "document_form": document_form or DocumentForm(),
            "history": selectors.case_history(case),
        },
    )


def _case_action(
    request, case_id: int, *, form_class, title: str, submit: str, call, done: str, danger=False, initial=None,
    may=can_manage,
):
    case = _case_or_404(request, case_id, may=may)
    form = form_class(request.POST or None, initial=initial(case) if initial else None)
    if request.method == "POST" and form.is_valid():
        try:
            call(case, form.cleaned_data)
        except RegistryError as exc:
            apply_error(form, exc)
        else:
            messages.success(request, done)
            return redirect("beneficiaries:case-detail", case_id=case.pk)
    return _action_page(
        request,
        form=form,
        title=f"{title}: {case.category} – {case.person.full_name}",
        obj=case,
        back=reverse("beneficiaries:case-detail", args=[case.pk]),
        submit=submit,
        danger=danger,
    )


@require_POST
def case_submit(request, case_id: int):
    case = _case_or_404(request, case_id, may=_may_edit_case)
    try:
        services.case_submit(case=case, user=request.user)
        messages.success(request, f"Đã nộp hồ sơ cho {case.approving_unit.name} phê duyệt.")
    except RegistryError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("beneficiaries:case-detail", case_id=case.pk)


def case_approve(request, case_id: int):
    return _case_action(
        request,
        case_id,
        form_class=ApproveForm,
        title="Phê duyệt hồ sơ",
        submit="Phê duyệt",
        done="Đã phê duyệt hồ sơ.",
        initial=lambda case: {"decision_date": timezone.localdate(), "signer": str(request.user), "activate": True},
        call=lambda case, d: services.case_approve(case=case, user=request.user, **d),
        may=is_approver_for,
    )


def case_return(request, case_id: int):
    return _case_action(
        request,
        case_id,
        form_class=ReturnForm,
        title="Trả lại hồ sơ",
        submit="Trả lại",
        done="Đã trả lại hồ sơ.",
        danger=True,
        call=lambda case, d: services.case_return(case=case, user=request.user, **d),
        may=is_approver_for,
    )


@require_POST
def case_move_confirm(request, case_id: int):
    """The receiving commune's approving level takes in a moved-in case."""
    case = _case_or_404(request, case_id, may=is_approver_for)
    try:
        case = services.case_move_confirm(case=case, user=request.user)
    except NotAllowed as exc:
        raise PermissionDenied(str(exc)) from exc
    except RegistryError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, f"Đã tiếp nhận hồ sơ: hưởng tại {case.unit.name} từ tháng {case.start_month:%m/%Y}.")
    return redirect("beneficiaries:case-detail", case_id=case.pk)


@require_POST
def case_activate(request, case_id: int):
    case = _case_or_404(request, case_id, may=can_manage)
    try:
        services.case_activate(case=case, user=request.user)
        messages.success(request, "Hồ sơ đã được đưa vào chi trả.")
    except RegistryError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("beneficiaries:case-detail", case_id=case.pk)


def case_suspend(request, case_id: int):
    return _case_action(
        request,
        case_id,
        form_class=SuspendForm,
        title="Tạm dừng hưởng",
        submit="Tạm dừng",
        done="Đã tạm dừng.",
        call=lambda case, d: services.case_suspend(case=case, user=request.user, **d),
    )


def case_resume(request, case_id: int):
    return _case_action(
        request,
        case_id,
        form_class=ResumeForm,
        title="Tiếp tục hưởng",
        submit="Tiếp tục hưởng",
        done="Hồ sơ tiếp tục được hưởng.",
        call=lambda case, d: services.case_resume(case=case, user=request.user, **d),
    )


def case_terminate(request, case_id: int):
    return _case_action(
        request,
        case_id,
        form_class=TerminateForm,
        title="Thôi hưởng",
        submit="Cho thôi hưởng",
        done="Hồ sơ đã thôi hưởng.",
        danger=True,
        call=lambda case, d: services.case_terminate(case=case, user=request.user, **d),
    )


def case_disability_change(request, case_id: int):
    return _case_action(
        request,
        case_id,
        form_class=DisabilityChangeForm,
        title="Thay đổi mức độ khuyết tật",
        submit="Lưu thay đổi",
        done="Đã ghi nhận mức độ khuyết tật mới: mức còn thuộc diện chờ cấp phê duyệt quyết định (xem trang đối tượng).",
        call=lambda case, d: services.case_disability_change(case=case, user=request.user, **d),
    )


def case_studies_end(request, case_id: int):
    return _case_action(
        request,
        case_id,
        form_class=StudiesEndForm,
        title="Thôi học",
        submit="Ghi nhận",
        done="Đã ghi nhận thôi học.",
        call=lambda case, d: services.case_studies_end(case=case, user=request.user, **d),
    )


@require_POST
def case_age_limit_end(request, case_id: int):
    case = _case_or_404(request, case_id, may=can_manage)
    try:
        services.case_age_limit_end(case=case, user=request.user)
        messages.success(request, "Hồ sơ thôi hưởng do hết tuổi hưởng.")
    except RegistryError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("beneficiaries:case-detail", case_id=case.pk)


@require_POST
def case_document_upload(request, case_id: int):
    case = _case_or_404(request, case_id, may=_may_upload)
    form = DocumentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.case_document_add(case=case, user=request.user, **form.cleaned_data)
        except RegistryError as exc:
            form.add_error("file", " ".join(exc.messages))
        else:
            messages.success(request, "Đã tải lên giấy tờ.")
            return redirect("beneficiaries:case-detail", case_id=case.pk)
    response = case_detail(request, case.pk, document_form=form)
    response.status_code = 400
    return response


def case_document_download(request, document_id: int):
    document = get_object_or_404(
        CaseDocument.objects.for_user(request.user).select_related("case__person__unit"), pk=document_id
    )
    access_log_record(
        user=request.user,
        obj=document.case.person,
        action=AccessLog.Action.DOWNLOAD,
        unit=document.case.unit,
        path=request.get_full_path(),
    )
    if not default_storage.exists(document.file.name):
        raise Http404("Tệp không còn trên máy chủ.")
    return FileResponse(document.file.open("rb"), as_attachment=True, filename=document.filename)


# ---------------------------------------------------------------------------
# Worklist and import
# ---------------------------------------------------------------------------
def worklist(request):
    unit = selectors.unit_for_filter(request.user, request.GET.get("unit"))
    items = selectors.worklist(user=request.user, unit=unit)
    groups: dict[str, list] = {}
    for item in items:
        groups.setdefault(item.unit_name, []).append(item)
    return render(
        request,
        "beneficiaries/worklist.html",
        {
            "groups": groups,
            "count": len(items),
            "days": selectors.WORKLIST_DAYS,
            "units": selectors.unit_options(request.user),
            "unit": unit,
        },
    )


def import_upload(request):
    unit = request.user.unit
    if unit is None or not can_edit_in(request.user, unit):
        raise PermissionDenied("Chỉ công chức của xã được nhập danh sách.")
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        stored = default_storage.save(f"imports/{timezone.now():%Y/%m}/{upload.name}", upload)
        job = job_create(
            kind="beneficiaries_import",
            params={
                "path": stored,
                "unit_id": unit.pk,
                "user_id": request.user.pk,
                "dry_run": form.cleaned_data["dry_run"],
                "filename": upload.name,
            },
            user=request.user,
            unit=unit,
        )
        return redirect("job-detail", job_id=job.pk)
    return render(request, "beneficiaries/import_form.html", {"form": form, "unit": unit, "columns": column_guide()})


# ---------------------------------------------------------------------------
# Annual poverty review
# ---------------------------------------------------------------------------
def poverty_review(request):
    """The poverty-dependent beneficiaries with their household's status for last year and the
    year under review; the approved list is uploaded here, or each household is confirmed."""
    today = timezone.localdate()
    try:
        year = int(request.GET.get("nam") or selectors.poverty_review_year(today))
    except ValueError:
        year = selectors.poverty_review_year(today)
    year = min(max(year, 2000), today.year + 1)
    unit = request.user.unit
    may_edit = unit is not None and can_edit_in(request.user, unit)
    form = PovertyReviewImportForm(request.POST or None, request.FILES or None, max_year=today.year + 1,
                                   initial={"year": year})  # fmt: skip
    if request.method == "POST":
        if not may_edit:
            raise PermissionDenied("Chỉ công chức của xã được nhập danh sách hộ nghèo.")
        if form.is_valid():
            upload = form.cleaned_data["file"]
            stored = default_storage.save(f"imports/{timezone.now():%Y/%m}/{upload.name}", upload)
            job = job_create(
                kind="poverty_review_import",
                params={
                    "path": stored, "unit_id": unit.pk, "user_id": request.user.pk, "year": form.cleaned_data["year"],
                    "dry_run": form.cleaned_data["dry_run"], "filename": upload.name,
                },
                user=request.user,
                unit=unit,
            )
            return redirect("job-detail", job_id=job.pk)
    rows = selectors.poverty_review(user=request.user, year=year)
    return render(request, "beneficiaries/poverty_review.html", {
        "form": form, "rows": rows, "year": year, "may_edit": may_edit, "statuses": Poverty.choices,
        "missing": sum(1 for r in rows if r["current"] is None),
    })  # fmt: skip


@require_POST
def poverty_confirm(request, person_id: int):
    """Confirm one household's status for a year (from the review page)."""
    person = get_object_or_404(Person.objects.for_user(request.user), pk=person_id)
    if not can_edit_in(request.user, person.unit):
        raise PermissionDenied("Chỉ công chức của xã được xác nhận tình trạng hộ nghèo.")
    form = PovertyConfirmForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Chọn tình trạng và năm hợp lệ.")
        return redirect("beneficiaries:poverty-review")
    year = form.cleaned_data["year"]
    try:
        household = person.household or services.household_create_for(person=person, user=request.user)
        services.household_poverty_set(household=household, year=year, status=form.cleaned_data["status"],
                                       user=request.user)  # fmt: skip
    except NotAllowed as exc:
        raise PermissionDenied(str(exc)) from exc
    except RegistryError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, f"Đã ghi tình trạng năm {year} của hộ {person.full_name}.")
    return redirect(f"{reverse('beneficiaries:poverty-review')}?nam={year}")


# ---------------------------------------------------------------------------
# Dated facts: a pension period, the decision on a proposed disability level
# ---------------------------------------------------------------------------
@require_POST
def pension_record(request, person_id: int):
    person = _person_or_404(request, person_id)
    if not can_edit_in(request.user, person.unit):
        raise PermissionDenied("Chỉ công chức của xã được ghi nhận lương hưu, trợ cấp BHXH.")
    form = PensionPeriodForm(request.POST)
    if form.is_valid():
        try:
            services.pension_period_record(person=person, user=request.user, **form.cleaned_data)
        except RegistryError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, "Đã ghi nhận thời gian hưởng lương hưu, trợ cấp BHXH; danh sách chi trả sau sẽ đối chiếu.")
    else:
        messages.error(request, " ".join(f"{form.fields[k].label}: {' '.join(v)}" for k, v in form.errors.items()))
    return redirect("beneficiaries:person-detail", person_id=person.pk)


@require_POST
def assessment_decide(request, assessment_id: int):
    assessment = get_object_or_404(
        DisabilityAssessment.objects.for_user(request.user).select_related("person__unit"), pk=assessment_id
    )
    if not may_decide_assessment(request.user, assessment):
        raise PermissionDenied("Chỉ cấp phê duyệt của xã được quyết định thay đổi mức độ khuyết tật.")
    form = AssessmentDecideForm(request.POST)
    if form.is_valid():
        try:
            services.disability_assessment_decide(assessment=assessment, user=request.user, **form.cleaned_data)
        except RegistryError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, "Đã quyết định mức độ khuyết tật mới; danh sách chi trả sau truy lĩnh hoặc truy thu phần chênh lệch.")
    else:
        messages.error(request, " ".join(f"{form.fields[k].label}: {' '.join(v)}" for k, v in form.errors.items()))
    return redirect("beneficiaries:person-detail", person_id=assessment.person_id)
