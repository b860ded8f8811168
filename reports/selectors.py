"""Reads of the reports: figures from the roll summaries, children's statuses, the chain.

Every read a page makes goes through ``Model.objects.for_user(user)`` first; the functions
below that take a unit assume the caller already checked it is in the user's scope.
"""

from dataclasses import dataclass

from django.db.models import Q, Sum

from benefits.payroll.models import PaymentLine, PaymentRoll
from benefits.payroll.selectors import communes_with_payees
from btxh.models import Level, Role, Unit
from engine import Month

from .figures import FIELDS, GROUP_FIELDS, Period, empty_figures, figures_add
from .models import MISSING, MISSING_LABEL, Report, ReportKind, ReportStatus, RollSummary
from .summaries import LOCKED, roll_summaries_ensure

# RollSummary column for each figure (people: the roll's distinct people).
SUMMARY_COLUMNS = {
    "people": "roll_people", "lines": "lines", "amount": "amount", "arrears": "arrears", "recoveries": "recovery",
    "funeral": "funeral", "carried_over": "carried_over", "total": "total", "cash": "cash", "bank": "bank",
    "bank_people": "bank_people", "not_collected": "not_collected",
}
GROUP_COLUMNS = {"people": "people", "lines": "lines", "total": "total", "arrears": "arrears", "recoveries": "recovery"}

# The officer role that works for a unit of each level: it prepares and submits the unit's
# reports, and reviews (returns, accepts, reopens) those of the level below.
LEVEL_OFFICER = {
    Level.COMMUNE: Role.COMMUNE_OFFICER,
    Level.DISTRICT: Role.DISTRICT_OFFICER,
    Level.PROVINCE: Role.PROVINCE_OFFICER,
}


def may_prepare_report(user, unit: Unit) -> bool:
    """The unit's own officer writes and submits its report (a viewer or a leader does not)."""
    return bool(user.is_authenticated and user.unit_id == unit.pk and user.role == LEVEL_OFFICER.get(unit.level))


def may_review_report(user, unit: Unit) -> bool:
    """Only the officer of the level directly above returns, accepts or reopens a unit's report."""
    parent_id = unit.parent_id
    if not (user.is_authenticated and parent_id and user.unit_id == parent_id):
        return False
    return user.role == LEVEL_OFFICER.get(user.unit.level)


def summaries_for(rolls_filter: Q, months) -> "RollSummary.objects":
    """The summaries of the locked rolls matching ``rolls_filter`` (on PaymentRoll) in ``months``,
    computing the missing ones first."""
    months = list(months)
    roll_summaries_ensure(PaymentRoll.objects.filter(rolls_filter, month__in=months))
    return RollSummary.objects.filter(roll__in=PaymentRoll.objects.filter(rolls_filter, month__in=months, status__in=LOCKED))


def figures_of(summaries) -> dict:
    """Totals and the groups by scheme and by category of a set of summaries (three queries)."""
    figures = empty_figures()
    totals = summaries.aggregate(**{f: Sum(SUMMARY_COLUMNS[f]) for f in FIELDS})
    figures.update({f: int(totals[f] or 0) for f in FIELDS})
    figures["rolls"] = summaries.values("roll_id").distinct().count() if totals["lines"] is not None else 0
    for group, column in (("by_scheme", "scheme"), ("by_category", "category")):
        rows = summaries.exclude(**{column: ""}).values(column).annotate(
            **{f: Sum(GROUP_COLUMNS[f]) for f in GROUP_FIELDS}
        ).order_by(column)
        figures[group] = {r[column]: {f: int(r[f] or 0) for f in GROUP_FIELDS} for r in rows}
    return figures


def own_figures(unit: Unit, period: Period) -> dict:
    """The unit's own data for the period: its locked rolls (only a commune has rolls)."""
    figures = figures_of(summaries_for(Q(unit=unit), period.months))
    if unit.level == Level.COMMUNE:
        figures["roll_status"] = roll_status(unit, period)
    return figures


