"""scripts/gpu_proof.py, the GPU proof's driver: it judges each run by the device the job
recorded, and writes its report even when it makes no run. (The proof itself needs a GPU;
docs/gpu-proof.md has its last result.)"""

import importlib.util
import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def proof():
    spec = importlib.util.spec_from_file_location("gpu_proof", ROOT / "scripts" / "gpu_proof.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize(
    ("kind", "device", "ok"),
    [
        ("gpu", "cuda:0 NVIDIA H200", True),
        ("gpu", "cpu", False),  # a GPU worker that fell back to the CPU proves nothing
        ("gpu", "", False),  # never claimed
        ("cpu", "cpu", True),
        ("cpu", "cuda:0 NVIDIA H200", False),  # CUDA was not hidden from the CPU worker
    ],
)
def test_a_run_counts_only_on_the_device_it_was_meant_for(proof, kind, device, ok):
    assert proof.expected_device_ok(kind, device) is ok


def test_the_report_names_a_skipped_run_and_the_error_that_ended_the_proof(proof):
    text = proof.render_markdown(
        {
            "started": "2026-12-04T15:48:44+00:00",
            "ok": False,
            "error": "Traceback (most recent call last):\n"
            "TimeoutError: worker not ready after 120s",
            "runs": [{"kind": "cpu", "recipe": "image-classifier", "skipped": "no time"}],
        }
    )

    assert "**FAIL** (TimeoutError: worker not ready after 120s)" in text
    assert "| cpu | image-classifier | skipped: no time |" in text


@pytest.mark.django_db(transaction=True)
def test_with_no_time_left_it_skips_the_run_and_still_writes_a_failing_report(proof, tmp_path):
    status = proof.main(["--out", str(tmp_path), "--budget", "0", "--runs", "gpu:tabular-titanic"])

    report = json.loads((tmp_path / "report.json").read_text())
    assert status == 1
    assert report["ok"] is False
    assert report["runs"] == [{"kind": "gpu", "recipe": "tabular-titanic", "skipped": "no time"}]
    assert "cuda_available" in report["environment"]
    assert "skipped: no time" in (tmp_path / "report.md").read_text()
