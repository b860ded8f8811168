"""Small display helpers of the registry pages: {% load registry %}."""

from django import template
from django.utils.html import format_html

register = template.Library()

_STATUS_COLOURS = {
    "draft": "secondary",
    "submitted": "warning",
    "returned": "danger",
    "approved": "info",
    "active": "success",
    "suspended": "dark",
    "terminated": "light",
}


@register.simple_tag
def case_badge(case):
    colour = _STATUS_COLOURS.get(case.status, "secondary")
    text_class = " text-dark border" if colour in ("light", "warning", "info") else ""
    return format_html(
        '<span class="badge text-bg-{}{}" title="{}">{}</span>',
        colour,
        text_class,
        case.get_status_display(),
        f"{case.category} · {case.get_status_display()}",
    )


@register.simple_tag
def status_badge(status, label):
    colour = _STATUS_COLOURS.get(status, "secondary")
    text_class = " text-dark border" if colour in ("light", "warning", "info") else ""
    return format_html('<span class="badge text-bg-{}{}">{}</span>', colour, text_class, label)
