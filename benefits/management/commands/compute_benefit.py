"""``manage.py compute_benefit FILE.json``: the engine on the facts format of docs/engine.md §9.

Reads ``{"cases": [...]}`` (``-`` reads standard input) and prints
``{"results": [...]}``, one result per case in the same order. A case that cannot
be computed gives ``{"id", "error"}``; the others are still computed and the
command then exits with status 1.
"""

from benefits.selectors import ruleset_load
from btxh.cases_command import CasesCommand
from engine import SEED_RULESET, EngineError, compute_cases


class Command(CasesCommand):
    help = "Tính mức hưởng cho các hồ sơ trong tệp JSON (định dạng của docs/engine.md), in kết quả ra JSON."
    what = "hồ sơ"
    errors = (EngineError,)

    def compute(self, doc: dict, seed: bool) -> dict:
        if seed:
            return compute_cases(doc, SEED_RULESET)

        return compute_cases(doc, ruleset_load())
