"""What every list's filter shares: a django-filter ``FilterSet`` read alike by the page, its export
and its selector, its Bootstrap 5 form (templates/includes/_filter_form.html), and the ``sort``
parameter of its clickable headers.

One ``ListFilterSet`` per list declares its fields once: ``beneficiaries/filters.py`` (people, cases),
``benefits/payroll/filters.py`` (a roll's lines), ``UnitFilter`` below (the units page). A list's
FilterSet builds the whole query: its base rows (scoped), each field's filter, then the order of
its ``sort`` field. A bound FilterSet whose form has an error lists nothing (its ``qs`` is empty):
the page shows the error at the field, an export of it is refused.
"""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import OrderBy
from django.db.models.expressions import BaseExpression
from django.urls import reverse

from .models import Level, Unit


def order_reversed(term):
    """The same ORDER BY term the other way round: "name" ↔ "-name", ``F(x).asc(nulls_first=True)`` ↔
    ``F(x).desc(nulls_last=True)`` (where the NULLs go turns round with the rows)."""
    if isinstance(term, str):
        return term[1:] if term.startswith("-") else f"-{term}"
    if isinstance(term, OrderBy):
        return OrderBy(
            term.expression,
            descending=not term.descending,
            nulls_first=True if term.nulls_last else None,
            nulls_last=True if term.nulls_first else None,
        )
    if isinstance(term, BaseExpression):
        return term.desc()
    raise TypeError(f"cannot reverse the order term {term!r}")


def _refusal(empty_label: str) -> dict:
    """ "Mọi thôn" → the message for a value not in the list: "Chọn một thôn trong danh sách." """
    return {"invalid_choice": f"Chọn một {empty_label.removeprefix('Mọi ')} trong danh sách."}


class ListChoiceFilter(django_filters.ChoiceFilter):
    """A choice in a list whose empty choice is "Mọi …" (every …); a value not in the list is refused
    at the field with "Chọn một … trong danh sách."."""

    def __init__(self, *args, empty_label: str, **kwargs):
        kwargs.setdefault("error_messages", _refusal(empty_label))
        super().__init__(*args, empty_label=empty_label, **kwargs)


class ListModelChoiceFilter(django_filters.ModelChoiceFilter):
    """``ListChoiceFilter`` for a choice of rows (the user's communes)."""

    def __init__(self, *args, empty_label: str, **kwargs):
        kwargs.setdefault("error_messages", _refusal(empty_label))
        super().__init__(*args, empty_label=empty_label, **kwargs)


class SortFilter(django_filters.Filter):
    """The ``sort`` parameter of a list: a column's key ("name"), or the key after "-" for the other way
    round ("-name"). ``orders`` maps each key to its label and the ORDER BY terms that serve it, ending
    with a unique column so that pages never overlap; ``default`` is the key used without a ``sort``
    (None: the queryset's own order). An unknown value is no error but the default order: it only ever
    comes from a header link or an old bookmark, never from something typed."""

    field_class = forms.CharField

    def __init__(self, *, orders: dict[str, tuple[str, tuple]], default: str | None = None, **kwargs):
        self.orders = orders
        self.default = default
        kwargs.setdefault("widget", forms.HiddenInput)
        kwargs.setdefault("label", "Sắp xếp")
        super().__init__(**kwargs)

    def key(self, value: str | None) -> str | None:
        """The valid ``sort`` value asked for, or the default one."""
        if value and value.lstrip("-") in self.orders and value.count("-") <= 1:
            return value
        return self.default

    def terms(self, value: str | None) -> tuple | None:
        """The ORDER BY of ``value`` (None: keep the queryset's order)."""
        key = self.key(value)
        if key is None:
            return None
        terms = self.orders[key.lstrip("-")][1]
        return tuple(order_reversed(t) for t in terms) if key.startswith("-") else tuple(terms)

    def filter(self, qs, value):
        return qs  # the FilterSet orders last (ListFilterSet.filter_queryset)


