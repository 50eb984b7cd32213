#!/usr/bin/env bash
# `make restore FILE=...`: puts an archive of scripts/backup.sh back: checks its SHA-256 manifest, then restores
# the database (pg_restore --clean --if-exists, or replaces the SQLite file) and replaces MEDIA_ROOT's files.
set -euo pipefail
cd "$(dirname "$0")/.."
FILE=${FILE:-${1:-}}
[[ -n $FILE ]] || { echo "restore: say which archive: make restore FILE=var/backups/incluzio-....tar.gz" >&2; exit 2; }
[[ -f $FILE ]] || { echo "restore: $FILE does not exist" >&2; exit 2; }
PY=${PY:-.venv/bin/python}
eval "$("$PY" scripts/backup_settings.py)"
PG_BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
PG_RESTORE=$(command -v pg_restore || echo "$PG_BIN/pg_restore")

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
tar -xzf "$FILE" -C "$work"
(cd "$work" && sha256sum --quiet -c MANIFEST.sha256) || { echo "restore: checksums do not match; nothing restored" >&2; exit 1; }

case $DB_ENGINE in
  postgresql)
    [[ -f $work/database.dump ]] || { echo "restore: the archive holds no PostgreSQL dump" >&2; exit 1; }
    "$PG_RESTORE" --clean --if-exists --no-owner --single-transaction -d "$PGDATABASE" "$work/database.dump" ;;
  sqlite3)
    [[ -f $work/database.sqlite3 ]] || { echo "restore: the archive holds no SQLite database" >&2; exit 1; }
    mkdir -p "$(dirname "$DB_NAME")"
    cp "$work/database.sqlite3" "$DB_NAME.restoring" && mv "$DB_NAME.restoring" "$DB_NAME" ;;
  *) echo "restore: unsupported database engine $DB_ENGINE" >&2; exit 1 ;;
esac
mkdir -p "$MEDIA_ROOT"
find "$MEDIA_ROOT" -mindepth 1 -delete
cp -a "$work/media/." "$MEDIA_ROOT/"
# The files now in place match the manifest.
if grep -q '  \./media/' "$work/MANIFEST.sha256"; then
  (cd "$MEDIA_ROOT" && grep '  \./media/' "$work/MANIFEST.sha256" | sed 's#  \./media/#  ./#' | sha256sum --quiet -c -) ||
    { echo "restore: media files differ from the manifest" >&2; exit 1; }
fi
echo "restored $FILE"
