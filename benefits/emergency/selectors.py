"""Reads of emergency aid, scoped through ``Model.objects.for_user(user)`` or a unit's subtree.

``emergency_aided_on_time_pct(unit, period)`` is the timeliness figure the plans and reports
read: docs/emergency-aid.md §6 defines it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Count, F, Prefetch, Q, Sum
from django.utils import timezone

from btxh.models import Level
from engine import Month

from .models import (
    AidKind,
    DecisionStatus,
    EmergencyDeadline,
    EmergencyDecision,
    EmergencyEvent,
    EmergencyRequest,
    EventCommune,
    RequestStatus,
)

# Decree 20/2021/NĐ-CP art. 12(3): the commune chairman decides within 2 days of receiving the
# list (docs/emergency-aid.md §6).
DECISION_DEADLINE_DAYS = 2
DEADLINE_CLAUSE = "Nghị định 20/2021/NĐ-CP điều 12 khoản 3"


def province_of(unit):
    """The province at the top of a unit's chain (itself for a province)."""
    from btxh.models import Unit

    if unit is None or not unit.path:
        return None
    return Unit.objects.filter(path=unit.ancestor_paths()[0]).first()


def deadline_for(unit, on: date) -> tuple[int, str]:
    """Days the approving level has to decide a request of ``unit`` received on ``on``, and the
    basis: the province's setting in force on that date, else Decree 20/2021 art. 12(3)."""
    if unit is not None and unit.path:
        row = (EmergencyDeadline.objects.filter(province__path=unit.ancestor_paths()[0], valid_from__lte=on)
               .order_by("-valid_from", "-id").first())
        if row is not None:
            return row.days, row.basis
    return DECISION_DEADLINE_DAYS, DEADLINE_CLAUSE


def deadlines_for(user):
    """The provinces' deadline rows the user sees (their province's, or all for national staff)."""
    return EmergencyDeadline.objects.for_user(user).select_related("province", "created_by")


def _in_scope(user, prefix: str = "") -> Q:
    """Rows whose commune (``prefix`` + "unit") lies in the user's scope."""
    if user.is_national:
        return Q()
    return Q(**{f"{prefix}unit__path__startswith": user.unit.path})


def events_for(user):
    """The events that hit a commune of the user's scope, once each, with the number of requests
    (and of communes) the user sees."""
    return EmergencyEvent.objects.for_user(user).select_related("declared_unit").annotate(
        n_requests=Count("requests", filter=_in_scope(user, "requests__"), distinct=True),
    ).prefetch_related(Prefetch("commune_links", queryset=EventCommune.objects.select_related("unit")))


def event_communes(event, user=None) -> list:
    """The communes an event hit (those of the user's scope when ``user`` is given), in tree order."""
    links = event.commune_links.select_related("unit").order_by("unit__path")
    if user is not None:
        links = links.filter(_in_scope(user))
    return [link.unit for link in links]


def joinable_events(user):
    """Events a district or province above the user's commune declared that do not list the commune
    yet: the commune officer adds their commune rather than record the event twice."""
    unit = user.unit
    if unit is None or unit.level != Level.COMMUNE:
        return EmergencyEvent.objects.none()
    return (EmergencyEvent.objects.filter(declared_unit__path__in=unit.ancestor_paths()[:-1])
            .exclude(commune_links__unit=unit).select_related("declared_unit").order_by("-occurred_on", "-id"))


def event_requests(event, user=None):
    """The event's requests (of the user's communes when ``user`` is given)."""
    qs = event.requests.all() if user is None else EmergencyRequest.objects.for_user(user).filter(event=event)
    return qs.select_related("decision", "person", "unit").order_by("unit__path", "hamlet", "full_name", "id")


def event_commune_totals(event, user) -> list[tuple]:
    """Per commune of the user's scope that the event hit: (commune, AidTotals, requests, waiting)."""
    mine = EmergencyRequest.objects.for_user(user).filter(event=event)
    counts = {row["unit_id"]: row for row in mine.values("unit_id").annotate(
        n=Count("id"), waiting=Count("id", filter=Q(status=RequestStatus.RECEIVED)))}
    return [(unit, aid_totals(mine.filter(unit=unit)), counts.get(unit.pk, {}).get("n", 0),
             counts.get(unit.pk, {}).get("waiting", 0)) for unit in event_communes(event, user)]


