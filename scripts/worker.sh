#!/usr/bin/env bash
# The worker `make run` starts (and bench/bench_responsive.py measures): both queues, one job at
# a time, with beat for the stale-job reaper. config/celery.py makes its training child a polite
# neighbour of the site: lower CPU priority on the CPU, thread pools sized to its cores.
set -euo pipefail
cd "$(dirname "$0")/.."
exec .venv/bin/celery -A config worker -B -Q default,gpu -c 1 --loglevel INFO \
  -s "${EXHALE_VAR_DIR:-var}/celerybeat-schedule" "$@"
