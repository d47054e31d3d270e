"""`python -m bench [name ...]` (make bench): run each bench/bench_*.py module's run() on a fresh
SQLite database under var/bench and print its figures. Every benchmark reports ratios against a
baseline measured in the same run, so figures compare across machines. At the end, the table
of issue 18 (bench/summary.py) for the benchmarks that ran, with the load averages: `make
bench-18` runs only those (portfolio, badges, today, responsive)."""

import importlib
import json
import os
import pkgutil
import shutil
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def discover() -> list[str]:
    return sorted(
        info.name
        for info in pkgutil.iter_modules([str(Path(__file__).parent)])
        if info.name.startswith("bench_")
    )


def main(argv: list[str]) -> int:
    var_dir = ROOT / "var" / "bench"
    shutil.rmtree(var_dir, ignore_errors=True)
    os.environ["EXHALE_VAR_DIR"] = str(var_dir)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("DATABASE_URL", "")
    sys.path.insert(0, str(ROOT))

    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)

    from bench import summary

    names = [n if n.startswith("bench_") else f"bench_{n}" for n in argv] or discover()
    failures = 0
    results: dict[str, dict | None] = {}
    loads = [f"start {summary.load_average()}"]
    for name in names:
        print(f"\n== {name} (load average {summary.load_average()})", flush=True)
        started = time.perf_counter()
        try:
            figures = importlib.import_module(f"bench.{name}").run()
        except Exception as exc:  # one broken benchmark must not hide the others' figures
            failures += 1
            results[name] = None
            print(f"   FAILED: {exc.__class__.__name__}: {exc}", flush=True)
            continue
        results[name] = figures
        print(json.dumps(figures, indent=2, default=str))
        print(f"   ({time.perf_counter() - started:.1f}s)", flush=True)
        loads.append(f"after {name.removeprefix('bench_')} {summary.load_average()}")
    if any(name in summary.BENCHES for name in results):
        rows, every = summary.table(results)
        print("\n== Issue 18: every figure against its target, from this run\n")
        print(rows)
        print(f"\nEvery target holds: {'yes' if every else 'NO'}")
        print("Load averages (1, 5, 15 min): " + "; ".join(loads), flush=True)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
