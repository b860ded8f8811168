"""``manage.py compute_longevity FILE.json``: the longevity rules on the JSON format of
docs/longevity.md §6. Reads ``{"cases": [...]}`` (``-``: standard input) and prints
``{"results": [...]}`` in the same order; a case that cannot be computed gives
``{"id", "error"}`` and the command then exits with status 1."""

import json
import sys

from django.core.management.base import BaseCommand, CommandError

from benefits.engine.longevity import SEED_LONGEVITY_RULES, LongevityError, compute_longevity_cases


class Command(BaseCommand):
    help = "Tính tuổi, mức mừng thọ và quà tặng cho các trường hợp trong tệp JSON (docs/longevity.md)."

    def add_arguments(self, parser):
        parser.add_argument("file", help='tệp JSON {"cases": [...]}; dấu - để đọc từ đầu vào chuẩn')
        parser.add_argument("--rules", choices=("db", "seed"), default="db",
                            help="db: các mức trong cơ sở dữ liệu (mặc định); seed: các mức gốc, không cần cơ sở dữ liệu")

    def handle(self, *args, **options):
        path = options["file"]
        try:
            if path == "-":
                doc = json.load(sys.stdin)
            else:
                with open(path, encoding="utf-8") as fh:
                    doc = json.load(fh)
        except OSError as exc:
            raise CommandError(f"Không đọc được tệp {path}: {exc}") from exc
        except json.JSONDecodeError as exc:
            raise CommandError(f"Tệp {path} không phải JSON hợp lệ: {exc}") from exc
        if options["rules"] == "seed":
            rules = SEED_LONGEVITY_RULES
        else:
            from plans.selectors import longevity_rules_load

            rules = longevity_rules_load()
        try:
            out = compute_longevity_cases(doc, rules)
        except LongevityError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(json.dumps(out, ensure_ascii=False, indent=1))
        failed = [r.get("id") for r in out["results"] if "error" in r]
        if failed:
            raise CommandError(f"{len(failed)} trường hợp không tính được: {', '.join(map(str, failed))}", returncode=1)