def decisions_for(user):
    return EmergencyDecision.objects.for_user(user).select_related("event", "unit", "prepared_by", "decided_by")


def decision_requests(decision):
    return decision.requests.exclude(status=RequestStatus.REFUSED).order_by("hamlet", "full_name", "id")


def requests_for(user):
    return EmergencyRequest.objects.for_user(user)


@dataclass
class AidTotals:
    households: int = 0  # households (or people) aided: distinct dedupe keys
    people: int = 0  # people in the rice lists
    rice_kg: int = 0
    amount: int = 0
    by_kind: dict = field(default_factory=dict)  # kind → (label, count, amount, kg)


def aid_totals(requests) -> AidTotals:
    """What was decided (approved or paid) among ``requests``: counts people and households, not lines."""
    decided = requests.filter(status__in=(RequestStatus.APPROVED, RequestStatus.PAID))
    totals = AidTotals()
    agg = decided.aggregate(amount=Sum("amount"), kg=Sum("rice_kg"), keys=Count("dedupe_key", distinct=True))
    totals.amount, totals.rice_kg = agg["amount"] or 0, agg["kg"] or 0
    totals.households = decided.filter(kind__in=("EM-RICE-TET", "EM-RICE-DISASTER", "EM-HOUSE-REBUILD",
                                                 "EM-HOUSE-RELOCATE", "EM-HOUSE-REPAIR")).values(
        "unit_id", "dedupe_key").distinct().count()
    totals.people = decided.filter(kind__in=("EM-RICE-TET", "EM-RICE-DISASTER")).aggregate(n=Sum("people"))["n"] or 0
    for row in decided.values("kind").annotate(n=Count("id"), amount=Sum("amount"), kg=Sum("rice_kg")).order_by("kind"):
        label = AidKind(row["kind"]).label if row["kind"] in AidKind.values else row["kind"]
        totals.by_kind[row["kind"]] = (label, row["n"], row["amount"] or 0, row["kg"] or 0)
    return totals


def _period_bounds(period) -> tuple[date, date]:
    """A period: ``(first_day, last_day)``, a year (``2026``), a ``Month`` or ``"2026-07"``."""
    if isinstance(period, int):
        return date(period, 1, 1), date(period, 12, 31)
    if isinstance(period, str):
        period = Month.parse(period)
    if isinstance(period, Month):
        return period.first_day, period.last_day
    first, last = period
    return first, last


@dataclass(frozen=True)
class Timeliness:
    """The requests a period judges and how many were decided (and paid) in time."""

    judged: int  # received in the period, not refused, and either decided or past their deadline
    decided_on_time: int
    paid: int
    waiting_overdue: int

    @property
    def pct(self) -> float | None:
        return None if not self.judged else round(100 * self.decided_on_time / self.judged, 1)


def emergency_timeliness(unit, period, *, as_of: date | None = None) -> Timeliness:
    """Timeliness of the requests of ``unit``'s subtree received in ``period`` (docs/emergency-aid.md §6)."""
    first, last = _period_bounds(period)
    as_of = as_of or timezone.localdate()
    base = EmergencyRequest.objects.filter(unit__path__startswith=unit.path, received_on__range=(first, last)).exclude(
        status=RequestStatus.REFUSED
    )
    decided = Q(status__in=(RequestStatus.APPROVED, RequestStatus.PAID))
    waiting_overdue = Q(status=RequestStatus.RECEIVED, decide_by__lt=as_of)
    counts = base.aggregate(
        judged=Count("id", filter=decided | waiting_overdue),
        on_time=Count("id", filter=decided & Q(decided_on__lte=F("decide_by"))),
        paid=Count("id", filter=Q(status=RequestStatus.PAID)),
        overdue=Count("id", filter=waiting_overdue),
    )
    return Timeliness(counts["judged"], counts["on_time"], counts["paid"], counts["overdue"])


def emergency_aided_on_time_pct(unit, period, *, as_of: date | None = None) -> float | None:
    """Share (%, one decimal) of the requests of ``unit``'s subtree received in ``period`` that were
    decided within their deadline (the province's, else 2 days, Decree 20/2021 art. 12(3)); None when no request is
    judged yet. Definition: docs/emergency-aid.md §6."""
    return emergency_timeliness(unit, period, as_of=as_of).pct


