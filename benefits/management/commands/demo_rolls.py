from django.core.management.base import BaseCommand

from benefits.payroll.demo import demo_rolls
from btxh.formatting import format_money


class Command(BaseCommand):
    help = "Lập danh sách chi trả tháng này cho các xã dùng thử của huyện (chế độ cũ); chạy lại không tạo trùng."

    def handle(self, *args, **options):
        for unit, roll in demo_rolls():
            if roll is None:
                self.stdout.write(f"  {unit.name}: đã có danh sách chi trả tháng này, bỏ qua")
            else:
                self.stdout.write(
                    f"  {unit.name}: danh sách chi trả tháng {roll.month:%m/%Y} ({roll.get_status_display().lower()}), "
                    f"{roll.people_count} người, {format_money(roll.total)}"
                )
