"""`python -m bench.scale [--rebuild] [--learners 10000] [--small 100] [--rounds 25]`
(make bench-scale): build (or reuse) two synthetic instances on the PostgreSQL at
SCALE_PG (default postgres://postgres@127.0.0.1:5432), one database each
(exhale_scale_bench and exhale_scale_bench_<small>), then time the pages that see every learner
on both, in turns, and print each figure with its target. Exits 1 when a target fails.

The generated databases are kept: a rerun only migrates them and measures (seconds);
--rebuild drops and makes them again (a few minutes for 10,000 learners)."""

import argparse
import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
GENERATOR_VERSION = 2  # bump when generate.py changes what it makes: old instances are rebuilt


def _server() -> str:
    return os.environ.get("SCALE_PG", "postgres://postgres@127.0.0.1:5432").rstrip("/")


def _ensure_database(name: str, rebuild: bool) -> None:
    import psycopg

    with psycopg.connect(f"{_server()}/postgres", autocommit=True) as admin:
        exists = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if exists and rebuild:
            admin.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
            exists = None
        if not exists:
            admin.execute(f'CREATE DATABASE "{name}"')


def _setup(names: dict[str, str]) -> None:
    os.environ["DATABASE_URL"] = f"{_server()}/{names['default']}"
    os.environ.setdefault("EXHALE_VAR_DIR", str(ROOT / "var" / "bench-scale"))
    os.environ["REDIS_URL"] = ""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    sys.path.insert(0, str(ROOT))
    from django.conf import settings

    small = dict(settings.DATABASES["default"], NAME=names["small"])
    settings.DATABASES["small"] = small
    # Every request renders: the answers cache would otherwise hide what a page costs.
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    import django

    django.setup()


def _built(alias: str, learners: int) -> dict | None:
    from django.db import connections

    with connections[alias].cursor() as cursor:
        cursor.execute(
            "CREATE TABLE IF NOT EXISTS bench_scale_meta (learners int, version int, counts jsonb)"
        )
        cursor.execute("SELECT learners, version, counts FROM bench_scale_meta")
        row = cursor.fetchone()
    if row and row[0] == learners and row[1] == GENERATOR_VERSION:
        return row[2] if isinstance(row[2], dict) else json.loads(row[2])
    return None


def prepare(alias: str, learners: int) -> dict:
    """Migrate the instance and build it unless it is already there."""
    from django.core.management import call_command
    from django.db import connections

    from bench.scale import using
    from bench.scale.generate import Instance

    # Migrated as "default": the data migrations' RunPython steps read the default database.
    with using(alias):
        call_command("migrate", verbosity=0)
    counts = _built(alias, learners)
    if counts is None:
        with using(alias):
            with connections[alias].cursor() as cursor:
                cursor.execute("SELECT count(*) FROM accounts_user")
                if cursor.fetchone()[0]:
                    raise SystemExit(f"{alias}: an old instance is there; run with --rebuild")
            print(f"== building {learners} learners ({alias})", flush=True)
            started = time.perf_counter()
            counts = Instance(learners).build()
            counts["build_seconds"] = round(time.perf_counter() - started, 1)
            with connections[alias].cursor() as cursor:
                cursor.execute("DELETE FROM bench_scale_meta")
                cursor.execute(
                    "INSERT INTO bench_scale_meta VALUES (%s, %s, %s)",
                    [learners, GENERATOR_VERSION, json.dumps(counts)],
                )
    return counts


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.scale")
    parser.add_argument(
        "--rebuild", action="store_true", help="drop and generate both instances again"
    )
    parser.add_argument("--learners", type=int, default=10_000)
    parser.add_argument("--small", type=int, default=100)
    parser.add_argument("--rounds", type=int, default=25, help="requests per page and size")
    args = parser.parse_args(argv)
    names = {"default": "exhale_scale_bench", "small": f"exhale_scale_bench_{args.small}"}
    for name in names.values():
        _ensure_database(name, args.rebuild)
    _setup(names)
    from bench.scale.measure import measure, report, storage

    print(f"load average at start: {os.getloadavg()}", flush=True)
    big, small = prepare("default", args.learners), prepare("small", args.small)
    print(json.dumps({"instance": {"big": big, "small": small}}, indent=1), flush=True)
    results = measure(rounds=args.rounds)
    print(json.dumps({"pages": results}, indent=1), flush=True)
    print(json.dumps({"storage": storage()}, indent=1), flush=True)
    failed = report(results, args.learners, args.small)
    print(f"load average at end: {os.getloadavg()}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
