"""One month (issue 11 item 2): ``btxh.fields.MonthField`` stores a month as its first day and reads
back an ``engine.Month``; its form field ``btxh.forms.MonthField`` cleans "mm/yyyy" to a Month; the
migrations that moved the month columns to it change no database schema."""

import io
import json
from datetime import date

import pytest
from django import forms
from django.contrib import admin
from django.core import serializers
from django.core.management import call_command
from django.db import connection, transaction
from django.db.models import Max, Min

from beneficiaries.models import PensionPeriod
from benefits.models import BaseRate
from benefits.payroll.models import PaymentRoll
from btxh.fields import MonthField
from btxh.forms import MonthField as MonthFormField
from engine import Month
from tests.benefits.payroll_factories import make_person

JULY = Month(2026, 7)


def _roll(unit, month):
    return PaymentRoll.objects.create(unit=unit, month=month)


def _column(roll) -> str:
    """The month column as the database holds it, read without the field."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT month FROM {PaymentRoll._meta.db_table} WHERE id = %s", [roll.pk])
        return str(cursor.fetchone()[0])


# -- the model field -------------------------------------------------------------------------------
@pytest.mark.django_db
def test_a_month_saved_is_a_month_read_back_and_the_first_day_in_the_column(commune):
    roll = _roll(commune, JULY)
    assert _column(roll) == "2026-07-01"
    fresh = PaymentRoll.objects.get(pk=roll.pk)
    assert type(fresh.month) is Month and fresh.month == JULY
    assert PaymentRoll.objects.values_list("month", flat=True).get(pk=roll.pk) == JULY
    assert PaymentRoll.objects.values("month").get(pk=roll.pk) == {"month": JULY}


@pytest.mark.django_db
def test_a_first_day_assigned_becomes_a_month_on_the_instance_at_once(commune):
    roll = _roll(commune, date(2026, 8, 1))
    assert roll.month == Month(2026, 8)  # not only after reading it back
    roll.month = "2026-09"
    assert roll.month == Month(2026, 9)
    roll.save()
    roll.refresh_from_db()
    assert roll.month == Month(2026, 9) and _column(roll) == "2026-09-01"


@pytest.mark.django_db
def test_a_day_that_is_not_the_first_is_refused_when_assigned_or_written_not_moved_to_its_month(commune):
    with pytest.raises(ValueError, match="15/07/2026"):
        PaymentRoll(unit=commune, month=date(2026, 7, 15))
    roll = _roll(commune, JULY)
    with pytest.raises(ValueError, match="15/07/2026"), transaction.atomic():
        PaymentRoll.objects.filter(pk=roll.pk).update(month=date(2026, 7, 15))
    assert _column(roll) == "2026-07-01"
    PaymentRoll.objects.filter(pk=roll.pk).update(month=Month(2026, 8))
    assert _column(roll) == "2026-08-01"


@pytest.mark.django_db
def test_a_day_in_a_lookup_is_compared_as_that_day(commune):
    """``month__range=(first day, last day)`` (the payroll's windows) finds the months between."""
    for month in (Month(2026, 6), JULY, Month(2026, 8)):
        _roll(commune, month)
    rolls = PaymentRoll.objects.all()
    assert list(rolls.filter(month__range=(date(2026, 6, 1), date(2026, 7, 31))).order_by("month").values_list(
        "month", flat=True)) == [Month(2026, 6), JULY]  # fmt: skip
    assert rolls.filter(month__gte=date(2026, 7, 15)).count() == 1  # August only: 1 July is before the 15th
    assert rolls.filter(month__lte=date(2026, 7, 15)).count() == 2
    assert rolls.filter(month=date(2026, 7, 15)).count() == 0
    assert rolls.filter(month__lt="2026-07-15").count() == 2


@pytest.mark.django_db
def test_lookups_take_a_month_a_first_day_or_the_month_text(commune, other_commune):
    for unit, month in ((commune, Month(2026, 6)), (commune, JULY), (commune, Month(2026, 8)), (other_commune, JULY)):
        _roll(unit, month)
    rolls = PaymentRoll.objects.all()
    assert rolls.filter(month=JULY).count() == 2
    assert rolls.filter(month=date(2026, 7, 1)).count() == 2
    assert rolls.filter(month="2026-07").count() == 2
    assert rolls.filter(month__gte=JULY).count() == 3
    assert rolls.filter(month__lt=JULY).count() == 1
    assert rolls.filter(month__gt=date(2026, 7, 1)).count() == 1
    assert rolls.filter(month__range=(Month(2026, 6), JULY)).count() == 3
    assert rolls.filter(month__in=[Month(2026, 6), Month(2026, 8)]).count() == 2
    assert rolls.filter(month__year=2026, month__month=7).count() == 2
    assert list(rolls.filter(unit=commune).order_by("-month").values_list("month", flat=True)) == [
        Month(2026, 8),
        JULY,
        Month(2026, 6),
    ]
    assert rolls.aggregate(first=Min("month"), last=Max("month")) == {"first": Month(2026, 6), "last": Month(2026, 8)}
    roll = rolls.get(unit=commune, month=JULY)
    assert roll.get_next_by_month(unit=commune) == rolls.get(month=Month(2026, 8))


@pytest.mark.django_db
def test_a_null_month_stays_none(commune):
    person = make_person(commune, "Lò Thị Mai", birth=date(1950, 3, 1))
    open_period = PensionPeriod.objects.create(person=person, start_month=JULY)
    closed = PensionPeriod.objects.create(person=person, start_month=Month(2025, 1), end_month=Month(2025, 12))
    assert PensionPeriod.objects.get(pk=open_period.pk).end_month is None
    assert PensionPeriod.objects.get(pk=closed.pk).end_month == Month(2025, 12)
    assert list(PensionPeriod.objects.filter(end_month__isnull=True).values_list("pk", flat=True)) == [open_period.pk]
    open_period.end_month = Month(2026, 12)
    open_period.end_month = None
    open_period.save()
    assert PensionPeriod.objects.filter(end_month=None).count() == 1


@pytest.mark.django_db
def test_the_drivers_write_a_month_as_its_first_day(commune):
    """COPY rows and raw SQL parameters (the payroll's fast paths) accept a Month."""
    _roll(commune, JULY)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM {PaymentRoll._meta.db_table} WHERE month = %s", [JULY])
        assert cursor.fetchone()[0] == 1
        cursor.execute(f"SELECT COUNT(*) FROM {PaymentRoll._meta.db_table} WHERE month = %s", [Month(2026, 8)])
        assert cursor.fetchone()[0] == 0


@pytest.mark.django_db
def test_a_serialised_row_writes_the_first_day_and_reads_back_a_month(commune):
    roll = _roll(commune, JULY)
    text = serializers.serialize("json", [roll], fields=["month"])
    assert json.loads(text)[0]["fields"]["month"] == "2026-07-01"
    assert next(serializers.deserialize("json", text)).object.month == JULY


def test_full_clean_reads_text_and_refuses_nonsense():
    field = PaymentRoll._meta.get_field("month")
    assert isinstance(field, MonthField)
    assert field.clean("07/2026", None) == JULY
    assert field.clean("2026-07-01", None) == JULY
    with pytest.raises(forms.ValidationError):
        field.clean("tháng bảy", None)


MONTH_COLUMNS = [
    ("benefits", "PaymentRoll", "month"), ("benefits", "PaymentLine", "month"), ("benefits", "LedgerEntry", "month"),
    ("reports", "RollSummary", "month"),
    ("beneficiaries", "Case", "start_month"), ("beneficiaries", "Case", "end_month"),
    ("beneficiaries", "Case", "paid_until_month"), ("beneficiaries", "Case", "suspended_from_month"),
    ("beneficiaries", "CaseEvent", "month"), ("beneficiaries", "FuneralClaim", "paid_month"),
    ("beneficiaries", "DisabilityAssessment", "from_month"), ("beneficiaries", "PensionPeriod", "start_month"),
    ("beneficiaries", "PensionPeriod", "end_month"), ("beneficiaries", "Decision", "month"),
    *(("benefits", model, name) for model in ("BaseRate", "Category", "CoefficientBand", "FlatAmount",
                                               "EmergencyAidLevel") for name in ("valid_from", "valid_to")),
]  # fmt: skip


@pytest.mark.parametrize(("app", "model", "name"), MONTH_COLUMNS)
def test_every_month_column_is_a_month_field(app, model, name):
    from django.apps import apps

    assert type(apps.get_model(app, model)._meta.get_field(name)) is MonthField


# -- the form field -------------------------------------------------------------------------------
@pytest.mark.parametrize("text", ["07/2026", "7/2026", " 07 / 2026 ", "2026-07", "2026-7"])
def test_the_form_field_reads_the_spellings_officers_type(text):
    assert MonthFormField().clean(text) == JULY


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("13/2026", "Tháng không hợp lệ, hãy nhập dạng mm/yyyy, ví dụ 07/2026."),
        ("tháng 7", "Tháng không hợp lệ, hãy nhập dạng mm/yyyy, ví dụ 07/2026."),
        ("07-2026", "Tháng không hợp lệ, hãy nhập dạng mm/yyyy, ví dụ 07/2026."),
        ("01/1899", "Tháng không hợp lệ: năm phải từ 1900 trở đi (nhập dạng mm/yyyy)."),
    ],
)
def test_the_form_field_says_in_vietnamese_what_is_wrong(text, message):
    with pytest.raises(forms.ValidationError) as error:
        MonthFormField(required=False).clean(text)
    assert error.value.messages == [message]


