"""`make load`: gunicorn, a Celery worker, PostgreSQL and Redis on this machine, then locust
(headless, loopback only, bounded in users and time) plays 50 learners. Prints requests per
second, p50/p95/p99 and errors, then checks the database holds exactly the sessions the
clients created. Exits non-zero on any error, lost or doubled session."""

from __future__ import annotations

import csv
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
VAR = ROOT / "var" / "load"
USERS = int(os.environ.get("LOAD_USERS", "50"))
SECONDS = int(os.environ.get("LOAD_SECONDS", "120"))
DB_NAME = "exhale_load"
PG = os.environ.get("LOAD_PG", "postgres://postgres@127.0.0.1:5432")
REDIS = os.environ.get("LOAD_REDIS", "redis://127.0.0.1:6379/14")
PASSWORD = "load-test-passphrase-2026"


def env() -> dict:
    return {
        **os.environ,
        "DATABASE_URL": f"{PG}/{DB_NAME}",
        "REDIS_URL": REDIS,
        "EXHALE_VAR_DIR": str(VAR),
        "DEBUG": "0",
        "SECRET_KEY": "load-" + "s" * 60,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "BEHIND_TLS_PROXY": "0",
        "SECURE_COOKIES": "0",
        "LOG_LEVEL": "WARNING",
        # One busy address plays 50 learners: the per-client limits would only measure
        # themselves. The limits have their own tests.
        "API_USER_RATE": "100000/min",
        "API_ANON_RATE": "100000/min",
        "AXES_FAILURE_LIMIT": "1000",
        "PYTHONUNBUFFERED": "1",
    }


def manage(*args: str) -> None:
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env(), check=True)


def prepare_database() -> None:
    admin = f"{PG}/postgres"
    subprocess.run(["psql", admin, "-qc", f"DROP DATABASE IF EXISTS {DB_NAME}"], check=True)
    subprocess.run(["psql", admin, "-qc", f"CREATE DATABASE {DB_NAME}"], check=True)
    subprocess.run(["redis-cli", "-u", REDIS, "flushdb"], check=True, capture_output=True)
    manage("migrate", "--noinput", "-v", "0")
    manage("collectstatic", "--noinput", "-v", "0")
    manage("load_starter_roadmaps")
    manage("shell", "-c", SEED)


SEED = f"""
import json
from accounts.services import learner_sign_up, api_token_create
from curriculum.models import Item, Roadmap
from curriculum.services import roadmap_copy
from django.contrib.auth.hashers import make_password
template = Roadmap.objects.get(is_template=True, slug="fastai-part1")
plan = {{"password": {PASSWORD!r}, "learners": []}}
for n in range({USERS}):
    learner = learner_sign_up(username=f"load{{n:02d}}", email=f"load{{n}}@example.com",
                              password={PASSWORD!r})
    _, key = api_token_create(learner=learner, name="load")
    roadmap = roadmap_copy(learner=learner, source=template)
    roadmap.visibility = "public"
    roadmap.save()
    items = list(Item.objects.filter(stage__roadmap=roadmap).values_list("pk", flat=True))
    plan["learners"].append({{"username": learner.username, "token": key,
                              "roadmap": roadmap.pk, "items": items}})
open({str(VAR / "plan.json")!r}, "w").write(json.dumps(plan))
"""


def start(*command: str, log: str) -> subprocess.Popen:
    return subprocess.Popen(
        command,
        cwd=ROOT,
        env=env(),
        start_new_session=True,
        stdout=(VAR / log).open("wb"),
        stderr=subprocess.STDOUT,
    )


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)


def wait_for_port(port: int) -> None:
    import socket

    for _ in range(150):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("gunicorn did not start")


def check_sessions(created: dict[str, list[str]]) -> dict:
    script = (
        "import json\nfrom journal.models import StudySession\n"
        "rows = StudySession.objects.filter(note__startswith='load-')"
        ".values_list('learner__username', 'note')\n"
        "print(json.dumps(list(rows)))"
    )
    out = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", script],
        cwd=ROOT,
        env=env(),
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    stored = json.loads(out.strip().splitlines()[-1])
    stored_notes = [note for _, note in stored]
    client_notes = [note for notes in created.values() for note in notes]
    owners = {note: user for user, note in stored}
    wrong_owner = sum(1 for user, notes in created.items() for n in notes if owners.get(n) != user)
    return {
        "sessions_created_by_clients": len(client_notes),
        "sessions_in_database": len(stored_notes),
        "lost": len(set(client_notes) - set(stored_notes)),
        "doubled": len(stored_notes) - len(set(stored_notes)),
        "unexpected": len(set(stored_notes) - set(client_notes)),
        "wrong_owner": wrong_owner,
    }


def main() -> int:
    import shutil

    shutil.rmtree(VAR, ignore_errors=True)
    VAR.mkdir(parents=True)
    print(f"Preparing {USERS} learners on PostgreSQL ({DB_NAME}) and Redis…", flush=True)
    prepare_database()
    port = 8765
    web = start(
        sys.executable,
        "-m",
        "gunicorn",
        "config.wsgi:application",
        "--workers",
        "3",
        "--bind",
        f"127.0.0.1:{port}",
        "--timeout",
        "60",
        log="gunicorn.log",
    )
    worker = start(
        sys.executable,
        "-m",
        "celery",
        "-A",
        "config",
        "worker",
        "-Q",
        "default",
        "-c",
        "1",
        "--loglevel",
        "WARNING",
        log="worker.log",
    )
    try:
        wait_for_port(port)
        print(f"Running locust: {USERS} learners for {SECONDS}s on 127.0.0.1:{port}…", flush=True)
        locust_env = {
            **env(),
            "EXHALE_LOAD_PLAN": str(VAR / "plan.json"),
            "EXHALE_LOAD_RESULTS": str(VAR / "created.json"),
        }
        subprocess.run(
            [
                sys.executable,
                "-m",
                "locust",
                "-f",
                str(Path(__file__).with_name("locustfile.py")),
                "--headless",
                "-u",
                str(USERS),
                "-r",
                "10",
                "-t",
                f"{SECONDS}s",
                "--host",
                f"http://127.0.0.1:{port}",
                "--csv",
                str(VAR / "stats"),
                "--stop-timeout",
                "10",
                "--only-summary",
                "--loglevel",
                "WARNING",
            ],
            cwd=ROOT,
            env=locust_env,
            check=False,
        )
    finally:
        stop(web)
        stop(worker)
    totals = next(
        r for r in csv.DictReader((VAR / "stats_stats.csv").open()) if r["Name"] == "Aggregated"
    )
    created = json.loads((VAR / "created.json").read_text())
    report = {
        "learners": USERS,
        "seconds": SECONDS,
        "requests": int(totals["Request Count"]),
        "errors": int(totals["Failure Count"]),
        "requests_per_second": round(float(totals["Requests/s"]), 1),
        "p50_ms": totals["50%"],
        "p95_ms": totals["95%"],
        "p99_ms": totals["99%"],
        **check_sessions(created),
    }
    print(json.dumps(report, indent=2))
    bad = report["errors"] or report["lost"] or report["doubled"] or report["unexpected"]
    return 1 if bad or report["wrong_owner"] else 0


if __name__ == "__main__":
    sys.exit(main())
