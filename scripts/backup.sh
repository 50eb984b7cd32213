#!/usr/bin/env bash
# `make backup`: the database (pg_dump -Fc for PostgreSQL, SQLite's online backup for the embedded default) and
# MEDIA_ROOT into one dated archive BACKUP_DIR/incluzio-YYYYmmdd-HHMMSS.tar.gz with a SHA-256 manifest.
# Settings are read the way the portal reads them (environment, then VAR_DIR/settings.env; docs/OPERATIONS.md).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PY:-.venv/bin/python}
eval "$("$PY" scripts/backup_settings.py)"   # DB_ENGINE, DB_NAME, PGHOST..., MEDIA_ROOT, BACKUP_DIR
PG_BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
PG_DUMP=$(command -v pg_dump || echo "$PG_BIN/pg_dump")

mkdir -p "$BACKUP_DIR"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/media"

case $DB_ENGINE in
  postgresql) "$PG_DUMP" -Fc --no-owner -f "$work/database.dump" ;;
  sqlite3) "$PY" -c 'import sqlite3,sys; s=sqlite3.connect(sys.argv[1]); d=sqlite3.connect(sys.argv[2]); s.backup(d); d.close(); s.close()' "$DB_NAME" "$work/database.sqlite3" ;;
  *) echo "backup: unsupported database engine $DB_ENGINE" >&2; exit 1 ;;
esac
[[ -d $MEDIA_ROOT ]] && cp -a "$MEDIA_ROOT/." "$work/media/"
(cd "$work" && find . -type f ! -name MANIFEST.sha256 -print0 | sort -z | xargs -0 -r sha256sum >MANIFEST.sha256)

archive="$BACKUP_DIR/incluzio-$(date -u +%Y%m%d-%H%M%S).tar.gz"
tar -czf "$archive.part" -C "$work" .
mv "$archive.part" "$archive"
echo "$archive"
