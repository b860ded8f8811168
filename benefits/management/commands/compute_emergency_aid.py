"""``manage.py compute_emergency_aid FILE.json``: the emergency-aid engine on the file format of
docs/emergency-aid.md §5.

Reads ``{"cases": [...]}`` (``-`` reads standard input) and prints ``{"results": [...]}``: per
case ``id``, ``eligible``, ``amount`` (đồng), ``rice_kg``, ``basis`` and ``explanation``. A case
that cannot be computed gives ``{"id", "error"}``; the others are still computed and the command
then exits with status 1.
"""

import json
import sys

from django.core.management.base import BaseCommand, CommandError

from benefits.engine import SEED_RULESET, EngineError
from benefits.engine.emergency import SEED_EMERGENCY, compute_emergency_cases


class Command(BaseCommand):
    help = "Tính mức trợ giúp xã hội đột xuất cho các trường hợp trong tệp JSON, in kết quả ra JSON."

    def add_arguments(self, parser):
        parser.add_argument("file", help='tệp JSON {"cases": [...]}; dấu - để đọc từ đầu vào chuẩn')
        parser.add_argument(
            "--rules",
            choices=("db", "seed"),
            default="db",
            help="db: các bảng quy định trong cơ sở dữ liệu (mặc định); seed: quy định gốc, không cần cơ sở dữ liệu",
        )

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
            rules, base_rules = SEED_EMERGENCY, SEED_RULESET
        else:
            from benefits.selectors import emergency_rules_load, ruleset_load

            rules, base_rules = emergency_rules_load(), ruleset_load()
        try:
            out = compute_emergency_cases(doc, rules, base_rules)
        except EngineError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(json.dumps(out, ensure_ascii=False, indent=1))
        failed = [r.get("id") for r in out["results"] if "error" in r]
        if failed:
            raise CommandError(
                f"{len(failed)} trường hợp không tính được: {', '.join(str(i) for i in failed)}", returncode=1
            )
