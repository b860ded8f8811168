"""``manage.py compute_longevity FILE.json``: the longevity rules on the JSON format of
docs/longevity.md §6. Reads ``{"cases": [...]}`` (``-``: standard input) and prints
``{"results": [...]}`` in the same order; a case that cannot be computed gives
``{"id", "error"}`` and the command then exits with status 1."""

from btxh.cases_command import CasesCommand
from engine.longevity import SEED_LONGEVITY_RULES, LongevityError, compute_longevity_cases


class Command(CasesCommand):
    help = "Tính tuổi, mức mừng thọ và quà tặng cho các trường hợp trong tệp JSON (docs/longevity.md)."
    errors = (LongevityError,)

    def compute(self, doc: dict, seed: bool) -> dict:
        if seed:
            return compute_longevity_cases(doc, SEED_LONGEVITY_RULES)
        from plans.selectors import longevity_rules_load

        return compute_longevity_cases(doc, longevity_rules_load())
