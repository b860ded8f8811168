"""Reports at province scale: the dashboard and the payments report over 12 months of locked rolls.

    DATABASE_URL=postgres://… python benchmarks/reports.py [--people 1000000] [--communes 1000] [--months 12]

Builds N synthetic beneficiaries in one province with benchmarks/payroll.py's generator, then
12 locked monthly rolls per commune with its set-based INSERT … SELECT (the lines' amounts are
the floor's: highest coefficient × base rate), and every commune's payments report accepted.
Then times:
  - the first read of the locked rolls by the reports (the per-roll summaries computed lazily,
    once: one row per roll × scheme × category);
  - the province dashboard page (24 months, by scheme, category and commune, missing lists);
  - the province payments report page (its own data plus its communes' accepted snapshots);
  - the province payments report's PDF;
  - report_totals for the province: one month, and the year (distinct people over all lines).
Needs PostgreSQL (COPY). The data is removed at the end unless --keep; --reuse skips the build.
"""

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import payroll as base
from django.db import connection
from django.test import Client
from django.utils import timezone

from benefits.payroll.models import PaymentRoll, RollStatus
from btxh.models import Role, User
from engine import Month
from reports.figures import Period
from reports.models import Report, ReportStatus, RollSummary
from reports.selectors import report_totals

log = base.log


def timed(label, fn, repeat=3):
    times = []
    result = None
    for _ in range(repeat):
        t = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t)
    log(f"  {label}: best {min(times):.3f} s, first {times[0]:.3f} s")
    return result, min(times)


def build_rolls(units, months: list[Month]) -> None:
    now = timezone.now()
    for month in months:
        t = time.perf_counter()
        PaymentRoll.objects.bulk_create([
            PaymentRoll(unit=u, month=month.first_day, status=RollStatus.LOCKED, generation=1, locked_at=now)
            for u in units
        ])
        with connection.cursor() as cur:
            cur.execute("SET session_replication_role = replica")
            cur.execute(base.FLOOR_SQL, {"month": month.first_day, "last_day": month.last_day})
            cur.execute("SET session_replication_role = DEFAULT")
            cur.execute(
                "UPDATE benefits_paymentroll r SET line_count = s.n, total = s.t FROM (SELECT roll_id, count(*) n, "
                "sum(total) t FROM benefits_paymentline WHERE month = %s GROUP BY roll_id) s WHERE s.roll_id = r.id",
                [month.first_day],
            )
        log(f"  rolls of {month.month:02d}/{month.year}: {time.perf_counter() - t:.1f} s")
    with connection.cursor() as cur:
        cur.execute("ANALYZE")


