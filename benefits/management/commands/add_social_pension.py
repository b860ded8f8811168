"""``manage.py add_social_pension --amount 500000 --from 2025-07 --basis "Nghị định …" [--to YYYY-MM]
[--province CODE] [--funeral] [--secondary-source]``: the sibling of ``add_base_rate`` for the
social pension's flat amount (national level, or a province's top-up)."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from benefits.models import FlatPurpose, Scheme
from benefits.services import flat_amount_add


class Command(BaseCommand):
    help = (
        "Thêm mức trợ cấp hưu trí xã hội (toàn quốc, hoặc mức hỗ trợ thêm của một tỉnh); với --funeral: "
        "mức hỗ trợ chi phí mai táng khi người hưởng chết. Mức không có tháng kết thúc thay mức đang áp "
        "dụng từ tháng bắt đầu; có thể áp dụng cho các tháng đã qua (truy lĩnh). Không sửa dòng cũ."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--amount", type=int, required=True, help="số tiền, đồng/tháng (hoặc một lần với --funeral)"
        )
        parser.add_argument("--from", dest="valid_from", required=True, help="tháng bắt đầu, YYYY-MM")
        parser.add_argument("--to", dest="valid_to", default=None, help="tháng kết thúc (nếu có), YYYY-MM")
        parser.add_argument("--basis", required=True, help='căn cứ pháp lý, ví dụ "Nghị định 176/2025/NĐ-CP điều 3"')
        parser.add_argument("--province", default=None, help="mã tỉnh (mức hỗ trợ thêm của tỉnh); bỏ trống: toàn quốc")
        parser.add_argument("--funeral", action="store_true", help="mức hỗ trợ chi phí mai táng (chi một lần)")
        parser.add_argument(
            "--secondary-source", action="store_true", help="số tiền theo nguồn thứ cấp, chưa đối chiếu văn bản gốc"
        )

    def handle(self, *args, **options):
        try:
            row = flat_amount_add(
                amount=options["amount"],
                valid_from=options["valid_from"],
                valid_to=options["valid_to"],
                basis=options["basis"],
                province_code=options["province"],
                scheme=Scheme.SOCIAL_PENSION,
                purpose=FlatPurpose.FUNERAL if options["funeral"] else FlatPurpose.MONTHLY,
                secondary_source=options["secondary_source"],
            )
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc
        self.stdout.write(self.style.SUCCESS(f"Đã thêm: {row} – {row.basis}"))
