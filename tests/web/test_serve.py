"""Starting the real server: private files, key faults, and HECHTING_SECURE behind a proxy."""

import http.client
import os
import secrets
import socket
import stat
import subprocess
import sys
import time

import pytest

# --- files that hold secrets ------------------------------------------------------------------


def test_it_creates_the_sqlite_file_and_keys_private(tmp_path):
    data = tmp_path / "data"
    env = {**os.environ, "HECHTING_DATA_DIR": str(data), "DATABASE_URL": ""}
    env.pop("HECHTING_JOURNAL_KEYS", None)
    result = subprocess.run(
        [sys.executable, "-c", "from hechting.commands.serve import prepare; prepare()"],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert stat.S_IMODE(data.stat().st_mode) == 0o700
    for name in ("hechting.sqlite3", "journal.keys", "secret_key"):
        assert stat.S_IMODE((data / name).stat().st_mode) == 0o600, name


def test_it_refuses_to_start_without_the_key_that_opened_the_stored_text(tmp_path):
    env = {**os.environ, "HECHTING_DATA_DIR": str(tmp_path), "DATABASE_URL": ""}
    env.pop("HECHTING_JOURNAL_KEYS", None)
    script = (
        "from hechting.commands.serve import prepare; prepare()\n"
        "from program_factories import make_entries, make_user\n"
        "make_entries(make_user())\n"
    )
    tests_dir = os.path.dirname(os.path.dirname(__file__))
    env["PYTHONPATH"] = tests_dir + os.pathsep + env.get("PYTHONPATH", "")
    subprocess.run([sys.executable, "-c", script], env=env, check=True, timeout=300)
    (tmp_path / "journal.keys").unlink()
    result = subprocess.run(
        [sys.executable, "-m", "hechting", "serve", "--port", "1"],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 2
    assert "journal.keys is missing" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "journal.keys").exists()  # never a silently generated key


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(params=[1, 2], ids=["waitress", "gunicorn"])
def secure_server(request, tmp_path):
    port = _free_port()
    env = {
        **os.environ,
        "HECHTING_DATA_DIR": str(tmp_path),
        "DATABASE_URL": "",
        "HECHTING_SECURE": "1",
        "HECHTING_SECRET_KEY": secrets.token_urlsafe(50),
        "HECHTING_TRUSTED_PROXIES": "127.0.0.1",
    }
    cmd = [sys.executable, "-m", "hechting", "serve", "--port", str(port)]
    proc = subprocess.Popen(
        [*cmd, "--workers", str(request.param), "--threads", "2"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 120
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                pytest.fail(f"server did not start: {proc.stderr.read().decode()[-2000:]}")
            time.sleep(0.2)
    yield port
    proc.terminate()
    proc.wait(timeout=30)


def _get(port: int, source: str, headers: dict[str, str]) -> http.client.HTTPResponse:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30, source_address=(source, 0))
    conn.request("GET", "/", headers=headers)
    response = conn.getresponse()
    response.read()
    conn.close()
    return response


def test_it_serves_https_behind_a_trusted_proxy_and_nothing_else(secure_server):
    https = {"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.5"}
    served = _get(secure_server, "127.0.0.1", https)
    assert served.status == 200
    assert served.getheader("Strict-Transport-Security")
    plain = _get(secure_server, "127.0.0.1", {})
    assert plain.status == 301 and plain.getheader("Location").startswith("https://")
    # The same header from an address that is not the proxy (127.0.0.2 is loopback too).
    spoofed = _get(secure_server, "127.0.0.2", https)
    assert spoofed.status == 301
