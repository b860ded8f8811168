"""``manage.py lock_payroll --unit CODE --month YYYY-MM [--user USERNAME]``: lock a commune's draft
roll, as the roll page does (for back-filling the months before a commune used the system)."""

import json

from django.core.management.base import BaseCommand, CommandError

from benefits.payroll import services
from benefits.payroll.models import PaymentRoll
from btxh.models import Level, Unit, User
from engine import EngineError, Month


class Command(BaseCommand):
    help = (
        "Khóa danh sách chi trả (bản nháp đã lập) của một xã cho một tháng, như nút “Khóa” trên trang "
        "danh sách; dùng khi nhập bù các tháng trước khi xã bắt đầu dùng hệ thống."
    )

    def add_arguments(self, parser):
        parser.add_argument("--unit", required=True, help="mã xã")
        parser.add_argument("--month", required=True, help="YYYY-MM")
        parser.add_argument("--user", default=None, help="tên đăng nhập của người khóa (ghi vào danh sách)")
        parser.add_argument("--regime", default="2025", help="chế độ đơn vị khi mã trùng (mặc định 2025)")

    def handle(self, *args, unit, month, user, regime, **options):
        try:
            month = Month.parse(month)
        except EngineError as exc:
            raise CommandError(str(exc)) from exc
        communes = list(Unit.objects.filter(code=unit, level=Level.COMMUNE))
        commune = next((u for u in communes if u.regime == regime), communes[0] if communes else None)
        if commune is None:
            raise CommandError(f"Không có xã mã {unit}: danh sách chi trả được lập và khóa cho từng xã.")
        locker = None
        if user:
            locker = User.objects.filter(username=user).first()
            if locker is None:
                raise CommandError(f"Không có người dùng {user}.")
        label = f"tháng {month.text} của {commune.name}"
        roll = PaymentRoll.objects.filter(unit=commune, month=month.first_day).first()
        if roll is None:
            raise CommandError(f"Chưa lập danh sách chi trả {label}.")
        if locker is not None and (refusal := services.may_lock(locker, roll)):  # maker-checker, as the page
            raise CommandError(f"Người dùng {user} không được khóa danh sách chi trả {label}: {refusal}")
        try:
            roll = services.payroll_lock(roll=roll, user=locker)
        except services.PayrollError as exc:
            raise CommandError(f"Không khóa được danh sách {label}: {exc.user_message}") from exc
        self.stdout.write(
            json.dumps(
                {
                    "unit": commune.code,
                    "month": str(month),
                    "roll_id": roll.pk,
                    "status": roll.status,
                    "people": roll.people_count,
                    "lines": roll.line_count,
                    "total": roll.total,
                    "locked_by": locker.username if locker else None,
                },
                ensure_ascii=False,
            )
        )