def roll_status(unit: Unit, period: Period) -> str:
    """ "missing", "draft", "locked" or "settled": the commune's roll of a month."""
    roll = PaymentRoll.objects.filter(unit=unit, month=period.first_day).only("status").first()
    return roll.status if roll else MISSING


def subtree_figures(unit: Unit, period: Period) -> dict:
    """Figures over the unit's whole subtree, straight from the data (not from reports)."""
    return figures_of(summaries_for(Q(unit__path__startswith=unit.path), period.months))


def distinct_people(unit: Unit, period: Period) -> int:
    """People paid in the period over the subtree, each counted once per commune (a year or a
    half-year: across its months). Reads one ``PeopleCount`` row per commune, counting the lines
    again only for the communes whose locked rolls of the period changed since (a person paid by
    two communes in the same period, having moved, is counted in each)."""
    if period.month:
        return subtree_figures(unit, period)["people"]
    return sum(people_counts_ensure(Q(unit__path__startswith=unit.path), period).values())


def _signatures(rolls_filter: Q, period: Period) -> dict[int, str]:
    """Commune id -> "roll:status,…" of its locked rolls of the period."""
    out: dict[int, list[str]] = {}
    rows = (
        PaymentRoll.objects.filter(rolls_filter, month__in=period.months, status__in=LOCKED)
        .order_by("unit_id", "pk").values_list("unit_id", "pk", "status")
    )
    for unit_id, pk, status in rows:
        out.setdefault(unit_id, []).append(f"{pk}:{status}")
    return {unit_id: ",".join(parts) for unit_id, parts in out.items()}


def people_counts_ensure(rolls_filter: Q, period: Period) -> dict[int, int]:
    """Commune id -> distinct people its locked rolls of ``period`` pay, over the communes the
    filter (on PaymentRoll) selects: stale or missing counts are redone in one grouped query."""
    from django.db import IntegrityError, transaction
    from django.db.models import Count

    from .models import PeopleCount

    signatures = _signatures(rolls_filter, period)
    if not signatures:
        return {}
    kept = {
        c.unit_id: c for c in PeopleCount.objects.filter(unit_id__in=list(signatures), period=str(period))
    }
    counts = {uid: c.people for uid, c in kept.items() if c.rolls == signatures[uid]}
    stale = [uid for uid in signatures if uid not in counts]
    if stale:
        fresh = dict.fromkeys(stale, 0)
        # In batches of whole communes, so that each commune's people are counted in one query.
        for start in range(0, len(stale), 150):
            batch = stale[start:start + 150]
            roll_ids = [int(part.split(":")[0]) for uid in batch for part in signatures[uid].split(",")]
            for row in (
                PaymentLine.objects.filter(roll_id__in=roll_ids)
                .values("roll__unit_id").annotate(n=Count("person_id", distinct=True)).order_by()
            ):
                fresh[row["roll__unit_id"]] = row["n"]
        try:
            with transaction.atomic():
                PeopleCount.objects.filter(unit_id__in=stale, period=str(period)).delete()
                PeopleCount.objects.bulk_create([
                    PeopleCount(unit_id=uid, period=str(period), rolls=signatures[uid], people=n)
                    for uid, n in fresh.items()
                ])
        except IntegrityError:  # counted at the same moment elsewhere: the same numbers
            pass
        counts.update(fresh)
    return counts


def distinct_people_scan(unit: Unit, period: Period) -> int:
    """The former way (the benchmark's baseline): distinct people over every line of the period."""
    return (
        PaymentLine.objects.filter(
            roll__unit__path__startswith=unit.path, roll__status__in=LOCKED, roll__month__in=period.months
        )
        .values("person_id")
        .distinct()
        .count()
    )


