import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

ROOT = Path(__file__).resolve().parents[2]


def test_the_production_settings_pass_the_deployment_checks(tmp_path):
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DJANGO_SETTINGS_MODULE": "btxh.settings.production",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "CELERY_BROKER_URL": "redis://127.0.0.1:6379/0",
        "DJANGO_ALLOWED_HOSTS": "btxh.example.vn",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SECRET_KEY"}
    env.update({"DJANGO_SETTINGS_MODULE": "btxh.settings.production", "DATABASE_URL": "sqlite:///x",
                "CELERY_BROKER_URL": "redis://x", "DJANGO_ALLOWED_HOSTS": "x"})
    result = subprocess.run([sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


@pytest.mark.django_db
def test_every_page_needs_a_login(client):
    response = client.get(reverse("unit-list"))
    assert response.status_code == 302 and response.url.startswith("/dang-nhap/")


@pytest.mark.django_db
def test_pages_carry_a_content_security_policy_and_forms_a_csrf_token(client):
    response = client.get(reverse("login"))
    assert "default-src 'self'" in response.headers["Content-Security-Policy"]
    assert "csrfmiddlewaretoken" in response.content.decode()
    csrf_client = Client(enforce_csrf_checks=True)
    assert csrf_client.post(reverse("login"), {"username": "a", "password": "b"}).status_code == 403


@pytest.mark.django_db
def test_logins_are_throttled_after_five_failures(client, settings, officer):
    settings.AXES_ENABLED = True
    for _ in range(5):
        client.post(reverse("login"), {"username": officer.username, "password": "sai"}, REMOTE_ADDR="10.0.0.9")
    response = client.post(
        reverse("login"), {"username": officer.username, "password": "matkhau-thu-nghiem"}, REMOTE_ADDR="10.0.0.9"
    )
    assert response.status_code == 429
    assert "tạm bị khóa" in response.content.decode()


def test_sessions_expire(settings):
    assert settings.SESSION_COOKIE_AGE <= 8 * 3600
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE


@pytest.mark.django_db
def test_staff_of_a_commune_cannot_open_the_admin(officer_client):
    response = officer_client.get("/quan-tri/")
    assert response.status_code == 302 and "login" in response.url
