"""The registry's list filters, each declared once and read by its page, its export and its selector:
``PersonFilter`` (the people list and its Excel export, ``selectors.person_list``) and ``CaseFilter``
(the case list, ``selectors.case_list``). The query-building helpers stay in ``selectors``."""

from __future__ import annotations

from datetime import date

import django_filters
from django import forms
from django.db.models import Exists, F, OuterRef, Prefetch
from django.utils import timezone

from btxh.filters import ListChoiceFilter, ListFilterSet, ListModelChoiceFilter, SortFilter
from btxh.models import Level
from btxh.selectors import unit_options_for

from .categories import category_choices
from .identity import name_normalize
from .models import Case, CaseStatus, PaymentMethod, Person
from .selectors import _NAME_ORDER_UNINDEXED, AGE_BANDS, _case_rows, _trigram_search, hamlets_of, national_id_prefix


class IdFilter(django_filters.Filter):
    """A record's id chosen from a list the form fills in (no query to check it: a foreign id finds nobody
    in the user's scope)."""

    field_class = forms.IntegerField


def _category_codes():
    return [(code, code) for code, _ in category_choices()]


class PersonFilter(ListFilterSet):
    """The people list. Everything ``person_list`` promised stays: a commune officer's rows are read
    through the (unit, name) index, a rare name through the trigram index, an ID by its prefix's range,
    the page costs three queries; name order is the default and sorts both ways on an index."""

    q = django_filters.CharFilter(
        label="Tìm",
        method="filter_q",
        widget=forms.TextInput(attrs={"placeholder": "Họ tên (không cần dấu) hoặc số định danh"}),
    )
    unit = ListModelChoiceFilter(
        label="Xã",
        queryset=None,  # the user's communes (__init__)
        empty_label="Mọi xã",
        method="filter_unit",
    )
    category = ListChoiceFilter(
        label="Diện",
        choices=_category_codes,
        empty_label="Mọi diện",
        method="filter_case",
    )
    status = ListChoiceFilter(
        label="Trạng thái hồ sơ",
        choices=CaseStatus.choices,
        empty_label="Mọi trạng thái",
        method="filter_case",
    )
    hamlet = IdFilter(
        label="Thôn",
        method="filter_hamlet",
        widget=forms.Select,
        error_messages={"invalid": "Chọn một thôn trong danh sách."},
    )
    age_band = ListChoiceFilter(
        label="Độ tuổi",
        choices=[(k, v[0]) for k, v in AGE_BANDS.items()],
        empty_label="Mọi độ tuổi",
        method="filter_age_band",
    )
    payment_method = ListChoiceFilter(
        label="Hình thức chi trả",
        choices=PaymentMethod.choices,
        empty_label="Mọi hình thức",
    )
    sort = SortFilter(
        orders={
            # (name, id) is an index; a commune officer's rows walk (unit, name).
            "name": ("Họ và tên", ("name_normalized", "id")),
            # birth_year is an index (and (unit, birth_year)); a year-only birth comes first in its year.
            "birth": ("Ngày sinh", ("birth_year", F("birth_date").asc(nulls_first=True), "id")),
            # No index: a commune's few thousand rows are sorted; a province's are sorted to the page
            # (top-N), bounded by the capped paginator's count (benchmarks/registry.py measures it).
            "hamlet": ("Thôn", ("unit__name", "unit_id", "hamlet", "name_normalized", "id")),
        },
        default="name",
    )

    layout = {
        "q": "col-md-4 col-xl-3",
        "unit": "col-md-4 col-xl-2",
        "category": "col-sm-6 col-md-4 col-xl-1",
        "status": "col-sm-6 col-md-4 col-xl-2",
        "hamlet": "col-sm-6 col-md-4 col-xl-2",
        "age_band": "col-sm-6 col-md-4 col-xl-2",
        "payment_method": "col-sm-6 col-md-4 col-xl-2",
    }
    reset_url_name = "beneficiaries:person-list"
    testid = "person-filter"

    def __init__(self, data=None, queryset=None, *, user, today: date | None = None, **kwargs):
        self.today = today or timezone.localdate()
        self.user_commune = user.unit if user.unit_id and user.unit.level == Level.COMMUNE else None
        self.name_unindexed = False
        super().__init__(data, queryset, user=user, **kwargs)
        if self.user_commune is not None:
            del self.filters["unit"]  # one commune: nothing to choose
        else:
            self.filters["unit"].queryset = unit_options_for(user)

    def base_queryset(self):
        qs = Person.objects.for_user(self.user).select_related("unit")
        if self.user_commune is not None:
            # The same rows as the scope, said so that the database walks the (unit, name) index
            # instead of the whole name index (measured: 50 ms → 1 ms on a million people).
            qs = qs.filter(unit_id=self.user_commune.pk)
        return qs

    @property
    def commune(self):
        """The one commune the list shows (the user's, or the one chosen), else None."""
        if self.user_commune is not None:
            return self.user_commune
        self.form.is_valid()  # the unit is read even when another field has an error
        unit = self.form.cleaned_data.get("unit")
        return unit if unit is not None and unit.level == Level.COMMUNE else None

    def filter_unit(self, queryset, name, unit):
        if unit.level == Level.COMMUNE:
            return queryset.filter(unit=unit)
        return queryset.filter(unit__path__startswith=unit.path)

    def filter_q(self, queryset, name, value):
        q = value.strip()
        if not q:
            return queryset
        digits = q.replace(" ", "")
        if digits.isdigit() and len(digits) >= 3:
            return queryset.filter(national_id_prefix(digits))
        fragment = name_normalize(q)
        if self.commune is None and _trigram_search(fragment):
            self.name_unindexed = True
        return queryset.filter(name_normalized__contains=fragment)

    def filter_case(self, queryset, name, value):
        """The category and the status describe the same case: one EXISTS with both."""
        data = self.form.cleaned_data
        if name == "status" and data.get("category"):
            return queryset  # the category's EXISTS has it
        cases = Case.objects.filter(person=OuterRef("pk"), **{name: value})
        if name == "category" and data.get("status"):
            cases = cases.filter(status=data["status"])
        return queryset.filter(Exists(cases))

    def filter_hamlet(self, queryset, name, value):
        return queryset.filter(hamlet_ref_id=value)

    def filter_age_band(self, queryset, name, value):
        # [from, to) in years reached this year: the birth-year index does the work.
        _, low, high = AGE_BANDS[value]
        queryset = queryset.filter(birth_year__lte=self.today.year - low)
        return queryset.filter(birth_year__gt=self.today.year - high) if high is not None else queryset

    def ordering(self):
        terms = super().ordering()
        if self.name_unindexed:
            # A rare name found through the trigram index: sort the matches, do not walk the name index.
            swap = {"name_normalized": _NAME_ORDER_UNINDEXED.asc(), "-name_normalized": _NAME_ORDER_UNINDEXED.desc()}
            terms = tuple(swap.get(t, t) if isinstance(t, str) else t for t in terms)
        return terms

    def finish(self, queryset):
        return queryset.prefetch_related(Prefetch("cases", queryset=_case_rows()))

    def form_field_ready(self, name, field):
        if name == "hamlet":
            # The commune's hamlets, those no longer in use too (their people are still there): only
            # for one commune (a province has thousands).
            hamlets = hamlets_of(self.user, self.commune)
            field.widget.choices = [("", "Mọi thôn")] + [
                (h.pk, f"{h.name} (ngừng sử dụng)" if not h.active else h.name) for h in hamlets
            ]
            if not hamlets:
                field.widget.attrs.update(disabled=True, title="Chọn một xã để lọc theo thôn")

    def export_params(self) -> dict:
        """The query string as the export job keeps it (its parameters are JSON)."""
        return {name: self.data.get(name) for name in self.filters if self.data.get(name) not in (None, "")}