@dataclass
class ChildRow:
    unit: Unit
    report: Report | None

    @property
    def status(self) -> str:
        return self.report.status if self.report else MISSING

    @property
    def status_label(self) -> str:
        return self.report.get_status_display() if self.report else MISSING_LABEL

    @property
    def accepted(self) -> bool:
        return self.status == ReportStatus.ACCEPTED

    @property
    def total(self) -> int:
        """The total it reported (the snapshot it sent, once submitted)."""
        if self.report and self.report.is_sent:
            return int(self.report.snapshot.get("total", 0))
        return 0


def children_of(unit: Unit, kind: str, period: str) -> list[ChildRow]:
    """The units directly below ``unit`` with their report of the period (or none): two queries."""
    children = list(Unit.objects.filter(parent=unit).order_by("path").only("id", "code", "name", "path", "level", "parent_id"))
    reports = {
        r.unit_id: r
        for r in Report.objects.filter(unit__in=children, kind=kind, period=period).only(
            "id", "unit_id", "status", "snapshot", "kind", "period", "submitted_at", "reviewed_at"
        )
    }
    return [ChildRow(u, reports.get(u.pk)) for u in children]


def report_figures(report: Report, children: list[ChildRow] | None = None) -> dict:
    """A report's figures now: its own data plus the sum of its children's accepted snapshots."""
    from .figures import deep_add
    from .kinds import hooks_for
    from .results import own_results

    period = Period.parse(report.period)
    results = report.kind == ReportKind.RESULTS
    hooks = hooks_for(report.kind)
    if hooks is not None:  # a kind another app plugs in (reports.kinds)
        figures, add = hooks.own_figures(report), hooks.add
    elif results:
        figures = own_results(report.unit, period)

        def add(into, snapshot):
            deep_add(into, {k: v for k, v in snapshot.items() if k != "children"})
    else:
        figures, add = own_figures(report.unit, period), figures_add
    if children is None:
        children = children_of(report.unit, report.kind, report.period)
    for child in children:
        if child.accepted:
            add(figures, child.report.snapshot)
    figures["children"] = [
        {"unit": c.unit.code, "name": c.unit.name, "status": c.status, "total": c.total} for c in children
    ]
    return figures


def shown_figures(report: Report, children: list[ChildRow] | None = None) -> dict:
    """What a page shows: the snapshot once sent, the live figures while it is a draft."""
    return report.snapshot if report.is_sent and report.snapshot else report_figures(report, children)


def report_page(report: Report) -> dict:
    """Everything a report's page reads, but the user's rights: the figures shown (the snapshot
    once sent, the live figures while a draft), its children and their reports, what changed in
    the data since the figures were sent, the children whose data changed after they sent theirs
    (payments), what changed at its last acceptance, its history and its due date."""
    from .figures import changes_of
    from .kinds import hooks_for
    from .results import results_rows
    from .services import payments_report_rows

    hooks = hooks_for(report.kind)
    children = children_of(report.unit, report.kind, report.period)
    live = report_figures(report, children)
    figures = report.snapshot if report.is_sent and report.snapshot else live
    # What changed in the data since the figures were sent: both levels see it.
    if report.snapshot:
        changes = hooks.changes(report.snapshot, live) if hooks else changes_of(report.kind, report.snapshot, live)
    else:
        changes = []
    results = report.kind == ReportKind.RESULTS
    period = Period.parse(report.period)
    # This report's own accepted figures changed at its last acceptance (the parent was told).
    last_accept = report.events.filter(action="accept").order_by("-at", "-id").first()
    return {
        "figures": figures, "children": children, "changes": changes, "results": results,
        "rows": None if hooks else (results_rows(figures) if results else payments_report_rows(figures)),
        "drift": [] if (results or hooks) else children_drift(report.unit, period, children),
        "kind_template": hooks.template if hooks else "", "has_document": not hooks or bool(hooks.document),
        "has_docx": bool(hooks and hooks.document and "docx" in hooks.formats),
        "accept_changes": last_accept.changes if last_accept else [],
        "events": report.events.select_related("user"), "due": due_date(report.unit, report.kind, period),
    }  # fmt: skip


