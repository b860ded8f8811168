"""python manage.py report_totals --unit CODE --kind payments --period YYYY-MM|YYYY

Prints the figures over the unit's subtree (a year sums its months; people counts distinct
people) and, as its last line, the JSON
{"unit", "kind", "period", "people", "lines", "total", "arrears", "recoveries", "children": [...]}.
"""

import json

from django.core.management.base import BaseCommand, CommandError

from btxh.formatting import format_money, format_number
from btxh.models import Unit
from reports.figures import Period
from reports.models import ReportKind
from reports.selectors import report_totals


class Command(BaseCommand):
    help = "Tổng hợp số liệu báo cáo của một đơn vị và các đơn vị trực thuộc (dòng cuối là JSON)."

    def add_arguments(self, parser):
        parser.add_argument("--unit", required=True, help="mã đơn vị (xã, huyện, tỉnh)")
        parser.add_argument("--kind", default=ReportKind.PAYMENTS, choices=[k.value for k in ReportKind])
        parser.add_argument("--period", required=True, help="YYYY-MM (tháng) hoặc YYYY (năm)")
        parser.add_argument("--regime", default=None, help="2025 hoặc legacy, khi mã trùng ở hai chế độ")

    def handle(self, *args, unit, kind, period, regime, **options):
        try:
            period = Period.parse(period)
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        units = Unit.objects.filter(code=unit)
        if regime:
            units = units.filter(regime=regime)
        units = list(units.order_by("-valid_from", "path")[:2])
        if not units:
            raise CommandError(f"Không có đơn vị mã {unit}.")
        if len(units) > 1 and not regime:
            raise CommandError(f"Mã {unit} có ở hai chế độ: thêm --regime 2025 hoặc --regime legacy.")
        data = report_totals(units[0], kind, period)
        self.stdout.write(
            f"{units[0].name} · kỳ {period.label}: {format_number(data['people'])} người, "
            f"{format_number(data['lines'])} dòng, {format_money(data['total'])}"
        )
        for child in data["children"]:
            self.stdout.write(f"  {child['unit']} {child['status']}: {format_money(child['total'])}")
        self.stdout.write(json.dumps(data, ensure_ascii=False))
