"""The one model field for a month: ``MonthField``.

A month is stored as the first day of that month in a ``date`` column (the schema of a
``DateField``), and read back, assigned and compared as an ``engine.Month``:

- reading (a query, ``values()``, an aggregate such as ``Max``) gives a Month;
- assigning a Month or a date's first day (``roll.month = date(2026, 7, 1)``) keeps a Month on the
  instance; a date that is not the first of its month is refused (``ValueError``), when assigned
  and when written (``save``, ``update``, ``bulk_create``): a month column never holds another day,
  and ``Month.of(day)`` says which month a day falls in;
- lookups take a Month (its first day) or ``"2026-07"`` (``month__gte=Month(2026, 7)``); a date in
  a lookup is compared as that date with the stored first days, as before (``month__range=(first
  day, last day)`` finds the months between);
- its form field is ``btxh.forms.MonthField`` (typed ``mm/yyyy``, cleaned to a Month).

A Month handed straight to the database driver (COPY, raw SQL) is written as its first day.
"""

from __future__ import annotations

import sqlite3
from datetime import date, datetime

from django import forms
from django.core import exceptions
from django.db import models
from django.db.models.query_utils import DeferredAttribute

from engine import EngineError, Month

INVALID = "Tháng không hợp lệ: “%(value)s” (cần dạng mm/yyyy)."
NOT_FIRST = "Cột tháng chỉ lưu ngày đầu tháng, không lưu ngày %(value)s: dùng Month.of(ngày) để lấy tháng của ngày đó."


def as_month(value) -> Month | None:
    """A Month from what a month column accepts: a Month, the first day of a month (a date or
    ``"2026-07-01"``), a month's text (``"2026-07"``, ``"07/2026"``) or None. Anything else raises
    ValueError (a date that is not the first of its month included)."""
    if value is None or isinstance(value, Month):
        return value
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        if value.day != 1:
            raise ValueError(NOT_FIRST % {"value": value.strftime("%d/%m/%Y")})
        return Month(value.year, value.month)
    if isinstance(value, str):
        text = value.strip()
        if not text:
            return None
        try:
            if len(text) == 10 and text[4] == "-":  # an ISO day: the column's own text
                return as_month(date.fromisoformat(text))
            return Month.parse(text)
        except (EngineError, ValueError) as error:
            raise ValueError(str(error)) from None
    raise ValueError(INVALID % {"value": value})


class MonthAttribute(DeferredAttribute):
    """Keeps a Month on the instance whatever was assigned (a first day, a Month, a month's text);
    expressions (``F("month")``) are left alone."""

    def __set__(self, instance, value):
        if value is not None and value.__class__ is not Month and isinstance(value, (date, str)):
            value = as_month(value)
        instance.__dict__[self.field.attname] = value


class MonthField(models.DateField):
    """A calendar month: an ``engine.Month`` in Python, the month's first day in the database."""

    descriptor_class = MonthAttribute
    description = "Tháng (lưu ngày đầu tháng)"

    def from_db_value(self, value, expression, connection):
        if value.__class__ is date and value.day == 1:
            return Month.of(value)  # the common case, cached: a roll reads the same few months
        # None, or text from SQLite for some expressions (an aggregate of the column): as_month reads both.
        return None if value is None else as_month(value)

    def to_python(self, value):
        try:
            return as_month(value)
        except ValueError as error:
            raise exceptions.ValidationError(str(error), code="invalid") from None

    def get_prep_value(self, value):
        """A lookup's value for the database: a Month (or a month's text) is its first day; a date
        stays the date it is (compared with the stored first days). Expressions (``F()``, a
        subquery) never reach this method."""
        if isinstance(value, datetime):
            value = value.date()
        if value is None or isinstance(value, date):
            return value
        if isinstance(value, str) and len(value.strip()) == 10:
            try:
                return date.fromisoformat(value.strip())
            except ValueError:
                pass
        return as_month(value).first_day

    def get_db_prep_save(self, value, connection):
        """What is written must be a month: a date that is not a first day is refused here too
        (``QuerySet.update``, ``bulk_create`` do not go through the instance)."""
        if not hasattr(value, "as_sql"):
            value = as_month(value)
        return super().get_db_prep_save(value, connection)

    def value_to_string(self, obj):
        month = self.value_from_object(obj)
        return "" if month is None else month.first_day.isoformat()

    def formfield(self, **kwargs):
        from .forms import MonthField as MonthFormField

        widget = kwargs.get("widget")
        if widget is not None and (
            isinstance(widget, forms.DateInput) or (isinstance(widget, type) and issubclass(widget, forms.DateInput))
        ):
            del kwargs["widget"]  # the admin's calendar: a month is typed mm/yyyy
        return models.Field.formfield(self, **{"form_class": MonthFormField, **kwargs})


def _register_driver_adapters() -> None:
    """Let the drivers write a Month (COPY rows, raw SQL parameters) as its first day."""
    sqlite3.register_adapter(Month, lambda month: month.first_day.isoformat())
    try:
        import psycopg
        from psycopg.types.datetime import DateDumper
    except ImportError:  # pragma: no cover - PostgreSQL is optional in development
        return

    class MonthDumper(DateDumper):
        def dump(self, obj):
            return super().dump(obj.first_day)

    psycopg.adapters.register_dumper(Month, MonthDumper)


_register_driver_adapters()
