"""The roll page's line filter, declared once (``selectors.roll_lines_page`` reads it too)."""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Case, CharField, F, When
from django.db.models.functions import Concat, Substr

from beneficiaries.models import PaymentMethod
from btxh.filters import ListChoiceFilter, ListFilterSet, SortFilter

from .models import LineStatus, PaymentLine

ROLL_PAGE_FIELDS = (
    "id", "full_name", "birth", "hamlet", "scheme", "categories", "coefficient", "base_rate", "amount", "arrears",
    "arrears_months", "recovery", "funeral", "carried_over", "total", "payment_method", "status", "person_id",
)  # fmt: skip

# A line keeps the birth as printed: "dd/mm/yyyy", or "yyyy" when only the year is known. Sorted as
# yyyymmdd, a year alone comes first in its year.
_BIRTH_ORDER = Case(
    When(
        birth__regex=r"^\d{2}/\d{2}/\d{4}$",
        then=Concat(Substr("birth", 7, 4), Substr("birth", 4, 2), Substr("birth", 1, 2), output_field=CharField()),
    ),
    default=F("birth"),
    output_field=CharField(),
)


class RollLineFilter(ListFilterSet):
    """One roll's lines: a part of the name, the hamlet, how and whether the money was received; in the
    roll's order (hamlet, then name) or by name, birth date, hamlet, this month's amount or the total.
    A roll is one commune's, a few thousand lines at most: every order is a sort of those."""

    q = django_filters.CharFilter(
        label="Họ tên",
        method="filter_q",
        widget=forms.TextInput(attrs={"placeholder": "Tìm theo họ tên"}),
    )
    hamlet = ListChoiceFilter(
        label="Thôn",
        choices=[],  # the roll's hamlets (form_field_ready)
        empty_label="Mọi thôn",
    )
    payment_method = ListChoiceFilter(
        label="Nhận qua",
        choices=PaymentMethod.choices,
        empty_label="Mọi hình thức",
    )
    status = ListChoiceFilter(
        label="Tình trạng",
        choices=LineStatus.choices,
        empty_label="Mọi tình trạng",
    )
    sort = SortFilter(
        orders={
            # The name as the people list sorts it (diacritics and case aside).
            "name": ("Họ và tên", ("person__name_normalized", "full_name", "id")),
            "birth": ("Ngày sinh", (_BIRTH_ORDER, "id")),
            "hamlet": ("Thôn", ("hamlet", "full_name", "id")),  # the roll's own order (PaymentLine.Meta)
            "amount": ("Tháng này", ("amount", "id")),
            "total": ("Tổng", ("total", "id")),
        },
        default="hamlet",
    )

    layout = {
        "q": "col-md-4 col-xl-3",
        "hamlet": "col-sm-6 col-md-4 col-xl-3",
        "payment_method": "col-sm-6 col-md-4 col-xl-2",
        "status": "col-sm-6 col-md-4 col-xl-2",
    }
    testid = "roll-line-filter"

    def __init__(self, data=None, queryset=None, *, roll, hamlets=None, **kwargs):
        """``hamlets``: the roll's hamlet names when the caller has them already (the roll page's
        totals by hamlet), else they are read for the hamlet choice."""
        self.roll = roll
        self.hamlets = hamlets
        super().__init__(data, queryset, **kwargs)

    def base_queryset(self):
        return PaymentLine.objects.filter(roll=self.roll).only(*ROLL_PAGE_FIELDS)

    def filter_q(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(full_name__icontains=value) if value else queryset

    def form_field_ready(self, name, field):
        if name == "hamlet":
            hamlets = self.hamlets
            if hamlets is None:
                hamlets = PaymentLine.objects.filter(roll=self.roll).values_list("hamlet", flat=True).distinct()
            field.choices = [(h, h) for h in sorted(set(hamlets)) if h]