def own_report(user, unit: Unit | None, kind: str, period) -> Report | None:
    """The unit's report of a kind and period (a ``Period`` or its text), as ``user`` sees it: none
    until it is started."""
    if unit is None:
        return None
    return Report.objects.for_user(user).filter(unit=unit, kind=kind, period=str(period)).first()


def unit_reports(user, unit: Unit | None, kind: str, period: Period) -> dict:
    """The report list's page: the unit's own report of the kind and period (or none), its
    children with theirs, and its twelve latest reports of the kind."""
    if unit is None:
        return {"own": None, "children": None, "recent": []}
    return {
        "own": own_report(user, unit, kind, period),
        "children": children_of(unit, kind, str(period)),
        "recent": Report.objects.for_user(user).filter(unit=unit, kind=kind).order_by("-period")[:12],
    }


def report_totals(unit: Unit, kind: str, period: Period) -> dict:
    """The figures of ``manage.py report_totals``: over the unit's subtree, from the data; each
    child unit with its report status over the period and its subtree's total (a fixed number
    of queries, whatever the number of children)."""
    if kind == ReportKind.RESULTS:
        return results_totals(unit, period)
    summaries = summaries_for(Q(unit__path__startswith=unit.path), period.months)
    figures = figures_of(summaries)
    children = list(Unit.objects.filter(parent=unit).order_by("path").only("id", "code", "path"))
    totals = _totals_by_child(summaries, children)
    periods = [str(Period.of(m)) for m in period.months]
    reports: dict[int, list[Report]] = {c.pk: [] for c in children}
    for r in Report.objects.filter(unit__in=children, kind=kind, period__in=periods).only("unit_id", "status"):
        reports[r.unit_id].append(r)
    return {
        "unit": unit.code, "kind": kind, "period": str(period),
        "people": figures["people"] if period.month else distinct_people(unit, period),
        "lines": figures["lines"], "total": figures["total"], "arrears": figures["arrears"],
        "recoveries": figures["recoveries"],
        "children": [
            {"unit": c.code, "status": _least_status(reports[c.pk], len(periods)), "total": totals.get(c.pk, 0)}
            for c in children
        ],
    }


def results_totals(unit: Unit, period: Period) -> dict:
    """``report_totals --kind results``: the results figures over the unit's subtree, straight
    from the data, and each child unit's report status and its subtree's spending."""
    from .results import results_over

    figures = results_over(unit, period)
    children = list(Unit.objects.filter(parent=unit).order_by("path").only("id", "code", "path"))
    summaries = summaries_for(Q(unit__path__startswith=unit.path), period.months)
    totals = _totals_by_child(summaries, children)
    statuses = dict(
        Report.objects.filter(unit__in=children, kind=ReportKind.RESULTS, period=str(period)).values_list("unit_id", "status")
    )
    return {
        "unit": unit.code, "kind": ReportKind.RESULTS.value, "period": str(period),
        "beneficiaries": figures["beneficiaries"], "new_cases": figures["new_cases"],
        "ended_cases": figures["ended_cases"], "people": distinct_people(unit, period) if not period.month else
        figures["beneficiaries"], "lines": figures["lines"], "total": figures["total"], "arrears": figures["arrears"],
        "recoveries": figures["recoveries"],
        "by_scheme": {k: v["total"] for k, v in figures["by_scheme"].items()},
        "care_support": figures["care_support"], "social_pension": figures["social_pension"],
        "emergency": figures["emergency"], "longevity": figures["longevity"],
        "children": [{"unit": c.code, "status": statuses.get(c.pk, MISSING), "total": totals.get(c.pk, 0)} for c in children],
    }


def _totals_by_child(summaries, children: list[Unit], field: str = "total") -> dict[int, int]:
    """The sum of ``field`` of the summaries under each child unit (one grouped query)."""
    by_path = sorted(((c.path, c.pk) for c in children), key=lambda x: -len(x[0]))
    out: dict[int, int] = {}
    for r in summaries.values("unit__path").annotate(v=Sum(field)).order_by():
        for path, pk in by_path:
            if r["unit__path"].startswith(path):
                out[pk] = out.get(pk, 0) + int(r["v"] or 0)
                break
    return out


