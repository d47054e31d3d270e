"""Does the site stay responsive while it trains? `make run`'s set-up, for real: the web
process (runserver, as scripts/run.sh starts it) and the worker scripts/worker.sh starts, on
one SQLite database and the filesystem broker. A learner times the Today page, logging a
session, starting and stopping the focus timer over HTTP: first on an idle machine, then
while a full-data training run keeps the worker busy (runs are queued back to back), and
again with the worker's politeness turned off (EXHALE_TRAINING_NICE=0) for comparison.
Target: p95 under training at most 1.5x idle.

Environment: BENCH_RESPONSIVE_RECIPE (image-classifier), BENCH_RESPONSIVE_EPOCHS (20; the run
is cancelled once measured), BENCH_RESPONSIVE_ROUNDS (20), BENCH_RESPONSIVE_COMPARE (1: also
time without the nice)."""

from __future__ import annotations

import http.client
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
ACTIONS = ("today", "log_session", "timer_start", "timer_stop")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Browser:
    """One signed-in learner over plain HTTP, one connection per request like a page load."""

    def __init__(self, port: int, session_key: str):
        self.port = port
        self.cookies = {"sessionid": session_key}
        self.token = ""

    def _request(self, method: str, path: str, form: dict | None = None):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        body = None
        if form is not None:
            body = urlencode({"csrfmiddlewaretoken": self.token, **form})
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = f"http://127.0.0.1:{self.port}/today/"
        started = time.perf_counter()
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        content = response.read()
        elapsed = time.perf_counter() - started
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name] = rest.split(";", 1)[0]
        conn.close()
        return response.status, content.decode(errors="replace"), elapsed

    def today(self) -> float:
        status, html, elapsed = self._request("GET", "/today/")
        assert status == 200, status
        found = TOKEN.search(html)
        self.token = found.group(1) if found else self.token
        return elapsed

    def post(self, path: str, form: dict) -> float:
        status, _, elapsed = self._request("POST", path, form)
        assert status == 302, (path, status)
        return elapsed

    def round(self, into: dict[str, list[float]]) -> None:
        into["today"].append(self.today())
        into["log_session"].append(
            self.post("/today/log/", {"minutes": "25", "kind": "reading", "note": "bench"})
        )
        into["timer_start"].append(
            self.post("/today/timer/start/", {"timer-kind": "coding", "timer-planned_minutes": 30})
        )
        into["timer_stop"].append(self.post("/today/timer/stop/", {"stop-minutes": "20"}))


def _p95(values: list[float]) -> float:
    return sorted(values)[max(0, round(0.95 * len(values)) - 1)]


def _summary(samples: dict[str, list[float]]) -> dict:
    return {
        name: {
            "p50_ms": round(statistics.median(values) * 1000, 1),
            "p95_ms": round(_p95(values) * 1000, 1),
        }
        for name, values in samples.items()
    }


