# The two commands of the README: `make run` and `make test`. Everything else is a step they use.
.PHONY: run test install lint format messages clean lock bench backup restore

VENV := .venv
PY := $(VENV)/bin/python

run: install
	scripts/run.sh

test:
	scripts/test.sh

# Idempotent set-up: each step runs only when its inputs changed (stamp files).
install: $(VENV)/.synced node_modules/.installed messages

$(VENV)/.synced: requirements.lock requirements-dev.lock .python-version
	scripts/install.sh python
	@touch $@

node_modules/.installed: package-lock.json
	scripts/install.sh assets
	@touch $@

messages: $(VENV)/.synced $(patsubst %.po,%.mo,$(wildcard locale/*/LC_MESSAGES/django.po))

locale/%/LC_MESSAGES/django.mo: locale/%/LC_MESSAGES/django.po
	scripts/install.sh messages

# Refresh the lock files after editing requirements.in or requirements-dev.in.
lock: $(VENV)/.synced
	$(VENV)/bin/uv pip compile --generate-hashes --python-version 3.12 requirements.in -o requirements.lock
	$(VENV)/bin/uv pip compile --generate-hashes --python-version 3.12 requirements-dev.in -o requirements-dev.lock

# The reminder sweep over 10,000 memberships in a throwaway SQLite database (scripts/bench_reminders.py);
# BENCH_DATABASE_URL=postgres://... measures a throwaway PostgreSQL instead. Not part of `make test`.
# Then the iCal feed of a user with 500 meetings (scripts/bench_ical.py; fails above 100 ms), and the decision
# letter's PDF (scripts/bench_letter.py; fails above 150 ms). Then the request reminder sweep over 10,000 open
# requests (scripts/bench_request_reminders.py; SQLite, or BENCH_DATABASE_URL as above).
bench: install
	$(PY) scripts/bench_reminders.py
	$(PY) scripts/bench_ical.py
	$(PY) scripts/bench_letter.py
	$(PY) scripts/bench_request_reminders.py

# The database and the media files into one dated archive in BACKUP_DIR (default var/backups); docs/OPERATIONS.md.
backup: $(VENV)/.synced
	scripts/backup.sh

# Puts an archive of `make backup` back: make restore FILE=var/backups/incluzio-....tar.gz
restore: $(VENV)/.synced
	FILE="$(FILE)" scripts/restore.sh

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy .

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

clean:
	rm -rf $(VENV) node_modules staticfiles var
