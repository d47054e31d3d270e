"""Loopback HTTP load for the benchmarks: gunicorn serving the bench settings (the project's
URLs plus a bare page), and `wrk` (Debian's package) as the load generator, on cores of its
own where the machine has them, for a bounded number of seconds."""

from __future__ import annotations

import http.client
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


_collected: set[str] = set()


def collect_static(env: dict) -> None:
    """With DEBUG off the pages need the static files' manifest: collect them once, with the
    server's settings."""
    root = str(Path(os.environ.get("EXHALE_VAR_DIR", ROOT / "var")) / "static")
    if root not in _collected:
        subprocess.run(
            [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"],
            cwd=ROOT,
            env=env,
            check=True,
            timeout=600,
        )
        _collected.add(root)


class Gunicorn:
    """gunicorn with N sync workers on loopback, using the bench settings (bare page included)."""

    def __init__(self, workers: int = 2, cpus: list[int] | None = None):
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
        collect_static(env)
        pin = ["taskset", "-c", ",".join(map(str, cpus))] if cpus else []
        self.process = subprocess.Popen(
            [
                *pin,
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


def cores() -> tuple[list[int], list[int]]:
    """(server cores, load generator cores): the load generator gets its own cores where the
    machine has more than one, so it does not take the server's CPU time (one core of two on
    a two-core machine; a quarter, at least one, on a bigger one)."""
    usable = sorted(os.sched_getaffinity(0))
    if len(usable) < 2:
        return usable, usable
    client = max(1, len(usable) // 4)
    return usable[:-client], usable[-client:]


def wrk_path() -> str:
    found = shutil.which("wrk")
    if found is None:
        raise RuntimeError("wrk is missing: apt-get install wrk (Debian's package)")
    return found


def load(
    port: int,
    path: str,
    seconds: float = 5.0,
    connections: int = 8,
    headers: dict | None = None,
    client_cores: list[int] | None = None,
) -> dict:
    """`wrk` on loopback for a bounded `seconds` with `connections` keep-alive connections,
    pinned to `client_cores`: requests per second, p50/p95/p99 latency and failures."""
    threads = max(1, min(len(client_cores or [0]), connections))
    command = [
        wrk_path(),
        f"-t{threads}",
        f"-c{connections}",
        f"-d{max(1, round(seconds))}s",
        "--timeout",
        "10s",
        "-s",
        str(Path(__file__).with_name("wrk_report.lua")),
    ]
    for name, value in (headers or {}).items():
        command += ["-H", f"{name}: {value}"]
    command.append(f"http://127.0.0.1:{port}{path}")
    if client_cores:
        command = ["taskset", "-c", ",".join(map(str, client_cores)), *command]
    done = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 60)
    if done.returncode != 0:
        raise RuntimeError(f"wrk failed: {done.stderr.strip()[-500:]}")
    figures = json.loads(done.stdout.strip().splitlines()[-1])
    if figures["non_2xx_3xx"] or figures["errors"] or not figures["requests"]:
        raise RuntimeError(f"{path} did not answer cleanly under load: {figures}")
    return figures


def warm(port: int, path: str) -> None:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    conn.request("GET", path, headers={"Host": "127.0.0.1"})
    response = conn.getresponse()
    response.read()
    conn.close()
    if response.status != 200:
        raise RuntimeError(f"{path} answered {response.status}")


def against_bare_page(
    path: str, etag: str, size: int, seconds: float = 5.0, rounds: int = 5
) -> dict:
    """Serve `path` and a bare page of the same size from one gunicorn (2 workers, pinned to
    the server's cores) in the same run, in turns: requests per second of the page, of a
    revalidation with `etag` (304) and of the bare page returning `size` bytes (the page's
    body; and an empty 304 of its own), with the ratios. Medians over `rounds` turns, to even
    out a busy machine."""
    server_cores, client_cores = cores()
    server = Gunicorn(workers=2, cpus=server_cores)
    try:
        bare_path = f"/bench/bare/{size}/"
        for _ in range(4):  # both workers: imports, the page rendered into the cache
            warm(server.port, path)
            warm(server.port, bare_path)
        runs: dict[str, list[dict]] = {"bare": [], "page": [], "bare_304": [], "page_304": []}
        for _ in range(rounds):
            runs["bare"].append(load(server.port, bare_path, seconds, client_cores=client_cores))
            runs["page"].append(load(server.port, path, seconds, client_cores=client_cores))
            runs["bare_304"].append(
                load(
                    server.port,
                    bare_path,
                    seconds,
                    headers={"If-None-Match": '"bare"'},
                    client_cores=client_cores,
                )
            )
            runs["page_304"].append(
                load(
                    server.port,
                    path,
                    seconds,
                    headers={"If-None-Match": etag},
                    client_cores=client_cores,
                )
            )
    finally:
        server.stop()
    figures = {name: _median_run(samples) for name, samples in runs.items()}
    return {
        "load_generator": f"wrk, pinned to cores {client_cores}; gunicorn on {server_cores}",
        "page_bytes": size,
        **figures,
        "ratio_page_to_bare_rps": round(figures["page"]["rps"] / figures["bare"]["rps"], 2),
        "ratio_304_to_bare_304_rps": round(
            figures["page_304"]["rps"] / figures["bare_304"]["rps"], 2
        ),
        "ratio_304_to_bare_rps": round(figures["page_304"]["rps"] / figures["bare"]["rps"], 2),
    }


def _median_run(samples: list[dict]) -> dict:
    """The run with the median requests per second (its own latencies kept with it)."""
    ordered = sorted(samples, key=lambda s: s["rps"])
    middle = ordered[len(ordered) // 2]
    return {**middle, "rps_each_round": [s["rps"] for s in samples]}
