"""The celebration rounds up the chain through the shared reports mechanism (reports/kinds.py).

A commune's round of an occasion and year is sent as that commune's ``Report`` of the occasion's
kind (``longevity`` for Tết) with the year as the period: submitting freezes its counts by level
and its gift budget by source in the snapshot; the level directly above returns or accepts it
(``reports.services``); a district's or province's report of the same kind and year adds up its
children's accepted snapshots (the parent aggregation of ``reports.selectors.report_figures``).
The round's own ``status`` is kept in step with its report by ``round_status_sync``.
"""

from __future__ import annotations

from django.db.models import Count, Q, Sum

from btxh.models import Level
from engine import longevity as engine
from reports.kinds import ReportKindHooks, report_kind_register
from reports.models import ReportKind, ReportStatus
from reports.results import results_section_register

from .models import CelebrationEntry, CelebrationRound, RoundStatus

KIND_BY_OCCASION = {
    engine.OCCASION_TET: ReportKind.LONGEVITY,
    engine.OCCASION_ELDERLY_DAY: ReportKind.LONGEVITY_ELDERLY_DAY,
    engine.OCCASION_INTERNATIONAL_DAY: ReportKind.LONGEVITY_INTERNATIONAL_DAY,
    engine.OCCASION_BIRTHDAY: ReportKind.LONGEVITY_BIRTHDAY,
}
OCCASION_BY_KIND = {str(kind): occasion for occasion, kind in KIND_BY_OCCASION.items()}
MONEY = ("amount", "national", "province", "cash", "in_kind")
COUNTS = ("people", "president", "chairman", "rounds", "delivered", "commune")
LABELS = {
    "people": "Số người được chúc thọ, mừng thọ", "president": "Thiếp của Chủ tịch nước (100 tuổi)",
    "chairman": "Thiếp của Chủ tịch UBND tỉnh (90 tuổi)", "amount": "Tổng kinh phí quà tặng",
    "national": "Theo mức toàn quốc (TT 96/2018)", "province": "Theo mức của tỉnh", "rounds": "Số xã đã gửi danh sách",
    "delivered": "Số người đã trao quà", "commune": "Chi phí tổ chức lễ (ngân sách xã)",
}  # fmt: skip
STATUS_OF_REPORT = {
    ReportStatus.DRAFT: RoundStatus.DRAFT, ReportStatus.SUBMITTED: RoundStatus.SUBMITTED,
    ReportStatus.RETURNED: RoundStatus.RETURNED, ReportStatus.ACCEPTED: RoundStatus.ACCEPTED,
}  # fmt: skip


def report_kind(round_: CelebrationRound) -> str:
    return str(KIND_BY_OCCASION[round_.occasion])


def empty_figures() -> dict:
    return {**dict.fromkeys(COUNTS + MONEY, 0), "total": 0,
            "by_level": {lv: dict.fromkeys(("count", *MONEY), 0) for lv in engine.LEVELS}}  # fmt: skip


def round_figures(round_: CelebrationRound | None) -> dict:
    """A round's counts by level and budget by source (one grouped query)."""
    figures = empty_figures()
    if round_ is None:
        return figures
    figures["rounds"] = 1
    rows = (
        CelebrationEntry.objects.filter(round=round_, dropped_out=False).values("level")
        .annotate(n=Count("pk"), national=Sum("national_amount"), province=Sum("province_amount"), cash=Sum("cash"),
                  in_kind=Sum("in_kind"), delivered=Count("pk", filter=~_undelivered()))
        .order_by()
    )  # fmt: skip
    for r in rows:
        row = figures["by_level"].setdefault(r["level"], dict.fromkeys(("count", *MONEY), 0))
        values = {"count": r["n"], "national": r["national"] or 0, "province": r["province"] or 0,
                  "cash": r["cash"] or 0, "in_kind": r["in_kind"] or 0}  # fmt: skip
        values["amount"] = values["cash"] + values["in_kind"]
        for name, value in values.items():
            row[name] += value
        figures["people"] += r["n"]
        figures["delivered"] += r["delivered"]
        for name in MONEY:
            figures[name] += values[name]
    figures["commune"] = sum(line[3] for line in round_.ceremony_lines(figures["people"]))
    figures["president"] = figures["by_level"]["100"]["count"]
    figures["chairman"] = figures["by_level"]["90"]["count"]
    figures["total"] = figures["amount"]
    return figures


