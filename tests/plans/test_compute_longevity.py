"""manage.py compute_longevity on the public cases, with the rule rows of the database."""

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

DATA = Path(__file__).parent / "data" / "longevity-cases.json"


@pytest.mark.parametrize("rules", ["db", "seed"])
def test_compute_longevity_gives_every_public_case(longevity_rules, rules):
    out = StringIO()
    call_command("compute_longevity", str(DATA), "--rules", rules, stdout=out)
    results = {r["id"]: r for r in json.loads(out.getvalue())["results"]}
    for case in json.loads(DATA.read_text(encoding="utf-8"))["cases"]:
        for key, value in case["expected"].items():
            assert results[case["id"]][key] == value, (case["id"], key)
