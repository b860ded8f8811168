"""What the database no longer checks line by line (the ledger's line, roll, unit and person, the
line's person: ``PaymentLine``/``LedgerEntry`` with ``db_constraint=False``) Django still keeps:
a roll deleted takes its lines and ledger rows with it, a person who was paid cannot be deleted.
And PostgreSQL connections compile no JIT (the setting the roll's figures were measured with)."""

from datetime import date

import pytest
from django.db import connection
from django.db.models import ProtectedError

from benefits.payroll.models import LedgerEntry, PaymentLine, PaymentRoll
from benefits.payroll.services import payroll_generate
from engine import Month
from tests.benefits.payroll_factories import make_case, make_person


@pytest.fixture
def roll(commune):
    elder = make_person(commune, "Cụ Tám Mươi", birth=date(1941, 2, 2))
    make_case(elder, "SP-75", start="2026-07")
    roll = payroll_generate(unit=commune, month=Month(2026, 10), today=date(2026, 10, 20))
    assert PaymentLine.objects.filter(roll=roll).count() == 1 and LedgerEntry.objects.filter(roll=roll).count() == 4
    return roll


def test_a_deleted_roll_takes_its_lines_and_ledger_rows(roll):
    roll.delete()
    assert not PaymentRoll.objects.filter(pk=roll.pk).exists()
    assert not PaymentLine.objects.exists() and not LedgerEntry.objects.exists()


def test_a_person_who_was_paid_cannot_be_deleted(roll):
    line = PaymentLine.objects.get(roll=roll)
    with pytest.raises(ProtectedError):
        line.person.delete()


@pytest.mark.django_db
def test_postgresql_connections_compile_no_jit():
    if connection.vendor != "postgresql":
        pytest.skip("a PostgreSQL setting")
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"