def _learner_session() -> str:
    from django.contrib.auth import (
        BACKEND_SESSION_KEY,
        HASH_SESSION_KEY,
        SESSION_KEY,
        get_user_model,
    )
    from django.contrib.sessions.backends.db import SessionStore

    learner, _ = get_user_model().objects.get_or_create(
        username="bench-responsive", defaults={"email": "responsive@example.com"}
    )
    store = SessionStore()
    store[SESSION_KEY] = str(learner.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = learner.get_session_auth_hash()
    store.create()
    return store.session_key


def _start(cmd: list[str], log: Path, env: dict) -> subprocess.Popen:
    return subprocess.Popen(
        cmd,
        cwd=ROOT,
        env=env,
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        os.killpg(process.pid, 15)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, 9)
            process.wait()


def _wait(predicate, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.2)
    raise TimeoutError(what)


def _under_training(browser: Browser, recipe: str, params: dict, rounds: int) -> dict:
    """Time `rounds` rounds while a run trains, queueing the next run whenever one ends."""
    from django.contrib.auth import get_user_model

    from training_jobs.models import TrainingJob
    from training_jobs.services import cancel_run, start_run

    learner = get_user_model().objects.get(username="bench-responsive")
    samples: dict[str, list[float]] = {name: [] for name in ACTIONS}
    runs: list[int] = []

    def next_run() -> None:
        job = start_run(learner=learner, recipe_slug=recipe, params=params)
        runs.append(job.pk)
        _wait(lambda: TrainingJob.objects.get(pk=job.pk).status != "queued", 600, "run start")
        time.sleep(3)  # past the imports: into the epochs

    next_run()
    while len(samples["today"]) < rounds:
        if TrainingJob.objects.get(pk=runs[-1]).is_final:
            next_run()
            continue
        browser.round(samples)
        time.sleep(0.2)
    # Measured: stop the run (the runner stops between batches) rather than wait it out.
    if not TrainingJob.objects.get(pk=runs[-1]).is_final:
        cancel_run(learner=learner, job_id=runs[-1])
    _wait(lambda: TrainingJob.objects.get(pk=runs[-1]).is_final, 900, "run end")
    statuses = list(TrainingJob.objects.filter(pk__in=runs).values_list("status", flat=True))
    return {"samples": samples, "runs": len(runs), "statuses": statuses}


def _phase(nice: str, recipe: str, params: dict, rounds: int, port: int, key: str) -> dict:
    env = {**os.environ, "PYTHONUNBUFFERED": "1", "EXHALE_TRAINING_NICE": nice}
    var = Path(os.environ["EXHALE_VAR_DIR"])
    worker = _start(
        ["scripts/worker.sh", "-n", f"bench-{nice}@%h"], var / f"worker-{nice}.log", env
    )
    try:
        _wait(
            lambda: " ready." in (var / f"worker-{nice}.log").read_text(errors="replace"),
            120,
            "worker ready",
        )
        browser = Browser(port, key)
        result = _under_training(browser, recipe, params, rounds)
        log = (var / f"worker-{nice}.log").read_text(errors="replace")
        result["worker_said"] = next(
            (line.split("] ", 1)[-1] for line in log.splitlines() if "Training on" in line), ""
        )
        return result
    finally:
        _stop(worker)


def run() -> dict:
    recipe = os.environ.get("BENCH_RESPONSIVE_RECIPE", "image-classifier")
    params = {"epochs": int(os.environ.get("BENCH_RESPONSIVE_EPOCHS", "20")), "sample": 1.0}
    rounds = int(os.environ.get("BENCH_RESPONSIVE_ROUNDS", "20"))
    port = _free_port()
    key = _learner_session()
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    var = Path(os.environ["EXHALE_VAR_DIR"])
    web = _start(
        [
            str(ROOT / ".venv/bin/python"),
            "manage.py",
            "runserver",
            "--noreload",
            f"127.0.0.1:{port}",
        ],
        var / "web.log",
        env,
    )
    figures: dict = {"recipe": recipe, "params": params, "rounds": rounds}
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # stop the servers on the way out
    try:
        browser = Browser(port, key)
        _wait(lambda: _answers(browser), 60, "web up")
        idle: dict[str, list[float]] = {name: [] for name in ACTIONS}
        for _ in range(3):
            browser.round({name: [] for name in ACTIONS})  # warm-up
        for _ in range(rounds):
            browser.round(idle)
            time.sleep(0.2)
        figures["idle"] = _summary(idle)
        polite = _phase("10", recipe, params, rounds, port, key)
        figures["training"] = _summary(polite.pop("samples"))
        figures["training_runs"] = polite
        figures["p95_ratio_training_over_idle"] = {
            name: round(figures["training"][name]["p95_ms"] / figures["idle"][name]["p95_ms"], 2)
            for name in ACTIONS
        }
        figures["p95_target"] = "<= 1.5"
        if os.environ.get("BENCH_RESPONSIVE_COMPARE", "1") == "1":
            rude = _phase("0", recipe, params, rounds, port, key)
            figures["training_without_nice"] = _summary(rude.pop("samples"))
            figures["p95_ratio_without_nice"] = {
                name: round(
                    figures["training_without_nice"][name]["p95_ms"]
                    / figures["idle"][name]["p95_ms"],
                    2,
                )
                for name in ACTIONS
            }
    finally:
        _stop(web)
    return figures


def _answers(browser: Browser) -> bool:
    try:
        browser.today()
        return True
    except (ConnectionError, OSError):
        return False
