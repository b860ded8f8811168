"""Pages of the benefits app: the calculator and the rule tables. Thin: parse, select, render."""

from __future__ import annotations

import csv

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from beneficiaries.forms import apply_error
from beneficiaries.models import Case
from btxh.formatting import format_month
from engine import EngineError, Month, compute, format_coefficient
from engine.funeral import FUNERAL_CLAUSE, FUNERAL_MULTIPLIER, SECONDARY_SOURCE_NOTE

from . import preview
from .forms import BaseRateForm, CalculatorForm, ChildFormSet, children_from
from .selectors import province_choices, rule_tables, ruleset_load
from .services import base_rate_add


def _user_province_code(user) -> str | None:
    """The code of the province the user's unit belongs to ("2025:19/05443/" → "19")."""
    unit = getattr(user, "unit", None)
    if unit is None or not unit.path:
        return None
    return unit.path.partition(":")[2].split("/", 1)[0] or None


def _rules_editable_province(user) -> str | None:
    """Which base rates the user may add: "" for any (national staff), a province code for that
    province only (province staff); anyone else is refused."""
    if user.is_national:
        return ""
    if user.role in ("province_officer", "administrator"):
        code = _user_province_code(user)
        if code:
            return code
    raise PermissionDenied


@login_required
def calculator(request):
    """Tính thử mức hưởng: the engine on facts typed in, with its explanation."""
    rules = ruleset_load()
    provinces = province_choices()
    data = request.POST if request.method == "POST" else None
    user_province = _user_province_code(request.user)
    initial = {
        "month": Month.of(timezone.localdate()),
        "province_code": user_province if user_province in dict(provinces) else "",
    }
    form = CalculatorForm(data, rules=rules, provinces=provinces, initial=initial)
    formset = ChildFormSet(data, prefix="children")
    result = None
    if data is not None and form.is_valid() and formset.is_valid():
        person, entitlements, month, province = form.engine_input(children_from(formset))
        try:
            result = compute(person, entitlements, month, rules, province)
        except EngineError as exc:
            form.add_error(None, str(exc))
    return render(
        request,
        "benefits/calculator.html",
        {
            "form": form,
            "formset": formset,
            "result": result,
            "explanation": result.explanation.splitlines() if result else [],
        },
    )


@login_required
def rule_list(request):
    """The rule tables with their legal basis; ``?thang=YYYY-MM`` keeps the rows in force that month."""
    tables = rule_tables()
    q = request.GET.get("q", "").strip()
    month_text = request.GET.get("thang", "").strip()
    month = None
    if month_text:
        try:
            month = Month.parse(month_text)
        except EngineError:
            messages.error(request, _("Tháng không hợp lệ: %(m)s") % {"m": month_text})
    base_rates, flat_amounts, categories = tables["base_rates"], tables["flat_amounts"], tables["categories"]
    funeral_amounts = tables["funeral_amounts"]
    emergency_levels = tables["emergency_levels"]
    if q:
        emergency_levels = emergency_levels.filter(
            Q(code__icontains=q) | Q(label__icontains=q) | Q(clause__icontains=q) | Q(province_code=q)
        )
        base_rates = base_rates.filter(Q(basis__icontains=q) | Q(province_code=q))
        flat_amounts = flat_amounts.filter(Q(basis__icontains=q) | Q(province_code=q))
        funeral_amounts = funeral_amounts.filter(Q(basis__icontains=q) | Q(province_code=q))
        categories = categories.filter(Q(code__icontains=q) | Q(label__icontains=q) | Q(clause__icontains=q))
    if month is not None:
        day = month.first_day
        in_force = Q(valid_from__lte=day) & (Q(valid_to__isnull=True) | Q(valid_to__gte=day))
        base_rates, flat_amounts, funeral_amounts, categories = (
            base_rates.filter(in_force),
            flat_amounts.filter(in_force),
            funeral_amounts.filter(in_force),
            categories.filter(in_force),
        )
        emergency_levels = emergency_levels.filter(in_force)
    if request.GET.get("xuat") == "csv":
        return _rules_csv(base_rates, flat_amounts, categories, funeral_amounts, emergency_levels)
    try:
        can_add = _rules_editable_province(request.user) is not None
    except PermissionDenied:
        can_add = False
    return render(
        request,
        "benefits/rule_list.html",
        {
            "base_rates": base_rates,
            "flat_amounts": flat_amounts,
            "funeral_amounts": funeral_amounts,
            # The monthly allowance's funeral support is a multiple of the base rate (engine rule).
            "allowance_funeral": {"multiplier": FUNERAL_MULTIPLIER, "clause": FUNERAL_CLAUSE},
            "secondary_source_note": SECONDARY_SOURCE_NOTE,
            "categories": categories,
            "emergency_levels": emergency_levels,
            "q": q,
            "thang": month_text,
            "can_add": can_add,
        },
    )