STATUS_ORDER = [MISSING, ReportStatus.RETURNED, ReportStatus.DRAFT, ReportStatus.SUBMITTED, ReportStatus.ACCEPTED]


def _least_status(reports: list[Report], months: int) -> str:
    """A child's status over a period: the least advanced of its months' reports."""
    if len(reports) < months:
        return MISSING
    return str(min((r.status for r in reports), key=STATUS_ORDER.index))


def reports_for(user, *, kind: str = ReportKind.PAYMENTS):
    return Report.objects.for_user(user).filter(kind=kind).select_related("unit")


def accepted_lock(unit: Unit, month) -> Report | None:
    """The accepted payments report that locks ``unit``'s month: the unit's own or an ancestor's."""
    return (
        Report.objects.filter(
            kind=ReportKind.PAYMENTS, period=str(Period.of(month)), status=ReportStatus.ACCEPTED,
            unit__path__in=unit.ancestor_paths(),
        )
        .select_related("unit")
        .order_by("unit__path")
        .first()
    )


def period_lock_reason(unit: Unit, month) -> str | None:
    """The provider plugged into ``btxh.period_locks``: why a month of ``unit`` may not change."""
    report = accepted_lock(unit, month)
    if report is None:
        return None
    return (
        f"Báo cáo chi trả tháng {report.period_label} của {report.unit.name} đã được cấp trên chấp nhận: "
        "số liệu tháng này đã khóa, không lập lại được danh sách chi trả. Cấp đã chấp nhận phải mở lại báo cáo trước."
    )


# ---------------------------------------------------------------------------
# Dashboard: a unit's subtree, the last 24 months (a bounded number of queries)
# ---------------------------------------------------------------------------
def dashboard(unit: Unit, month) -> dict:
    """People and money by month (24 months to ``month``), by scheme and category and by child
    unit in ``month``, the share paid through accounts, and the communes missing a locked roll
    or a submitted report for ``month``."""
    from .figures import months_back

    months = months_back(month, 24)
    summaries = summaries_for(Q(unit__path__startswith=unit.path), months)
    by_month = {
        r["month"]: r
        for r in summaries.values("month").annotate(
            people=Sum("roll_people"), total=Sum("total"), bank=Sum("bank"), bank_people=Sum("bank_people")
        ).order_by("month")
    }
    series = [
        {"month": m, "people": int((by_month.get(m) or {}).get("people") or 0),
         "total": int((by_month.get(m) or {}).get("total") or 0), "bank": int((by_month.get(m) or {}).get("bank") or 0)}
        for m in months
    ]
    current = summaries.filter(month=month)
    groups = {}
    for name, column in (("schemes", "scheme"), ("categories", "category")):
        groups[name] = [
            {"key": r[column], "people": int(r["people"] or 0), "total": int(r["total"] or 0)}
            for r in current.exclude(**{column: ""}).values(column).annotate(people=Sum("people"), total=Sum("total"))
            .order_by("-total")
        ]
    children = list(Unit.objects.filter(parent=unit).order_by("path").only("id", "code", "name", "path", "level"))
    child_rows = {c.pk: {"unit": c, "people": 0, "total": 0, "bank": 0} for c in children}
    by_path = sorted(((c.path, c.pk) for c in children), key=lambda x: -len(x[0]))
    for r in current.values("unit__path").annotate(people=Sum("roll_people"), total=Sum("total"), bank=Sum("bank")):
        for path, pk in by_path:
            if r["unit__path"].startswith(path):
                row = child_rows[pk]
                row["people"] += int(r["people"] or 0)
                row["total"] += int(r["total"] or 0)
                row["bank"] += int(r["bank"] or 0)
                break
    communes = list(
        Unit.objects.filter(path__startswith=unit.path, level=Level.COMMUNE).order_by("path").only("id", "code", "name")
    )
    locked = set(
        PaymentRoll.objects.filter(unit__path__startswith=unit.path, month=month, status__in=LOCKED).values_list(
            "unit_id", flat=True
        )
    )
    reported = set(
        Report.objects.filter(
            unit__path__startswith=unit.path, unit__level=Level.COMMUNE, kind=ReportKind.PAYMENTS,
            period=str(Period.of(month)), status__in=(ReportStatus.SUBMITTED, ReportStatus.ACCEPTED),
        ).values_list("unit_id", flat=True)
    )
    # A commune nobody is paid in this month has no roll to lock and no payments to report.
    paying = communes_with_payees([c.pk for c in communes if c.pk not in locked], Month.of(month)) | locked
    last = series[-1]
    return {
        "series": series,
        "schemes": groups["schemes"],
        "categories": groups["categories"],
        "children": list(child_rows.values()),
        "bank": last["bank"],
        "total": last["total"],
        "people": last["people"],
        "communes": len(communes),
        "missing_roll": [c for c in communes if c.pk not in locked and c.pk in paying],
        "missing_report": [c for c in communes if c.pk not in reported and c.pk in paying],
        "no_payees": [c for c in communes if c.pk not in paying],
    }


