"""python manage.py import_beneficiaries FILE.xlsx --unit CODE [--dry-run] [--report OUT.xlsx] [--user USERNAME]"""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from beneficiaries.importing import ImportFileError, unit_by_code
from beneficiaries.services import beneficiaries_import
from btxh.models import User


class Command(BaseCommand):
    help = (
        "Nhập danh sách đối tượng đang hưởng từ tệp Excel (.xlsx). Có dòng lỗi thì không nhập dòng nào "
        "và thoát với mã khác 0. Dòng cuối cùng là bản tóm tắt JSON."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="Tệp .xlsx")
        parser.add_argument("--unit", required=True, help="Mã đơn vị nhập (mã xã, hoặc mã tỉnh/huyện chứa các xã)")
        parser.add_argument("--dry-run", action="store_true", help="Chỉ kiểm tra, không ghi gì")
        parser.add_argument("--report", help='Ghi tệp kết quả (thêm cột "Lỗi", tô đỏ ô sai) vào đường dẫn này')
        parser.add_argument("--user", help="Tên đăng nhập của cán bộ thực hiện (ghi vào lịch sử)")

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.exists():
            raise CommandError(f"Không có tệp {path}")
        unit = unit_by_code(options["unit"])
        if unit is None:
            raise CommandError(f"Không có đơn vị mã {options['unit']}")
        user = None
        if options.get("user"):
            user = User.objects.filter(username=options["user"]).first()
            if user is None:
                raise CommandError(f"Không có cán bộ {options['user']}")
        data = path.read_bytes()
        try:
            result = beneficiaries_import(data=data, unit=unit, user=user, dry_run=options["dry_run"])
        except ImportFileError as exc:
            raise CommandError(str(exc)) from exc
        for error in result.plan.errors:
            self.stderr.write(str(error))
        if options.get("report"):
            Path(options["report"]).write_bytes(result.report())
            self.stdout.write(f"Đã ghi tệp kết quả: {options['report']}")
        if result.ok:
            verb = "Kiểm tra xong, chưa ghi" if options["dry_run"] else "Đã nhập"
            self.stdout.write(f"{verb}: {unit.name}")
        else:
            self.stdout.write(f"Có {len(result.plan.error_rows)} dòng lỗi: không nhập dòng nào.")
        self.stdout.write(json.dumps(result.summary, ensure_ascii=False))
        if not result.ok:
            raise SystemExit(1)
