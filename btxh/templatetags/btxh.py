"""Template filters for money, dates and months, loaded in every template."""

from django import template

from btxh import formatting
from btxh.amount_words import amount_in_words

register = template.Library()

register.filter("money", formatting.format_money)
register.filter("number", formatting.format_number)
register.filter("coefficient", formatting.format_coefficient)
register.filter("vndate", formatting.format_date)
register.filter("month", formatting.format_month)
register.filter("in_words", amount_in_words)
