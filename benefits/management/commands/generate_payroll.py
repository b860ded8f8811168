import json

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from benefits.payroll import services
from btxh.models import Level, Unit
from engine import EngineError, Month


class Command(BaseCommand):
    help = "Lập danh sách chi trả của một xã (hoặc mọi xã của một huyện/tỉnh) cho một tháng."

    def add_arguments(self, parser):
        parser.add_argument("--unit", required=True, help="mã đơn vị (xã, huyện hoặc tỉnh)")
        parser.add_argument("--month", required=True, help="YYYY-MM")
        parser.add_argument("--regime", default="2025", help="chế độ đơn vị khi mã trùng (mặc định 2025)")
        parser.add_argument("--full", action="store_true", help="tính lại toàn bộ, không giữ nguyên dòng nào của tháng trước")

    def handle(self, *args, unit, month, regime, full, **options):
        try:
            month = Month.parse(month)
        except EngineError as exc:
            raise CommandError(str(exc)) from exc
        try:
            services.payroll_month_check(month, timezone.localdate())
        except services.PayrollError as exc:
            raise CommandError(exc.user_message) from exc
        units = list(Unit.objects.filter(code=unit).order_by("-level"))
        target = next((u for u in units if u.regime == regime), units[0] if units else None)
        if target is None:
            raise CommandError(f"Không có đơn vị mã {unit}")
        communes = [target] if target.level == Level.COMMUNE else list(services.communes_under(target))
        totals = {"people": 0, "lines": 0, "carried_lines": 0, "total": 0, "arrears": 0, "recoveries": 0}
        refused = []
        for commune in communes:
            try:
                roll = services.payroll_generate(unit=commune, month=month, full=full)
            except services.PayrollError as exc:
                refused.append(f"{commune.code} {commune.name}: {exc.user_message}")
                continue
            totals["people"] += roll.people_count
            totals["lines"] += roll.line_count
            totals["carried_lines"] += roll.carried_lines
            totals["total"] += roll.total
            totals["arrears"] += roll.total_arrears
            totals["recoveries"] += roll.total_recovery
        self.stdout.write(
            json.dumps({"unit": target.code, "month": str(month), **totals, "refused": len(refused)}, ensure_ascii=False)
        )
        if refused:  # every refusal exits non-zero, with its reason on stderr
            raise CommandError("\n".join(refused))
