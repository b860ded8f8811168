from django.core.management.base import BaseCommand, CommandError

from beneficiaries.demo import PEOPLE_PER_COMMUNE, demo_people


class Command(BaseCommand):
    help = "Nạp vài trăm đối tượng dùng thử vào các xã dùng thử (chạy lại không tạo trùng)."

    def add_arguments(self, parser):
        parser.add_argument("--per-commune", type=int, default=PEOPLE_PER_COMMUNE, help="Số người mỗi xã")

    def handle(self, *args, **options):
        rows = demo_people(n=options["per_commune"])
        if not rows:
            raise CommandError("Chưa có xã dùng thử: chạy `manage.py load_units --regime 2025 --province 08` trước.")
        for unit, count in rows:
            if count is None:
                self.stdout.write(f"  {unit.name}: đã có đối tượng, bỏ qua")
            else:
                self.stdout.write(f"  {unit.name}: {count} đối tượng")
