"""The indicators a plan's targets are measured by (docs/plans.md §3), computed from the
system's own data for a unit's whole subtree and a year, with aggregate queries only.

Each function returns a number, or ``None`` when the data it needs does not exist yet
("chưa có dữ liệu"). Percentages have one decimal.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Count, Q, Sum, Value
from django.db.models.functions import Coalesce

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
        self._month_figures = None
        self._case_figures = None

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

    def month_figures(self) -> dict:
        """People on the rolls of the year's last locked month, those paid through an account, and
        those paid under the monthly allowance or the social pension — read from the reports'
        per-roll summaries (``reports.summaries``: computed once per locked roll, warmed when it is
        locked), never from the lines. A person is counted once per commune, as the reports count."""
        if self._month_figures is None:
            from engine import MONTHLY_ALLOWANCE, SOCIAL_PENSION
            from reports.models import RollSummary
            from reports.summaries import roll_summaries_ensure

            rolls = self.locked_rolls().filter(month=self.last_month)
            roll_summaries_ensure(rolls)
            zero = Value(0)
            figures = RollSummary.objects.filter(roll__in=rolls.values("pk")).aggregate(
                n_people=Coalesce(Sum("roll_people"), zero),
                n_bank=Coalesce(Sum("bank_people"), zero),
                n_schemes=Coalesce(Sum("people", filter=Q(scheme__in=(MONTHLY_ALLOWANCE, SOCIAL_PENSION))), zero),
            )
            self._month_figures = {k[2:]: v for k, v in figures.items()}
        return self._month_figures

    def case_figures(self) -> dict:
        """One pass over the subtree's cases: how many there are, those decided whose first month
        is in the year, those terminated with their last month in the year, and the people with a
        monthly-allowance or social-pension case in payment at the end of the last locked month
        (active, or ended later)."""
        if self._case_figures is None:
            from beneficiaries.categories import all_categories
            from beneficiaries.models import Case, CaseStatus
            from engine import MONTHLY_ALLOWANCE, SOCIAL_PENSION

            undecided = (CaseStatus.DRAFT, CaseStatus.SUBMITTED, CaseStatus.RETURNED)
            counts = {
                "n_cases": Count("pk"),
                "n_new": Count("pk", filter=Q(start_month__year=self.year) & ~Q(status__in=undecided)),
                "n_terminated": Count("pk", filter=Q(status=CaseStatus.TERMINATED, end_month__year=self.year)),
            }
            if (month := self.last_month) is not None:
                codes = [c.code for c in all_categories() if c.scheme in (MONTHLY_ALLOWANCE, SOCIAL_PENSION)]
                eligible = Q(category__in=codes, status__in=(CaseStatus.ACTIVE, CaseStatus.TERMINATED),
                             start_month__lte=month) & (Q(end_month__isnull=True) | Q(end_month__gte=month))
                counts["n_eligible"] = Count("person_id", distinct=True, filter=eligible)
            figures = Case.objects.filter(unit__path__startswith=self.unit.path).aggregate(**counts)
            self._case_figures = {k[2:]: v for k, v in figures.items()}
        return self._case_figures


def beneficiaries_paid(y: _Year) -> int | None:
    if y.last_month is None:
        return None
    return y.month_figures()["people"]


def eligible_paid_pct(y: _Year) -> float | None:
    if y.last_month is None:
        return None
    whole = y.case_figures()["eligible"]
    # Paid under the two schemes; an arrears-only line of a case ended earlier cannot lift it past 100%.
    return _pct(min(y.month_figures()["schemes"], whole), whole)


def non_cash_pct(y: _Year) -> float | None:
    if y.last_month is None:
        return None
    figures = y.month_figures()
    return _pct(figures["bank"], figures["people"])


def spending_total(y: _Year) -> int | None:
    if y.last_month is None:
        return None
    return int(y.locked_rolls().aggregate(s=Sum("total"))["s"] or 0)


def new_cases(y: _Year) -> int | None:
    figures = y.case_figures()
    return figures["new"] if figures["cases"] else None


def terminated_cases(y: _Year) -> int | None:
    figures = y.case_figures()
    return figures["terminated"] if figures["cases"] else None


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
