"""Payroll at province scale.

    DATABASE_URL=postgres://… [CELERY_BROKER_URL=redis://…] python benchmarks/payroll.py [--people 1000000] [--communes 100]

Builds N synthetic beneficiaries in one province (COPY), then in one run times:
  (a) the set-based floor: one INSERT … SELECT of the month's lines (highest coefficient ×
      base rate, no arrears) into the payment-line table with its indexes and constraints;
  (b) the project's province roll job for a first month (one job per commune, the engine for
      every line, arrears for the late decisions), on Celery workers when a broker is set;
  (b′) after locking every roll of (b), the next month's job: the incremental month carries the
      lines of the people nothing changed for from the locked roll and computes the others
      (birthdays, last month's arrears, children under two);
  (c) a per-beneficiary ORM loop that saves one line at a time, on a 10,000 sample,
      extrapolated to N;
and prints the times and the ratios b/a, b′/a and c/b. Then times one 2,000-line commune roll to
Excel and to PDF. Needs PostgreSQL (COPY); the data is removed at the end unless --keep.
"""

import argparse
import dataclasses
import os
import random
import resource
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "btxh.settings.local")

import django  # noqa: E402

django.setup()

from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from beneficiaries.models import Case, Household, HouseholdPoverty, Person  # noqa: E402
from benefits.payroll.models import PaymentLine, PaymentRoll  # noqa: E402
from btxh.models import Level, Unit  # noqa: E402
from engine import Month  # noqa: E402

MONTH = Month(2026, 7)
SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Nông", "Ma", "Triệu", "Lục", "Hà", "Lý"]
MIDDLE = ["Văn", "Thị", "Đức", "Minh", "Thu", "Quang", "Ngọc", "Hữu", "Thanh"]
GIVEN = ["An", "Bình", "Cúc", "Dũng", "Hà", "Hải", "Hoa", "Hùng", "Lan", "Mai", "Nam", "Sơn", "Thảo", "Tuấn", "Xuân"]
# (category, share, age range at the roll month, disability level)
MIX = [
    ("SP-75", 0.36, (75, 98), None), ("K6", 0.24, (18, 59), "severe"), ("K6", 0.05, (60, 90), "extra_severe"),
    ("K5A", 0.10, (60, 95), None), ("SP-70-POOR", 0.07, (70, 74), None), ("K1", 0.05, (1, 15), None),
    ("K2", 0.02, (16, 21), None), ("K3", 0.01, (2, 15), None), ("K7", 0.02, (0, 2), None),
    ("K8", 0.04, (20, 60), None), ("K5D", 0.04, (60, 90), None),
]


# Categories that need a poor (or near-poor) household.
POOR_CATEGORIES = {"K3", "K5A", "K5D", "K7", "K8", "SP-70-POOR"}


def log(msg):
    print(msg, flush=True)


def copy_rows(model, columns, rows):
    table = model._meta.db_table
    with connection.cursor() as cur, cur.cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)


def setup_units(communes: int) -> tuple[Unit, list[Unit]]:
    province, _ = Unit.objects.get_or_create(
        regime="2025", level=Level.PROVINCE, code="98",
        defaults={"name": "Tỉnh Thử Nghiệm", "type": "tỉnh", "path": "2025:98/"},
    )
    units = []
    for i in range(communes):
        code = f"98{i:03d}"
        unit, _ = Unit.objects.get_or_create(
            regime="2025", level=Level.COMMUNE, code=code,
            defaults={"name": f"Xã Thử Nghiệm {i + 1}", "type": "xã", "parent": province, "path": f"2025:98/{code}/"},
        )
        units.append(unit)
    return province, units


