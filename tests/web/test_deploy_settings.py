import os
import secrets
import subprocess
import sys


def test_it_passes_djangos_deployment_checks_with_the_production_settings(tmp_path):
    env = {
        **os.environ,
        "HECHTING_SECURE": "1",
        "HECHTING_DEBUG": "0",
        "HECHTING_SECRET_KEY": secrets.token_urlsafe(50),
        "HECHTING_DATA_DIR": str(tmp_path),
        "DATABASE_URL": "",
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set for the browser tests, never in production
    result = subprocess.run(
        [sys.executable, "-m", "hechting", "manage", "check", "--deploy", "--fail-level=WARNING"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_it_refuses_an_unparseable_boolean_setting(tmp_path):
    env = {**os.environ, "HECHTING_DEBUG": "maybe", "HECHTING_DATA_DIR": str(tmp_path)}
    result = subprocess.run(
        [sys.executable, "-m", "hechting", "manage", "check"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "HECHTING_DEBUG must be" in result.stderr
