"""Django set up for a benchmark run as a script (``python benchmarks/<name>.py``)."""

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def django_setup(name: str) -> None:
    """The test settings and, without DATABASE_URL, an SQLite file of the benchmark's own
    (benchmarks/out/<name>.sqlite3); then ``django.setup()``."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "btxh.settings.test")
    if "DATABASE_URL" not in os.environ:
        (ROOT / "benchmarks" / "out").mkdir(parents=True, exist_ok=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{ROOT / 'benchmarks' / 'out' / f'{name}.sqlite3'}"
    import django

    django.setup()
