"""Template filters for money, dates and months, and the lists' sort headers, loaded in every template."""

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


@register.inclusion_tag("includes/_sort_header.html", takes_context=True)
def sort_header(context, list_filter, key: str, label: str, css: str = ""):
    """A list's column header that sorts by ``key`` (btxh.filters.SortFilter): a click sorts one way,
    the next click the other, keeping the other filters (and going back to the first page); the
    header shows the direction (an arrow, and aria-sort)."""
    state = list_filter.sort_state(key)
    return {
        "request": context["request"],
        "label": label,
        "css": css,
        "state": state,
        "next": f"-{key}" if state == "ascending" else key,
    }
