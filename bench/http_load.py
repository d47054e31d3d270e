"""A small, bounded HTTP load generator for loopback benchmarks (no third-party tools)."""

from __future__ import annotations

import http.client
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Gunicorn:
    """gunicorn with N sync workers on loopback, using the bench settings (bare page included)."""

    def __init__(self, workers: int = 2):
        self.port = free_port()
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "bench.bare_settings",
            "DEBUG": "0",
            "SECRET_KEY": "bench-" + "k" * 60,
            "ALLOWED_HOSTS": "127.0.0.1",
            "SECURE_SSL_REDIRECT": "0",
            "LOG_LEVEL": "WARNING",
        }
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "bench.bare_wsgi:application",
                "--workers",
                str(workers),
                "--bind",
                f"127.0.0.1:{self.port}",
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=env,
            start_new_session=True,
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.5).close()
                return
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise RuntimeError("gunicorn did not start")

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=20)


def hammer(
    port: int, path: str, seconds: float = 5.0, threads: int = 8, headers: dict | None = None
) -> dict:
    """Requests per second and status counts for `seconds` of `threads` closed-loop clients."""
    counts: dict[int, int] = {}
    latencies: list[float] = []
    lock = threading.Lock()
    stop_at = time.monotonic() + seconds

    def client():
        while time.monotonic() < stop_at:
            started = time.perf_counter()
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            conn.request("GET", path, headers={"Host": "127.0.0.1", **(headers or {})})
            response = conn.getresponse()
            response.read()
            conn.close()
            elapsed = time.perf_counter() - started
            with lock:
                counts[response.status] = counts.get(response.status, 0) + 1
                latencies.append(elapsed)

    workers = [threading.Thread(target=client) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    total = sum(counts.values())
    latencies.sort()
    return {
        "requests": total,
        "rps": round(total / seconds, 1),
        "statuses": counts,
        "p50_ms": round(1000 * latencies[len(latencies) // 2], 1) if latencies else None,
        "p95_ms": round(1000 * latencies[int(len(latencies) * 0.95)], 1) if latencies else None,
    }


def against_bare_page(path: str, etag: str) -> dict:
    """Serve `path` and the bare page from one gunicorn (2 workers) in the same run: requests
    per second of each, of a revalidation with `etag` (304), and the ratios to the bare page."""
    server = Gunicorn(workers=2)
    try:
        hammer(server.port, path, seconds=1)  # warm both workers and the page cache
        bare = hammer(server.port, "/bench/bare/")
        page = hammer(server.port, path)
        revalidate = hammer(server.port, path, headers={"If-None-Match": etag})
    finally:
        server.stop()
    return {
        "bare_page": bare,
        "page": page,
        "page_304": revalidate,
        "ratio_page_to_bare_rps": round(page["rps"] / bare["rps"], 2),
        "ratio_304_to_bare_rps": round(revalidate["rps"] / bare["rps"], 2),
    }
