"""What a person or a case would pay: the engine's answer shown on the case page before it is
submitted and decided. Facts and entitlements come from the one builder payroll uses
(``beneficiaries.facts``), so the page and the roll agree."""

from datetime import date

from beneficiaries.facts import case_row, facts_data_load, pays_in
from beneficiaries.models import Case
from engine import EngineError, Month, Result, compute

from .payroll.selectors import province_code_of
from .selectors import ruleset_load


def person_month_result(person_id: int, month: Month, *, probe: Case | None = None, province_code=None) -> Result:
    """What ``person_id`` is owed for ``month`` under every case of theirs that pays that month
    (in any commune), plus ``probe`` — a case not decided yet — as if decided from ``month``."""
    extra = ()
    if probe is not None:
        row = case_row(probe)
        if row.start_month is None:
            row = row._replace(start_month=month, status="approved")
        extra = (row,)
    data = facts_data_load([person_id], extra_cases=extra)
    cases = [c for c in data.cases.get(person_id, ()) if pays_in(c, month)]
    facts, entitlements = data.month_input(person_id, month, cases)
    return compute(facts, entitlements, month, ruleset_load(), province_code)


def case_preview(case: Case, *, today: date) -> tuple[Month, Result | None, str]:
    """(month, result, error): for an undecided case, as if decided this month; for a decided one,
    this month under the person's other decided cases too (the combination rules apply)."""
    month = Month.of(today)
    try:
        result = person_month_result(
            case.person_id, month, probe=case if case.start_month is None else None,
            province_code=province_code_of(case.unit),
        )  # fmt: skip
    except (EngineError, ValueError) as exc:
        return month, None, str(exc)
    return month, result, ""
