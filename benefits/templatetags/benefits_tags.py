from django import template

from benefits.engine.funeral import FUNERAL
from benefits.models import Scheme

register = template.Library()

LABELS = {**dict(Scheme.choices), FUNERAL: "Hỗ trợ chi phí mai táng"}


@register.filter
def scheme_label(code: str) -> str:
    """MONTHLY_ALLOWANCE -> "Trợ cấp xã hội hằng tháng"."""
    return str(LABELS.get(code, code))
