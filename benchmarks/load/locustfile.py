"""Officers of several units walking the site: lists, filters, searches, person pages, payment
rolls and background jobs. See README.md in this folder.

    locust -f benchmarks/load/locustfile.py --host http://127.0.0.1:8765 --headless \
        -u 50 -r 1 --run-time 10m

Logins come from BTXH_LOAD_USERS ("name,name,…", all with the password BTXH_LOAD_PASSWORD), as
prepare.py creates them; each simulated officer takes the next one in turn and logs in once, when
it starts (so the logins are spread over the ramp-up: one a second with ``-r 1``). At the end it
prints, per page, the requests, errors, p50, p95 and p99 in milliseconds of the steady state
(from the moment every officer has started to the end), then the logins apart (a login is an act,
not a page: it hashes the password on purpose) and the pages opened during the ramp-up.

FastHttpUser (geventhttpclient) and one Locust process: Locust shares the machine's CPUs with
gunicorn and PostgreSQL, and the requests library would cost it several times more CPU.
"""

from __future__ import annotations

import itertools
import json
import os
import random
import re
import time

from locust import between, events, task
from locust.contrib.fasthttp import FastHttpUser

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
LOGIN = {"login form", "login"}


class Officer(FastHttpUser):
    wait_time = between(1, 4)  # reading the page before the next click
    network_timeout = 60.0
    connection_timeout = 10.0

    def on_start(self):
        self.username = next(_logins)
        page = self.client.get("/dang-nhap/", name="login form")
        token = CSRF.search(page.text or "")
        with self.client.post(
            "/dang-nhap/",
            data={"username": self.username, "password": PASSWORD, "csrfmiddlewaretoken": token.group(1) if token else ""},
            headers={"Referer": f"{self.host}/dang-nhap/"},
            name="login",
            catch_response=True,
            allow_redirects=False,
        ) as response:
            if response.status_code != 302:
                response.failure(f"login of {self.username} failed: HTTP {response.status_code}")
        self.people = PERSON_LINK.findall(self.get("/doi-tuong/", "people: first page").text or "")
        self.rolls = ROLL_LINK.findall(self.get("/che-do/chi-tra/", "rolls: list").text or "")
        self.jobs = JOB_LINK.findall(self.get("/cong-viec/", "jobs: list").text or "")

    def get(self, url: str, name: str):
        # No redirect is followed: a page answers 200, and a redirect (to the login page) is a failure.
        with self.client.get(url, name=name, catch_response=True, allow_redirects=False) as response:
            if response.status_code == 0:  # no HTTP answer: say why (reset, refused, timeout)
                error = getattr(response, "error", None)
                response.failure(f"no response: {type(error).__name__}: {error}"[:200])
            elif response.status_code in (301, 302):
                response.failure(f"HTTP {response.status_code} to {response.headers.get('Location', '')}"[:200])
            elif response.status_code != 200:
                response.failure(f"HTTP {response.status_code}")
            return response

    @task(2)
    def home(self):
        self.get("/", "home")

    @task(3)
    def person_list(self):
        page = self.get(f"/doi-tuong/?page={random.randint(1, 20)}", "people: page n")
        self.people = PERSON_LINK.findall(page.text or "") or self.people

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
        self.rolls = ROLL_LINK.findall(self.get("/che-do/chi-tra/", "rolls: list").text or "") or self.rolls

    @task(2)
    def roll_detail(self):
        if self.rolls:
            self.get(random.choice(self.rolls), "roll")

    @task(1)
    def job_list(self):
        self.jobs = JOB_LINK.findall(self.get("/cong-viec/", "jobs: list").text or "") or self.jobs

    @task(1)
    def job_detail(self):
        if self.jobs:
            self.get(random.choice(self.jobs), "job")


# ---------------------------------------------------------------------------
# Figures: every response time is kept (a few tens of thousands of numbers), so the percentiles
# are exact, and split into logins, pages of the ramp-up and pages of the steady state.
# ---------------------------------------------------------------------------
_samples: dict[str, dict[str, list]] = {"logins": {}, "ramp-up": {}, "steady": {}}
_phase = {"name": "ramp-up", "steady_from": None, "started": time.monotonic()}


@events.spawning_complete.add_listener
def _steady(user_count, **_kwargs):
    if _phase["steady_from"] is None:
        _phase["name"] = "steady"
        _phase["steady_from"] = time.monotonic()
        if path := os.environ.get("BTXH_LOAD_STEADY_FILE"):  # for run.sh's server-time figures
            with open(path, "w") as steady_file:
                steady_file.write(f"{time.time():.3f}")


@events.request.add_listener
def _record(name, response_time, exception, **_kwargs):
    bucket = "logins" if name in LOGIN else _phase["name"]
    times, errors = _samples[bucket].setdefault(name, ([], []))
    times.append(response_time)
    if exception is not None:
        errors.append(str(exception)[:160])


def _percentile(ordered: list[float], share: float) -> int:
    if not ordered:
        return 0
    return round(ordered[min(len(ordered) - 1, max(0, round(share * len(ordered) + 0.5) - 1))])


def _rows(bucket: dict[str, tuple[list, list]]) -> list[dict]:
    rows = []
    everything, all_errors = [], 0
    for name in sorted(bucket):
        times, errors = bucket[name]
        ordered = sorted(times)
        everything.extend(times)
        all_errors += len(errors)
        rows.append(_row(name, ordered, len(errors)))
    rows.append(_row("ALL", sorted(everything), all_errors))
    return rows


def _row(name: str, ordered: list[float], errors: int) -> dict:
    return {
        "page": name,
        "requests": len(ordered),
        "errors": errors,
        "p50": _percentile(ordered, 0.50),
        "p95": _percentile(ordered, 0.95),
        "p99": _percentile(ordered, 0.99),
        "max": round(ordered[-1]) if ordered else 0,
    }


@events.quitting.add_listener
def _summary(environment, **_kwargs):
    """Per page: requests, errors, p50, p95, p99 and the worst (ms); the totals; also as JSON lines."""
    now = time.monotonic()
    steady_from = _phase["steady_from"]
    ramp = (steady_from or now) - _phase["started"]
    steady = (now - steady_from) if steady_from else 0.0
    titles = {
        "steady": f"Pages, steady state: the {steady:.0f} s after every officer had started",
        "logins": "Logins (one per officer, spread over the ramp-up; the password hash is the production one)",
        "ramp-up": f"Pages during the ramp-up ({ramp:.0f} s), not in the steady-state figures",
    }
    for bucket in ("steady", "logins", "ramp-up"):
        print(f"\n{titles[bucket]}")
        print(f"{'page':<22} {'requests':>9} {'errors':>7} {'p50':>7} {'p95':>7} {'p99':>7} {'max':>7}")
        rows = _rows(_samples[bucket])
        for row in rows:
            print(
                f"{row['page']:<22} {row['requests']:>9} {row['errors']:>7} {row['p50']:>7} {row['p95']:>7} "
                f"{row['p99']:>7} {row['max']:>7}"
            )
        if bucket == "steady" and steady:
            print(f"{'':<22} {rows[-1]['requests'] / steady:>9.1f} requests a second")
        errors = [e for times_errors in _samples[bucket].values() for e in times_errors[1]]
        for message in sorted(set(errors))[:5]:
            print(f"  error ×{errors.count(message)}: {message}")
    for bucket in ("steady", "logins", "ramp-up"):
        for row in _rows(_samples[bucket]):
            print(json.dumps({"phase": bucket, **row}, ensure_ascii=False))
