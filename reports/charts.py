"""Server-rendered SVG charts (no script, no library): each page shows the numbers beside them.

Every piece goes through ``format_html``, so labels (unit names) are escaped."""

from django.utils.html import format_html
from django.utils.safestring import SafeString

from btxh.formatting import format_number

PALETTE = ("#0d6efd", "#198754", "#fd7e14", "#6f42c1", "#20c997", "#dc3545", "#6c757d", "#0dcaf0")


def _short(value: int) -> str:
    """1_500_000_000 -> "1,5 tỷ"; 2_300_000 -> "2,3 tr"; small numbers as they are."""
    if value >= 1_000_000_000:
        return f"{value / 1_000_000_000:.1f} tỷ".replace(".", ",")
    if value >= 1_000_000:
        return f"{value / 1_000_000:.1f} tr".replace(".", ",")
    return format_number(value)


def _join(parts) -> SafeString:
    out = SafeString("")
    for part in parts:
        out += part
    return out


def _open(width, height, title) -> SafeString:
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 {} {}" class="chart" aria-label="{}">'
        "<title>{}</title>",
        width, height, title, title,
    )


def columns_svg(items: list[tuple[str, int]], *, title: str, height: int = 180, color: str = PALETTE[0]) -> SafeString:
    """Vertical bars, one per item (months): the label under each, the scale's top on the left."""
    width = max(320, 28 * len(items) + 40)
    top = max((v for _, v in items), default=0) or 1
    bar = (width - 40) / max(1, len(items))
    parts = [_open(width, height + 40, title)]
    for i, (label, value) in enumerate(items):
        h = round(height * value / top)
        x = 30 + i * bar
        parts.append(format_html(
            '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"><title>{}: {}</title></rect>'
            '<text x="{}" y="{}" font-size="9" text-anchor="middle">{}</text>',
            f"{x + 2:.1f}", 10 + height - h, f"{max(1, bar - 4):.1f}", h, color, label, format_number(value),
            f"{x + bar / 2:.1f}", height + 24, label,
        ))
    parts.append(format_html('<text x="30" y="9" font-size="10">{}</text>', _short(top)))
    parts.append(format_html('<line x1="28" y1="{}" x2="{}" y2="{}" stroke="#999"/></svg>', 10 + height, width - 8,
                             10 + height))
    return _join(parts)


def bars_svg(items: list[tuple[str, int]], *, title: str) -> SafeString:
    """Horizontal bars with their labels and values (categories, schemes, child units)."""
    row, label_width, bar_width = 22, 190, 260
    width = label_width + bar_width + 90
    top = max((v for _, v in items), default=0) or 1
    parts = [_open(width, row * max(1, len(items)) + 6, title)]
    for i, (label, value) in enumerate(items):
        y = 3 + i * row
        w = round(bar_width * value / top)
        text = label if len(label) <= 32 else label[:31] + "…"
        parts.append(format_html(
            '<text x="{}" y="{}" font-size="11" text-anchor="end">{}</text>'
            '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"><title>{}: {}</title></rect>'
            '<text x="{}" y="{}" font-size="11">{}</text>',
            label_width - 6, y + 14, text, label_width, y + 2, w, row - 6, PALETTE[i % len(PALETTE)], label,
            format_number(value), label_width + w + 4, y + 14, _short(value),
        ))
    parts.append(SafeString("</svg>"))
    return _join(parts)


def share_svg(part: int, whole: int, *, title: str) -> SafeString:
    """One bar: the share of ``part`` in ``whole`` (paid through accounts)."""
    share = part / whole if whole else 0
    w = round(400 * share)
    pct = f"{share * 100:.1f}".replace(".", ",") + "%"
    return _join([
        _open(420, 40, title),
        format_html(
            '<rect x="10" y="8" width="400" height="20" fill="#dee2e6"/>'
            '<rect x="10" y="8" width="{}" height="20" fill="{}"/>'
            '<text x="{}" y="23" font-size="12">{}</text></svg>',
            w, PALETTE[1], 14 + w if share < 0.85 else w - 40, pct,
        ),
    ])
