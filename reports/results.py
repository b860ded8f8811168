"""The results report (báo cáo kết quả thực hiện chính sách trợ giúp xã hội), half-yearly and
yearly: reads only.

A unit's own figures come from its data (only a commune holds cases, rolls, emergency requests
and longevity rounds); a parent adds its children's accepted snapshots (``deep_add``):

- beneficiaries at the end of the period by category, new and ended cases (the registry);
- spending by scheme over the period's months (the locked rolls' summaries, what was paid);
- care support and social pension: people at the end of the period and money;
- emergency aid decided in the period (``benefits.emergency.selectors``);
- longevity gifts of the period, when recorded: ``plans`` (a floor above) plugs its reader in
  with ``results_section_register`` (the rounds' people and gift money).

``results_over(unit, period, subtree=True)`` gives the same figures straight from the data of
a whole subtree (``report_totals --kind results``).
"""

from django.db.models import Count, Exists, OuterRef, Q, Sum

from beneficiaries.categories import category_info
from beneficiaries.models import Case, CaseStatus
from btxh.models import Level, Unit
from engine import CARE_SUPPORT, SOCIAL_PENSION

from .figures import Period, empty_results
from .summaries import LOCKED

HELD = (CaseStatus.APPROVED, CaseStatus.ACTIVE, CaseStatus.SUSPENDED, CaseStatus.TERMINATED)


def _unit_q(unit: Unit, subtree: bool, prefix: str = "") -> Q:
    if subtree:
        return Q(**{f"{prefix}unit__path__startswith": unit.path})
    return Q(**{f"{prefix}unit": unit})


def own_results(unit: Unit, period: Period) -> dict:
    """The unit's own data of the period (a district or province holds none: it adds children)."""
    if unit.level != Level.COMMUNE:
        return empty_results()
    return results_over(unit, period, subtree=False)


_SECTIONS: list = []


def results_section_register(reader) -> None:
    """A higher floor adds its figures: ``reader(figures, unit, period, subtree)`` fills its own
    section of ``empty_results()`` (plans fills "longevity")."""
    if reader not in _SECTIONS:
        _SECTIONS.append(reader)


def results_over(unit: Unit, period: Period, *, subtree: bool = True) -> dict:
    figures = empty_results()
    _cases(figures, unit, period, subtree)
    _spending(figures, unit, period, subtree)
    _emergency(figures, unit, period, subtree)
    for reader in _SECTIONS:
        reader(figures, unit, period, subtree)
    return figures



def _scheme_of(category: str) -> str:
    info = category_info(category)
    return info.scheme if info else ""


def _cases(figures: dict, unit: Unit, period: Period, subtree: bool) -> None:
    first, last = period.first_day, period.last_month
    cases = Case.objects.filter(_unit_q(unit, subtree), status__in=HELD, start_month__isnull=False)
    at_end = cases.filter(start_month__lte=last).filter(Q(end_month__isnull=True) | Q(end_month__gte=last)).exclude(
        status=CaseStatus.TERMINATED, end_month__isnull=True
    )
    # A case that continues an earlier one (a move between communes) is neither new nor ended.
    new = cases.filter(start_month__range=(first, last), previous_case__isnull=True)
    ended = cases.filter(status=CaseStatus.TERMINATED, end_month__range=(first, last)).exclude(
        Exists(Case.objects.filter(previous_case=OuterRef("pk")))
    )
    by_category: dict[str, dict] = {}
    for name, qs in (("beneficiaries", at_end), ("new", new), ("ended", ended)):
        for row in qs.values("category").annotate(n=Count("person_id", distinct=True)).order_by("category"):
            entry = by_category.setdefault(row["category"], {"beneficiaries": 0, "new": 0, "ended": 0})
            entry[name] = row["n"]
    figures["by_category"] = by_category
    figures["beneficiaries"] = at_end.values("person_id").distinct().count()
    figures["new_cases"] = new.values("person_id").distinct().count()
    figures["ended_cases"] = ended.values("person_id").distinct().count()
    for section, scheme in (("care_support", CARE_SUPPORT), ("social_pension", SOCIAL_PENSION)):
        codes = [c for c in by_category if _scheme_of(c) == scheme]
        figures[section]["beneficiaries"] = (
            at_end.filter(category__in=codes).values("person_id").distinct().count() if codes else 0
        )