def build(n: int, units: list[Unit], seed: int = 7):
    rng = random.Random(seed)
    now = timezone.now()
    person_id0 = (Person.objects.order_by("-id").values_list("id", flat=True).first() or 0) + 1
    case_id0 = (Case.objects.order_by("-id").values_list("id", flat=True).first() or 0) + 1
    weights = [m[1] for m in MIX]
    household_id0 = (Household.objects.order_by("-id").values_list("id", flat=True).first() or 0) + 1
    people_cols = ["household_id", "id", "full_name", "name_normalized", "birth_date", "birth_year", "sex", "ethnicity", "unit_id",
                   "hamlet", "phone", "relationship_to_head", "has_pension", "payment_method", "bank_account",
                   "bank_name", "receiver_name", "receiver_relationship", "receiver_national_id", "receiver_phone",
                   "created_at", "updated_at"]
    case_cols = ["id", "person_id", "unit_id", "category", "status", "source", "disability_level",
                 "disability_certificate_number", "pregnant", "note", "decision_number", "decision_date", "signer",
                 "returned_reason", "start_month", "paid_until_month", "suspension_reason", "termination_reason",
                 "termination_note", "created_at", "updated_at", "end_proposed"]
    people, cases, households, poverty = [], [], [], []
    last_day = MONTH.last_day
    for i in range(n):
        pid, cid = person_id0 + i, case_id0 + i
        unit = units[i % len(units)]
        cat, _, (lo, hi), level = rng.choices(MIX, weights)[0]
        age = rng.randint(lo, hi)
        birth = date(last_day.year - age, rng.randint(1, 12), rng.randint(1, 28))
        if birth > last_day.replace(year=last_day.year - age):
            birth = birth.replace(year=birth.year - 1)
        name = f"{rng.choice(SURNAMES)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"
        bank = rng.random() < 0.3
        household = None
        if cat in POOR_CATEGORIES:
            household = household_id0 + len(households)
            households.append((household, unit.pk, "", "", "", now))
            poverty.append((household, MONTH.year, "poor" if rng.random() < 0.7 else "near_poor"))
        people.append((household, pid, name, name.upper(), birth, birth.year, rng.choice(["male", "female"]), "Kinh", unit.pk,
                       f"Thôn {1 + (i // len(units)) % 15}", "", "", False, "bank" if bank else "cash",
                       f"{rng.randint(10**11, 10**12 - 1)}" if bank else "", "Agribank" if bank else "", "", "", "", "",
                       now, now))
        late = rng.random() < 0.05  # decided late: two months of arrears
        start = (MONTH - 2) if late else Month(2025, 7) if cat.startswith("SP") else Month(2024, 1)
        if cat == "K7" and not late:
            start = max(Month.of(birth), MONTH - 3)
        paid_until = None if late else (MONTH - 1).first_day
        cases.append((cid, pid, unit.pk, cat, "active", "imported", level or "", "", False, "", f"{i % 900 + 1}/QĐ-UBND",
                      start.first_day, "", "", start.first_day, paid_until, "", "", "", now, now, False))
    t = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cur:
        # Generated rows are consistent by construction: skip the per-row foreign-key
        # triggers while loading (needs a superuser, as the benchmark database has).
        cur.execute("SET LOCAL session_replication_role = replica")
        copy_rows(Household, ["id", "unit_id", "hamlet", "code", "address", "created_at"], households)
        copy_rows(HouseholdPoverty, ["household_id", "year", "status"], poverty)
        copy_rows(Person, people_cols, people)
        copy_rows(Case, case_cols, cases)
    with connection.cursor() as cur:
        for model in (Household, Person, Case):
            cur.execute(f"SELECT setval(pg_get_serial_sequence('{model._meta.db_table}', 'id'), "
                        f"(SELECT MAX(id) FROM {model._meta.db_table}))")
        # As a long-lived database is: vacuumed (the first read of freshly loaded rows would
        # otherwise rewrite every page to mark it, and that cost would fall on the floor (a)).
        cur.execute("VACUUM ANALYZE")
    return time.perf_counter() - t


FLOOR_SQL = """
INSERT INTO benefits_paymentline (roll_id, unit_id, month, person_id, scheme, categories, case_ids, coefficient,
    base_rate, amount, arrears, arrears_detail, arrears_months, recovery, recovery_detail, funeral, carried_over, total,
    payment_method, bank_account, bank_name, receiver, full_name, birth, national_id, hamlet, decision, facts, rules,
    explanation, status)
SELECT r.id, c.unit_id, %(month)s, p.id,
       CASE WHEN c.category LIKE 'SP-%%' THEN 'SOCIAL_PENSION' ELSE 'MONTHLY_ALLOWANCE' END,
       c.category, jsonb_build_array(c.id), k.coef, 500000, (k.coef * 500000)::bigint, 0, '{}', '', 0, '{}', 0, 0,
       (k.coef * 500000)::bigint, p.payment_method, p.bank_account, p.bank_name, p.receiver_name, p.full_name,
       to_char(p.birth_date, 'DD/MM/YYYY'), '', p.hamlet, c.decision_number, '{}', '[]', '', 'pending'
FROM beneficiaries_case c
JOIN beneficiaries_person p ON p.id = c.person_id
JOIN benefits_paymentroll r ON r.unit_id = c.unit_id AND r.month = %(month)s
CROSS JOIN LATERAL (SELECT date_part('year', age(%(last_day)s, p.birth_date)) AS age) a
CROSS JOIN LATERAL (SELECT CASE
    WHEN c.category LIKE 'SP-%%' THEN 1.0
    WHEN c.category IN ('K1', 'K3', 'K7') AND a.age < 4 THEN 2.5
    WHEN c.category = 'K3' THEN 2.0
    WHEN c.category = 'K6' AND c.disability_level = 'extra_severe' THEN CASE WHEN a.age < 16 OR a.age >= 60 THEN 2.5 ELSE 2.0 END
    WHEN c.category = 'K6' THEN CASE WHEN a.age < 16 OR a.age >= 60 THEN 2.0 ELSE 1.5 END
    WHEN c.category = 'K5A' AND a.age >= 80 THEN 2.0
    WHEN c.category = 'K5D' THEN 3.0
    ELSE 1.5 END AS coef) k
WHERE c.status = 'active' AND p.unit_id IN (SELECT id FROM btxh_unit WHERE path LIKE '2025:98/%%')
"""


