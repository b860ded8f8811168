"""The shape every ``compute_* FILE.json`` command shares: read ``{"cases": [...]}`` from a file or
standard input, compute with the database's rule rows or the seeded ones (``--rules seed``), print
``{"results": [...]}`` and exit with status 1 when a case could not be computed."""

import json
import sys

from django.core.management.base import BaseCommand, CommandError


class CasesCommand(BaseCommand):
    """Subclasses set ``help``, ``what`` (the word for a case in messages), ``errors`` (the engine's
    exception types) and implement ``compute(doc, seed)``."""

    what = "trường hợp"
    errors: tuple[type[Exception], ...] = (ValueError,)

    def compute(self, doc: dict, seed: bool) -> dict:
        raise NotImplementedError

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
        try:
            out = self.compute(doc, options["rules"] == "seed")
        except self.errors as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(json.dumps(out, ensure_ascii=False, indent=1))
        failed = [r.get("id") for r in out["results"] if "error" in r]
        if failed:
            raise CommandError(
                f"{len(failed)} {self.what} không tính được: {', '.join(str(i) for i in failed)}", returncode=1
            )
