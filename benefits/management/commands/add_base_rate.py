"""``manage.py add_base_rate --amount 540000 --from 2026-07 --basis "Nghị định …" [--to YYYY-MM] [--province CODE]``."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from benefits.services import base_rate_add


class Command(BaseCommand):
    help = (
        "Thêm mức chuẩn trợ giúp xã hội (toàn quốc hoặc của một tỉnh). Mức không có tháng kết thúc "
        "thay mức đang áp dụng từ tháng bắt đầu; có thể áp dụng cho các tháng đã qua (truy lĩnh)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--amount", type=int, required=True, help="mức chuẩn, đồng/tháng")
        parser.add_argument("--from", dest="valid_from", required=True, help="tháng bắt đầu, YYYY-MM")
        parser.add_argument("--to", dest="valid_to", default=None, help="tháng kết thúc (nếu có), YYYY-MM")
        parser.add_argument("--basis", required=True, help='căn cứ pháp lý, ví dụ "Nghị định 76/2024/NĐ-CP"')
        parser.add_argument("--province", default=None, help="mã tỉnh; bỏ trống: mức toàn quốc")

    def handle(self, *args, **options):
        try:
            row = base_rate_add(
                amount=options["amount"],
                valid_from=options["valid_from"],
                valid_to=options["valid_to"],
                basis=options["basis"],
                province_code=options["province"],
            )
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc
        self.stdout.write(self.style.SUCCESS(f"Đã thêm mức chuẩn: {row} – {row.basis}"))
