"""Template filters for money, dates and months, loaded in every template."""

from django import template
from django.utils.http import urlencode

from btxh import formatting
from btxh.amount_words import amount_in_words

register = template.Library()

register.filter("money", formatting.format_money)
register.filter("number", formatting.format_number)
register.filter("coefficient", formatting.format_coefficient)
register.filter("vndate", formatting.format_date)
register.filter("month", formatting.format_month)
register.filter("in_words", amount_in_words)


@register.simple_tag(takes_context=True)
def query_with(context, **kwargs):
    """The current query string with some parameters replaced (for pagination links)."""
    params = context["request"].GET.copy()
    for key, value in kwargs.items():
        params[key] = value
    return "?" + urlencode(sorted(params.items()), doseq=False) if params else ""