def _hwm_mb(pid: int | str = "self") -> float:
    """Peak resident memory of a process (VmHWM), in MB."""
    try:
        with open(f"/proc/{pid}/status") as f:
            return next(int(x.split()[1]) for x in f if x.startswith("VmHWM")) / 1024
    except (OSError, StopIteration):
        return 0.0


def run_province_job(province, workers: int, month: Month = MONTH):
    """Run the province roll job for ``month``; return (seconds, peak MB per process, status, done, total)."""
    if not os.environ.get("CELERY_BROKER_URL"):
        env = {**os.environ, "BTXH_JOBS_BACKEND": "eager"}
        code = (
            "import django, time; django.setup();"
            "from btxh.services import job_create; from btxh.models import Unit;"
            f"u = Unit.objects.get(pk={province.pk}); t = time.perf_counter();"
            f"job = job_create(kind='payroll_generate', params={{'unit_id': u.pk, 'month': '{month}'}}, user=None, unit=u);"
            "hwm = next(int(x.split()[1]) for x in open('/proc/self/status') if x.startswith('VmHWM'));"
            "print('JOB', job.status, job.progress_done, job.progress_total, round(time.perf_counter() - t, 2),"
            " round(hwm / 1024))"
        )
        out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=False)
        line = next((x for x in out.stdout.splitlines() if x.startswith("JOB")), None)
        if line is None:
            sys.exit(out.stdout + out.stderr)
        _, status, done, total, seconds, peak = line.split()
        return float(seconds), float(peak), status, done, total

    from django.conf import settings

    from btxh.models import Job
    from btxh.services import job_create

    env = {**os.environ, "BTXH_JOBS_BACKEND": "celery"}
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "btxh", "worker", f"--concurrency={workers}", "--pool=prefork",
         "-l", "WARNING", "--without-gossip", "--without-mingle", "--without-heartbeat", "--max-tasks-per-child=1000"],
        cwd=ROOT, env=env,
    )
    time.sleep(4)  # the pool is up
    settings.JOBS_BACKEND = "celery"
    peaks: dict[int, float] = {}
    try:
        t = time.perf_counter()
        job = job_create(kind="payroll_generate", params={"unit_id": province.pk, "month": str(month)},
                         user=None, unit=province)
        while True:
            job.refresh_from_db()
            children = subprocess.run(["pgrep", "-P", str(worker.pid)], capture_output=True, text=True).stdout.split()
            for pid in children:
                peaks[int(pid)] = max(peaks.get(int(pid), 0.0), _hwm_mb(pid))
            if job.is_finished:
                break
            time.sleep(0.5)
        seconds = time.perf_counter() - t
    finally:
        worker.terminate()
        worker.wait(timeout=60)
    job = Job.objects.get(pk=job.pk)
    return seconds, max(peaks.values(), default=0.0), job.status, job.progress_done, job.progress_total


def rolls_delete(unit_ids) -> None:
    """Remove the communes' rolls, lines and ledger rows with plain SQL (the ORM would load a
    million rows to cascade)."""
    ids = ",".join(map(str, unit_ids)) or "0"
    with connection.cursor() as cur:
        for sql in (
            f"DELETE FROM benefits_ledgerentry WHERE unit_id IN ({ids})",
            f"DELETE FROM reports_rollsummary WHERE roll_id IN (SELECT id FROM benefits_paymentroll WHERE unit_id IN ({ids}))",
            f"DELETE FROM benefits_paymentline WHERE unit_id IN ({ids})",
            f"DELETE FROM benefits_historicalpaymentroll WHERE unit_id IN ({ids})",
            f"DELETE FROM benefits_paymentroll WHERE unit_id IN ({ids})",
            f"DELETE FROM btxh_job WHERE unit_id IN ({ids}) AND parent_id IS NOT NULL",
        ):
            cur.execute(sql)


