#!/usr/bin/env bash
# `make test`: installs what is missing, starts a throwaway PostgreSQL and Redis, runs every check in order
# (ruff, ruff format, mypy, Django's checks, missing migrations, pytest with unit, integration and browser
# tests), and stops the services on exit, also on failure or Ctrl-C.
# With CI=true a missing service, browser or tool fails the run; nothing is skipped (tests/conftest.py).
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install.sh system test
make --no-print-directory install

source scripts/services.sh
trap services_stop EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
services_start

export DJANGO_SETTINGS_MODULE=incluzio_mz.settings_test
export PATH="$PWD/.venv/bin:$PATH"

step() { echo; echo "==> $*"; "$@"; }
step ruff check .
step ruff format --check .
step mypy .
step python manage.py check --fail-level WARNING
step python manage.py makemigrations --check --dry-run
step python -m pytest "$@"
