"""Query budgets of the pages the load test walks (benchmarks/load/locustfile.py): each page runs
a fixed number of queries, whatever the number of people, roll lines or jobs it shows (no query
per row), and no more than its budget. Measured as a commune officer and as a province officer."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from benefits.payroll import services as payroll
from btxh.models import Role
from btxh.services import job_create
from engine import Month
from tests.benefits.payroll_factories import make_case, make_person
from tests.btxh.factories import UserFactory

JUL = Month(2026, 7)
# The most queries each page may run, as a commune and as a province officer (the home page's with
# its counts not cached yet; the cached visit is tested in tests/btxh/test_attention_cache.py).
BUDGETS = {
    Role.COMMUNE_OFFICER: {
        "home": 30, "people: first page": 7, "people: page 2": 7, "people: filtered": 7, "people: name search": 6,
        "person": 13, "rolls: list": 9, "roll": 11, "jobs: list": 5, "job": 6,
    },
    Role.PROVINCE_OFFICER: {
        "home": 19, "people: first page": 7, "people: page 2": 7, "people: filtered": 7, "people: name search": 6,
        "person": 13, "rolls: list": 6, "roll": 11, "jobs: list": 5, "job": 6,
    },
}  # fmt: skip


def add_people(unit, count: int, start: int) -> list:
    people = []
    for i in range(start, start + count):
        person = make_person(unit, f"Hoàng Văn Thử {i}", birth=date(1940 + i % 10, 1 + i % 12, 1), national_id=f"0081{i:08d}")
        make_case(person, "SP-75", start="2026-07")
        people.append(person)
    return people


def queries_of(client, urls: dict[str, str]) -> dict[str, int]:
    counts = {}
    for name, url in urls.items():
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        assert response.status_code == 200, (name, url, response.status_code)
        counts[name] = len(captured)
    return counts


def pages(person, roll, job) -> dict[str, str]:
    return {
        "home": "/",
        "people: first page": "/doi-tuong/",
        "people: page 2": "/doi-tuong/?page=2",
        "people: filtered": "/doi-tuong/?category=SP-75&status=active",
        "people: name search": "/doi-tuong/?q=hoang+van",
        "person": f"/doi-tuong/{person.pk}/",
        "rolls: list": "/che-do/chi-tra/",
        "roll": f"/che-do/chi-tra/{roll.pk}/",
        "jobs: list": "/cong-viec/",
        "job": f"/cong-viec/{job.pk}/",
    }


@pytest.mark.parametrize("role", [Role.COMMUNE_OFFICER, Role.PROVINCE_OFFICER])
def test_the_load_tests_pages_run_a_fixed_number_of_queries_within_their_budget(
    client, commune, other_commune, province, role, rule_tables
):
    user = UserFactory(unit=commune if role == Role.COMMUNE_OFFICER else province, role=role)
    client.force_login(user)
    client.get("/cong-viec/")  # the session's first refresh after the login (a write) is not a page's
    add_people(commune, 52, 0)  # two list pages
    add_people(other_commune, 3, 100)
    roll = payroll.payroll_generate(unit=commune, month=JUL)
    job = job_create(kind="beneficiaries_people_export", params={"user_id": user.pk}, user=user, unit=user.unit)
    person = roll.lines.first().person
    few = queries_of(client, pages(person, roll, job))

    add_people(commune, 60, 200)  # three list pages, a roll of 112 lines
    add_people(other_commune, 20, 300)
    roll = payroll.payroll_generate(unit=commune, month=JUL)
    payroll.payroll_generate(unit=other_commune, month=JUL)
    for _ in range(5):
        job = job_create(kind="beneficiaries_people_export", params={"user_id": user.pk}, user=user, unit=user.unit)
    many = queries_of(client, pages(person, roll, job))

    assert many == few, "a page's queries grow with its rows"
    budgets = BUDGETS[role]
    over = {name: (count, budgets[name]) for name, count in many.items() if count > budgets[name]}
    assert not over, f"over budget (queries, budget): {over}"
