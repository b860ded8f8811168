from django.core.management.base import BaseCommand

from btxh.demo import DEMO_PASSWORD, demo_staff_create


class Command(BaseCommand):
    help = "Tạo tài khoản dùng thử cho mỗi vai trò (chạy lại không tạo trùng)."

    def handle(self, *args, **options):
        rows = demo_staff_create()
        self.stdout.write(f"Tài khoản dùng thử (mật khẩu chung: {DEMO_PASSWORD}):")
        for login, user in rows:
            unit = user.unit.name if user.unit else "Toàn quốc"
            self.stdout.write(f"  {login.username:<12} {user.get_role_display():<28} {unit}")