# ---------------------------------------------------------------------------
# Due dates (a province's setting) and the children whose data changed after they sent it
# ---------------------------------------------------------------------------
def due_dates_of(unit: Unit | None):
    """The province's due-date setting for ``unit`` (its own or its province's), or None (defaults)."""
    from .models import ReportDueDates

    if unit is None:
        return None
    return ReportDueDates.objects.filter(
        province__path__in=unit.ancestor_paths(), province__level=Level.PROVINCE
    ).first()


def due_date(unit: Unit | None, kind: str, period: Period, setting=None):
    """When ``unit``'s report of ``kind`` and ``period`` is due, after its province's setting:
    payments by day N of the next month; results of the first half by (d1, m1) of the year, of
    the second half and of the year by (d2, m2)."""
    import calendar
    from datetime import date

    setting = setting if setting is not None else due_dates_of(unit)
    if setting is None:
        return period.due
    if kind == ReportKind.PAYMENTS or period.month:
        following = period.next()
        return date(following.year, following.month, setting.payments_day)
    day, month = (
        (setting.results_h1_day, setting.results_h1_month) if period.half == 1
        else (setting.results_h2_day, setting.results_h2_month)
    )
    return date(period.year, month, min(day, calendar.monthrange(period.year, month)[1]))


def children_drift(unit: Unit, period: Period, children: list[ChildRow]) -> list[dict]:
    """The children whose payments data changed after they sent their report: for each child
    whose report is submitted or accepted, the figures that differ between its snapshot and its
    subtree's data now (one grouped query over the summaries, whatever the number of children)."""
    from .figures import figures_changes

    # A commune's snapshot is its own data; a district's also leaves out its missing communes.
    sent = [
        c for c in children
        if c.unit.level == Level.COMMUNE and c.report and c.report.is_sent
    ]
    if not sent:
        return []
    units = [c.unit for c in sent]
    summaries = summaries_for(Q(unit__path__startswith=unit.path), period.months)
    by_path = sorted(((u.path, u.pk) for u in units), key=lambda x: -len(x[0]))
    live: dict[int, dict] = {u.pk: dict.fromkeys(FIELDS, 0) for u in units}
    annotations = {f: Sum(SUMMARY_COLUMNS[f]) for f in FIELDS}
    for row in summaries.values("unit__path").annotate(**annotations).order_by():
        for path, pk in by_path:
            if row["unit__path"].startswith(path):
                for f in FIELDS:
                    live[pk][f] += int(row[f] or 0)
                break
    out = []
    for child in sent:
        changes = figures_changes(child.report.snapshot, live[child.unit.pk])
        if changes:
            out.append({"unit": child.unit, "report": child.report, "changes": changes})
    return out
