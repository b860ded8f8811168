"""A roll counts the people it pays, not its lines: a person paid under two schemes has two lines
and is one person, on the roll-up page, in its Excel export and in the roll's own totals."""

import importlib
import io
import re
from datetime import date

import openpyxl
import pytest
from django.apps import apps
from django.urls import reverse

from benefits.payroll import services
from benefits.payroll.models import PaymentRoll
from engine import Month
from tests.benefits.payroll_factories import make_case, make_person

JUL = Month(2026, 7)
TODAY = date(2026, 7, 20)


def _generate(unit):
    return services.payroll_generate(unit=unit, month=JUL, today=TODAY)


@pytest.fixture
def rolls(commune, other_commune):
    """Ngọc Đường: a disabled mother paid under two schemes (two lines) and a social pensioner;
    Phú Linh: one pensioner (one line)."""
    mother = make_person(commune, "Lò Thị Mang", birth=date(1995, 4, 4))
    make_case(mother, "K6", start="2024-01", disability_level="extra_severe")
    make_case(mother, "CS-DISABLED-PARENT", start="2024-01", pregnant=True)
    elder = make_person(commune, "Lục Thị Thọ", birth=date(1940, 3, 1))
    make_case(elder, "SP-75", start="2025-07")
    other = make_person(other_commune, "Vàng Thị Dợ", birth=date(1941, 2, 2))
    make_case(other, "SP-75", start="2025-07")
    return _generate(commune), _generate(other_commune)


def test_a_roll_counts_the_people_it_pays_beside_its_lines(rolls):
    here, there = rolls
    assert (here.people_count, here.line_count) == (2, 3)
    assert (there.people_count, there.line_count) == (1, 1)
    here.refresh_from_db()  # stored with the roll's totals
    assert here.people_count == 2


def test_the_roll_up_shows_people_with_the_lines_only_where_they_differ(client, province_officer, rolls):
    client.force_login(province_officer)
    html = client.get(reverse("benefits:roll-list") + "?month=07/2026").content.decode()
    assert '<th class="money">Số người</th>' in html and "Số dòng" not in html
    assert re.search(r'data-testid="rollup-people">3 người</span> <span class="small">\(4 dòng\)</span>', html)
    rows = {name: html.split(name, 1)[1].split("</tr>", 1)[0] for name in ("Xã Ngọc Đường", "Xã Phú Linh")}
    assert re.search(
        r'<td class="money">2<div class="small text-muted fw-normal">3 dòng</div></td>', rows["Xã Ngọc Đường"]
    )
    assert '<td class="money">1</td>' in rows["Xã Phú Linh"] and "dòng" not in rows["Xã Phú Linh"]


def test_the_roll_up_says_nothing_of_lines_when_each_person_has_one(client, province_officer, commune):
    elder = make_person(commune, "Lục Thị Thọ", birth=date(1940, 3, 1))
    make_case(elder, "SP-75", start="2025-07")
    _generate(commune)
    client.force_login(province_officer)
    html = client.get(reverse("benefits:roll-list") + "?month=07/2026").content.decode()
    assert (
        'data-testid="rollup-people">1 người</span> ·' in html
        and "dòng" not in html.split("<table", 1)[1].split("</table>", 1)[0]
    )


def test_the_roll_up_workbook_counts_people(client, province_officer, rolls):
    client.force_login(province_officer)
    workbook = client.get(reverse("reports:rollup-export") + "?month=07/2026").content
    sheet = openpyxl.load_workbook(io.BytesIO(workbook)).active
    rows = list(sheet.iter_rows(values_only=True))
    header = next(r for r in rows if r[0] == "STT")
    column = header.index("Số người")
    people = {r[2]: r[column] for r in rows if r[1] in ("00700", "00706")}
    assert people == {"Xã Ngọc Đường": 2, "Xã Phú Linh": 1}


def test_the_migration_fills_the_people_of_the_rolls_already_made(rolls):
    here, there = rolls
    empty = PaymentRoll.objects.create(unit=here.unit, month=(JUL + 1).first_day)
    PaymentRoll.objects.update(people_count=0)  # as the new column leaves the rolls made before it
    migration = importlib.import_module("benefits.migrations.0018_roll_counts_people")
    migration.fill_people_count(apps, None)
    counts = dict(PaymentRoll.objects.values_list("pk", "people_count"))
    assert counts == {here.pk: 2, there.pk: 1, empty.pk: 0}
