"""Two app processes on one fresh PostgreSQL database: one truth, whatever process answers.

Runs when DATABASE_URL points at PostgreSQL (as in `make test` with it set); skipped on SQLite.
"""

import http.client
import json
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from dataclasses import dataclass, field
from urllib.parse import urlencode, urlsplit, urlunsplit

import psycopg
import pytest
from django.contrib.auth.hashers import make_password

PG = os.environ.get("DATABASE_URL", "")
pytestmark = pytest.mark.skipif(
    not PG.startswith("postgres"), reason="needs DATABASE_URL pointing at PostgreSQL"
)
PASSWORD = "correct-Horse-battery-42"


@pytest.fixture
def fresh_db():
    name = f"hechting_two_{uuid.uuid4().hex[:10]}"
    admin = urlunsplit(urlsplit(PG)._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    url = urlunsplit(urlsplit(PG)._replace(path=f"/{name}"))
    yield url
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _launch(env: dict[str, str]) -> tuple[subprocess.Popen, int]:
    port = _free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "hechting", "serve", "--port", str(port), "--threads", "4"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    return proc, port


def _wait_until_up(proc: subprocess.Popen, port: int) -> None:
    deadline = time.monotonic() + 180
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                pytest.fail(f"server did not start: {proc.stderr.read().decode()[-2000:]}")
            time.sleep(0.2)


@pytest.fixture
def two_servers(fresh_db, tmp_path):
    env = {
        **os.environ,
        "DATABASE_URL": fresh_db,
        "HECHTING_DATA_DIR": str(tmp_path),
        "HECHTING_SECRET_KEY": secrets.token_urlsafe(50),
    }
    # Both start at once on the empty database: their migrations must not collide.
    a, b = _launch(env), _launch(env)
    for proc, port in (a, b):
        _wait_until_up(proc, port)
    yield fresh_db, a, b
    for proc, _port in (a, b):
        if proc.poll() is None:
            proc.terminate()
            proc.wait(timeout=30)


def _call(port, method, path, body=None, headers=None):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        r = conn.getresponse()
        return r.status, dict(r.getheaders()), r.read()
    finally:
        conn.close()


def _api(port, method, path, payload=None, token=None):
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    body = None if payload is None else json.dumps(payload)
    status, _headers, raw = _call(port, method, f"/api/v1{path}", body, headers)
    return status, json.loads(raw) if raw else None


@dataclass
class Browser:
    """Just enough of a browser for the sign-in form: cookies and the CSRF token."""

    cookies: dict[str, str] = field(default_factory=dict)

    def request(self, port, method, path, form=None):
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        body = None
        if form is not None:
            form = {**form, "csrfmiddlewaretoken": self.cookies.get("csrftoken", "")}
            body = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        status, out_headers, raw = _call(port, method, path, body, headers)
        for name, value in out_headers.items():
            if name.lower() == "set-cookie":
                key, _, rest = value.partition("=")
                self.cookies[key] = rest.split(";")[0]
        return status, raw.decode()


def _page(body: str) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", body)


def _db_answers(url: str) -> dict[tuple[str, str], int]:
    with psycopg.connect(url) as conn:
        rows = conn.execute("SELECT assessment_id, item, value FROM assessments_answer").fetchall()
    found: dict[tuple[str, str], int] = {}
    for assessment, item, value in rows:
        assert (str(assessment), item) not in found, "duplicated answer"
        found[(str(assessment), item)] = value
    return found


def _take_test(ports, acked, lock, kill_at=None, on_kill=None):
    """One respondent through the full ECR, answers alternating between the servers."""
    status, a = _api(ports[0], "POST", "/assessments", {"instrument": "ecr", "mode": "full"})
    assert status == 201
    step, n = a, 0
    while step["next"] is not None:
        item, options = step["next"]["item"], step["next"]["options"]
        value = options[n % len(options)]["value"]
        repeats = 2 if n % 5 == 4 else 1  # every fifth answer is sent twice
        for attempt in range(repeats):
            port = ports[(n + attempt) % len(ports)]
            try:
                status, out = _api(
                    port,
                    "PUT",
                    f"/assessments/{a['id']}/answers/{item}",
                    {"value": value},
                    a["token"],
                )
            except (ConnectionError, http.client.HTTPException, OSError):
                ports = ports[:1]  # that server is gone: the client carries on with the other
                status, out = _api(
                    ports[0],
                    "PUT",
                    f"/assessments/{a['id']}/answers/{item}",
                    {"value": value},
                    a["token"],
                )
            assert status == 200, out
            with lock:
                acked[(a["id"], item)] = value
                if kill_at is not None and len(acked) == kill_at:
                    on_kill()
            step = out
        n += 1
    assert step["done"]
    return a["id"]


def test_two_processes_share_one_truth(two_servers):
    url, (proc_a, port_a), (proc_b, port_b) = two_servers
    lock = threading.Lock()

    # 1. One respondent, answers alternating between the processes: nothing lost or doubled.
    acked: dict[tuple[str, str], int] = {}
    first = _take_test([port_a, port_b], acked, lock)
    stored = _db_answers(url)
    assert {k: v for k, v in stored.items() if k[0] == first} == acked
    assert len(acked) == 36

    # 2. Five wrong passwords spread over both processes lock the account on both.
    # Sign-up confirms by an e-mailed link (printed on the server's console here), so the
    # account is made directly in the shared database.
    with psycopg.connect(url) as conn:
        conn.execute(
            "INSERT INTO accounts_user (password, email, is_superuser, is_staff, is_active,"
            " first_name, last_name, date_joined)"
            " VALUES (%s, %s, false, false, true, '', '', now())",
            [make_password(PASSWORD), "two@example.org"],
        )
    attacker = Browser()
    attacker.request(port_b, "GET", "/account/inloggen/")
    for n in range(5):
        port = (port_a, port_b)[n % 2]
        status, _ = attacker.request(
            port,
            "POST",
            "/account/inloggen/",
            {"username": "two@example.org", "password": f"wrong{n}"},
        )
        assert status == 200
    pages = []
    for port in (port_a, port_b):
        for password in (PASSWORD, "wrong"):
            status, body = attacker.request(
                port,
                "POST",
                "/account/inloggen/",
                {"username": "two@example.org", "password": password},
            )
            assert status == 429, (port, password)
            pages.append(_page(body))
    assert len(set(pages)) == 1, "right and wrong passwords must look the same once locked"

    # 3. Six respondents at once; one process is killed (SIGKILL) mid-test.
    acked.clear()
    ids: list[str] = []

    def kill_b():
        proc_b.send_signal(signal.SIGKILL)

    def respondent():
        ids.append(_take_test([port_a, port_b], acked, lock, kill_at=60, on_kill=kill_b))

    threads = [threading.Thread(target=respondent) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=600)
    assert proc_b.wait(timeout=30) == -signal.SIGKILL
    assert len(ids) == 6, "every respondent finished on the surviving process"
    stored = _db_answers(url)
    lost = {k: v for k, v in acked.items() if stored.get(k) != v}
    assert not lost, f"acknowledged answers lost: {list(lost)[:5]}"
    with psycopg.connect(url) as conn:
        counts = conn.execute(
            "SELECT COUNT(*) FROM assessments_answer WHERE assessment_id = ANY(%s::uuid[]) "
            "GROUP BY assessment_id",
            [ids],
        ).fetchall()
    assert sorted(c for (c,) in counts) == [36] * 6