def rolls_arguments() -> argparse.ArgumentParser:
    """The options of a benchmark over a year of locked rolls (this one and benchmarks/plans.py)."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=1_000_000)
    parser.add_argument("--communes", type=int, default=1000)
    parser.add_argument("--months", type=int, default=12)
    parser.add_argument("--keep", action="store_true")
    parser.add_argument("--reuse", action="store_true")
    return parser


def rolls_setup(args, script: str) -> tuple:
    """PostgreSQL checked; the province, its communes and the months of rolls up to base.MONTH."""
    if connection.vendor != "postgresql":
        sys.exit(f"{script} needs PostgreSQL (DATABASE_URL=postgres://…)")
    last = base.MONTH
    months = [last - i for i in reversed(range(args.months))]
    province, units = base.setup_units(args.communes)
    return province, units, months


def rolls_build(args, units, months) -> None:
    """The synthetic beneficiaries and their locked rolls, set-based (timed in the log)."""
    log(f"Building {args.people:,} beneficiaries in {args.communes} communes…")
    log(f"  built in {base.build(args.people, units):.1f} s")
    log(f"{args.months} months of locked rolls (set-based)…")
    t = time.perf_counter()
    build_rolls(units, months)
    log(f"  rolls built in {time.perf_counter() - t:.1f} s")


def rolls_cleanup(province, unit_ids) -> None:
    """A run's synthetic data removed: what the reports keep of the rolls first (summaries, people
    counts, reports), then the people and their rolls."""
    from reports.models import PeopleCount

    RollSummary.objects.filter(unit_id__in=unit_ids).delete()
    PeopleCount.objects.filter(unit_id__in=unit_ids).delete()
    Report.objects.filter(unit__path__startswith=province.path).delete()
    base.cleanup(unit_ids)


def main():
    args = rolls_arguments().parse_args()
    province, units, months = rolls_setup(args, "benchmarks/reports.py")
    last = base.MONTH
    unit_ids = [u.pk for u in units]
    if not args.reuse:
        rolls_cleanup(province, unit_ids)
        rolls_build(args, units, months)
        # Every commune's report of the last month accepted, with the snapshot its data gives.
        now = timezone.now()
        Report.objects.bulk_create([
            Report(unit=u, kind="payments", period=str(Period(last.year, last.month)), status=ReportStatus.ACCEPTED,
                   submitted_at=now, reviewed_at=now)
            for u in units
        ])
    lines = PaymentRoll.objects.filter(unit_id__in=unit_ids).values_list("line_count", flat=True)
    log(f"Data: {sum(lines):,} lines in {len(lines):,} locked rolls")
    user, _ = User.objects.get_or_create(
        username="bench.tinh", defaults={"role": Role.PROVINCE_OFFICER, "unit": province, "full_name": "Cán bộ tỉnh"}
    )
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user)
    period = f"{last.year}-{last.month:02d}"

    log("Timings (province):")
    if not args.reuse:
        t = time.perf_counter()
        client.get(f"/bao-cao/tong-quan/?period={period}")
        log(f"  first read: per-roll summaries computed lazily + dashboard: {time.perf_counter() - t:.1f} s "
            f"({RollSummary.objects.filter(unit_id__in=unit_ids).count():,} summary rows)")
        # The communes' snapshots, from their summaries (as their submit would have frozen them).
        from reports.selectors import report_figures

        t = time.perf_counter()
        for r in Report.objects.filter(unit_id__in=unit_ids, period=period).select_related("unit"):
            r.snapshot = report_figures(r, children=[])
            r.save(update_fields=["snapshot"])
        log(f"  {len(unit_ids)} commune snapshots frozen in {time.perf_counter() - t:.1f} s")
    _, dash = timed("dashboard page (24 months, by scheme, category, commune)",
                    lambda: client.get(f"/bao-cao/tong-quan/?period={period}"))
    from reports import services

    report = services.report_open(unit=province, kind="payments", period=period, user=user)
    _, page = timed("province payments report page", lambda: client.get(f"/bao-cao/dinh-ky/{report.pk}/"))
    timed("province payments report PDF", lambda: client.get(f"/bao-cao/dinh-ky/{report.pk}/bao-cao.pdf"),
                   repeat=2)
    month_totals, _ = timed("report_totals month", lambda: report_totals(province, "payments", Period.parse(period)),
                            repeat=2)
    # The year's distinct people: the baseline (distinct over every line, as before) and the
    # per-commune counts (PeopleCount), first read (counted once) and then kept, in the same run.
    from reports.models import PeopleCount
    from reports.selectors import distinct_people, distinct_people_scan

    year = Period(last.year)
    PeopleCount.objects.filter(unit_id__in=unit_ids).delete()
    scan_people, scan = timed("baseline: distinct people of the year over every line", lambda: distinct_people_scan(
        province, year), repeat=1)
    first_people, first = timed("per-commune counts, first read (counted and kept)",
                                lambda: distinct_people(province, year), repeat=1)
    kept_people, kept = timed("per-commune counts, kept", lambda: distinct_people(province, year), repeat=3)
    log(f"  people: baseline {scan_people:,}, per-commune {kept_people:,} (first {first_people:,})")
    year_totals, year_time = timed("report_totals year (people from the per-commune counts)",
                                   lambda: report_totals(province, "payments", year), repeat=2)
    # What the roll-locked hook costs per roll: one commune's month recomputed (summaries and
    # the year's and half-year's people counts), as the warm-up job does right after a lock.
    from reports.services import roll_summaries_warm

    sample = PaymentRoll.objects.filter(unit_id__in=unit_ids, month=last.first_day).order_by("pk").first()
    RollSummary.objects.filter(roll=sample).delete()
    PeopleCount.objects.filter(unit=sample.unit).delete()
    timed("warm-up of one just-locked roll (summaries + people counts)", lambda: roll_summaries_warm(
        roll_ids=[sample.pk]), repeat=1)
    log(f"report_totals year: baseline scan {scan:.3f} s -> per-commune counts {kept:.3f} s kept "
        f"({first:.3f} s first read); whole command {year_time:.3f} s")
    log(json.dumps({k: v for k, v in month_totals.items() if k != "children"}, ensure_ascii=False))
    log(json.dumps({k: v for k, v in year_totals.items() if k != "children"}, ensure_ascii=False))
    log(f"Target ≤ 1 s: dashboard {dash:.3f} s, report page {page:.3f} s")
    if not args.keep:
        rolls_cleanup(province, unit_ids)


if __name__ == "__main__":
    main()
