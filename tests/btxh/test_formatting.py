from datetime import date
from decimal import Decimal

from django.template import Context, Template

from btxh.formatting import format_coefficient, format_date, format_money, format_month


def test_money_uses_dots_for_thousands_and_the_dong_sign():
    assert format_money(1_500_000) == "1.500.000 đ"
    assert format_money(0) == "0 đ"
    assert format_money(-250_000) == "-250.000 đ"


def test_coefficient_uses_a_decimal_comma():
    assert format_coefficient(Decimal("2.5")) == "2,5"
    assert format_coefficient(Decimal("1")) == "1,0"


def test_dates_are_day_month_year():
    assert format_date(date(2026, 1, 5)) == "05/01/2026"
    assert format_month(date(2025, 7, 1)) == "07/2025"
    assert format_month("2024-08") == "08/2024"


def test_template_filters_are_available_everywhere_and_django_dates_are_vietnamese(settings):
    out = Template("{{ a|money }} {{ d|vndate }} {{ d|date }} {{ n|in_words }}").render(
        Context({"a": 1_050_000, "d": date(2026, 11, 23), "n": 1_050_000})
    )
    assert out == "1.050.000 đ 23/11/2026 23/11/2026 Một triệu không trăm năm mươi nghìn đồng"