def _undelivered():
    from django.db.models import Q

    return Q(delivered_on__isnull=True)


def own_figures(report) -> dict:
    """A commune's own figures: its round of the occasion and year; a district or province has none."""
    if report.unit.level != Level.COMMUNE:
        return empty_figures()
    round_ = CelebrationRound.objects.filter(unit=report.unit, occasion=OCCASION_BY_KIND[report.kind],
                                             year=int(report.period)).first()  # fmt: skip
    return round_figures(round_)


def figures_add(into: dict, other: dict) -> dict:
    for name in (*COUNTS, *MONEY, "total"):
        into[name] = into.get(name, 0) + int(other.get(name, 0) or 0)
    levels = into.setdefault("by_level", {})
    for level, values in (other.get("by_level") or {}).items():
        row = levels.setdefault(level, dict.fromkeys(("count", *MONEY), 0))
        for name, value in values.items():
            row[name] = row.get(name, 0) + int(value or 0)
    return into


def figures_changes(before: dict, after: dict) -> list[dict]:
    return [
        {"field": f, "label": LABELS[f], "before": int(before.get(f, 0) or 0), "after": int(after.get(f, 0) or 0)}
        for f in ("people", "president", "chairman", "amount", "commune")
        if int(before.get(f, 0) or 0) != int(after.get(f, 0) or 0)
    ]


def check_submit(report, figures: dict) -> None:
    from reports.services import ReportError

    if report.unit.level == Level.COMMUNE and not figures.get("rounds"):
        raise ReportError(f"Chưa lập danh sách mừng thọ năm {report.period} của {report.unit.name}: lập danh sách trước khi gửi.")


def round_status_sync(report, user) -> None:
    """Keep the commune's round in step with its report (submitted, returned, accepted, reopened)."""
    if report.unit.level != Level.COMMUNE:
        return
    round_ = CelebrationRound.objects.filter(unit=report.unit, occasion=OCCASION_BY_KIND[report.kind],
                                             year=int(report.period)).first()  # fmt: skip
    if round_ is None:
        return
    round_.status = STATUS_OF_REPORT[report.status]
    if report.status == ReportStatus.SUBMITTED:
        round_.submitted_at, round_.submitted_by = report.submitted_at, report.submitted_by
        round_.return_reason = ""
    else:
        round_.decided_at, round_.decided_by = report.reviewed_at, report.reviewed_by
        round_.return_reason = report.review_comment if report.status == ReportStatus.RETURNED else ""
    round_._history_user = user
    round_.save()


def register() -> None:
    for kind in KIND_BY_OCCASION.values():
        report_kind_register(kind, ReportKindHooks(
            own_figures=own_figures, add=figures_add, check_submit=check_submit, on_status=round_status_sync,
            changes=figures_changes, template="plans/report_figures.html",
        ))  # fmt: skip
    results_section_register(results_longevity)  # the results report's longevity section


def results_longevity(figures: dict, unit, period, subtree: bool) -> None:
    """The results report's longevity section: people celebrated in the period and gift money."""
    where = Q(round__unit__path__startswith=unit.path) if subtree else Q(round__unit=unit)
    entries = CelebrationEntry.objects.filter(
        where, date__range=(period.first_day, period.last_day), dropped_out=False
    )
    agg = entries.aggregate(people=Count("id"), cash=Sum("cash"), in_kind=Sum("in_kind"))
    figures["longevity"]["people"] = int(agg["people"] or 0)
    figures["longevity"]["amount"] = int(agg["cash"] or 0) + int(agg["in_kind"] or 0)
