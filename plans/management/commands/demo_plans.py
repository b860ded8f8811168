"""``manage.py demo_plans``: the demo's locked payment rolls of the year and its annual plans
(plans/demo.py); run after demo_people and demo_seed. A second run changes nothing."""

import time

from django.core.management.base import BaseCommand

from plans.demo import demo_plans, demo_rolls


class Command(BaseCommand):
    help = "Tạo dữ liệu dùng thử: danh sách chi trả đã khóa các tháng trong năm và kế hoạch năm của tỉnh, xã."

    def handle(self, *args, **options):
        started = time.perf_counter()
        for line in demo_rolls() + demo_plans():
            self.stdout.write(line)
        self.stdout.write(f"Xong trong {time.perf_counter() - started:.1f} s.")
