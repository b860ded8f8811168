"""Officers of several units walking the site: lists, filters, searches, person pages, payment
rolls and background jobs. See README.md in this folder.

    locust -f benchmarks/load/locustfile.py --host http://127.0.0.1:8765 --headless \
        -u 50 -r 5 --run-time 10m

Logins come from BTXH_LOAD_USERS ("name,name,…", all with the password BTXH_LOAD_PASSWORD), as
prepare.py creates them; each simulated officer takes the next one in turn. At the end it
prints, per page, the requests, errors, p50, p95 and p99 in milliseconds.
"""

from __future__ import annotations

import itertools
import os
import random
import re

from locust import HttpUser, between, events, task

USERS = [name for name in os.environ.get("BTXH_LOAD_USERS", "").split(",") if name]
PASSWORD = os.environ.get("BTXH_LOAD_PASSWORD", "")
_logins = itertools.cycle(USERS or ["-"])

CATEGORIES = ["SP-75", "K1", "K4", "K5A", "K6", "SP-70-POOR"]
AGE_BANDS = ["60-70", "70-75", "75-80", "80+", "16-22"]
STATUSES = ["active", "suspended", "terminated"]
NAMES = ["hoang thi", "nguyen van", "nong minh", "trieu van", "giang seo", "ha thanh", "vang mi", "ly thi"]
PERSON_LINK = re.compile(r'href="(/doi-tuong/\d+/)"')
ROLL_LINK = re.compile(r'href="(/che-do/chi-tra/\d+/)"')
JOB_LINK = re.compile(r'href="(/cong-viec/\d+/)"')
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class Officer(HttpUser):
    wait_time = between(1, 4)  # reading the page before the next click

    def on_start(self):
        self.username = next(_logins)
        page = self.client.get("/dang-nhap/", name="login form")
        token = CSRF.search(page.text)
        with self.client.post(
            "/dang-nhap/",
            {"username": self.username, "password": PASSWORD, "csrfmiddlewaretoken": token.group(1) if token else ""},
            headers={"Referer": f"{self.host}/dang-nhap/"},
            name="login",
            catch_response=True,
            allow_redirects=False,
        ) as response:
            if response.status_code != 302:
                response.failure(f"login of {self.username} failed: HTTP {response.status_code}")
        self.people = PERSON_LINK.findall(self.get("/doi-tuong/", "people: first page").text)
        self.rolls = ROLL_LINK.findall(self.get("/che-do/chi-tra/", "rolls: list").text)
        self.jobs = JOB_LINK.findall(self.get("/cong-viec/", "jobs: list").text)

    def get(self, url: str, name: str):
        with self.client.get(url, name=name, catch_response=True) as response:
            if response.status_code == 0:  # no HTTP answer: say why (reset, refused, timeout)
                response.failure(f"no response: {type(response.error).__name__}: {response.error}"[:200])
            elif response.status_code != 200:
                response.failure(f"HTTP {response.status_code}")
            elif "/dang-nhap/" in response.url:
                response.failure("logged out")
            return response

    @task(2)
    def home(self):
        self.get("/", "home")

    @task(3)
    def person_list(self):
        page = self.get(f"/doi-tuong/?page={random.randint(1, 20)}", "people: page n")
        self.people = PERSON_LINK.findall(page.text) or self.people

    @task(4)
    def person_filter(self):
        filters = random.choice(
            [
                f"category={random.choice(CATEGORIES)}&age_band={random.choice(AGE_BANDS)}",
                f"status={random.choice(STATUSES)}&payment_method=bank",
                f"category={random.choice(CATEGORIES)}&status=active",
                f"age_band={random.choice(AGE_BANDS)}&payment_method=cash",
            ]
        )
        self.get(f"/doi-tuong/?{filters}", "people: filtered")

    @task(4)
    def person_search(self):
        self.get(f"/doi-tuong/?q={random.choice(NAMES).replace(' ', '+')}", "people: name search")

    @task(4)
    def person_detail(self):
        if self.people:
            self.get(random.choice(self.people), "person")

    @task(2)
    def roll_list(self):
        self.rolls = ROLL_LINK.findall(self.get("/che-do/chi-tra/", "rolls: list").text) or self.rolls

    @task(2)
    def roll_detail(self):
        if self.rolls:
            self.get(random.choice(self.rolls), "roll")

    @task(1)
    def job_list(self):
        self.jobs = JOB_LINK.findall(self.get("/cong-viec/", "jobs: list").text) or self.jobs

    @task(1)
    def job_detail(self):
        if self.jobs:
            self.get(random.choice(self.jobs), "job")


@events.quitting.add_listener
def _summary(environment, **_kwargs):
    """Requests, errors, p50, p95 and p99 per page (ms), then the total; also as JSON lines."""
    import json

    stats = environment.runner.stats
    entries = sorted(stats.entries.values(), key=lambda entry: entry.name)
    print(f"\n{'page':<24} {'requests':>9} {'errors':>7} {'p50':>7} {'p95':>7} {'p99':>7} {'max':>7}")
    for entry in [*entries, stats.total]:
        name = entry.name if entry is not stats.total else "ALL"
        row = {
            "page": name,
            "requests": entry.num_requests,
            "errors": entry.num_failures,
            "p50": entry.get_response_time_percentile(0.5),
            "p95": entry.get_response_time_percentile(0.95),
            "p99": entry.get_response_time_percentile(0.99),
            "max": round(entry.max_response_time or 0),
        }
        print(
            f"{name:<24} {row['requests']:>9} {row['errors']:>7} {row['p50']:>7} {row['p95']:>7} {row['p99']:>7} {row['max']:>7}"
        )
    for entry in [*entries, stats.total]:
        print(
            json.dumps(
                {
                    "page": entry.name if entry is not stats.total else "ALL",
                    "requests": entry.num_requests,
                    "errors": entry.num_failures,
                    "p50": entry.get_response_time_percentile(0.5),
                    "p95": entry.get_response_time_percentile(0.95),
                    "p99": entry.get_response_time_percentile(0.99),
                },
                ensure_ascii=False,
            )
        )
