"""A worker killed while it writes a roll leaves the draft as it was: never half a roll.

The generation runs in a real separate process, killed with SIGKILL at many moments; after
each kill the roll holds either all of its old lines or all of its new ones.
"""

import os
import signal
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest
from django.db import connection

from beneficiaries.models import Case, Person
from benefits.payroll import services
from benefits.payroll.models import PaymentLine, PaymentRoll
from engine import Month

ROOT = Path(__file__).resolve().parents[2]
JUL = Month(2026, 7)


def _people(commune, n):
    people = Person.objects.bulk_create(
        Person(full_name=f"Người Số {i}", name_normalized=f"NGUOI SO {i}", birth_date=date(1980, 1, 1),
               birth_year=1980, sex="male", unit=commune, hamlet=f"Thôn {i % 7}")
        for i in range(n)
    )
    Case.objects.bulk_create(
        Case(person=p, unit=commune, category="K6", status="active", disability_level="severe",
             start_month=date(2026, 7, 1), decision_number="1/QĐ-UBND", decision_date=date(2026, 7, 1))
        for p in people
    )


def _state(roll):
    lines = PaymentLine.objects.filter(roll=roll)
    return lines.count(), sum(lines.values_list("total", flat=True))


@pytest.mark.django_db(transaction=True)
def test_a_killed_generation_leaves_the_draft_whole(rule_tables, commune):
    if connection.vendor != "postgresql":
        pytest.skip("the generating process must reach the test database: PostgreSQL only")
    n = 6000
    _people(commune, n)
    roll = services.payroll_generate(unit=commune, month=JUL)
    old = _state(roll)
    assert old == (n, n * 750_000)
    Case.objects.filter(unit=commune).update(disability_level="extra_severe")  # the next roll pays 1.000.000
    new = (n, n * 1_000_000)
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "btxh.settings.test",
           "BTXH_TEST_DATABASE_NAME": connection.settings_dict["NAME"]}
    command = [sys.executable, "manage.py", "generate_payroll", "--unit", commune.code, "--month", str(JUL)]
    # Kill the process at the moment PostgreSQL shows it writing the lines (COPY in progress).
    proc = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    writing = False
    with connection.cursor() as cursor:
        while time.monotonic() < deadline and proc.poll() is None:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                "AND pid <> pg_backend_pid() AND query LIKE 'COPY benefits_paymentline%%'"
            )
            if cursor.fetchone()[0]:
                writing = True
                proc.send_signal(signal.SIGKILL)
                break
            time.sleep(0.005)
    proc.wait()
    assert writing, "the generation was never seen writing"
    time.sleep(0.5)  # PostgreSQL notices the closed connection and rolls its transaction back
    state = _state(roll)
    assert state == old, f"a kill in the middle of writing left {state}"
    roll.refresh_from_db()
    assert (roll.line_count, roll.total, roll.generation) == (*old, 1)
    subprocess.run(command, cwd=ROOT, env=env, check=True, capture_output=True)
    assert _state(roll) == new
    assert PaymentRoll.objects.filter(unit=commune).count() == 1
