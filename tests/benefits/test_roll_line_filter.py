"""The roll page's lines through their FilterSet (benefits/payroll/filters.py): each filter narrows, a bad
value is an error at its field, and the name, birth, hamlet, amount and total columns sort both ways."""

import re
from datetime import date

import pytest

from benefits.payroll.models import LineStatus, PaymentLine, PaymentRoll
from benefits.payroll.selectors import roll_lines_page
from tests.beneficiaries.factories import PersonFactory


@pytest.fixture
def roll(commune):
    roll = PaymentRoll.objects.create(unit=commune, month=date(2026, 7, 1))
    # name, birth as printed, hamlet, this month's amount, total, how, status
    rows = [
        ("Đỗ Văn An", "02/03/1950", "Tổ dân phố 3", 500_000, 500_000, "cash", LineStatus.PAID),
        ("Bàn Thị Cúc", "1950", "Bản Khuổi Luông", 750_000, 1_250_000, "bank", LineStatus.NOT_COLLECTED),
        ("Hoàng Thị Sương", "01/12/1938", "Thôn Nà Pồng", 1_500_000, 1_500_000, "cash", LineStatus.PAID),
        ("Lò Văn Ánh", "30/06/2019", "Bản Khuổi Luông", 1_000_000, 2_000_000, "cash", LineStatus.PAID),
    ]
    for name, birth, hamlet, amount, total, method, status in rows:
        person = PersonFactory(unit=commune, full_name=name, hamlet=hamlet)
        PaymentLine.objects.create(
            roll=roll, unit=commune, month=roll.month, person=person, scheme="social_protection", full_name=name,
            birth=birth, hamlet=hamlet, amount=amount, total=total, payment_method=method, status=status,
        )  # fmt: skip
    return roll


def first_names(lines) -> list[str]:
    return [line.full_name.split()[-1] for line in lines]


def test_each_roll_line_filter_narrows(roll):
    def got(**data):
        return set(first_names(roll_lines_page(roll, data)))

    assert got() == {"An", "Cúc", "Sương", "Ánh"}
    assert got(q="văn") == {"An", "Ánh"}
    assert got(q="  thị sương ") == {"Sương"}
    assert got(hamlet="Bản Khuổi Luông") == {"Cúc", "Ánh"}
    assert got(payment_method="bank") == {"Cúc"}
    assert got(status="not_collected") == {"Cúc"}
    assert got(hamlet="Bản Khuổi Luông", status="paid", q="văn") == {"Ánh"}


ORDERS = {
    # The roll's own order, as it is printed: hamlet, then name (no "Đ" shares a hamlet here: the
    # printed order of "Đ" against "H" is the database's collation).
    "": ["Cúc", "Ánh", "Sương", "An"],
    "hamlet": ["Cúc", "Ánh", "Sương", "An"],
    "-hamlet": ["An", "Sương", "Ánh", "Cúc"],
    "name": ["Cúc", "An", "Sương", "Ánh"],  # diacritics aside, as the people list sorts
    "-name": ["Ánh", "Sương", "An", "Cúc"],
    "birth": ["Sương", "Cúc", "An", "Ánh"],  # "1950" before "02/03/1950"
    "-birth": ["Ánh", "An", "Cúc", "Sương"],
    "amount": ["An", "Cúc", "Ánh", "Sương"],
    "-amount": ["Sương", "Ánh", "Cúc", "An"],
    "total": ["An", "Cúc", "Sương", "Ánh"],
    "-total": ["Ánh", "Sương", "Cúc", "An"],
}


@pytest.mark.parametrize("sort", list(ORDERS))
def test_the_roll_page_sorts_its_lines_by_each_column_both_ways(officer_client, roll, sort):
    response = officer_client.get(f"/che-do/chi-tra/{roll.pk}/?sort={sort}")
    assert first_names(response.context["page"]) == ORDERS[sort]


def test_a_roll_header_sorts_keeping_the_filters_and_shows_the_direction(officer_client, roll):
    html = officer_client.get(f"/che-do/chi-tra/{roll.pk}/?payment_method=cash&sort=-total").content.decode()
    total = re.search(r'<th scope="col" class="money" aria-sort="descending">.*?</th>', html, re.S).group(0)
    assert "Tổng" in total and "▼" in total and 'href="?payment_method=cash&amp;sort=total"' in total
    assert 'href="?payment_method=cash&amp;sort=amount"' in html
    assert first_names(officer_client.get(f"/che-do/chi-tra/{roll.pk}/?payment_method=cash&sort=-total").context["page"]) == [
        "Ánh", "Sương", "An"]  # fmt: skip
    # The hamlet filter offers the roll's hamlets.
    assert '<option value="Bản Khuổi Luông">Bản Khuổi Luông</option>' in html


def test_a_bad_roll_line_filter_is_an_error_at_its_field(officer_client, roll):
    response = officer_client.get(f"/che-do/chi-tra/{roll.pk}/?status=lost&hamlet=Thôn+Không+Có")
    assert response.status_code == 200
    errors = response.context["filter"].errors
    assert errors["status"] == ["Chọn một tình trạng trong danh sách."]
    assert errors["hamlet"] == ["Chọn một thôn trong danh sách."]
    html = response.content.decode()
    assert 'id="id_status_error"' in html and "Bộ lọc có ô chưa hợp lệ" in html
    assert list(response.context["page"]) == []


def test_filtering_and_sorting_the_roll_page_costs_no_query_of_its_own(officer_client, roll):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    officer_client.get(f"/che-do/chi-tra/{roll.pk}/")  # the session's first refresh is not the page's
    counts = []
    for query in ("", "?hamlet=Bản+Khuổi+Luông&sort=-total", "?status=paid&q=văn&sort=birth"):
        with CaptureQueriesContext(connection) as captured:
            assert officer_client.get(f"/che-do/chi-tra/{roll.pk}/{query}").status_code == 200
        counts.append(len(captured))
        # The hamlet choice is the totals by hamlet the page reads anyway, not a query of its own.
        sql = [q["sql"] for q in captured.captured_queries if "paymentline" in q["sql"] and '"hamlet"' in q["sql"]]
        assert not [s for s in sql if "DISTINCT" in s]
    assert len(set(counts)) == 1, counts
