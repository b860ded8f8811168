"""``manage.py compute_benefit FILE.json``: the engine on the facts format of docs/engine.md §9.

Reads ``{"cases": [...]}`` (``-`` reads standard input) and prints
``{"results": [...]}``, one result per case in the same order. A case that cannot
be computed gives ``{"id", "error"}``; the others are still computed and the
command then exits with status 1.
"""

import json
import sys

from django.core.management.base import BaseCommand, CommandError

from benefits.engine import SEED_RULESET, EngineError, compute_cases


class Command(BaseCommand):
    help = "Tính mức hưởng cho các hồ sơ trong tệp JSON (định dạng của docs/engine.md), in kết quả ra JSON."

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
            rules = SEED_RULESET
        else:
            from benefits.selectors import ruleset_load

            rules = ruleset_load()
        try:
            out = compute_cases(doc, rules)
        except EngineError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(json.dumps(out, ensure_ascii=False, indent=1))
        failed = [r.get("id") for r in out["results"] if "error" in r]
        if failed:
            raise CommandError(
                f"{len(failed)} hồ sơ không tính được: {', '.join(str(i) for i in failed)}", returncode=1
            )
