"""``manage.py compute_emergency_aid FILE.json``: the emergency-aid engine on the file format of
docs/emergency-aid.md §5.

Reads ``{"cases": [...]}`` (``-`` reads standard input) and prints ``{"results": [...]}``: per
case ``id``, ``eligible``, ``amount`` (đồng), ``rice_kg``, ``basis`` and ``explanation``. A case
that cannot be computed gives ``{"id", "error"}``; the others are still computed and the command
then exits with status 1.
"""

from benefits.selectors import emergency_rules_load, ruleset_load
from btxh.cases_command import CasesCommand
from engine import SEED_RULESET, EngineError
from engine.emergency import SEED_EMERGENCY, compute_emergency_cases


class Command(CasesCommand):
    help = "Tính mức trợ giúp xã hội đột xuất cho các trường hợp trong tệp JSON, in kết quả ra JSON."
    errors = (EngineError,)

    def compute(self, doc: dict, seed: bool) -> dict:
        if seed:
            return compute_emergency_cases(doc, SEED_EMERGENCY, SEED_RULESET)

        return compute_emergency_cases(doc, emergency_rules_load(), ruleset_load())
