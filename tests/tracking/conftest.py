"""Helpers to run a script with the real mlflow client against the live test server."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).parent


@pytest.fixture
def run_client(live_server, tmp_path):
    """run_client(script, token, username=None) runs `script` (a file beside this one) in a
    fresh interpreter whose only link to Exhale is the two documented environment variables,
    and returns (exit code, parsed JSON of its last output line or None, stderr)."""
    pytest.importorskip("mlflow")

    def run(script: str, token: str, *, username: str | None = None, args=()):
        env = {k: v for k, v in os.environ.items() if not k.startswith("MLFLOW_")}
        env["MLFLOW_TRACKING_URI"] = f"{live_server.url}/mlflow"
        if username is None:
            env["MLFLOW_TRACKING_TOKEN"] = token
        else:
            env["MLFLOW_TRACKING_USERNAME"] = username
            env["MLFLOW_TRACKING_PASSWORD"] = token
        # Fail fast instead of the client's minutes of retries on a 5xx.
        env["MLFLOW_HTTP_REQUEST_MAX_RETRIES"] = "0"
        env["MLFLOW_HTTP_REQUEST_TIMEOUT"] = "30"
        out_dir = tmp_path / f"out-{len(list(tmp_path.iterdir()))}"
        out_dir.mkdir()
        done = subprocess.run(
            [sys.executable, str(HERE / script), str(out_dir), *args],
            env=env,
            capture_output=True,
            text=True,
            timeout=240,
            cwd=out_dir,
        )
        lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
        return done.returncode, (json.loads(lines[-1]) if lines else None), done.stderr

    return run
