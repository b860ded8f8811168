"""A page does not write the session (its idle clock moves on every few minutes), and the home
page's counts come from the cache until a record changes."""

import re
from datetime import date, timedelta

from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from benefits.payroll import services as payroll
from benefits.payroll.forms import current_month
from btxh.middleware import SessionRefreshMiddleware
from tests.benefits.payroll_factories import make_case, make_person


def session_writes(captured) -> list[str]:
    return [q["sql"] for q in captured if "django_session" in q["sql"] and not q["sql"].lstrip().startswith("SELECT")]


def test_a_page_does_not_write_the_session_until_its_refresh_is_due(officer_client):
    officer_client.get("/cong-viec/")  # the first refresh after the login
    key = officer_client.cookies[settings.SESSION_COOKIE_NAME].value
    with CaptureQueriesContext(connection) as captured:
        assert officer_client.get("/cong-viec/").status_code == 200
    assert session_writes(captured) == []

    # Five minutes later (the stored refresh time moved back), the page moves the idle clock on.
    session = officer_client.session
    session[SessionRefreshMiddleware.KEY] -= settings.BTXH_SESSION_REFRESH_SECONDS
    session.save()
    Session.objects.filter(pk=key).update(expire_date=timezone.now() + timedelta(hours=1))
    with CaptureQueriesContext(connection) as captured:
        assert officer_client.get("/cong-viec/").status_code == 200
    assert session_writes(captured)
    expiry = Session.objects.get(pk=key).expire_date
    assert expiry > timezone.now() + timedelta(seconds=settings.SESSION_COOKIE_AGE - 60)


def test_an_idle_session_still_ends_and_an_anonymous_visit_writes_no_session(client, officer_client):
    officer_client.get("/cong-viec/")
    key = officer_client.cookies[settings.SESSION_COOKIE_NAME].value
    Session.objects.filter(pk=key).update(expire_date=timezone.now() - timedelta(seconds=1))
    response = officer_client.get("/cong-viec/")
    assert response.status_code == 302 and response.url.startswith("/dang-nhap/")

    anonymous = client.__class__()
    with CaptureQueriesContext(connection) as captured:
        assert anonymous.get("/dang-nhap/").status_code == 200
    assert session_writes(captured) == [] and settings.SESSION_COOKIE_NAME not in anonymous.cookies


def missing_rolls(page: str) -> int:
    found = re.search(r"Xã chưa lập danh sách chi trả tháng[^<]*</a>\s*<span[^>]*>(\d+)</span>", page)
    return int(found.group(1)) if found else 0


def test_the_home_page_counts_come_from_the_cache_until_a_record_changes(
    client, province_officer, commune, other_commune, django_assert_max_num_queries
):
    for unit, name in ((commune, "Lục Thị Thọ"), (other_commune, "Lý Thị Chờ")):
        make_case(make_person(unit, name, birth=date(1945, 1, 1)), "SP-75", start="2026-07")
    client.force_login(province_officer)
    client.get("/cong-viec/")  # the session's first refresh after the login
    with CaptureQueriesContext(connection) as first:
        assert missing_rolls(client.get("/").content.decode()) == 2
    with CaptureQueriesContext(connection) as second:
        assert missing_rolls(client.get("/").content.decode()) == 2
    assert len(second) <= len(first) - 5, "the counts were computed again"

    payroll.payroll_generate(unit=commune, month=current_month())  # a write: the counts are forgotten
    assert missing_rolls(client.get("/").content.decode()) == 1
