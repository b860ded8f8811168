"""How long does computing a Tết round take for every commune of a province of 3 million
residents of whom 600,000 are elderly (issue 13: ≤ 10 s, one set-based selection per commune)?

    DATABASE_URL=postgres://postgres@127.0.0.1:54339/btxh_longevity2_bench python benchmarks/longevity.py
    python benchmarks/longevity.py --elderly 60000      # SQLite file benchmarks/out/longevity.sqlite3

Builds, in an empty database of its own, one province with ``--communes`` communes and
``--elderly`` elderly people (ages 60 to 105, fewer at each older age; 1% died during the last
year, 0.5% moved out), inserted in bulk (PostgreSQL ``COPY``, SQLite ``executemany``) — benchmark
data, so without history rows. Then, in the same run, prints:

- the baseline: the bare SQL count of the province's elderly in the birth years the selection reads
  (what a selection cannot beat), and the same grouped by commune;
- the measured figure: ``plans.services.round_open`` for the Tết of ``--year`` in every commune, one
  transaction each — the list computed by the engine, its entries written (``COPY`` on PostgreSQL)
  — with the per-commune median and the queries of one commune;
- the floor of the writes: a plain ``INSERT … SELECT`` of as many rows as there are entries, with
  the same explanation text, into a scratch table shaped like the entries' (indexes included), in
  one transaction;
- the province's overview (counts by level and the budget of every commune) and the commune's
  list PDF of one commune (``--no-pdf`` skips it);
- the machine (CPU, Python, database, load average: the machine may be shared) beside them;
- last, one JSON line with the figures (``province_s``, ``commune_median_s``, ``entries``,
  ``baseline_count_s``, ``baseline_insert_select_s``, ``database`` …).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import random
import statistics
import sys
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_django import django_setup

django_setup("longevity")

import django  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from btxh.models import Level, Regime, Role, Unit, User  # noqa: E402
from engine import longevity as engine  # noqa: E402
from plans.models import CelebrationEntry, CelebrationRound, ElderlyPerson  # noqa: E402

PROVINCE_CODE = "97"
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đỗ", "Nông", "Ma", "Lộc", "Triệu", "Bàn", "Lý", "Hà"]
MIDDLE = ["Văn", "Thị", "Đức", "Minh", "Quang", "Ngọc", "Thanh", "Hữu"]
GIVEN = ["Páo", "Sương", "Thành", "Mai", "Sơn", "Lan", "Hùng", "Tâm", "Bình", "Hoa", "Phúc", "Thọ"]


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SHOW server_version")
        else:
            cursor.execute("SELECT sqlite_version()")
        version = cursor.fetchone()[0]
    return (f"{cpu}, {os.cpu_count()} CPUs; Python {platform.python_version()}; Django {django.get_version()}; "
            f"{connection.vendor} {version}")  # fmt: skip


def _insert(table: str, columns: list[str], rows) -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor, cursor.cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
    else:
        rows = list(rows)
        sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('%s' for _ in columns)})"
        with connection.cursor() as cursor:
            for i in range(0, len(rows), 50_000):
                cursor.executemany(sql, rows[i : i + 50_000])


def build(n_elderly: int, n_communes: int, year: int, seed: int = 13) -> tuple[Unit, list[Unit]]:
    from beneficiaries.identity import name_normalize

    rng = random.Random(seed)
    province = Unit.objects.create(regime=Regime.TWO_TIER, code=PROVINCE_CODE, name="Tỉnh Đo Thử", type="tỉnh",
                                   level=Level.PROVINCE, path=f"2025:{PROVINCE_CODE}/")  # fmt: skip
    Unit.objects.bulk_create([
        Unit(regime=Regime.TWO_TIER, code=f"{97000 + i:05d}", name=f"Xã Đo Thử {i}", type="xã", level=Level.COMMUNE,
             parent=province, path=f"2025:{PROVINCE_CODE}/{97000 + i:05d}/")
        for i in range(n_communes)
    ])  # fmt: skip
    communes = list(Unit.objects.filter(level=Level.COMMUNE, path__startswith=province.path).order_by("code"))
    names = [(f"{f} {m} {g}", name_normalize(f"{f} {m} {g}")) for f in FAMILY for m in MIDDLE for g in GIVEN]
    ages = list(range(60, 106))
    weights = [math.exp(-(a - 60) / 9) for a in ages]
    today = date(year - 1, 12, 1)
    now = datetime.now(UTC)
    columns = ["unit_id", "full_name", "name_normalized", "birth_date", "birth_year", "sex", "national_id", "hamlet",
               "death_date", "moved_out_date", "moved_to", "note", "source", "created_at", "updated_at"]  # fmt: skip

    def rows():
        for i in range(n_elderly):
            unit = communes[i % n_communes]
            age = rng.choices(ages, weights)[0]
            birth_year = year - age
            birth_date = date(birth_year, rng.randint(1, 12), rng.randint(1, 28)) if rng.random() < 0.8 else None
            full, norm = names[rng.randrange(len(names))]
            r = rng.random()
            death = today - timedelta(days=rng.randint(1, 365)) if r < 0.01 else None
            moved = today - timedelta(days=rng.randint(1, 365)) if 0.01 <= r < 0.015 else None
            yield (unit.pk, full, norm, birth_date, birth_year, "female" if i % 2 else "male", None,
                   f"Thôn {i % 17 + 1}", death, moved, "", "", "imported", now, now)  # fmt: skip

    t0 = time.perf_counter()
    _insert(ElderlyPerson._meta.db_table, columns, rows())
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    print(f"built {n_elderly:,} elderly people in {n_communes} communes in {time.perf_counter() - t0:.1f} s")
    return province, communes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--elderly", type=int, default=600_000)
    parser.add_argument("--communes", type=int, default=100)
    parser.add_argument("--year", type=int, default=date.today().year + 1 if date.today().month >= 9 else date.today().year)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--no-pdf", action="store_true", help="skip the list PDF of one commune")
    args = parser.parse_args()
    print(f"database: {connection.vendor} {connection.settings_dict['NAME']}")
    print(f"machine: {machine()}")
    call_command("migrate", verbosity=0)
    if ElderlyPerson.objects.exists() or Unit.objects.filter(code=PROVINCE_CODE).exists():
        sys.exit("The database already has elderly people: use an empty database of its own.")
    province, communes = build(args.elderly, args.communes, args.year)
    officers = {c.pk: User.objects.create(username=f"bench.{c.code}", role=Role.COMMUNE_OFFICER, unit=c) for c in communes}
    province_officer = User.objects.create(username="bench.province", role=Role.PROVINCE_OFFICER, unit=province)
    from plans.selectors import celebrated_birth_years, overview
    from plans.services import round_open

    years, oldest = celebrated_birth_years(args.year, engine.AGE_YEAR)  # the rows the selection reads (no
    # province of the benchmark has a counting rule of its own: the default, the year, applies)
    table = ElderlyPerson._meta.db_table
    where = f"(birth_year IN ({', '.join(map(str, years))}) OR birth_year <= {oldest})"
    timings = []
    for _ in range(args.runs):
        t0 = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT count(*) FROM {table} WHERE {where}")
            due = cursor.fetchone()[0]
        t1 = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT unit_id, count(*) FROM {table} WHERE {where} GROUP BY unit_id")
            cursor.fetchall()
        timings.append((t1 - t0, time.perf_counter() - t1))
    count_s = statistics.median(t[0] for t in timings)
    grouped_s = statistics.median(t[1] for t in timings)
    print(f"baseline: bare SQL count of the elderly in the birth years read: {due:,} rows in {count_s:.3f} s; "
          f"grouped by commune: {grouped_s:.3f} s (median of {args.runs})")  # fmt: skip

    # Once per process, not per round: importing the holidays package's Vietnamese calendar (a server
    # has done it at its first request). Printed, not counted in the rounds.
    t0 = time.perf_counter()
    engine.tet_date(args.year)
    warmup_s = time.perf_counter() - t0
    print(f"warm-up: the Vietnamese calendar of the holidays package loaded in {warmup_s:.2f} s (once per process)")
    first = communes[0]
    per_commune = []
    cpu0, db0 = time.process_time(), backend_cpu()
    with CaptureQueriesContext(connection) as ctx:
        t0 = time.perf_counter()
        round_open(user=officers[first.pk], unit=first, occasion=engine.OCCASION_TET, year=args.year)
        per_commune.append(time.perf_counter() - t0)
    queries = len(ctx.captured_queries)
    for commune in communes[1:]:
        t0 = time.perf_counter()
        round_open(user=officers[commune.pk], unit=commune, occasion=engine.OCCASION_TET, year=args.year)
        per_commune.append(time.perf_counter() - t0)
    total = sum(per_commune)
    cpu_s = time.process_time() - cpu0
    db_s = backend_cpu() - db0 if db0 is not None else None
    median = statistics.median(per_commune)
    entries = CelebrationEntry.objects.filter(dropped_out=False).count()
    rounds = CelebrationRound.objects.count()
    verdict = "within" if total <= 10 else "OVER"
    print(f"measured: Tết {args.year} rounds of {rounds} communes ({args.elderly:,} elderly): {total:.2f} s "
          f"({verdict} the 10 s target); {entries:,} people listed; per commune: median {median:.3f} s, "
          f"first {per_commune[0]:.3f} s, {queries} queries; CPU: Python {cpu_s:.2f} s"
          + (f", database server {db_s:.2f} s" if db_s is not None else ""))  # fmt: skip
    db0 = backend_cpu()
    insert_s = insert_select_floor(entries, where, args.year)
    insert_db_s = backend_cpu() - db0 if db0 is not None else None
    commits_s = commits_floor(rounds)
    print(f"floor: plain INSERT … SELECT of {entries:,} rows: {insert_s:.2f} s"
          + (f" (database server CPU {insert_db_s:.2f} s)" if insert_db_s is not None else "")
          + f"; {rounds} bare write transactions "
          f"(one per commune, as the rounds): {commits_s:.2f} s")  # fmt: skip
    t0 = time.perf_counter()
    data = overview(user=province_officer, occasion=engine.OCCASION_TET, year=args.year)
    overview_s = time.perf_counter() - t0
    print(f"province overview ({len(data['lines'])} communes, {data['total']:,} people, 100-year-olds "
          f"{len(data['president']):,}): {overview_s:.2f} s")  # fmt: skip
    if not args.no_pdf:
        from plans.documents import round_list_pdf

        round_ = CelebrationRound.objects.get(unit=first)
        t0 = time.perf_counter()
        pdf = round_list_pdf(round_=round_, prepared_by="Đo thử")
        print(f"list PDF of one commune ({round_.entries.count():,} people, {len(pdf) // 1024} KiB): "
              f"{time.perf_counter() - t0:.2f} s")  # fmt: skip
    print(json.dumps({
        "benchmark": "longevity", "database": database(), "machine": machine(), "load_average": os.getloadavg(),
        "communes": rounds, "elderly": args.elderly, "year": args.year, "entries": entries,
        "province_s": round(total, 3), "commune_median_s": round(median, 4), "python_cpu_s": round(cpu_s, 3),
        "database_cpu_s": None if db_s is None else round(db_s, 3), "queries_one_commune": queries,
        "baseline_count_rows": due, "baseline_count_s": round(count_s, 4),
        "baseline_insert_select_s": round(insert_s, 3),
        "baseline_insert_select_database_cpu_s": None if insert_db_s is None else round(insert_db_s, 3), "baseline_commits_s": round(commits_s, 3), "warmup_s": round(warmup_s, 3), "overview_s": round(overview_s, 3), "target_s": 10,
        "within_target": total <= 10,
    }, ensure_ascii=False))  # fmt: skip


def backend_cpu() -> float | None:
    """CPU seconds used so far by this connection's database server process (PostgreSQL on this
    machine: /proc/<pg_backend_pid()>/stat), else None. With ``time.process_time()`` it gives the work
    of the rounds apart from the waiting a machine shared with other jobs adds to the wall time."""
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime


def database() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version" if connection.vendor == "postgresql" else "SELECT sqlite_version()")
        return f"{connection.vendor} {cursor.fetchone()[0]}"


def commits_floor(n: int) -> float:
    """``n`` transactions that each write one row and commit (what one transaction per commune costs
    by itself: on PostgreSQL each commit waits for its WAL flush)."""
    from django.db import transaction

    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE bench_longevity_commits (n integer)")
    t0 = time.perf_counter()
    for i in range(n):
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("INSERT INTO bench_longevity_commits (n) VALUES (%s)", [i])
    took = time.perf_counter() - t0
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE bench_longevity_commits")
    return took


def insert_select_floor(rows: int, where: str, year: int) -> float:
    """The floor of the writes: one plain ``INSERT … SELECT`` of ``rows`` rows into a scratch table shaped
    like the entries' (on PostgreSQL with its indexes), each row carrying a real entry's explanation and
    gifts (the bulk of a row), in one transaction; the scratch table is dropped afterwards."""
    from django.db import transaction

    entry_table, elderly_table = CelebrationEntry._meta.db_table, ElderlyPerson._meta.db_table
    sample = CelebrationEntry.objects.filter(dropped_out=False).order_by("pk").first()
    scratch = "bench_longevity_floor"
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"CREATE TABLE {scratch} (LIKE {entry_table} INCLUDING ALL)")
        else:
            cursor.execute(f"CREATE TABLE {scratch} AS SELECT * FROM {entry_table} WHERE 0")
    gifts = json.dumps(sample.gifts, ensure_ascii=False)
    birth_text = "CAST(birth_year AS TEXT)"
    sql = (
        f"INSERT INTO {scratch} (round_id, elderly_id, person_id, full_name, birth_text, sex, national_id, hamlet, "
        "date, age, level, ceremony, card, gifts, cash, in_kind, national_amount, province_amount, "
        "local_amount_recorded, explanation, manual_reason, dropped_out, dropped_reason, received_by, "
        f"signature_returned) SELECT unit_id, id, person_id, full_name, {birth_text}, sex, '', hamlet, %s, "
        f"{year} - birth_year, CAST({year} - birth_year AS TEXT), %s, '', %s, 0, 0, 0, 0, FALSE, %s, '', FALSE, '', '', "
        f"FALSE FROM {elderly_table} WHERE {where} ORDER BY id LIMIT %s"
    )  # fmt: skip
    if connection.vendor == "postgresql":
        sql = sql.replace(", %s, 0, 0, 0, 0", ", CAST(%s AS jsonb), 0, 0, 0, 0")
    t0 = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, [sample.date, sample.ceremony, gifts, sample.explanation, rows])
    took = time.perf_counter() - t0
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE {scratch}")
    return took


if __name__ == "__main__":
    main()
