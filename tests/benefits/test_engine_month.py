"""Month: parsing, arithmetic, ordering and the days that bound it."""

from datetime import date

import pytest

from engine import EngineError, Month


def test_parse_and_str_round_trip():
    assert Month.parse("2024-08") == Month(2024, 8)
    assert str(Month(2024, 8)) == "2024-08"
    assert Month(2024, 8).text == "08/2024"


@pytest.mark.parametrize("text", ["08/2024", "8/2024", " 08 / 2024 ", "2024-8"])
def test_parse_reads_the_month_as_officers_type_it(text):
    assert Month.parse(text) == Month(2024, 8)
    assert Month.parse(Month(2024, 8).text) == Month(2024, 8)
    assert str(Month.parse(str(Month(1999, 12)))) == "1999-12"


@pytest.mark.parametrize("text", ["2024-13", "2024-00", "2024/08", "08-2024", "13/2024", "0/2024", "08/24", "2024", "", "2024-8-1", "abcd-ef"])
def test_parse_rejects_malformed_months(text):
    with pytest.raises(EngineError):
        Month.parse(text)


def test_next_and_prev_cross_the_year():
    assert Month(2024, 12).next() == Month(2025, 1)
    assert Month(2025, 1).prev() == Month(2024, 12)


def test_adding_and_subtracting_months():
    assert Month(2024, 11) + 3 == Month(2025, 2)
    assert Month(2025, 2) - 3 == Month(2024, 11)
    assert Month(2025, 2) - Month(2024, 11) == 3


def test_months_are_ordered_and_hashable():
    assert Month(2024, 12) < Month(2025, 1) <= Month(2025, 1) < Month(2025, 2)
    assert sorted([Month(2025, 1), Month(2024, 3)]) == [Month(2024, 3), Month(2025, 1)]
    assert len({Month(2024, 1), Month.parse("2024-01")}) == 1


def test_of_a_date_and_the_first_and_last_day():
    assert Month.of(date(2024, 2, 15)) == Month(2024, 2)
    assert Month.of(None) is None
    assert Month(2024, 2).first_day == date(2024, 2, 1)
    assert Month(2024, 2).last_day == date(2024, 2, 29)
    assert Month(2025, 2).last_day == date(2025, 2, 28)
    assert Month(2025, 12).last_day == date(2025, 12, 31)


def test_range_includes_both_ends():
    assert Month.range(Month(2024, 11), Month(2025, 2)) == [
        Month(2024, 11),
        Month(2024, 12),
        Month(2025, 1),
        Month(2025, 2),
    ]
    assert Month.range(Month(2025, 2), Month(2025, 2)) == [Month(2025, 2)]
    assert Month.range(Month(2025, 3), Month(2025, 2)) == []


def test_vietnamese_label():
    assert Month(2024, 8).label == "tháng 8/2024"


def test_of_takes_a_month_or_a_day_and_format_writes_like_the_first_day():
    assert Month.of(Month(2024, 8)) == Month(2024, 8)
    assert Month.of(date(2024, 8, 31)) == Month(2024, 8)
    assert Month.of(None) is None
    assert f"{Month(2024, 8):%m/%Y}" == "08/2024"
    assert f"{Month(2024, 8):%d/%m/%Y}" == "01/08/2024"
    assert f"{Month(2024, 8)}" == "2024-08" == str(Month(2024, 8))
