"""The indicators a plan's targets are measured by (docs/plans.md §3), computed from the
system's own data for a unit's whole subtree and a year, with aggregate queries only.

Each function returns a number, or ``None`` when the data it needs does not exist yet
("chưa có dữ liệu"). Percentages have one decimal.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Count, Q, Sum

from .plan_models import Indicator

NO_DATA = "chưa có dữ liệu"
PERCENT = {Indicator.ELIGIBLE_PAID_PCT, Indicator.NON_CASH_PCT, Indicator.EMERGENCY_ON_TIME_PCT}
MONEY = {Indicator.SPENDING_TOTAL}


def _pct(part: int, whole: int) -> float | None:
    return None if not whole else round(100 * part / whole, 1)


class _Year:
    """The reads of one subtree and year, each done once (several indicators share them)."""

    def __init__(self, unit, year: int):
        self.unit, self.year = unit, year
        self._last_month = False

    def locked_rolls(self):
        from benefits.payroll.models import PaymentRoll
        from reports.summaries import LOCKED

        return PaymentRoll.objects.filter(unit__path__startswith=self.unit.path, month__year=self.year,
                                          status__in=LOCKED)

    @property
    def last_month(self) -> date | None:
        if self._last_month is False:
            self._last_month = self.locked_rolls().order_by("-month").values_list("month", flat=True).first()
        return self._last_month

    def paying_lines(self):
        """The paying lines of the year's last locked month (every commune's roll of that month)."""
        from benefits.payroll.models import PaymentLine

        return PaymentLine.objects.filter(roll__in=self.locked_rolls().filter(month=self.last_month), total__gt=0)

    def eligible_cases(self):
        """Cases of a monthly allowance or the social pension in payment at the end of the last month."""
        from beneficiaries.categories import all_categories
        from beneficiaries.models import Case, CaseStatus
        from engine import MONTHLY_ALLOWANCE, SOCIAL_PENSION

        codes = [c.code for c in all_categories() if c.scheme in (MONTHLY_ALLOWANCE, SOCIAL_PENSION)]
        month = self.last_month
        return Case.objects.filter(
            unit__path__startswith=self.unit.path, category__in=codes,
            status__in=(CaseStatus.ACTIVE, CaseStatus.TERMINATED), start_month__lte=month,
        ).filter(Q(end_month__isnull=True) | Q(end_month__gte=month))


def beneficiaries_paid(y: _Year) -> int | None:
    if y.last_month is None:
        return None
    return y.paying_lines().values("person_id").distinct().count()


def eligible_paid_pct(y: _Year) -> float | None:
    if y.last_month is None:
        return None
    eligible = y.eligible_cases().values("person_id").distinct()
    whole = eligible.count()
    part = y.paying_lines().filter(person_id__in=eligible).values("person_id").distinct().count()
    return _pct(part, whole)


def non_cash_pct(y: _Year) -> float | None:
    if y.last_month is None:
        return None
    counts = y.paying_lines().aggregate(
        people=Count("person_id", distinct=True),
        bank=Count("person_id", distinct=True, filter=Q(payment_method="bank")),
    )
    return _pct(counts["bank"], counts["people"])


def spending_total(y: _Year) -> int | None:
    if y.last_month is None:
        return None
    return int(y.locked_rolls().aggregate(s=Sum("total"))["s"] or 0)


def _cases(y: _Year):
    from beneficiaries.models import Case

    return Case.objects.filter(unit__path__startswith=y.unit.path)


def new_cases(y: _Year) -> int | None:
    from beneficiaries.models import CaseStatus

    cases = _cases(y)
    if not cases.exists():
        return None
    return cases.filter(start_month__year=y.year).exclude(
        status__in=(CaseStatus.DRAFT, CaseStatus.SUBMITTED, CaseStatus.RETURNED)).count()


def terminated_cases(y: _Year) -> int | None:
    from beneficiaries.models import CaseStatus

    cases = _cases(y)
    if not cases.exists():
        return None
    return cases.filter(status=CaseStatus.TERMINATED, end_month__year=y.year).count()


def emergency_aided_on_time_pct(y: _Year) -> float | None:
    from benefits.emergency.selectors import emergency_aided_on_time_pct as on_time

    return on_time(y.unit, y.year)


def _entries(y: _Year):
    from .models import CelebrationEntry, CelebrationRound

    if not CelebrationRound.objects.filter(unit__path__startswith=y.unit.path, year=y.year).exists():
        return None
    return CelebrationEntry.objects.filter(round__unit__path__startswith=y.unit.path, round__year=y.year)


def longevity_listed(y: _Year) -> int | None:
    entries = _entries(y)
    return None if entries is None else entries.count()


def longevity_delivered(y: _Year) -> int | None:
    entries = _entries(y)
    return None if entries is None else entries.filter(delivered_on__isnull=False).count()


COMPUTE = {
    Indicator.BENEFICIARIES_PAID: beneficiaries_paid,
    Indicator.ELIGIBLE_PAID_PCT: eligible_paid_pct,
    Indicator.NON_CASH_PCT: non_cash_pct,
    Indicator.SPENDING_TOTAL: spending_total,
    Indicator.NEW_CASES: new_cases,
    Indicator.TERMINATED_CASES: terminated_cases,
    Indicator.EMERGENCY_ON_TIME_PCT: emergency_aided_on_time_pct,
    Indicator.LONGEVITY_LISTED: longevity_listed,
    Indicator.LONGEVITY_DELIVERED: longevity_delivered,
}


def indicator_values(unit, year: int, codes=None) -> dict[str, float | int | None]:
    """``{code: value or None}`` for the unit's subtree and the year (every indicator by default)."""
    y = _Year(unit, year)
    return {str(code): COMPUTE[code](y) for code in (codes or COMPUTE)}


@dataclass
class Measured:
    """One indicator of a plan: its label, value now, target, and whether the target is met."""

    code: str
    label: str
    actual: float | int | None
    target: Decimal | None

    @property
    def shown(self) -> str:
        from btxh.formatting import format_money

        if self.actual is None:
            return NO_DATA
        if self.code in MONEY:
            return format_money(self.actual)
        if self.code in PERCENT:
            return f"{self.actual:.1f}".replace(".", ",") + "%"
        return f"{self.actual:,}".replace(",", ".")

    @property
    def target_shown(self) -> str:
        if self.target is None:
            return ""
        if self.code in PERCENT:
            return f"{self.target:.1f}".replace(".", ",") + "%"
        return f"{int(self.target):,}".replace(",", ".")

    @property
    def met(self) -> bool | None:
        if self.actual is None or self.target is None:
            return None
        return Decimal(str(self.actual)) >= self.target

    def as_json(self) -> dict:
        return {"code": self.code, "label": self.label, "actual": self.actual,
                "target": float(self.target) if self.target is not None else None}


def plan_progress(unit, year: int, plan=None) -> list[Measured]:
    """Every indicator for the unit and year, with the target the plan sets (``None`` where it sets none)."""
    targets = {}
    if plan is not None:
        for t in plan.targets.all():
            if t.indicator and t.target_value is not None:
                targets.setdefault(t.indicator, t.target_value)
    values = indicator_values(unit, year)
    return [Measured(code, str(Indicator(code).label), values[code], targets.get(code)) for code in values]
