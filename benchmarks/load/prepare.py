"""Prepare a database for the load test: officers of several units, payment rolls and jobs.

    DATABASE_URL=postgres://…/btxh_bench python benchmarks/load/prepare.py

Meant for the database that benchmarks/registry.py built (a province of 500 communes and a
million people), but works on any database with a province and its communes. Creates (once)
two province officers, a province viewer and the officers of ``--communes`` communes, all
with the password BTXH_LOAD_PASSWORD; generates this month's payment roll of ``--rolls``
communes; runs a people export job for each commune officer; prints the ``export`` lines
for locustfile.py.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "load_settings")
os.environ.setdefault("BTXH_LOAD_PASSWORD", "Thu-tai-2026")

import django  # noqa: E402

django.setup()

from django.db.models import Count  # noqa: E402
from django.utils import timezone  # noqa: E402

from benefits.payroll import services as payroll  # noqa: E402
from benefits.payroll.models import PaymentRoll  # noqa: E402
from btxh.models import Level, Role, Unit, User  # noqa: E402
from btxh.services import job_create, job_run, staff_create  # noqa: E402
from engine import Month  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--communes", type=int, default=8, help="commune officers, one commune each")
    parser.add_argument("--rolls", type=int, default=2, help="communes whose roll of this month is generated")
    args = parser.parse_args()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)  # a database kept from an earlier run is brought up to date
    password = os.environ["BTXH_LOAD_PASSWORD"]
    communes = list(
        Unit.objects.filter(level=Level.COMMUNE)
        .annotate(n_people=Count("people"))
        .filter(n_people__gt=0)
        .order_by("-n_people", "code")[: args.communes]
    )
    if not communes:
        sys.exit("No commune with people: build the data first (benchmarks/registry.py).")
    province = communes[0]
    while province.parent_id and province.level != Level.PROVINCE:
        province = province.parent
    logins = [
        ("load.tinh1", Role.PROVINCE_OFFICER, province),
        ("load.tinh2", Role.PROVINCE_OFFICER, province),
        ("load.xem", Role.VIEWER, province),
    ] + [(f"load.xa{i + 1}", Role.COMMUNE_OFFICER, commune) for i, commune in enumerate(communes)]
    users = []
    for username, role, unit in logins:
        user = User.objects.filter(username=username).first() or staff_create(
            username=username, password=password, full_name=f"Cán bộ thử tải {username[5:]}", unit=unit, role=role
        )
        users.append(user)
    month = Month.parse(timezone.localdate().strftime("%Y-%m"))
    for commune in communes[: args.rolls]:
        if not PaymentRoll.objects.filter(unit=commune).exists():
            roll = payroll.payroll_generate(unit=commune, month=month)
            print(f"roll of {commune.name}: {roll.line_count} lines")
    for user in users[3:]:
        if not user.jobs.exists():
            job = job_create(kind="beneficiaries_people_export", params={"user_id": user.pk}, user=user, unit=user.unit)
            job_run(job_id=job.pk)
    print(f"export BTXH_LOAD_USERS={','.join(user.username for user in users)}")
    print(f"export BTXH_LOAD_PASSWORD={password}")


if __name__ == "__main__":
    main()