def cleanup(unit_ids) -> None:
    """Remove the synthetic data: the rolls, then the registry."""
    rolls_delete(unit_ids)
    ids = ",".join(map(str, unit_ids)) or "0"
    with connection.cursor() as cur:
        for sql in (
            f"DELETE FROM beneficiaries_case WHERE unit_id IN ({ids})",
            f"DELETE FROM beneficiaries_person WHERE unit_id IN ({ids})",
            f"DELETE FROM beneficiaries_householdpoverty WHERE household_id IN "
            f"(SELECT id FROM beneficiaries_household WHERE unit_id IN ({ids}))",
            f"DELETE FROM beneficiaries_household WHERE unit_id IN ({ids})",
        ):
            cur.execute(sql)


def vacuum(*tables: str) -> None:
    with connection.cursor() as cur:
        for table in tables:
            cur.execute(f"VACUUM ANALYZE {table}")


def machine() -> str:
    """The machine and the database settings the figures were measured on."""
    with open("/proc/cpuinfo") as f:
        cpu = next((x.split(":", 1)[1].strip() for x in f if x.startswith("model name")), "?")
    with connection.cursor() as cur:
        cur.execute("SELECT current_setting('server_version'), current_setting('shared_buffers'), current_setting('jit')")
        version, buffers, jit = cur.fetchone()
    return f"Machine: {os.cpu_count()} × {cpu}; PostgreSQL {version}, shared_buffers {buffers}, jit {jit}"


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def prepare(args) -> tuple[Unit, list[Unit]]:
    """The province and its communes, with ``args.people`` beneficiaries (built, or kept from a
    ``--keep`` run with ``--reuse``) and no roll."""
    province, units = setup_units(args.communes)
    unit_ids = [u.pk for u in units]
    existing = Person.objects.filter(unit_id__in=unit_ids).count()
    if args.reuse and existing:
        log(f"Reusing {existing:,} beneficiaries in {len(units)} communes")
        rolls_delete(unit_ids)
        vacuum("benefits_paymentline", "benefits_ledgerentry")
    else:
        cleanup(unit_ids)
        log(f"Building {args.people:,} beneficiaries in {len(units)} communes …")
        log(f"  built in {build(args.people, units):.1f} s")
    return province, units


def measure_floor(units) -> float:
    """(a) the set-based floor: one INSERT … SELECT of the month's lines (then removed)."""
    for u in units:
        PaymentRoll.objects.create(unit=u, month=MONTH.first_day)
    with connection.cursor() as cur:
        t = time.perf_counter()
        with transaction.atomic():
            cur.execute(FLOOR_SQL, {"month": MONTH.first_day, "last_day": MONTH.last_day})
            floor_lines = cur.rowcount
        a = time.perf_counter() - t
        log(f"(a) set-based INSERT … SELECT: {floor_lines:,} lines in {a:.1f} s")
        cur.execute(f"DELETE FROM benefits_paymentline WHERE unit_id IN ({','.join(str(u.pk) for u in units)})")
    vacuum("benefits_paymentline")
    return a


def measure_months(province, units, workers: int) -> tuple[float, float, float]:
    """(b) the province roll job for a first month, then (b′) the next month after locking every
    roll of (b) (the lock is not timed). Returns (b, b′, peak memory per worker in MB)."""
    from benefits.payroll.services import payroll_lock

    unit_ids = [u.pk for u in units]
    how = f"{workers} Celery worker processes" if os.environ.get("CELERY_BROKER_URL") else "one process"
    b, peak, status, done, total = run_province_job(province, workers)
    lines = PaymentLine.objects.filter(unit_id__in=unit_ids).count()
    arrears = sum(PaymentRoll.objects.filter(unit_id__in=unit_ids).values_list("total_arrears", flat=True))
    log(f"(b) province roll job ({how}): {status}, {done}/{total} communes, {lines:,} lines in {b:.1f} s, "
        f"peak memory per process {peak:.0f} MB, arrears {arrears:,} đ")

    t = time.perf_counter()
    for roll in PaymentRoll.objects.filter(unit_id__in=unit_ids, month=MONTH.first_day):
        roll.errors = [dict(e, resolution="xác nhận khi đo") for e in roll.errors]  # the officer's confirmation
        roll.save(update_fields=["errors"])
        payroll_lock(roll=roll, user=None)
    log(f"    (locked {len(unit_ids)} rolls in {time.perf_counter() - t:.1f} s, not timed)")
    vacuum("benefits_paymentline", "benefits_ledgerentry")
    b2, peak2, status2, done2, total2 = run_province_job(province, workers, MONTH + 1)
    rolls2 = PaymentRoll.objects.filter(unit_id__in=unit_ids, month=(MONTH + 1).first_day)
    lines2 = sum(rolls2.values_list("line_count", flat=True))
    carried2 = sum(rolls2.values_list("carried_lines", flat=True))
    log(f"(b′) next month, incremental ({how}): {status2}, {done2}/{total2} communes, {lines2:,} lines in {b2:.1f} s "
        f"({carried2:,} carried from the locked roll, {lines2 - carried2:,} computed), "
        f"peak memory per process {peak2:.0f} MB")
    return b, b2, max(peak, peak2)


