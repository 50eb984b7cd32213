#!/usr/bin/env bash
# `make run`: the portal on one machine with embedded defaults: SQLite in var/, Celery on kombu's filesystem
# broker in var/celery/, mail written to var/mail/. Starts the web server and one `celery worker -B`, and stops
# both on Ctrl-C or SIGTERM. Environment variables (README) override every default; PORT sets the port.
set -euo pipefail
cd "$(dirname "$0")/.."

export DEBUG="${DEBUG:-true}"
export DEMO_MODE="${DEMO_MODE:-true}"
export VAR_DIR="${VAR_DIR:-$PWD/var}"
PORT="${PORT:-8000}"
PY=.venv/bin/python

scripts/install.sh system
mkdir -p "$VAR_DIR"
# For manage.py by hand in this checkout (incluzio_mz/settings.py reads it; the environment wins).
[[ -f $VAR_DIR/settings.env ]] || printf 'DEBUG=true\nDEMO_MODE=true\n' >"$VAR_DIR/settings.env"
mkdir -p "$VAR_DIR"/celery/queue "$VAR_DIR"/celery/processed "$VAR_DIR"/celery/control "$VAR_DIR"/mail "$VAR_DIR"/media

$PY manage.py migrate --noinput -v0
$PY manage.py load_demo_data

pids=()
stop() {
  trap - INT TERM EXIT
  echo
  echo "Stopping web server and worker..."
  kill -TERM "${pids[@]}" 2>/dev/null || true
  wait "${pids[@]}" 2>/dev/null || true
}
trap stop INT TERM EXIT

.venv/bin/gunicorn incluzio_mz.wsgi:application --bind "127.0.0.1:$PORT" --workers 2 --threads 4 \
  --graceful-timeout 5 --log-level warning &
pids+=($!)
.venv/bin/celery -A incluzio_mz worker -B --schedule "$VAR_DIR/celery/beat-schedule" --pool solo --loglevel warning &
pids+=($!)

# Wait until the portal answers, then say where it is.
for _ in $(seq 1 60); do
  if $PY -c "import urllib.request, sys; urllib.request.urlopen('http://127.0.0.1:$PORT/healthz', timeout=2)" 2>/dev/null; then
    break
  fi
  sleep 0.5
done
cat <<TXT

  The participation portal runs at http://127.0.0.1:$PORT/
  Log in at http://127.0.0.1:$PORT/inloggen/   Mail is written to $VAR_DIR/mail/.   Stop with Ctrl-C.

TXT
$PY manage.py load_demo_data --print-logins --no-load
echo "  beheer and bestuurder also need a code: add the TOTP secret to an authenticator app (see README.md)."
echo

# If either child stops, stop the other one too.
wait -n "${pids[@]}"
