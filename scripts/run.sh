#!/usr/bin/env bash
# Start Exhale on this machine: migrate, load the starter data, then the site and one worker
# (both queues, with beat for the stale-job reaper). Ctrl-C stops both.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
HOST=${HOST:-127.0.0.1}
PORT=${PORT:-8000}

port_free() { ! (exec 3<>"/dev/tcp/$HOST/$1") 2>/dev/null; }
while ! port_free "$PORT"; do PORT=$((PORT + 1)); done

mkdir -p var/log
$PY manage.py migrate --noinput -v 0
$PY manage.py load_starter_roadmaps
$PY manage.py create_demo_learner

scripts/worker.sh >var/log/worker.log 2>&1 &
WORKER=$!
$PY manage.py runserver --noreload "$HOST:$PORT" >var/log/web.log 2>&1 &
WEB=$!

stop() {
  trap - INT TERM EXIT
  echo; echo "Stopping Exhale…"
  kill "$WEB" "$WORKER" 2>/dev/null || true
  wait "$WEB" "$WORKER" 2>/dev/null || true
}
trap stop INT TERM EXIT

for _ in $(seq 1 100); do
  (exec 3<>"/dev/tcp/$HOST/$PORT") 2>/dev/null && break
  kill -0 "$WEB" 2>/dev/null || { cat var/log/web.log; exit 1; }
  sleep 0.1
done

cat <<MSG

  Exhale is running at http://$HOST:$PORT/
  Sign in as demo (password above), or sign up.
  Logs: var/log/web.log, var/log/worker.log — Ctrl-C stops the site and the worker.

MSG
wait -n "$WEB" "$WORKER"
