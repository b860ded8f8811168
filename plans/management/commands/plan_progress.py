"""``manage.py plan_progress --unit CODE --year Y``: the indicators of docs/plans.md for the unit's
subtree and year, with the targets its issued plan sets, as JSON on the last line:
``{"unit", "year", "indicators": [{"code", "label", "actual", "target"}]}``."""

import json

from django.core.management.base import BaseCommand, CommandError

from btxh.models import Unit


class Command(BaseCommand):
    help = "In các chỉ số của kế hoạch năm (docs/plans.md) của một đơn vị, dạng JSON."

    def add_arguments(self, parser):
        parser.add_argument("--unit", required=True, help="mã đơn vị (toàn bộ đơn vị cấp dưới được tính)")
        parser.add_argument("--year", required=True, type=int, help="năm kế hoạch")

    def handle(self, *args, **options):
        from plans.indicators import plan_progress
        from plans.plan_selectors import plan_of

        unit = Unit.objects.filter(code=options["unit"]).order_by("-valid_from").first()
        if unit is None:
            raise CommandError(f"Không có đơn vị mã {options['unit']}.")
        year = options["year"]
        measured = plan_progress(unit, year, plan_of(unit, year))
        self.stdout.write(json.dumps(
            {"unit": unit.code, "year": year, "indicators": [m.as_json() for m in measured]}, ensure_ascii=False,
        ))
