"""manage.py add_base_rate."""

from datetime import date
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from benefits.models import BaseRate

pytestmark = pytest.mark.django_db


def test_the_command_adds_a_national_rate_and_closes_the_current_one():
    out = StringIO()
    call_command("add_base_rate", "--amount", "540000", "--from", "2026-07", "--basis", "Nghị định X/2026", stdout=out)
    assert "540.000" in out.getvalue()
    assert BaseRate.objects.get(amount=540_000).valid_from == date(2026, 7, 1)
    assert BaseRate.objects.get(amount=500_000).valid_to == date(2026, 6, 1)


def test_the_command_adds_a_provincial_rate_for_past_months():
    call_command(
        "add_base_rate",
        "--amount",
        "600000",
        "--from",
        "2025-01",
        "--to",
        "2025-06",
        "--basis",
        "Nghị quyết HĐND tỉnh",
        "--province",
        "79",
        stdout=StringIO(),
    )
    row = BaseRate.objects.get(province_code="79")
    assert (row.valid_from, row.valid_to) == (date(2025, 1, 1), date(2025, 6, 1))


def test_the_command_refuses_a_bad_month():
    with pytest.raises(CommandError, match="Tháng"):
        call_command("add_base_rate", "--amount", "540000", "--from", "07/2026", "--basis", "X", stdout=StringIO())
