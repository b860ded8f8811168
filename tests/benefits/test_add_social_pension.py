"""manage.py add_social_pension (issue 8 item 7): the social pension's level, national or a
province's top-up, added as add_base_rate adds a base rate: a successor row closes the open one,
never an edit in place."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from benefits.models import FlatAmount, FlatPurpose
from benefits.selectors import ruleset_load
from engine import Month

pytestmark = pytest.mark.django_db


def add(*args):
    out = StringIO()
    call_command("add_social_pension", *args, stdout=out)
    return out.getvalue()


def test_a_national_level_succeeds_the_open_row_from_its_month():
    out = add("--amount", "550000", "--from", "2027-01", "--basis", "Nghị định X/2026/NĐ-CP")
    assert "550.000" in out
    old = FlatAmount.objects.get(amount=500_000, province_code="", purpose=FlatPurpose.MONTHLY)
    new = FlatAmount.objects.get(amount=550_000)
    assert old.valid_to == Month(2026, 12) and old.basis == "Nghị định 176/2025/NĐ-CP điều 3 khoản 1"
    assert (new.valid_from, new.valid_to, new.province_code, new.scheme, new.purpose) == (
        Month(2027, 1),
        None,
        "",
        "SOCIAL_PENSION",
        FlatPurpose.MONTHLY,
    )
    rules = ruleset_load()
    assert rules._flat_lookup("SOCIAL_PENSION", Month(2026, 12).index, None)[0] == 500_000
    assert rules._flat_lookup("SOCIAL_PENSION", Month(2027, 1).index, None)[0] == 550_000
    # The funeral row is another row: untouched.
    assert FlatAmount.objects.get(purpose=FlatPurpose.FUNERAL).valid_to is None


def test_a_provincial_top_up_is_its_own_row_added_to_the_national_level():
    add("--amount", "200000", "--from", "2026-01", "--basis", "Nghị quyết 12/2025/NQ-HĐND", "--province", "08")
    row = FlatAmount.objects.get(province_code="08")
    assert (row.amount, row.valid_from, row.valid_to, row.purpose) == (200_000, Month(2026, 1), None, "monthly")
    assert FlatAmount.objects.get(amount=500_000, province_code="").valid_to is None  # national row untouched
    assert ruleset_load()._flat_lookup("SOCIAL_PENSION", Month(2026, 3).index, "08")[0] == 700_000


def test_the_funeral_support_can_be_succeeded_once_checked_against_the_official_text():
    add("--amount", "10000000", "--from", "2026-01", "--basis", "Nghị định 176/2025/NĐ-CP điều 6", "--funeral")
    old, new = FlatAmount.objects.filter(purpose=FlatPurpose.FUNERAL).order_by("valid_from")
    assert (old.valid_to, old.secondary_source) == (Month(2025, 12), True)
    assert (new.valid_from, new.valid_to, new.secondary_source) == (Month(2026, 1), None, False)
    assert ruleset_load().funeral_amount("SOCIAL_PENSION", Month(2026, 3))[1].basis == "Nghị định 176/2025/NĐ-CP điều 6"


def test_the_command_refuses_bad_input_and_changes_nothing():
    before = list(FlatAmount.objects.values_list("id", "amount", "valid_to"))
    with pytest.raises(CommandError, match="Tháng"):
        add("--amount", "550000", "--from", "2027-13", "--basis", "X")
    with pytest.raises(CommandError, match="căn cứ"):
        add("--amount", "550000", "--from", "2027-01", "--basis", " ")
    with pytest.raises(CommandError, match="bắt đầu từ"):
        add("--amount", "550000", "--from", "2025-01", "--basis", "X")  # before the open row, no end month
    assert list(FlatAmount.objects.values_list("id", "amount", "valid_to")) == before