class ListFilterSet(django_filters.FilterSet):
    """A list's filter. Subclasses declare their filters, ``layout`` (field name → Bootstrap column
    classes) and usually a ``sort = SortFilter(...)``; ``base_queryset`` gives the rows before filtering
    (already scoped) and ``finish`` what every page of the list needs once filtered and ordered."""

    layout: dict[str, str] = {}
    reset_url_name: str = ""
    testid: str = ""

    def __init__(self, data=None, queryset=None, *, user=None, **kwargs):
        self.user = user
        if queryset is None:
            queryset = self.base_queryset()
        super().__init__({} if data is None else data, queryset, **kwargs)

    def base_queryset(self):
        raise NotImplementedError

    # -- the query ---------------------------------------------------------
    @property
    def qs(self):
        if not hasattr(self, "_qs"):
            self._qs = self.filter_queryset(self.queryset.all()) if self.form.is_valid() else self.queryset.none()
        return self._qs

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        terms = self.ordering()
        if terms is not None:
            queryset = queryset.order_by(*terms)
        return self.finish(queryset)

    def finish(self, queryset):
        return queryset

    @property
    def sort_filter(self) -> SortFilter | None:
        sort = self.filters.get("sort")
        return sort if isinstance(sort, SortFilter) else None

    def sort_value(self) -> str | None:
        """The ``sort`` the list is in: the valid one asked for, else the default."""
        sort = self.sort_filter
        if sort is None:
            return None
        return sort.key(self.form.cleaned_data.get("sort") if self.form.is_valid() else self.data.get("sort"))

    def ordering(self) -> tuple | None:
        sort = self.sort_filter
        return sort.terms(self.sort_value()) if sort else None

    # -- the form ------------------------------------------------------------
    @property
    def form(self):
        if not hasattr(self, "_form"):
            form = super().form
            for name, field in form.fields.items():
                widget = field.widget
                if isinstance(widget, forms.HiddenInput):
                    continue
                css = (
                    "form-select form-select-sm" if isinstance(widget, forms.Select) else "form-control form-control-sm"
                )
                widget.attrs["class"] = css
                self.form_field_ready(name, field)
            if form.is_bound and not form.is_valid():
                for name in form.errors:
                    if name in form.fields:
                        attrs = form.fields[name].widget.attrs
                        attrs["class"] = f"{attrs.get('class', '')} is-invalid".strip()
                        attrs.update({"aria-invalid": "true", "aria-describedby": f"id_{name}_error"})
        return self._form

    def form_field_ready(self, name: str, field) -> None:
        """Adjust a field of the form (choices that depend on the user or the data)."""

    # What templates/includes/_filter_form.html lays out: Bootstrap 5 columns, the crispy-forms
    # Bootstrap 5 pack's markup (label, widget, the error under it). Written out rather than through
    # {% crispy %}, whose layout rendering cost the people list 20-60 ms a page on a busy 2-core
    # machine (benchmarks/registry.py), as much as the rest of the page.
    def form_columns(self) -> list[tuple]:
        form = self.form
        return [(form[name], css) for name, css in self.layout.items() if name in form.fields]

    def form_hidden(self) -> list:
        """The order asked for goes with the filters (none asked for: nothing in the URL)."""
        return [
            self.form[name]
            for name, field in self.form.fields.items()
            if isinstance(field.widget, forms.HiddenInput) and self.data.get(name)
        ]

    @property
    def reset_url(self) -> str:
        return reverse(self.reset_url_name) if self.reset_url_name else "?"

    def has_errors(self) -> bool:
        return bool(self.form.errors)

    def is_filtered(self) -> bool:
        """Does the list leave rows out (a filter other than the order has a value)?"""
        data = self.form.cleaned_data if self.form.is_valid() else {}
        return any(value not in (None, "") for name, value in data.items() if name != "sort")

    def sort_state(self, key: str) -> str:
        """How the list is sorted by the column ``key``: "ascending", "descending" or "" (ARIA's words)."""
        value = self.sort_value()
        if value == key:
            return "ascending"
        if value == f"-{key}":
            return "descending"
        return ""


class UnitFilter(ListFilterSet):
    """The units page: a name's part and a level, in the tree's order or by name or code."""

    q = django_filters.CharFilter(
        label="Tìm theo tên", method="filter_q", widget=forms.TextInput(attrs={"placeholder": "Tên đơn vị"})
    )
    level = ListChoiceFilter(
        label="Cấp",
        choices=Level.choices,
        empty_label="Mọi cấp",
    )
    sort = SortFilter(
        orders={"name": ("Tên", ("name", "path")), "code": ("Mã", ("code", "path"))},
        default=None,  # the tree's order (Unit.Meta.ordering: the path)
    )

    layout = {"q": "col-md-4 col-xl-3", "level": "col-sm-6 col-md-3 col-xl-2"}
    reset_url_name = "unit-list"

    def base_queryset(self):
        return Unit.objects.for_user(self.user).select_related("parent")

    def filter_q(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(name__icontains=value) if value else queryset
