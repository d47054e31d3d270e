"""Production settings are checked in a fresh process, the way an operator would run them."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run_manage(*args, **env):
    full_env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DEBUG", "SECRET_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    full_env.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean_with_production_variables(tmp_path):
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DEBUG="0",
        SECRET_KEY="k3y-" + "x7Q!p9#Lm2@vR8$wZ5%tY1^nB6&cJ4*hF0" * 2,
        ALLOWED_HOSTS="exhale.example.com",
        EXHALE_VAR_DIR=str(tmp_path),
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    result = run_manage("check", DEBUG="0", ALLOWED_HOSTS="x", EXHALE_VAR_DIR=str(tmp_path))

    assert result.returncode != 0
    assert "Set SECRET_KEY" in result.stderr


PRODUCTION_COOKIES = """
from django.test import Client
page = Client().get("/accounts/login/", secure=True)
csrf = page.cookies["csrftoken"]
print("csrf", bool(csrf["secure"]), bool(csrf["httponly"]))
print("hsts", page.headers.get("Strict-Transport-Security", ""))
print("csp", "script-src 'self'" in page.headers.get("Content-Security-Policy", ""))
from django.conf import settings
print("session", settings.SESSION_COOKIE_SECURE, settings.SESSION_COOKIE_HTTPONLY)
plain = Client().get("/accounts/login/")
print("redirect", plain.status_code, plain.headers.get("Location", ""))
"""


def test_production_cookies_are_secure_and_http_only_with_hsts(tmp_path):
    production = {
        "DEBUG": "0",
        "SECRET_KEY": "k3y-" + "x7Q!p9#Lm2@vR8$wZ5%tY1^nB6&cJ4*hF0" * 2,
        "ALLOWED_HOSTS": "testserver",
        "EXHALE_VAR_DIR": str(tmp_path),
    }
    # As a deploy does: pages render static files from the collected manifest.
    assert run_manage("collectstatic", "--noinput", "-v", "0", **production).returncode == 0

    result = run_manage("shell", "-v", "0", "-c", PRODUCTION_COOKIES, **production)

    lines = dict(line.split(" ", 1) for line in result.stdout.strip().splitlines() if " " in line)
    assert result.returncode == 0, result.stderr
    assert lines["csrf"] == "True True"
    assert lines["session"] == "True True"
    assert lines["hsts"].startswith("max-age=31536000") and "preload" in lines["hsts"]
    assert lines["csp"] == "True"
    assert lines["redirect"] == "301 https://testserver/accounts/login/"
