"""``manage.py demo_plans``: the demo's locked payment rolls of the year and its annual plans
(plans/demo.py); run after demo_people and demo_seed. A second run changes nothing."""

import time

from django.core.management.base import BaseCommand
from django.test.utils import override_settings

from plans.demo import demo_plans, demo_rolls


class Command(BaseCommand):
    help = "Tạo dữ liệu dùng thử: danh sách chi trả đã khóa các tháng trong năm và kế hoạch năm của tỉnh, xã."

    def handle(self, *args, **options):
        started = time.perf_counter()
        # The jobs a lock starts (summaries for the reports) run inline: in a thread they would
        # write to the SQLite file at the same moment as the next month's roll.
        with override_settings(JOBS_BACKEND="eager"):
            lines = demo_rolls() + demo_plans()
        for line in lines:
            self.stdout.write(line)
        self.stdout.write(f"Xong trong {time.perf_counter() - started:.1f} s.")
