"""Load benchmark: 50 concurrent respondents take the adaptive ECR through the JSON API.

    python bench/load.py                 # fresh SQLite database
    python bench/load.py --postgres      # fresh PostgreSQL database (DATABASE_URL's server,
                                         # default postgres://postgres@127.0.0.1:5432/postgres)
    python bench/load.py --workers 2     # `hechting serve --workers 2` (gunicorn, 2 processes)

It starts `hechting serve` on a free loopback port and runs two phases of 50 respondents
(threads, one keep-alive connection each; every 5th answer is sent twice, as a double click
would): "paced", where each respondent pauses before each answer (exponential, mean
--think-ms, 1 s: a quick reader; people take longer), and "flat-out", with no pause at all
(a stress test: 50 clients hammering one Python process). Then it checks in the database that
there were zero errors and zero lost or duplicated answers, and prints p50/p95/p99 of the
answer round-trip (PUT) and the throughput of each phase. Loopback only; bounded by
--max-seconds per phase and at most 45 requests per respondent. Exit status 1 when a check
fails.

In the same run and server set-up (the app's settings and middleware; bench/bare_settings.py
only adds one URL) a third phase, "bare", sends the same 50 clients flat-out to a bare Django
JSON view that does one INSERT, for as long as the flat-out phase took (at least 5 s). The
last line compares the flat-out answers with it:
answers_per_s=<n> bare_per_s=<n> ratio=<x> p95_ms=<n> bare_p95_ms=<n> workers=<n>
"""

from __future__ import annotations

import argparse
import gzip
import http.client
import json
import os
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
HOST = "127.0.0.1"
MAX_REQUESTS = 45  # per respondent: create + at most 36 answers + repeats + result


@dataclass
class Respondent:
    answers: dict[str, int]
    id: str = ""
    sent: dict[str, int] = field(default_factory=dict)
    put_ms: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    done: bool = False
    requests: int = 0


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return int(s.getsockname()[1])


def response_patterns(n: int, seed: int) -> list[dict[str, int]]:
    """Real response patterns (complete rows of the shared ECR data) when present, else seeded
    random ones. Read at run time only; nothing is copied into the repository."""
    shared = Path(os.environ.get("HECHTING_SHARED", ROOT.parent / "shared"))
    path = shared / "data" / "ecr" / "ecr-responses.csv.gz"
    rows: list[dict[str, int]] = []
    if path.exists():
        with gzip.open(path, "rt") as f:
            header = f.readline().strip().split(",")
            for line in f:
                values = dict(zip(header, line.strip().split(","), strict=True))
                row = {f"Q{i}": int(values[f"Q{i}"]) for i in range(1, 37)}
                if all(1 <= v <= 5 for v in row.values()):
                    rows.append(row)
                if len(rows) == n:
                    break
        print(f"response patterns: {len(rows)} real respondents from {path.name}")
    rng = np.random.default_rng(seed)
    while len(rows) < n:
        rows.append({f"Q{i}": int(v) for i, v in enumerate(rng.integers(1, 6, 36), start=1)})
    return rows


def call(
    conn: http.client.HTTPConnection, method: str, path: str, body: object, token: str = ""
) -> tuple[int, dict, float]:
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    data = json.dumps(body) if body is not None else None
    t0 = time.perf_counter()
    conn.request(method, path, body=data, headers=headers)
    r = conn.getresponse()
    payload = r.read()
    ms = 1000 * (time.perf_counter() - t0)
    return r.status, (json.loads(payload) if payload else {}), ms


