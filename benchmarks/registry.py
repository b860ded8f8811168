"""How fast are the registry's list and search pages with a million people, and the import?

    DATABASE_URL=postgres://postgres@127.0.0.1:54399/btxh_bench python benchmarks/registry.py
    python benchmarks/registry.py --people 100000          # SQLite file benchmarks/out/registry.sqlite3

Builds (in an empty database of its own) one province with ``--communes`` communes and
``--people`` people, one or two cases each, inserted in bulk (PostgreSQL: ``COPY`` through
psycopg's ``cursor.copy()``; SQLite: ``executemany``) — benchmark data, so without history
rows. Then times the people list through Django's test client as a province officer and as a
commune officer (first page, filtered pages, name and ID searches, a deep page, each sortable
column), printing the p50 and p95 of ``--runs`` requests, the worst and the number of queries, and
times importing a 5,000-row file.
"""

from __future__ import annotations

import argparse
import importlib
import io
import math
import random
import re
import statistics
import sys
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_django import django_setup

django_setup("registry")

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from beneficiaries.demo import HAMLETS as DEMO_HAMLETS  # noqa: E402
from beneficiaries.hamlets import hamlet_key  # noqa: E402
from beneficiaries.identity import name_normalize  # noqa: E402
from beneficiaries.importing import HEADERS  # noqa: E402
from beneficiaries.models import Case, Hamlet, Person  # noqa: E402
from btxh.models import Level, Regime, Role, Unit, User  # noqa: E402

FAMILY = [
    "Nguyễn",
    "Trần",
    "Lê",
    "Phạm",
    "Hoàng",
    "Vũ",
    "Đỗ",
    "Nông",
    "Ma",
    "Lộc",
    "Triệu",
    "Bàn",
    "Giàng",
    "Vàng",
    "Sùng",
    "Thào",
    "Lý",
    "Hà",
    "Lương",
    "Vi",
    "Đặng",
    "Bùi",
    "Quan",
    "Lăng",
]
MIDDLE = ["Văn", "Thị", "Đức", "Minh", "Mí", "Seo", "Quang", "Ngọc", "Thanh", "Hữu"]
GIVEN = [
    "Páo",
    "Sương",
    "Thành",
    "Mai",
    "Sơn",
    "Hòa",
    "Sình",
    "Dở",
    "Lan",
    "Hùng",
    "Dũng",
    "Nga",
    "Thu",
    "Hạnh",
    "Quẩy",
    "Chòi",
    "Slao",
    "Mẩy",
    "Nhung",
    "Khìn",
    "Lử",
    "Pà",
    "Sua",
    "Chơ",
    "Tuấn",
    "Huy",
    "Hương",
    "Xuân",
]
# The demo commune's hamlets (beneficiaries/demo.py) and two more.
HAMLETS = [*DEMO_HAMLETS, "Thôn Trung Tâm", "Bản Phiêng"]
CATEGORIES = [
    ("SP-75", 75, 98),
    ("K6", 3, 90),
    ("K5A", 60, 74),
    ("K1", 1, 15),
    ("SP-70-POOR", 70, 74),
    ("K4", 25, 45),
    ("K2", 16, 21),
    ("K7", 0, 2),
    ("K8", 25, 50),
]
WEIGHTS = [40, 20, 10, 6, 8, 6, 3, 4, 3]
PROVINCE_CODE = "97"
TODAY = date(2026, 11, 20)


