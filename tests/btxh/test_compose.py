import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
COMPOSE = shutil.which("docker-compose")


@pytest.mark.skipif(COMPOSE is None, reason="docker-compose (Debian package) is not installed")
def test_the_production_compose_file_is_valid_and_needs_its_secrets():
    env = {**os.environ, "DJANGO_SECRET_KEY": "x" * 50, "POSTGRES_PASSWORD": "mat-khau"}
    ok = subprocess.run([COMPOSE, "config"], cwd=ROOT, env=env, capture_output=True, text=True)
    assert ok.returncode == 0, ok.stderr
    for service in ("postgres:", "redis:", "web:", "worker:", "worker-documents:", "beat:"):
        assert service in ok.stdout
    env.pop("DJANGO_SECRET_KEY")
    missing = subprocess.run([COMPOSE, "config"], cwd=ROOT, env=env, capture_output=True, text=True)
    assert missing.returncode != 0 and "DJANGO_SECRET_KEY" in missing.stderr


def test_production_postgresql_is_given_its_buffers():
    """The server the payroll figures were measured on: 2 GB of buffers, not the image's 128 MB."""
    compose = (ROOT / "docker-compose.yml").read_text()
    assert "shared_buffers=${POSTGRES_SHARED_BUFFERS:-2GB}" in compose
    assert "max_wal_size=4GB" in compose