def _spending(figures: dict, unit: Unit, period: Period, subtree: bool) -> None:
    from benefits.payroll.models import PaymentRoll

    from .models import RollSummary
    from .summaries import roll_summaries_ensure

    months = period.months
    rolls = PaymentRoll.objects.filter(_unit_q(unit, subtree), month__in=months)
    roll_summaries_ensure(rolls)
    summaries = RollSummary.objects.filter(roll__in=rolls.filter(status__in=LOCKED))
    totals = summaries.aggregate(
        lines=Sum("lines"), total=Sum("total"), arrears=Sum("arrears"), recoveries=Sum("recovery"),
        funeral=Sum("funeral"), rolls=Count("roll_id", distinct=True),
    )
    for f in ("lines", "total", "arrears", "recoveries", "funeral", "rolls"):
        figures[f] = int(totals[f] or 0)
    by_scheme = {}
    for row in summaries.exclude(scheme="").values("scheme").annotate(
        lines=Sum("lines"), person_months=Sum("people"), total=Sum("total"), arrears=Sum("arrears"),
        recoveries=Sum("recovery"),
    ).order_by("scheme"):
        by_scheme[row["scheme"]] = {k: int(row[k] or 0) for k in ("lines", "person_months", "total", "arrears", "recoveries")}
    figures["by_scheme"] = by_scheme
    figures["care_support"]["total"] = by_scheme.get(CARE_SUPPORT, {}).get("total", 0)
    figures["social_pension"]["total"] = by_scheme.get(SOCIAL_PENSION, {}).get("total", 0)


def _emergency(figures: dict, unit: Unit, period: Period, subtree: bool) -> None:
    from benefits.emergency.models import EmergencyRequest
    from benefits.emergency.selectors import aid_totals, emergency_timeliness

    requests = EmergencyRequest.objects.filter(_unit_q(unit, subtree), decided_on__range=(period.first_day, period.last_day))
    totals = aid_totals(requests)
    section = figures["emergency"]
    section["requests"] = sum(n for _label, n, _amount, _kg in totals.by_kind.values())
    section["households"] = totals.households
    section["people"] = totals.people
    section["rice_kg"] = totals.rice_kg
    section["amount"] = totals.amount
    # Timeliness is kept as its two counts, so that a parent's share is the sum of its children's.
    timeliness = emergency_timeliness(unit, (period.first_day, period.last_day))
    section["judged"] = timeliness.judged
    section["on_time"] = timeliness.decided_on_time


def on_time_pct(section: dict) -> float | None:
    judged = int((section or {}).get("judged") or 0)
    return None if not judged else round(100 * int(section.get("on_time") or 0) / judged, 1)


def results_rows(figures: dict) -> dict:
    """The tables of a results report, labelled in Vietnamese (the page and the documents)."""
    from beneficiaries.categories import SCHEME_LABELS, category_labels

    from .figures import RESULTS_FIELDS, RESULTS_LABELS, RESULTS_MONEY, RESULTS_SECTION_MONEY, RESULTS_SECTIONS

    summary = [
        {"label": RESULTS_LABELS[f], "value": int(figures.get(f, 0) or 0), "money": f in RESULTS_MONEY}
        for f in RESULTS_FIELDS
    ]
    categories = [
        {"code": code, "label": category_labels(code) or code, **values}
        for code, values in sorted((figures.get("by_category") or {}).items())
    ]
    schemes = [
        {"label": str(SCHEME_LABELS.get(k, k)), **v}
        for k, v in sorted((figures.get("by_scheme") or {}).items(), key=lambda kv: -kv[1].get("total", 0))
    ]
    sections = []
    for name, (title, labels) in RESULTS_SECTIONS.items():
        values = figures.get(name) or {}
        rows = [{"label": label, "value": int(values.get(f, 0) or 0), "money": f in RESULTS_SECTION_MONEY}
                for f, label in labels.items()]
        if name == "emergency":
            pct = on_time_pct(values)
            rows.append({"label": "Tỷ lệ quyết định đúng hạn (%)", "value": "—" if pct is None else pct, "money": False,
                         "text": True})
        recorded = any(int(values.get(f, 0) or 0) for f in labels)
        sections.append({"name": name, "title": title, "rows": rows, "recorded": recorded})
    return {"summary": summary, "categories": categories, "schemes": schemes, "sections": sections}
