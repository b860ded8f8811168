"""``manage.py longevity_gift_add``: add a gift level from a new resolution (docs/longevity.md §4)
through ``plans.services.longevity_gift_add``: a new row, closing the open row of the same level
and province the day before it starts; rows are never edited. Exits non-zero on refusal."""

from datetime import date

from django.core.management.base import BaseCommand, CommandError

from beneficiaries.errors import RegistryError
from engine import longevity as engine


def _day(text: str):
    text = (text or "").strip()
    try:
        if "/" in text:
            d, m, y = text.split("/")
            return date(int(y), int(m), int(d))
        return date.fromisoformat(text)
    except ValueError:
        pass
    raise CommandError(f"Ngày không hợp lệ: {text!r} (dd/mm/yyyy).")


class Command(BaseCommand):
    help = "Thêm một mức quà mừng thọ theo nghị quyết mới (dòng mới; dòng đang áp dụng được kết thúc, không sửa)."

    def add_arguments(self, parser):
        parser.add_argument("--user", required=True, help="tên đăng nhập của người thêm (cán bộ Sở của tỉnh, hoặc quản trị)")
        parser.add_argument("--level", required=True, choices=engine.LEVELS, help="mức tuổi")
        parser.add_argument("--giver", required=True, help='người/cơ quan tặng, ví dụ "UBND tỉnh"')
        parser.add_argument("--from", dest="valid_from", required=True, help="áp dụng cho lễ từ ngày (dd/mm/yyyy)")
        parser.add_argument("--basis", required=True, help="căn cứ pháp lý (số, ngày của nghị quyết)")
        parser.add_argument("--cash", type=int, default=None, help="tiền mặt (đồng)")
        parser.add_argument("--in-kind", type=int, default=None, help="hiện vật trị giá (đồng)")
        parser.add_argument("--items", default="", help="quà bằng hiện vật")
        parser.add_argument("--province", default="", help="mã tỉnh (để trống: mức tối thiểu toàn quốc)")
        parser.add_argument("--regime", default="", choices=("", "2025", "legacy"), help="chế độ đơn vị của mã tỉnh")
        parser.add_argument("--combine", default=engine.COMBINE_ADD, choices=(engine.COMBINE_ADD, engine.COMBINE_REPLACE),
                            help="ở mức 90 và 100: cộng thêm vào mức toàn quốc (add) hay thay cho nó (replace)")
        parser.add_argument("--secondary-source", action="store_true", help="theo nguồn thứ cấp")

    def handle(self, *args, **o):
        from btxh.models import User
        from plans.services import longevity_gift_add

        user = User.objects.filter(username=o["user"]).select_related("unit").first()
        if user is None:
            raise CommandError(f"Không có người dùng {o['user']!r}.")
        for name in ("cash", "in_kind"):
            if o[name] is not None and o[name] < 0:
                raise CommandError("Số tiền không được âm.")
        try:
            row = longevity_gift_add(
                user=user, level=o["level"], giver=o["giver"], valid_from=_day(o["valid_from"]), basis=o["basis"],
                cash=o["cash"], in_kind=o["in_kind"], items=o["items"], province_code=o["province"],
                regime=o["regime"], combine=o["combine"], secondary_source=o["secondary_source"],
            )
        except RegistryError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        self.stdout.write(f"Đã thêm dòng #{row.pk}: {row}.")
