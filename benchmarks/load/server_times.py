"""The server's own time per page (gunicorn's access log, %(D)s in microseconds): what Django took
from reading the request to writing the answer, without the waiting in gunicorn's queue or in
Locust. run.sh writes the log in the format below and calls this after the run:

    python server_times.py ACCESS_LOG [STEADY_FROM_EPOCH]

Only requests from STEADY_FROM_EPOCH on are counted when it is given (the steady state).
"""

from __future__ import annotations

import re
import sys
from datetime import datetime
from pathlib import Path

FORMAT = "%(t)s|%(m)s|%(U)s|%(q)s|%(s)s|%(D)s"  # gunicorn --access-logformat
PAGES = [  # (page as the locustfile names it, method, path pattern, query pattern)
    ("login form", "GET", r"/dang-nhap/", r""),
    ("login", "POST", r"/dang-nhap/", r""),
    ("home", "GET", r"/", r""),
    ("people: first page", "GET", r"/doi-tuong/", r"^$"),
    ("people: page n", "GET", r"/doi-tuong/", r"^page="),
    ("people: name search", "GET", r"/doi-tuong/", r"^q="),
    ("people: filtered", "GET", r"/doi-tuong/", r"."),
    ("person", "GET", r"/doi-tuong/\d+/", r""),
    ("rolls: list", "GET", r"/che-do/chi-tra/", r""),
    ("roll", "GET", r"/che-do/chi-tra/\d+/", r""),
    ("jobs: list", "GET", r"/cong-viec/", r""),
    ("job", "GET", r"/cong-viec/\d+/", r""),
]


def page_of(method: str, path: str, query: str) -> str:
    for name, page_method, pattern, query_pattern in PAGES:
        if method == page_method and re.fullmatch(pattern, path) and re.search(query_pattern, query):
            return name
    return f"other {method} {path}"


def percentile(ordered: list[float], share: float) -> float:
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered) + 0.5) - 1))] if ordered else 0.0


def main() -> None:
    log = Path(sys.argv[1])
    steady_from = float(sys.argv[2]) if len(sys.argv) > 2 and sys.argv[2] else None
    times: dict[str, list[float]] = {}
    for line in log.read_text().splitlines():
        parts = line.split("|")
        if len(parts) != 6:
            continue
        stamp, method, path, query, _status, micros = parts
        if steady_from and datetime.strptime(stamp, "[%d/%b/%Y:%H:%M:%S %z]").timestamp() < steady_from:
            continue
        times.setdefault(page_of(method, path, query), []).append(int(micros) / 1000)
    label = "steady state" if steady_from else "whole run"
    print(f"\nServer time per page ({label}; gunicorn's access log, ms, without queueing)")
    print(f"{'page':<22} {'requests':>9} {'p50':>7} {'p95':>7} {'p99':>7}")
    for name in sorted(times):
        ordered = sorted(times[name])
        print(
            f"{name:<22} {len(ordered):>9} {percentile(ordered, 0.5):>7.0f} {percentile(ordered, 0.95):>7.0f} "
            f"{percentile(ordered, 0.99):>7.0f}"
        )


if __name__ == "__main__":
    main()
