"""What a case would pay: the engine's answer shown on the case page before it is submitted
and decided (the same function the calculator and payroll call)."""

import copy
from datetime import date

from beneficiaries.facts import case_entitlement, person_facts
from beneficiaries.models import DECIDED_STATUSES, Case
from benefits.engine import EngineError, Month, Result, compute

from .payroll.selectors import province_code_of
from .selectors import ruleset_load


def case_preview(case: Case, *, today: date) -> tuple[Month, Result | None, str]:
    """(month, result, error): for an undecided case, as if decided this month; for a decided one,
    this month under the person's other decided cases too (the combination rules apply)."""
    month = Month.of(today)
    draft = case.start_month is None
    probe = case
    if draft:
        probe = copy.copy(case)  # never saved: the preview only
        probe.start_month = month.first_day
    try:
        own = case_entitlement(probe, month=month)
        others = [
            case_entitlement(c, month=month)
            for c in Case.objects.filter(person_id=case.person_id, status__in=DECIDED_STATUSES, start_month__isnull=False)
            .exclude(pk=case.pk)
            .select_related("cared_person")
        ]
        facts = person_facts(case.person, year=month.year, month=month)
        result = compute(facts, [own, *others], month, ruleset_load(), province_code_of(case.unit))
    except (EngineError, ValueError) as exc:
        return month, None, str(exc)
    return month, result, ""
