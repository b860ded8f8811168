"""manage.py compute_benefit: the facts format in, results out, non-zero exit on an error case."""

import json
import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

ROOT = Path(__file__).resolve().parents[2]
CASES_FILE = Path(__file__).resolve().parent / "data" / "benefit-cases.json"
CASES = json.loads(CASES_FILE.read_text("utf-8"))["cases"]


def _run(*args):
    out = StringIO()
    call_command("compute_benefit", *args, stdout=out)
    return json.loads(out.getvalue())


@pytest.mark.django_db
def test_the_twelve_cases_give_the_expected_totals():
    results = _run(str(CASES_FILE))["results"]
    assert [r["id"] for r in results] == [c["id"] for c in CASES]
    assert [r["total"] for r in results] == [c["expected_total"] for c in CASES]
    assert all(r["explanation"] and r["lines"] for r in results)


@pytest.mark.django_db
def test_a_case_with_an_unknown_category_fails_the_command_and_the_others_are_printed(tmp_path):
    bad = dict(CASES[0], id="BAD", entitlements=[{"category": "K99", "start_month": "2020-01"}])
    path = tmp_path / "cases.json"
    path.write_text(json.dumps({"cases": [CASES[1], bad, CASES[2]]}), "utf-8")
    out = StringIO()
    with pytest.raises(CommandError) as exc:
        call_command("compute_benefit", str(path), stdout=out)
    assert exc.value.returncode == 1
    assert "BAD" in str(exc.value)
    results = json.loads(out.getvalue())["results"]
    assert [r.get("total") for r in results] == [CASES[1]["expected_total"], None, CASES[2]["expected_total"]]
    assert "K99" in results[1]["error"]


@pytest.mark.django_db
def test_a_file_that_is_not_json_is_an_error(tmp_path):
    path = tmp_path / "x.json"
    path.write_text("{not json", "utf-8")
    with pytest.raises(CommandError):
        call_command("compute_benefit", str(path), stdout=StringIO())


def _compute_benefit(path) -> subprocess.CompletedProcess:
    """``manage.py compute_benefit <path> --rules seed`` in a process of its own."""
    return subprocess.run(
        [sys.executable, "manage.py", "compute_benefit", str(path), "--rules", "seed"],
        cwd=ROOT,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "btxh.settings.test"},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_command_exits_zero_on_good_cases_and_non_zero_on_an_error_case(tmp_path):
    ok = _compute_benefit(CASES_FILE)
    assert ok.returncode == 0, ok.stderr
    assert [r["total"] for r in json.loads(ok.stdout)["results"]] == [c["expected_total"] for c in CASES]

    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"cases": [dict(CASES[0], month="2024-13")]}), "utf-8")
    failed = _compute_benefit(bad)
    assert failed.returncode != 0
    assert "error" in json.loads(failed.stdout)["results"][0]