class CaseFilter(ListFilterSet):
    """The case list: the person's name, the status, the category; newest change first."""

    q = django_filters.CharFilter(
        label="Họ tên đối tượng",
        method="filter_q",
        widget=forms.TextInput(attrs={"placeholder": "Họ tên (không cần dấu)"}),
    )
    status = ListChoiceFilter(
        label="Trạng thái",
        choices=CaseStatus.choices,
        empty_label="Mọi trạng thái",
    )
    category = ListChoiceFilter(
        label="Diện",
        choices=_category_codes,
        empty_label="Mọi diện",
    )
    sort = SortFilter(
        orders={
            "name": ("Đối tượng", ("person__name_normalized", "id")),
            "updated": ("Cập nhật", ("updated_at", "id")),
        },
        default="-updated",
    )

    layout = {
        "q": "col-md-4 col-xl-3",
        "status": "col-sm-6 col-md-3 col-xl-2",
        "category": "col-sm-6 col-md-3 col-xl-1",
    }
    reset_url_name = "beneficiaries:case-list"
    testid = "case-filter"

    def base_queryset(self):
        # The approving unit is always on the commune's chain: an approver sees every case submitted to them.
        return Case.objects.for_user(self.user).select_related("person", "unit", "approving_unit")

    def filter_q(self, queryset, name, value):
        fragment = name_normalize(value)
        return queryset.filter(person__name_normalized__contains=fragment) if fragment else queryset