def run_respondent(
    r: Respondent, port: int, start: threading.Barrier, deadline: float, think: float, seed: int
) -> None:
    rng = np.random.default_rng(seed)
    conn = http.client.HTTPConnection(HOST, port, timeout=30)
    start.wait()
    try:
        status, body, _ = call(
            conn, "POST", "/api/v1/assessments", {"instrument": "ecr", "mode": "adaptive"}
        )
        r.requests += 1
        if status != 201:
            r.errors.append(f"create -> {status}")
            return
        r.id, token, nxt = body["id"], body["token"], body["next"]
        k = 0
        while nxt is not None and r.requests < MAX_REQUESTS - 1 and time.time() < deadline:
            if think:
                time.sleep(rng.exponential(think))
            item, value = nxt["item"], r.answers[nxt["item"]]
            path = f"/api/v1/assessments/{r.id}/answers/{item}"
            for _ in range(2 if k % 5 == 4 else 1):  # every 5th answer is double-submitted
                status, body, ms = call(conn, "PUT", path, {"value": value}, token)
                r.requests += 1
                r.put_ms.append(ms)
                if status != 200:
                    r.errors.append(f"PUT {item} -> {status} {body}")
                    return
            r.sent[item] = value
            nxt = body["next"]
            k += 1
        r.done = nxt is None
        status, body, _ = call(conn, "GET", f"/api/v1/assessments/{r.id}/result", None, token)
        r.requests += 1
        if status != 200:
            r.errors.append(f"result -> {status} {body}")
    except (OSError, http.client.HTTPException, ValueError) as exc:
        r.errors.append(f"{type(exc).__name__}: {exc}")
    finally:
        conn.close()


def run_bare_client(
    port: int, seconds: float, start: threading.Barrier, out: list[float], errors: list
) -> None:
    conn = http.client.HTTPConnection(HOST, port, timeout=30)
    start.wait()
    deadline = time.perf_counter() + seconds
    try:
        for k in range(10**9):
            if time.perf_counter() > deadline:
                return
            status, _body, ms = call(conn, "PUT", "/bench/bare", {"value": k % 5 + 1})
            out.append(ms)
            if status != 200:
                errors.append(f"bare -> {status}")
                return
    except (OSError, http.client.HTTPException, ValueError) as exc:
        errors.append(f"{type(exc).__name__}: {exc}")
    finally:
        conn.close()


def run_bare(
    args: argparse.Namespace, port: int, seconds: float
) -> tuple[list[float], list, float]:
    """50 clients flat-out against the bare view for `seconds`; round-trips, errors, seconds."""
    barrier = threading.Barrier(args.users)
    ms: list[float] = []
    errors: list[str] = []
    threads = [
        threading.Thread(target=run_bare_client, args=(port, seconds, barrier, ms, errors))
        for _ in range(args.users)
    ]
    t0 = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=seconds + 60)
    return ms, errors, time.perf_counter() - t0


def wait_until_up(port: int, proc: subprocess.Popen, seconds: float = 90) -> None:
    deadline = time.time() + seconds
    while time.time() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"server exited with status {proc.returncode}")
        try:
            conn = http.client.HTTPConnection(HOST, port, timeout=2)
            conn.request("GET", "/api/v1/openapi.json")
            if conn.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("server did not start in time")


def setup_bare_table() -> None:
    import django

    django.setup()
    from bare_urls import create_table
    from django.db import connection

    create_table()
    connection.close()


def verify(respondents: list[Respondent]) -> tuple[int, int, int]:
    """(lost, duplicated, not completed) as seen in the database the server wrote."""
    from django.db import connection
    from django.db.models import Count

    from hechting.assessments.models import Answer, Assessment

    ids = [r.id for r in respondents if r.id]
    stored: dict[str, dict[str, int]] = {i: {} for i in ids}
    for a, item, value in Answer.objects.filter(assessment_id__in=ids).values_list(
        "assessment_id", "item", "value"
    ):
        stored[str(a)][item] = value
    lost = sum(1 for r in respondents for item, v in r.sent.items() if stored[r.id].get(item) != v)
    duplicated = sum(
        c - 1
        for c in Answer.objects.filter(assessment_id__in=ids)
        .values("assessment_id", "item")
        .annotate(c=Count("id"))
        .values_list("c", flat=True)
        if c > 1
    )
    completed = set(
        map(
            str,
            Assessment.objects.filter(pk__in=ids, status="completed").values_list("pk", flat=True),
        )
    )
    not_completed = sum(1 for r in respondents if r.done and r.id not in completed)
    connection.close()
    return lost, duplicated, not_completed


def percentile(xs: list[float], q: float) -> float:
    return float(np.percentile(np.array(xs), q)) if xs else float("nan")