def build(n_people: int, n_communes: int, seed: int = 1) -> tuple[Unit, list[Unit]]:
    rng = random.Random(seed)
    province = Unit.objects.create(
        regime=Regime.TWO_TIER,
        code=PROVINCE_CODE,
        name="Tỉnh Đo Thử",
        type="tỉnh",
        level=Level.PROVINCE,
        path=f"2025:{PROVINCE_CODE}/",
    )
    communes = Unit.objects.bulk_create(
        [
            Unit(
                regime=Regime.TWO_TIER,
                code=f"{90000 + i:05d}",
                name=f"Xã Đo Thử {i}",
                type="xã",
                level=Level.COMMUNE,
                parent=province,
                path=f"2025:{PROVINCE_CODE}/{90000 + i:05d}/",
            )
            for i in range(n_communes)
        ]
    )
    communes = list(Unit.objects.filter(level=Level.COMMUNE, path__startswith=province.path).order_by("code"))
    names = {}
    for family in FAMILY:
        for middle in MIDDLE:
            for given in GIVEN:
                full = f"{family} {middle} {given}"
                names[full] = name_normalize(full)
    name_list = list(names.items())
    now = datetime.now(UTC)

    t0 = time.perf_counter()
    person_cols = [
        "full_name",
        "name_normalized",
        "birth_date",
        "birth_year",
        "sex",
        "national_id",
        "ethnicity",
        "unit_id",
        "hamlet",
        "phone",
        "relationship_to_head",
        "has_pension",
        "payment_method",
        "bank_account",
        "bank_name",
        "receiver_name",
        "receiver_relationship",
        "receiver_national_id",
        "receiver_phone",
        "created_at",
        "updated_at",
    ]
    plan = []  # (category, start) per person
    people_rows = []
    ids = set()
    for i in range(n_people):
        category, low, high = rng.choices(CATEGORIES, WEIGHTS)[0]
        age_days = rng.randint(low * 365 + 5, high * 365 + 360)
        birth = TODAY - timedelta(days=age_days)
        sex = rng.choice(("male", "female"))
        full, norm = rng.choice(name_list)
        year_only = category == "SP-75" and rng.random() < 0.2
        nid = None
        if rng.random() < 0.85:
            digit = (0 if birth.year < 2000 else 2) + (1 if sex == "female" else 0)
            while nid is None or nid in ids:
                nid = f"0{rng.randint(1, 95):02d}{digit}{birth.year % 100:02d}{rng.randrange(10**6):06d}"
            ids.add(nid)
        bank = rng.random() < 0.2
        unit = communes[i % n_communes]
        people_rows.append(
            (
                f"{full} {i % 97}" if rng.random() < 0.3 else full,
                norm,
                None if year_only else birth,
                birth.year,
                sex,
                nid,
                rng.choice(("Kinh", "Tày", "Dao", "H'Mông", "Nùng")),
                unit.pk,
                rng.choice(HAMLETS),
                "",
                "",
                False,
                "bank" if bank else "cash",
                f"{rng.randrange(10**12)}" if bank else "",
                "Agribank" if bank else "",
                "",
                "",
                "",
                "",
                now,
                now,
            )
        )
        plan.append((category, date(2025, rng.randint(7, 12), 1)))
    # The name column must match the normalised column even for the suffixed names.
    people_rows = [(r[0], name_normalize(r[0]) if r[0] != r[1] else r[1], *r[2:]) for r in people_rows]
    t1 = time.perf_counter()
    _insert("beneficiaries_person", person_cols, people_rows)
    t2 = time.perf_counter()
    person_ids = list(
        Person.objects.filter(unit__path__startswith=province.path).order_by("pk").values_list("pk", "unit_id")
    )
    case_cols = [
        "person_id",
        "unit_id",
        "category",
        "status",
        "source",
        "disability_level",
        "disability_certificate_number",
        "pregnant",
        "note",
        "decision_number",
        "decision_date",
        "signer",
        "returned_reason",
        "start_month",
        "suspension_reason",
        "termination_reason",
        "termination_note",
        "created_at",
        "updated_at",
        "approving_unit_id",
    ]
    case_rows = []
    for (pk, unit_id), (category, start) in zip(person_ids, plan, strict=True):
        level = rng.choice(("severe", "extra_severe")) if category == "K6" else ""
        case_rows.append(
            (
                pk,
                unit_id,
                category,
                "active",
                "imported",
                level,
                "",
                False,
                "",
                f"{pk % 999}/QĐ-UBND",
                start,
                "",
                "",
                start,
                "",
                "",
                "",
                now,
                now,
                unit_id,
            )
        )
        if rng.random() < 0.08:  # a second, older, terminated case
            case_rows.append(
                (
                    pk,
                    unit_id,
                    "K5B",
                    "terminated",
                    "imported",
                    "",
                    "",
                    False,
                    "",
                    "1/QĐ",
                    date(2022, 1, 3),
                    "",
                    "",
                    date(2022, 1, 1),
                    "",
                    "ineligible",
                    "",
                    now,
                    now,
                    unit_id,
                )
            )
    _insert("beneficiaries_case", case_cols, case_rows)
    t3 = time.perf_counter()
    # The people came in with hamlet text only, as before the hamlet list: the data migration makes
    # each commune's list from it and links every person (what an upgrade of a full database costs).
    from django.apps import apps

    importlib.import_module("beneficiaries.migrations.0009_hamlets_from_registry_text").hamlets_from_records(apps, None)
    t_hamlets = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    t4 = time.perf_counter()
    print(
        f"generated {n_people:,} people in {t1 - t0:.1f} s; inserted people {t2 - t1:.1f} s, "
        f"{len(case_rows):,} cases {t3 - t2:.1f} s; hamlet lists from the text (data migration) "
        f"{t_hamlets - t3:.1f} s; ANALYZE {t4 - t_hamlets:.1f} s"
    )
    return province, communes


