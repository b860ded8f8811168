"""One request at a time, no load: the server time and the queries of each page the load test
walks, for each kind of officer prepare.py creates (province officer, viewer, commune officer).
Shows where a page spends its time before the load test measures it under load.

    DATABASE_URL=postgres://… python benchmarks/load/profile_pages.py [--runs 5] [--sql]
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "load_settings")

import django

django.setup()

from django.core.cache import cache  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from btxh.models import User  # noqa: E402

PAGES = [
    ("home", "/"),  # the counts computed (the cache emptied before each request)
    ("home, counts cached", "/"),
    ("people: first page", "/doi-tuong/"),
    ("people: page n", "/doi-tuong/?page=7"),
    ("people: filtered", "/doi-tuong/?category=SP-75&age_band=80%2B"),
    ("people: filtered 2", "/doi-tuong/?status=active&payment_method=bank"),
    ("people: name search", "/doi-tuong/?q=nguyen+van"),
    ("person", None),
    ("rolls: list", "/che-do/chi-tra/"),
    ("roll", None),
    ("jobs: list", "/cong-viec/"),
    ("job", None),
]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--sql", action="store_true", help="print the queries that repeat on a page")
    args = parser.parse_args()
    for username in ("load.tinh1", "load.xem", "load.xa1"):
        user = User.objects.get(username=username)
        client = Client(HTTP_HOST="127.0.0.1")
        client.force_login(user)
        links = {}
        print(f"\n{username} ({user.get_role_display()}, {user.unit.name})")
        print(f"{'page':<22} {'ms p50':>8} {'ms max':>8} {'queries':>8}")
        for name, url in PAGES:
            if url is None:
                url = links.get(name)
                if url is None:
                    continue
            times = []
            for _ in range(args.runs):
                if name == "home":
                    cache.clear()
                with CaptureQueriesContext(connection) as queries:
                    start = time.perf_counter()
                    response = client.get(url)
                    times.append((time.perf_counter() - start) * 1000)
            assert response.status_code == 200, (url, response.status_code)
            text = response.content.decode()
            for key, pattern in (("person", r"/doi-tuong/\d+/"), ("roll", r"/che-do/chi-tra/\d+/"), ("job", r"/cong-viec/\d+/")):
                if key not in links and (found := re.search(f'href="({pattern})"', text)):
                    links[key] = found.group(1)
            print(f"{name:<22} {statistics.median(times):>8.0f} {max(times):>8.0f} {len(queries):>8}")
            if args.sql:
                shapes = Counter(re.sub(r"\b\d+\b", "N", q["sql"])[:160] for q in queries.captured_queries)
                for shape, count in shapes.most_common(3):
                    if count > 1:
                        print(f"    ×{count} {shape}")
                slow = sorted(queries.captured_queries, key=lambda q: -float(q["time"]))[:2]
                for q in slow:
                    print(f"    {float(q['time']) * 1000:.0f} ms: {q['sql'][:200]}")


if __name__ == "__main__":
    main()