def run_phase(
    name: str, args: argparse.Namespace, port: int, think_ms: float, seed: int
) -> tuple[list[Respondent], float]:
    """All respondents at once, each through the adaptive test; returns them and the seconds."""
    respondents = [Respondent(a) for a in response_patterns(args.users, seed)]
    barrier = threading.Barrier(args.users)
    deadline = time.time() + args.max_seconds
    threads = [
        threading.Thread(
            target=run_respondent,
            args=(r, port, barrier, deadline, think_ms / 1000, seed + i),
            name=f"{name}-{i}",
        )
        for i, r in enumerate(respondents)
    ]
    t0 = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=max(1.0, deadline - time.time() + 30))
    return respondents, time.perf_counter() - t0


def report(name: str, think_ms: float, respondents: list[Respondent], elapsed: float) -> bool:
    put_ms = [ms for r in respondents for ms in r.put_ms]
    errors = [e for r in respondents for e in r.errors]
    finished = sum(r.done for r in respondents)
    items = [len(r.sent) for r in respondents if r.done]
    requests = sum(r.requests for r in respondents)
    for e in errors[:5]:
        print(f"  error: {e}")
    p95 = percentile(put_ms, 95)
    print(
        f"{name}: respondents={len(respondents)} finished={finished} think_ms={think_ms:g} "
        f"mean_items={statistics.fmean(items) if items else 0:.1f} errors={len(errors)}\n"
        f"  answer_round_trip_ms p50={percentile(put_ms, 50):.1f} p95={p95:.1f} "
        f"p99={percentile(put_ms, 99):.1f} max={max(put_ms, default=float('nan')):.1f} "
        f"(n={len(put_ms)})\n"
        f"  throughput {len(put_ms) / elapsed:.0f} answers/s, {requests / elapsed:.0f} requests/s "
        f"over {elapsed:.1f} s"
    )
    return not errors and finished == len(respondents)


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--users", type=int, default=50, help="concurrent respondents (50)")
    parser.add_argument("--threads", type=int, default=8, help="threads per server process (8)")
    parser.add_argument(
        "--workers", type=int, default=1, help="server processes (1: waitress; more: gunicorn)"
    )
    parser.add_argument(
        "--think-ms",
        type=float,
        default=1000,
        help="mean pause before each answer in the paced phase, as a quick reader (1000)",
    )
    parser.add_argument(
        "--only", choices=["paced", "flat-out"], help="run one phase (default: both)"
    )
    parser.add_argument("--max-seconds", type=float, default=120, help="time bound per phase")
    parser.add_argument("--postgres", action="store_true", help="use a fresh PostgreSQL database")
    parser.add_argument("--seed", type=int, default=20261121)
    args = parser.parse_args()
    phases = [("paced", args.think_ms), ("flat-out", 0.0)]
    phases = [p for p in phases if args.only in (None, p[0])]

    tmp = tempfile.TemporaryDirectory(prefix="hechting-load-")
    env = {
        **os.environ,
        "HECHTING_DATA_DIR": tmp.name,
        "HECHTING_SECRET_KEY": secrets.token_urlsafe(40),
        "HECHTING_DEBUG": "",
        "HECHTING_ALLOWED_HOSTS": HOST,
        # The app's settings plus the bare view; the bench directory holds both modules.
        "DJANGO_SETTINGS_MODULE": "bare_settings",
        "PYTHONPATH": os.pathsep.join(
            filter(None, [str(ROOT / "bench"), os.environ.get("PYTHONPATH")])
        ),
    }
    admin_url = os.environ.get("DATABASE_URL", "")
    pg_db = ""
    if args.postgres or admin_url.startswith("postgres"):
        import psycopg

        admin_url = admin_url or "postgres://postgres@127.0.0.1:5432/postgres"
        pg_db = f"hechting_load_{os.getpid()}"
        with psycopg.connect(admin_url, autocommit=True) as c:
            c.execute(f'CREATE DATABASE "{pg_db}"')
        env["DATABASE_URL"] = urlparse(admin_url)._replace(path=f"/{pg_db}").geturl()
        print(f"database: fresh PostgreSQL {pg_db}")
    else:
        env["DATABASE_URL"] = ""
        print(f"database: fresh SQLite in {tmp.name}")
    os.environ.update({k: env[k] for k in ("HECHTING_DATA_DIR", "DATABASE_URL")})
    os.environ["HECHTING_SECRET_KEY"] = env["HECHTING_SECRET_KEY"]
    os.environ["DJANGO_SETTINGS_MODULE"] = "bare_settings"
    sys.path.insert(0, str(ROOT / "bench"))

    port = free_port()
    cmd = [sys.executable, "-m", "hechting", "serve", "--host", HOST, "--port", str(port)]
    log = open(Path(tmp.name) / "server.log", "w")  # noqa: SIM115 (closed below)
    proc = subprocess.Popen(
        [*cmd, "--threads", str(args.threads), "--workers", str(args.workers)],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    results = []
    bare: tuple[list[float], list, float] | None = None
    try:
        wait_until_up(port, proc)
        setup_bare_table()
        for i, (name, think) in enumerate(phases):
            results.append((name, think, *run_phase(name, args, port, think, args.seed + 1000 * i)))
        flat = [elapsed for name, _t, _rs, elapsed in results if name == "flat-out"]
        if flat:  # as long as the flat-out phase took (at least 5 s), the same 50 clients
            bare = run_bare(args, port, min(max(flat[0], 5.0), args.max_seconds))
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()
        server_log = Path(log.name).read_text().splitlines()
        server_errors = [line for line in server_log if "Traceback" in line or "rror" in line]

    everyone = [r for _name, _think, rs, _elapsed in results for r in rs]
    lost, duplicated, not_completed = verify(everyone)
    if pg_db:
        import psycopg

        with psycopg.connect(admin_url, autocommit=True) as c:
            c.execute(f'DROP DATABASE IF EXISTS "{pg_db}" WITH (FORCE)')
    tmp.cleanup()

    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"machine: {os.cpu_count()} cores, load average {load} (other work skews the figures)")
    server = "waitress, one process" if args.workers == 1 else f"gunicorn, {args.workers} processes"
    print(
        f"server: hechting serve --workers {args.workers} ({server}, {args.threads} threads each)"
    )
    ok = True
    for name, think, respondents, elapsed in results:
        ok = report(name, think, respondents, elapsed) and ok
    for line in server_errors[:5]:
        print(f"  server: {line}")
    print(
        f"database check: lost={lost} duplicated={duplicated} not_marked_complete={not_completed}"
        f" server_errors={len(server_errors)}"
    )
    ok = ok and not (lost or duplicated or not_completed or server_errors)
    flat = [(rs, elapsed) for name, _t, rs, elapsed in results if name == "flat-out"]
    summary = ""
    if bare is not None and flat:
        bare_ms, bare_errors, bare_elapsed = bare
        for e in bare_errors[:5]:
            print(f"  bare error: {e}")
        ok = ok and not bare_errors
        print(
            f"bare: clients={args.users} requests={len(bare_ms)} errors={len(bare_errors)}\n"
            f"  round_trip_ms p50={percentile(bare_ms, 50):.1f} p95={percentile(bare_ms, 95):.1f} "
            f"p99={percentile(bare_ms, 99):.1f}\n"
            f"  throughput {len(bare_ms) / bare_elapsed:.0f} requests/s over {bare_elapsed:.1f} s"
        )
        put_ms = [ms for r in flat[0][0] for ms in r.put_ms]
        answers_per_s = len(put_ms) / flat[0][1]
        bare_per_s = len(bare_ms) / bare_elapsed
        summary = (
            f"answers_per_s={answers_per_s:.0f} bare_per_s={bare_per_s:.0f} "
            f"ratio={answers_per_s / bare_per_s:.2f} p95_ms={percentile(put_ms, 95):.0f} "
            f"bare_p95_ms={percentile(bare_ms, 95):.0f} workers={args.workers}"
        )
    print("OK" if ok else "FAILED")
    if summary:
        print(summary)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