def _with_defaults(table: str, columns: list[str], rows: list[tuple]) -> tuple[list[str], list[tuple]]:
    """Add the model's other NOT NULL columns with their defaults, so that new fields do not break the build."""
    from django.apps import apps

    model = next(m for m in apps.get_models() if m._meta.db_table == table)
    extra = [f for f in model._meta.concrete_fields if not f.null and f.column not in columns and f.has_default()]
    if not extra:
        return columns, rows
    values = tuple(f.get_db_prep_save(f.get_default(), connection) for f in extra)
    return columns + [f.column for f in extra], [row + values for row in rows]


def _insert(table: str, columns: list[str], rows: list[tuple]) -> None:
    columns, rows = _with_defaults(table, columns, rows)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            raw = cursor.cursor  # the psycopg cursor
            with raw.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
    else:
        sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('%s' for _ in columns)})"
        with connection.cursor() as cursor:
            for i in range(0, len(rows), 50_000):
                cursor.executemany(sql, rows[i : i + 50_000])


def percentile(values: list[float], fraction: float) -> float:
    """The nearest-rank percentile: the smallest value that ``fraction`` of the values do not exceed."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(round(fraction * len(ordered), 9)) - 1)]


def timed(client: Client, url: str, runs: int) -> tuple[float, float, float, int, int]:
    client.get(url)  # warm caches
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        response = client.get(url)
        times.append(time.perf_counter() - start)
        assert response.status_code == 200, (url, response.status_code)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    rows = len(re.findall(r'<td><a href="/doi-tuong/\d+/">', response.content.decode()))
    return statistics.median(times), percentile(times, 0.95), max(times), len(queries), rows


def bench_pages(province: Unit, communes: list[Unit], runs: int) -> None:
    province_officer = User.objects.create(username="bench.tinh", role=Role.PROVINCE_OFFICER, unit=province)
    commune_officer = User.objects.create(username="bench.xa", role=Role.COMMUNE_OFFICER, unit=communes[0])
    probe = Person.objects.filter(unit=communes[0]).exclude(national_id=None).order_by("pk").first()
    rare = Person.objects.filter(unit=communes[-1]).order_by("-pk").first()
    hamlet = Hamlet.objects.get(commune=communes[0], name_key=hamlet_key("Thôn Nà Pồng"))
    pages = [
        ("first page", "/doi-tuong/"),
        ("filtered: K6, 60–70 years", "/doi-tuong/?category=K6&age_band=60-70"),
        ("filtered: hamlet + active + bank", f"/doi-tuong/?hamlet={hamlet.pk}&status=active&payment_method=bank"),
        ("name search, common ('hoang thi')", "/doi-tuong/?q=hoang+thi"),
        (f"name search, full name ('{rare.full_name}')", f"/doi-tuong/?q={rare.name_normalized.replace(' ', '+')}"),
        ("name search, no match ('khong co ai')", "/doi-tuong/?q=khong+co+ai"),
        ("ID prefix search (8 digits)", f"/doi-tuong/?q={probe.national_id[:8]}"),
        ("page 200", "/doi-tuong/?page=200"),
        # The sortable columns (beneficiaries/filters.py): birth on the birth-year index, name the
        # other way round on the name index, hamlet on none (a province's rows sorted to the page).
        ("sorted: birth date", "/doi-tuong/?sort=birth"),
        ("sorted: birth date, descending", "/doi-tuong/?sort=-birth"),
        ("sorted: name, descending", "/doi-tuong/?sort=-name"),
        ("sorted: hamlet (no index)", "/doi-tuong/?sort=hamlet"),
        ("sorted: hamlet, descending, page 200", "/doi-tuong/?sort=-hamlet&page=200"),
        ("filtered K6 + sorted by birth", "/doi-tuong/?category=K6&sort=birth"),
    ]
    for label, user in (("province officer (all communes)", province_officer), ("commune officer", commune_officer)):
        client = Client()
        client.force_login(user)
        print(f"\n{label}:")
        print(f"  {'page':<52} {'p50':>8} {'p95':>8} {'max':>8} {'queries':>8} {'rows':>5}")
        for name, url in pages:
            median, p95, worst, queries, rows = timed(client, url, runs)
            print(
                f"  {name:<52} {median * 1000:>6.0f}ms {p95 * 1000:>6.0f}ms {worst * 1000:>6.0f}ms {queries:>8} {rows:>5}"
            )


def bench_import(province: Unit, rows: int) -> None:
    """Import into a commune of its own (a new one at each run, so that runs do not collide)."""
    from openpyxl import Workbook

    from beneficiaries.services import beneficiaries_import

    run = Unit.objects.filter(path__startswith=province.path, code__startswith="98").count()
    code = f"{98000 + run:05d}"
    commune = Unit.objects.create(
        regime=Regime.TWO_TIER,
        code=code,
        name=f"Xã Nhập Thử {run}",
        type="xã",
        level=Level.COMMUNE,
        parent=province,
        path=f"{province.path}{code}/",
    )
    rng = random.Random(7 + run)
    book = Workbook()
    sheet = book.active
    sheet.append([h for k, h in HEADERS.items() if k != "paid_until"])
    for i in range(rows):
        year = rng.randint(1930, 1950)
        sex = rng.choice(("Nam", "Nữ"))
        digit = 1 if sex == "Nữ" else 0
        sheet.append(
            [
                i + 1,
                f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)} {i}",
                f"{rng.randint(1, 28):02d}/{rng.randint(1, 12):02d}/{year}",
                sex,
                f"096{digit}{year % 100:02d}{(run * rows + i) % 10**6:06d}",
                "Tày",
                rng.choice(HAMLETS),
                commune.code,
                "SP-75",
                "",
                "",
                f"{i}/QĐ-UBND",
                "15/08/2025",
                "08/2025",
                "Tiền mặt",
                "",
                "",
            ]
        )
    out = io.BytesIO()
    book.save(out)
    data = out.getvalue()
    start = time.perf_counter()
    dry = beneficiaries_import(data=data, unit=commune, user=None, dry_run=True, today=TODAY)
    t_dry = time.perf_counter() - start
    start = time.perf_counter()
    result = beneficiaries_import(data=data, unit=commune, user=None, today=TODAY)
    t_real = time.perf_counter() - start
    start = time.perf_counter()
    again = beneficiaries_import(data=data, unit=commune, user=None, today=TODAY)
    t_again = time.perf_counter() - start
    assert dry.ok and result.ok and again.summary["skipped_existing"] == rows, (dry.plan.errors[:3], again.summary)
    print(
        f"\nimport of {rows:,} rows (social pensions) into a new commune, {Person.objects.count():,} people in the table:"
    )
    print(f"  dry run (read + check + match)  {t_dry:6.1f} s")
    print(f"  import (all writes, with history) {t_real:6.1f} s   {result.summary}")
    print(f"  same file again (skips all)     {t_again:6.1f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--people", type=int, default=1_000_000)
    parser.add_argument("--communes", type=int, default=500)
    parser.add_argument("--runs", type=int, default=20, help="timed requests per page (p95 needs about 20)")
    parser.add_argument("--import-rows", type=int, default=5000)
    parser.add_argument("--reuse", action="store_true", help="keep the people already built by an earlier run")
    args = parser.parse_args()
    print(f"database: {connection.vendor} {connection.settings_dict['NAME']}")
    call_command("migrate", verbosity=0)
    existing = Unit.objects.filter(code=PROVINCE_CODE, level=Level.PROVINCE).first()
    if existing and args.reuse:
        province = existing
        communes = list(
            Unit.objects.filter(level=Level.COMMUNE, path__startswith=province.path, code__startswith="9")
            .exclude(code__startswith="98")
            .order_by("code")
        )
        User.objects.filter(username__startswith="bench.").delete()
    elif Person.objects.exists() or existing:
        sys.exit("The database already has people: use an empty database of its own (or --reuse).")
    else:
        province, communes = build(args.people, args.communes)
    print(f"people: {Person.objects.count():,}; cases: {Case.objects.count():,}; communes: {len(communes)}")
    bench_pages(province, communes, args.runs)
    bench_import(province, args.import_rows)


if __name__ == "__main__":
    main()
