"""Start a real Celery worker process against the test database and the test broker."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]


def test_database_url() -> str:
    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{Path(db['NAME']).resolve()}"
    user = db.get("USER") or "postgres"
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    host = db.get("HOST") or "127.0.0.1"
    port = db.get("PORT") or "5432"
    return f"postgres://{user}{password}@{host}:{port}/{db['NAME']}"


class WorkerProcess:
    def __init__(self, queues: str = "default,gpu", extra_env: dict[str, str | None] | None = None):
        self.name = f"test-{uuid.uuid4().hex[:8]}@%h"
        # In the test run's var dir, not /tmp: two runs side by side keep their logs apart.
        self.log_path = Path(
            tempfile.mkstemp(prefix="celery-worker-", suffix=".log", dir=settings.VAR_DIR)[1]
        )
        env = {
            **os.environ,
            "DATABASE_URL": test_database_url(),
            "EXHALE_VAR_DIR": str(settings.VAR_DIR),
            "MEDIA_ROOT": str(settings.MEDIA_ROOT),
            "PYTHONUNBUFFERED": "1",
            # Tests share a busy machine: train at normal priority unless a test asks.
            "EXHALE_TRAINING_NICE": "0",
            **(extra_env or {}),
        }
        env = {name: value for name, value in env.items() if value is not None}  # None: unset
        if settings.REDIS_URL:
            env["REDIS_URL"] = settings.REDIS_URL
        self._log = self.log_path.open("wb")
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "config",
                "worker",
                "-Q",
                queues,
                "-c",
                "1",
                "-P",
                "prefork",
                "-n",
                self.name,
                "--without-gossip",
                "--without-mingle",
                "--loglevel",
                "INFO",
            ],
            cwd=ROOT,
            env=env,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self.wait_ready()

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def wait_ready(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if " ready." in self.log():
                return
            if self.process.poll() is not None:
                raise RuntimeError(f"Celery worker exited early:\n{self.log()}")
            time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"Celery worker did not become ready:\n{self.log()}")

    def kill(self) -> None:
        """SIGKILL the whole worker process group, as a lost machine would."""
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)

    def stop(self) -> None:
        """Cold shutdown: any task it runs ends now, and it exits. Only the main process is
        signalled: a SIGTERM to the whole group killed the pool's child under it, the pool
        started a new one (importing torch) and the stop waited out its 20 seconds."""
        if self.process.poll() is None:
            os.kill(self.process.pid, signal.SIGQUIT)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.kill()
        self._log.close()


def wait_until(predicate, timeout: float = 60, interval: float = 0.25, message: str = ""):
    """Poll until predicate() is truthy; return its value or fail with message."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(message or f"condition not met within {timeout}s")
