"""A commune nobody is paid in has nothing to do: the roll-up and the dashboard say "Không có đối tượng"
instead of counting it among the communes that have not made or locked their roll (issue #10, item 9)."""

import io

import openpyxl
import pytest
from django.urls import reverse

from btxh.models import Level
from tests.btxh.factories import make_unit
from tests.reports.chain_factories import JUL, locked_roll, officer_of, people


@pytest.fixture
def three_communes(province, commune, other_commune):
    """Ngọc Đường has a locked roll, Phú Linh has people but no roll yet, Lăng Can has nobody."""
    people(commune, 2)
    locked_roll(commune)
    people(other_commune, 1)
    empty = make_unit("00709", "Xã Lăng Can", level=Level.COMMUNE, parent=province)
    return commune, other_commune, empty


def test_the_province_roll_up_says_no_beneficiaries_for_a_commune_with_nobody_and_does_not_count_it_as_missing(
    client, province, three_communes
):
    client.force_login(officer_of(province))
    html = client.get(reverse("benefits:roll-list") + "?month=07/2026").content.decode()
    assert "3 xã · 1 xã chưa lập · 1 xã không có đối tượng ·" in html
    rows = {name: html.split(name, 1)[1].split("</tr>", 1)[0] for name in ("Xã Phú Linh", "Xã Lăng Can")}
    assert "Chưa lập" in rows["Xã Phú Linh"] and "Không có đối tượng" not in rows["Xã Phú Linh"]
    assert "Không có đối tượng" in rows["Xã Lăng Can"] and "Chưa lập" not in rows["Xã Lăng Can"]

    workbook = client.get(reverse("reports:rollup-export") + "?month=07/2026").content
    sheet = openpyxl.load_workbook(io.BytesIO(workbook)).active
    status = {row[2]: row[3] for row in sheet.iter_rows(values_only=True) if row[1] in ("00700", "00706", "00709")}
    assert status == {"Xã Ngọc Đường": "Đã khóa", "Xã Phú Linh": "Chưa lập", "Xã Lăng Can": "Không có đối tượng"}


def test_the_dashboard_leaves_a_commune_with_nobody_out_of_the_missing_rolls_and_reports(
    client, province, three_communes
):
    from reports.selectors import dashboard

    data = dashboard(province, JUL.first_day)
    assert [c.name for c in data["missing_roll"]] == ["Xã Phú Linh"]
    assert [c.name for c in data["missing_report"]] == ["Xã Ngọc Đường", "Xã Phú Linh"]
    assert [c.name for c in data["no_payees"]] == ["Xã Lăng Can"]
    client.force_login(officer_of(province))
    html = client.get(reverse("reports:dashboard") + "?period=07/2026").content.decode()
    assert html.count("1 xã không có đối tượng") == 2
    assert '00709 · Xã Lăng Can · <span class="text-muted">Không có đối tượng</span>' in html


def test_a_commune_whose_only_case_is_still_waiting_for_approval_has_no_beneficiaries_that_month(province, commune):
    from beneficiaries.models import Case, CaseStatus
    from benefits.payroll.selectors import communes_with_payees

    (person,) = people(commune, 1)
    assert communes_with_payees([commune.pk], JUL) == {commune.pk}
    Case.objects.filter(person=person).update(status=CaseStatus.SUBMITTED)
    assert communes_with_payees([commune.pk], JUL) == set()


def test_the_dashboard_series_finds_the_locked_month(province, three_communes):
    """The series is keyed by the months the summaries read back (Months): the locked July is counted."""
    from reports.selectors import dashboard

    series = dashboard(province, JUL.first_day)["series"]
    assert len(series) == 24 and series[-1]["month"] == JUL
    assert series[-1]["people"] == 2 and series[-1]["total"] > 0
    assert all(s["people"] == 0 for s in series[:-1])
