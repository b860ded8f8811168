import json

from django.core.management.base import BaseCommand, CommandError

from btxh.models import Regime
from btxh.units import UnitsUnavailable, units_load


class Command(BaseCommand):
    help = "Nạp cây đơn vị hành chính (mã GSO) từ gói vietnam-provinces. Chạy lại không thay đổi gì."

    def add_arguments(self, parser):
        parser.add_argument("--regime", choices=Regime.values, required=True)
        parser.add_argument("--province", help="chỉ nạp một tỉnh (mã 2 chữ số)")

    def handle(self, *args, regime, province, **options):
        try:
            summary = units_load(regime=regime, province=province)
        except (UnitsUnavailable, ValueError) as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(json.dumps(summary, ensure_ascii=False))
