"""Security headers on every kind of response, and the production settings
behind HTTPS: `check --deploy` clean, HSTS, the redirect, the cookies."""

import json
import os
import secrets
import subprocess
import sys

import pytest
from django.conf import settings

from archive.middleware import PERMISSIONS_POLICY
from tests.factories import make_statement

pytestmark = pytest.mark.django_db

# What every response carries, whatever made it.
EVERYWHERE = {
    "Referrer-Policy": "same-origin",
    "X-Content-Type-Options": "nosniff",
    "Cross-Origin-Opener-Policy": "same-origin",
    "X-Frame-Options": "DENY",
    "Permissions-Policy": PERMISSIONS_POLICY,
}


@pytest.fixture
def statement():
    return make_statement("نص بيان عن الأمن في المنطقة", title="بيان")


def responses(client, statement) -> dict:
    """One response of each kind: name → response."""
    pk = statement.pk
    return {
        "HTML page": client.get("/"),
        "English statement page": client.get(f"/en/statements/{pk}/", follow=True),
        "API": client.get("/api/v1/search", {"q": "الأمن"}),
        "feed": client.get("/feed.atom"),
        "PDF download": client.get(f"/statements/{pk}/pdf"),
        "citation download": client.get(f"/statements/{pk}/cite.bib"),
        "admin login": client.get("/admin/login/"),
        "404": client.get("/no-such-page/"),
        "static file": client.get("/static/css/archive.css"),
    }


def test_every_kind_of_response_has_the_security_headers(client, statement):
    for name, response in responses(client, statement).items():
        expected_status = 404 if name == "404" else 200
        assert response.status_code == expected_status, name
        for header, value in EVERYWHERE.items():
            # Static files are answered by WhiteNoise before the frame
            # protection's middleware: a stylesheet is never a frame.
            if name == "static file" and header == "X-Frame-Options":
                continue
            assert response.get(header) == value, (name, header)


def test_the_content_security_policy_is_on_everything_but_the_admin(client, statement):
    for name, response in responses(client, statement).items():
        policy = response.get("Content-Security-Policy", "")
        if name == "admin login":
            assert not policy  # the admin's widgets use inline styles
        elif name != "static file":
            assert "frame-ancestors 'none'" in policy, name
            assert "default-src 'self'" in policy, name


def test_the_permissions_policy_denies_the_devices(client):
    policy = client.get("/")["Permissions-Policy"]
    for feature in ("camera=()", "microphone=()", "geolocation=()", "payment=()"):
        assert feature in policy


# ------------------------------------------------- production behind HTTPS


def production_env(tmp_path, **extra) -> dict:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "archive.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "archive.example.org",
        "ARCHIVE_DATA_DIR": str(tmp_path / "data"),
        **extra,
    }
    env.pop("DEBUG", None)
    return env


def deploy_check(env: dict) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean_with_the_production_settings_behind_https(tmp_path):
    result = deploy_check(production_env(tmp_path, ARCHIVE_HTTPS="1"))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_without_the_https_switch_check_deploy_names_hsts_and_the_redirect(
    tmp_path,
):
    env = production_env(tmp_path)
    env.pop("ARCHIVE_HTTPS", None)
    result = deploy_check(env)
    assert result.returncode != 0
    assert "security.W004" in result.stderr  # no HSTS
    assert "security.W008" in result.stderr  # no redirect to HTTPS


# Run with the production settings: what a browser would get, and the cookies.
PROBE = """
import json, django
django.setup()
from django.conf import settings
from django.test import Client
host = {"HTTP_HOST": "archive.example.org"}
client = Client()
plain = client.get("/robots.txt", **host)
secure = client.get("/robots.txt", HTTP_X_FORWARDED_PROTO="https", **host)
print(json.dumps({
    "plain": [plain.status_code, plain.get("Location", "")],
    "hsts": secure.get("Strict-Transport-Security", ""),
    "secure_status": secure.status_code,
    "cookies": [
        settings.SESSION_COOKIE_SECURE, settings.SESSION_COOKIE_HTTPONLY,
        settings.CSRF_COOKIE_SECURE, settings.CSRF_COOKIE_HTTPONLY,
    ],
}))
"""


def test_the_https_switch_redirects_and_sends_hsts_and_cookies_are_secure(
    tmp_path,
):
    result = subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=settings.BASE_DIR,
        env=production_env(tmp_path, ARCHIVE_HTTPS="1"),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    probe = json.loads(result.stdout.strip().splitlines()[-1])
    assert probe["plain"] == [301, "https://archive.example.org/robots.txt"]
    assert probe["secure_status"] == 200
    assert probe["hsts"] == "max-age=31536000; includeSubDomains"
    assert probe["cookies"] == [True, True, True, True]
