"""The indicators of an annual plan (plan_progress) at province scale.

    DATABASE_URL=postgres://… python benchmarks/plans.py [--people 1000000] [--communes 1000] [--months 12]

Builds N synthetic beneficiaries in one province and a year of locked monthly rolls with the
set-based builders of benchmarks/payroll.py and benchmarks/reports.py (imported, not copied),
then times ``plans.indicators.plan_progress`` — every indicator of docs/plans.md §4 — for the
province and for one commune, median of 3, beside a baseline measured in the same run: a bare
SQL count of the paying lines of the year's last locked month, the rows the heaviest indicators
read. Prints one JSON line at the end. Needs PostgreSQL (COPY). The data is removed at the end
unless --keep; --reuse skips the build.
"""

import importlib.util
import json
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import payroll as base  # noqa: E402  (sets Django up)


def _load_reports_benchmark():
    """benchmarks/reports.py under another name: a top-level "reports" is the Django app."""
    spec = importlib.util.spec_from_file_location("bench_reports", HERE / "reports.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


bench_reports = _load_reports_benchmark()

from django.db import connection  # noqa: E402

from benefits.payroll.models import PaymentRoll  # noqa: E402

log = base.log


def median_of(fn, repeat: int = 3) -> tuple[object, float, list[float]]:
    times, result = [], None
    for _ in range(repeat):
        t = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t)
    return result, statistics.median(times), times


def bare_count(unit, month) -> int:
    """The baseline: paying lines of the month under the unit, counted in plain SQL."""
    with connection.cursor() as cur:
        cur.execute(
            "SELECT count(*) FROM benefits_paymentline l JOIN benefits_paymentroll r ON r.id = l.roll_id "
            "JOIN btxh_unit u ON u.id = r.unit_id WHERE u.path LIKE %s AND r.month = %s AND l.total > 0",
            [unit.path + "%", month],
        )
        return cur.fetchone()[0]


def main():
    parser = bench_reports.rolls_arguments()
    parser.add_argument("--explain", action="store_true", help="print the plans of the indicators' queries")
    args = parser.parse_args()
    province, units, months = bench_reports.rolls_setup(args, "benchmarks/plans.py")
    from plans.indicators import plan_progress

    last = base.MONTH
    unit_ids = [u.pk for u in units]
    if not args.reuse:
        bench_reports.rolls_cleanup(province, unit_ids)
        bench_reports.rolls_build(args, units, months)
    lines = sum(PaymentRoll.objects.filter(unit_id__in=unit_ids).values_list("line_count", flat=True))
    log(f"Data: {lines:,} lines in {len(unit_ids) * args.months:,} locked rolls")

    # The per-roll summaries the line indicators read are computed once per locked roll, by the
    # job a lock starts; the set-based builder locks without it, so they are computed here, timed.
    from reports.summaries import roll_summaries_ensure

    t = time.perf_counter()
    computed = roll_summaries_ensure(PaymentRoll.objects.filter(unit_id__in=unit_ids, month=last.first_day))
    warm = time.perf_counter() - t
    log(f"summaries of the last month's {computed:,} rolls computed in {warm:.1f} s (once, at lock in production)")
    commune = units[0]
    out = {
        "people": args.people,
        "communes": args.communes,
        "months": args.months,
        "lines": lines,
        "machine": "2 cores, shared",
        "database": "postgresql",
        "summaries_computed": computed,
        "summaries_s": round(warm, 1),
    }
    for label, unit in (("province", province), ("commune", commune)):
        count, base_median, _ = median_of(lambda unit=unit: bare_count(unit, last.first_day))
        progress, median, times = median_of(lambda unit=unit: plan_progress(unit, last.year))
        values = {m.code: m.actual for m in progress}
        log(
            f"{label}: baseline count {count:,} lines in {base_median:.3f} s; plan_progress median {median:.3f} s "
            f"({', '.join(f'{x:.3f}' for x in times)}): {values}"
        )
        out[label] = {
            "plan_progress_s": round(median, 3),
            "baseline_count_s": round(base_median, 3),
            "paying_lines": count,
            "beneficiaries_paid": values["beneficiaries_paid"],
        }
    if args.explain:
        from django.db import reset_queries
        from django.test.utils import CaptureQueriesContext

        reset_queries()
        with CaptureQueriesContext(connection) as queries:
            plan_progress(province, last.year)
        for q in queries.captured_queries:
            with connection.cursor() as cur:
                cur.execute("EXPLAIN (ANALYZE, BUFFERS) " + q["sql"])
                log(f"-- {q['time']} s\n{q['sql']}\n" + "\n".join(r[0] for r in cur.fetchall()))
    out["target_s"] = 1.0
    out["province_within_target"] = out["province"]["plan_progress_s"] <= 1.0
    print(json.dumps(out, ensure_ascii=False), flush=True)
    if not args.keep:
        bench_reports.rolls_cleanup(province, unit_ids)


if __name__ == "__main__":
    main()