def overdue_requests(user, *, as_of: date | None = None):
    """Requests still waiting for a decision past the deadline (the worklist)."""
    as_of = as_of or timezone.localdate()
    return (
        EmergencyRequest.objects.for_user(user)
        .filter(status=RequestStatus.RECEIVED, decide_by__lt=as_of)
        .select_related("event", "unit")
        .order_by("received_on", "id")
    )


def is_on_time(request) -> bool | None:
    """Whether one request was decided in time; None while it is waiting and not yet late."""
    deadline = request.decide_by or request.received_on + timedelta(days=DECISION_DEADLINE_DAYS)
    if request.decided_on is not None:
        return request.decided_on <= deadline
    if timezone.localdate() > deadline:
        return False
    return None


def awaiting_decision(requests, unit_id: int | None) -> int:
    """How many of the (loaded) requests the commune ``unit_id`` received that no decision holds yet."""
    return sum(1 for r in requests
               if r.unit_id == unit_id and r.status == RequestStatus.RECEIVED and r.decision_id is None)  # fmt: skip


def draft_decisions_waiting(user):
    return decisions_for(user).filter(status=DecisionStatus.DRAFT)


@dataclass
class RollupRow:
    unit: object
    depth: int
    households: int = 0
    people: int = 0
    rice_kg: int = 0
    amount: int = 0
    judged: int = 0
    on_time: int = 0

    @property
    def pct(self) -> float | None:
        return None if not self.judged else round(100 * self.on_time / self.judged, 1)


def emergency_rollup(user, period, *, as_of: date | None = None) -> list[RollupRow]:
    """Households and people aided, kg of rice, money and the on-time share of the requests
    received in ``period``, per commune and added up its chain (district, province), over the
    user's scope; rows in tree order, units without requests left out. A household aided in two
    events counts in each."""
    from btxh.models import Unit

    first, last = _period_bounds(period)
    as_of = as_of or timezone.localdate()
    requests = EmergencyRequest.objects.for_user(user).filter(received_on__range=(first, last)).exclude(
        status=RequestStatus.REFUSED
    )
    decided = Q(status__in=(RequestStatus.APPROVED, RequestStatus.PAID))
    household = Q(kind__in=("EM-RICE-TET", "EM-RICE-DISASTER", "EM-HOUSE-REBUILD", "EM-HOUSE-RELOCATE",
                            "EM-HOUSE-REPAIR"))
    per_unit = requests.values("unit_id", "unit__path").annotate(
        amount=Sum("amount", filter=decided), rice_kg=Sum("rice_kg", filter=decided),
        people=Sum("people", filter=decided & Q(kind__in=("EM-RICE-TET", "EM-RICE-DISASTER"))),
        judged=Count("id", filter=decided | Q(status=RequestStatus.RECEIVED, decide_by__lt=as_of)),
        on_time=Count("id", filter=decided & Q(decided_on__lte=F("decide_by"))),
    )
    households: dict[int, int] = {}  # one household per event, whatever aids it got
    for unit_id, _event, _key in requests.filter(decided & household).values_list(
            "unit_id", "event_id", "dedupe_key").distinct():
        households[unit_id] = households.get(unit_id, 0) + 1
    by_path: dict[str, RollupRow] = {}
    paths = set()
    rows = list(per_unit)
    for row in rows:
        paths.add(row["unit__path"])
        head, _, rest = row["unit__path"].partition(":")
        parts = [p for p in rest.split("/") if p]
        paths |= {f"{head}:" + "/".join(parts[: i + 1]) + "/" for i in range(len(parts))}
    top = user.unit.path if user.unit_id else ""
    units = {u.path: u for u in Unit.objects.filter(path__in=paths, path__startswith=top)}
    for path, unit in units.items():
        by_path[path] = RollupRow(unit=unit, depth=0)
    for row in rows:
        for path, target in by_path.items():
            if row["unit__path"].startswith(path):
                target.amount += row["amount"] or 0
                target.rice_kg += row["rice_kg"] or 0
                target.people += row["people"] or 0
                target.judged += row["judged"]
                target.on_time += row["on_time"]
                target.households += households.get(row["unit_id"], 0)
    ordered = sorted(by_path.values(), key=lambda r: r.unit.path)
    base = min((r.unit.path.count("/") for r in ordered), default=0)
    for r in ordered:
        r.depth = r.unit.path.count("/") - base
    return ordered
