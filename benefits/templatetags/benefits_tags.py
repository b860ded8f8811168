from django import template
from django.utils.html import format_html_join

from beneficiaries.categories import SCHEME_LABELS, category_codes_of, category_labels, category_name

register = template.Library()


@register.filter
def scheme_label(code: str) -> str:
    """MONTHLY_ALLOWANCE -> "Trợ cấp xã hội hằng tháng"."""
    return str(SCHEME_LABELS.get(code, code))


@register.filter
def category_names(categories: str) -> str:
    """A payment line's categories in full: "SP-75" -> "Người từ đủ 75 tuổi không có lương hưu, …"."""
    return category_labels(categories)


@register.filter
def category_abbr(categories: str) -> str:
    """The short forms, each with its full name on hover."""
    names = [category_name(code) for code in category_codes_of(categories)]
    return format_html_join(", ", '<abbr title="{}">{}</abbr>', ((name.label, name.short) for name in names))