def _rules_csv(base_rates, flat_amounts, categories, funeral_amounts=(), emergency_levels=()) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="quy-dinh-muc-huong.csv"'
    response.write("\ufeff")  # Excel opens UTF-8 with a BOM correctly
    writer = csv.writer(response)
    writer.writerow(["Loại", "Mã", "Nội dung", "Hệ số / số tiền", "Từ tháng", "Đến hết tháng", "Tỉnh", "Căn cứ"])

    for r in base_rates:
        writer.writerow(
            ["Mức chuẩn", "", "", r.amount, format_month(r.valid_from), format_month(r.valid_to), r.province_code, r.basis]
        )
    for f in flat_amounts:
        writer.writerow(
            [f.get_scheme_display(), "", "", f.amount, format_month(f.valid_from), format_month(f.valid_to), f.province_code, f.basis]
        )
    for f in funeral_amounts:
        basis = f"{f.basis} ({SECONDARY_SOURCE_NOTE})" if f.secondary_source else f.basis
        writer.writerow(
            [f"Hỗ trợ chi phí mai táng – {f.get_scheme_display()}", "", "", f.amount, format_month(f.valid_from),
             format_month(f.valid_to), f.province_code, basis]
        )
    for e in emergency_levels:
        writer.writerow(
            [f"Trợ giúp đột xuất – {e.label}", e.code, e.value_text, e.value, format_month(e.valid_from), format_month(e.valid_to),
             e.province_code, e.clause]
        )
    for c in categories:
        writer.writerow(["Diện", c.code, c.label, "", format_month(c.valid_from), format_month(c.valid_to), "", c.clause])
        for b in c.bands.all():
            writer.writerow(
                [
                    "Hệ số",
                    c.code,
                    b.label,
                    format_coefficient(int(b.coefficient * 10)),
                    format_month(b.valid_from),
                    format_month(b.valid_to),
                    "",
                    b.clause,
                ]
            )
    return response


@login_required
def base_rate_create(request):
    """Add a base rate (national administrators; a province officer for the own province)."""
    province = _rules_editable_province(request.user)
    form = BaseRateForm(request.POST or None, fixed_province=province or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            row = base_rate_add(
                amount=d["amount"],
                valid_from=d["valid_from"],
                valid_to=d["valid_to"],
                basis=d["basis"],
                province_code=d["province_code"] or None,
            )
        except ValidationError as exc:
            apply_error(form, exc)
        else:
            messages.success(request, _("Đã thêm mức chuẩn %(r)s.") % {"r": row})
            return redirect("benefits:rule-list")
    return render(request, "benefits/base_rate_form.html", {"form": form})


def case_preview(request, case_id: int):
    """The expected amount of a case (loaded into the case page)."""



    case = get_object_or_404(Case.objects.for_user(request.user).select_related("person", "unit", "cared_person"),
                             pk=case_id)
    month, result, error = preview.case_preview(case, today=timezone.localdate())
    return render(request, "benefits/_case_preview.html", {"case": case, "month": month, "result": result,
                                                            "error": error})
