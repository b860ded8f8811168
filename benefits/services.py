"""Writes of the benefits app (rule tables) and the start-month rule.

Rule rows are never edited in place. A new decree or resolution is a new row;
the only change made to an existing row is closing it (setting its last month)
when a successor takes over. A row may apply to months already past: payroll
then owes arrears for them.
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from engine import Month

from .models import BaseRate, EmergencyAidLevel, FlatAmount, FlatPurpose, Scheme
from .selectors import ruleset_invalidate

# Two-tier local government: from this month the commune chairman decides and
# the entitlement runs from the month of the decision (Decree 147/2025 art. 5(2)(b);
# Decree 176/2025 art. 4 for the social pension).


def _as_month(value: Month | date | str, field: str) -> Month:
    if isinstance(value, Month):
        return value
    if isinstance(value, date):
        return Month.of(value)
    try:
        return Month.parse(value)
    except ValueError:
        raise ValidationError({field: _("Tháng không hợp lệ (cần dạng YYYY-MM): %(v)s") % {"v": value}}) from None


def _rate_row_add(
    model,
    *,
    amount: int,
    valid_from: Month | date | str,
    valid_to: Month | date | str | None,
    basis: str,
    province_code: str | None,
    extra: dict,
    create_extra: dict | None = None,
    amount_field: str = "amount",
    basis_field: str = "basis",
):
    start = _as_month(valid_from, "valid_from")
    end = None if valid_to is None or valid_to == "" else _as_month(valid_to, "valid_to")
    province = (province_code or "").strip()
    basis = (basis or "").strip()
    if not isinstance(amount, int) or isinstance(amount, bool) or amount <= 0:
        raise ValidationError({"amount": _("Số tiền phải là số nguyên dương (đồng).")})
    if not basis:
        raise ValidationError({"basis": _("Phải ghi căn cứ pháp lý (số, ký hiệu văn bản).")})
    if end is not None and end < start:
        raise ValidationError({"valid_to": _("Tháng kết thúc phải sau tháng bắt đầu.")})

    same_level = model.objects.select_for_update().filter(province_code=province, **extra)
    if end is None:
        open_row = same_level.filter(valid_to__isnull=True).order_by("-valid_from", "-id").first()
        if open_row is not None:
            open_start = Month.of(open_row.valid_from)
            if start < open_start:
                raise ValidationError(
                    {
                        "valid_from": _(
                            "Mức đang áp dụng bắt đầu từ %(m)s: mức mới không thời hạn phải bắt đầu từ tháng đó "
                            "trở đi; với các tháng trước, hãy ghi tháng kết thúc."
                        )
                        % {"m": open_start.label}
                    }
                )
            if start > open_start:
                # Close the predecessor at the month before; the only change ever made to a row.
                open_row.valid_to = (start - 1).first_day
                open_row.save(update_fields=["valid_to"])
            # Same start month: the new row supersedes it (a later row wins where rows overlap).
    row = model.objects.create(
        **{amount_field: amount, basis_field: basis},
        valid_from=start.first_day,
        valid_to=None if end is None else end.first_day,
        province_code=province,
        **extra,
        **(create_extra or {}),
    )
    transaction.on_commit(ruleset_invalidate)
    ruleset_invalidate()
    return row


@transaction.atomic
def base_rate_add(
    *,
    amount: int,
    valid_from: Month | date | str,
    basis: str,
    province_code: str | None = None,
    valid_to: Month | date | str | None = None,
) -> BaseRate:
    """Add a base rate (mức chuẩn trợ giúp xã hội, Decree 20/2021 art. 4(2); a province's own
    higher rate, art. 4(3)).

    An open-ended row succeeds the open row of the same level (national, or that
    province): the predecessor is closed at the month before. A row with an end
    month covers just those months (a correction or a back-dated rate) and wins over
    the rows it overlaps. Past months are allowed: payroll then owes arrears.
    """
    return _rate_row_add(
        BaseRate,
        amount=amount,
        valid_from=valid_from,
        valid_to=valid_to,
        basis=basis,
        province_code=province_code,
        extra={},
    )


@transaction.atomic
def flat_amount_add(
    *,
    amount: int,
    valid_from: Month | date | str,
    basis: str,
    province_code: str | None = None,
    valid_to: Month | date | str | None = None,
    scheme: str = Scheme.SOCIAL_PENSION,
    purpose: str = FlatPurpose.MONTHLY,
    secondary_source: bool = False,
) -> FlatAmount:
    """Add a flat amount (social pension, Decree 176/2025 art. 3(1)) or a province's top-up
    (Law 41/2024 art. 22(1)); same succession rule as ``base_rate_add``, within the same
    scheme and purpose (``purpose`` "funeral": the scheme's funeral support, Law 41/2024
    art. 22(3)). ``secondary_source`` marks an amount not yet checked against the official text."""
    if purpose not in FlatPurpose.values:
        raise ValidationError({"purpose": _("Loại mức cố định không hợp lệ: %(v)s") % {"v": purpose}})
    return _rate_row_add(
        FlatAmount,
        amount=amount,
        valid_from=valid_from,
        valid_to=valid_to,
        basis=basis,
        province_code=province_code,
        extra={"scheme": scheme, "purpose": purpose},
        create_extra={"secondary_source": bool(secondary_source)},
    )


@transaction.atomic
def emergency_level_add(
    *,
    code: str,
    value: int,
    valid_from: Month | date | str,
    clause: str,
    province_code: str | None = None,
    valid_to: Month | date | str | None = None,
    max_months: int | None = None,
) -> EmergencyAidLevel:
    """Add a level of emergency aid (Decree 20/2021/NĐ-CP art. 12–15): a new national level (a new
    decree) or a province's own level, which may only raise the national one (the national levels
    are minimums: "tối thiểu", art. 13–15; docs/emergency-aid.md §3).

    The new row copies how the kind is computed and its conditions from the national row in force
    in its first month; a provincial level below that national level, or allowing fewer months of
    rice, is refused. Same succession rule as ``base_rate_add``: an open-ended row closes the open
    row of the same kind and level at the month before.
    """
    start = _as_month(valid_from, "valid_from")
    province = (province_code or "").strip()
    day = start.first_day
    national = (
        EmergencyAidLevel.objects.filter(code=code, province_code="", valid_from__lte=day)
        .exclude(valid_to__lt=day)
        .order_by("-id")
        .first()
    )
    if national is None:
        raise ValidationError({"code": _("Không có mức toàn quốc của loại trợ giúp %(c)s trong tháng %(m)s.")
                               % {"c": code, "m": start.label}})
    if not isinstance(value, int) or isinstance(value, bool) or value <= 0:
        raise ValidationError({"value": _("Mức phải là số nguyên dương.")})
    if province:
        if value < national.value:
            raise ValidationError(
                {"value": _("Mức của tỉnh không được thấp hơn mức toàn quốc (%(v)s).") % {"v": national.value_text}}
            )
        if national.max_months and max_months is not None and max_months < national.max_months:
            raise ValidationError({"max_months": _("Số tháng của tỉnh không được ít hơn mức toàn quốc.")})
    if max_months is None:
        max_months = national.max_months
    row = _rate_row_add(
        EmergencyAidLevel,
        amount=value,
        valid_from=start,
        valid_to=valid_to,
        basis=clause,
        province_code=province,
        extra={"code": code},
        amount_field="value",
        basis_field="clause",
        create_extra={
            "label": national.label,
            "measure": national.measure,
            "max_months": max_months,
            "poverty": national.poverty,
            "min_hospital_days": national.min_hospital_days,
        },
    )
    return row


def rules_changed() -> None:
    """Call after changing rule rows by other means (the admin): drops this process's cached RuleSet."""
    ruleset_invalidate()


# The start-month rule is pure: it lives in the engine so that the registry can use it too.
from engine.start import REFORM_MONTH, start_month_for  # noqa: E402, F401
