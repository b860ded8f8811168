"""The production image runs collectstatic with the production settings (Dockerfile): it must succeed."""

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)


def test_collectstatic_with_the_production_settings_builds_a_manifest_of_every_file(tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "btxh.settings.production",
        "DJANGO_SECRET_KEY": "build",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'build.db'}",
        "CELERY_BROKER_URL": "redis://localhost",
        "DJANGO_ALLOWED_HOSTS": "x",
        "DJANGO_STATIC_ROOT": str(tmp_path / "static"),
    }
    # About 20 s of compression (gzip and brotli of every file): at the lowest priority, so that
    # the browser journeys running beside it on a small machine keep their pace.
    nice = ["nice", "-n", "19"] if shutil.which("nice") else []
    done = subprocess.run(
        [*nice, sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=300,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    manifest = json.loads((tmp_path / "static" / "staticfiles.json").read_text())["paths"]
    for name in ("vendor/bootstrap/bootstrap.bundle.min.js", "vendor/bootstrap/bootstrap.min.css",
                 "vendor/htmx/htmx.min.js"):  # fmt: skip
        assert name in manifest
        assert (tmp_path / "static" / manifest[name]).exists()


def test_every_source_map_a_static_file_names_is_shipped():
    pattern = re.compile(r"sourceMappingURL=([^\s*]+)")
    for path in (ROOT / "static").rglob("*"):
        if path.suffix in (".js", ".css"):
            for name in pattern.findall(path.read_text(encoding="utf-8", errors="replace")):
                assert (path.parent / name).exists(), f"{path.relative_to(ROOT)} names {name}, which is not shipped"