def test_the_form_field_empty_shows_and_keeps_months():
    assert MonthFormField(required=False).clean("") is None
    with pytest.raises(forms.ValidationError):
        MonthFormField().clean("")
    field = MonthFormField()
    assert field.clean(JULY) == JULY
    assert field.prepare_value(JULY) == "07/2026"
    assert field.prepare_value("07/20") == "07/20"  # what was typed is shown back with its error
    html = field.widget.render("month", field.prepare_value(JULY))
    assert 'placeholder="mm/yyyy"' in html and 'value="07/2026"' in html


def test_the_model_field_gives_the_one_form_field_even_in_the_admin():
    field = PaymentRoll._meta.get_field("month")
    assert type(field.formfield()) is MonthFormField
    in_admin = admin.ModelAdmin(BaseRate, admin.site).formfield_for_dbfield(
        BaseRate._meta.get_field("valid_from"), request=None
    )
    assert type(in_admin) is MonthFormField
    assert 'placeholder="mm/yyyy"' in in_admin.widget.render("valid_from", "07/2026")


# -- the migrations -------------------------------------------------------------------------------
@pytest.mark.django_db(transaction=True)  # SQLite's schema editor cannot run inside a transaction
@pytest.mark.parametrize(
    ("app", "name"),
    [
        ("beneficiaries", "0010_month_columns_read_as_month"),
        ("benefits", "0016_month_columns_read_as_month"),
        ("reports", "0007_month_columns_read_as_month"),
    ],
)
def test_moving_the_columns_to_month_field_changes_no_schema(app, name):
    out = io.StringIO()
    call_command("sqlmigrate", app, name, stdout=out)
    statements = [line for line in out.getvalue().splitlines() if line.strip() and not line.startswith("--")]
    assert all(s.strip().rstrip(";").upper() in ("BEGIN", "COMMIT") for s in statements), statements