def measure_orm_loop(units, people: int, sample_size: int) -> float:
    """(c) one .save() per line through the ORM, on a sample, extrapolated to ``people``."""
    from beneficiaries.facts import facts_data_load, pays_in
    from benefits.selectors import ruleset_load
    from engine import compute

    rules = ruleset_load()
    sample_month = MONTH + 2  # a month no roll of (b) or (b′) holds
    roll = PaymentRoll.objects.create(unit=units[0], month=sample_month.first_day)
    sample = list(
        Person.objects.filter(unit_id__in=[u.pk for u in units]).order_by("id").values_list("id", flat=True)[:sample_size]
    )
    t = time.perf_counter()
    for pid in sample:
        person = Person.objects.get(pk=pid)
        data = facts_data_load([pid])  # the one facts builder, for one person
        cases = [c for c in data.cases.get(pid, ()) if pays_in(c, sample_month)]
        facts, entitlements = data.month_input(pid, sample_month, cases)
        result = compute(facts, entitlements, sample_month, rules, "98")
        for line in result.lines:
            PaymentLine(roll=roll, unit_id=person.unit_id, month=sample_month.first_day, person=person,
                        scheme=line.scheme, categories=line.category, coefficient=line.coefficient,
                        base_rate=line.base_rate, amount=line.amount, total=line.amount, full_name=person.full_name,
                        hamlet=person.hamlet, explanation=result.explanation).save()
    c_sample = time.perf_counter() - t
    c = c_sample * people / len(sample)
    log(f"(c) ORM loop, one .save() per line: {len(sample):,} people in {c_sample:.1f} s "
        f"→ {c:.0f} s extrapolated to {people:,}")
    return c


def measure_documents(units) -> None:
    """Excel and PDF of the largest commune roll of (b), at most 2,000 lines."""
    from reports import roll_documents
    from reports.services import roll_doc_build

    big = PaymentRoll.objects.filter(unit__in=units, month=MONTH.first_day).order_by("-line_count").first()
    doc = roll_doc_build(big, prepared_by="Người lập biểu")
    doc = dataclasses.replace(doc, lines=list(doc.lines)[:2000])
    t = time.perf_counter()
    xlsx = roll_documents.roll_xlsx(doc)
    tx = time.perf_counter() - t
    t = time.perf_counter()
    pdf = roll_documents.roll_pdf(doc)
    tp = time.perf_counter() - t
    log(f"Commune roll of {len(doc.lines):,} lines: Excel {tx:.2f} s ({len(xlsx) // 1024} KB), "
        f"PDF {tp:.2f} s ({len(pdf) // 1024} KB), peak memory of this process {rss_mb():.0f} MB")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=1_000_000)
    parser.add_argument("--communes", type=int, default=100)
    parser.add_argument("--sample", type=int, default=10_000)
    parser.add_argument("--keep", action="store_true", help="keep the synthetic data at the end")
    parser.add_argument("--reuse", action="store_true", help="reuse the data a --keep run left")
    parser.add_argument("--workers", type=int, default=2, help="Celery worker processes for (b), when a broker is set")
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("This benchmark needs PostgreSQL: set DATABASE_URL.")
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    log(machine())
    province, units = prepare(args)
    a = measure_floor(units)
    b, b2, peak = measure_months(province, units, args.workers)
    c = measure_orm_loop(units, args.people, args.sample)
    log("")
    log(f"a = {a:.1f} s   b = {b:.1f} s   b′ = {b2:.1f} s   c = {c:.0f} s")
    log(f"b/a = {b / a:.2f} (target ≤ 1.5 for a first month)   b′/a = {b2 / a:.2f} (target ≤ 1.0 for a month after "
        f"a locked one)   c/b = {c / b:.1f}   province job peak memory {peak:.0f} MB")
    measure_documents(units)
    if not args.keep:
        cleanup([u.pk for u in units])


if __name__ == "__main__":
    main()
