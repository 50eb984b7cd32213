"""Prints the settings scripts/backup.sh and restore.sh need, as shell assignments, read the way the portal reads
them (incluzio_mz/settings.py: the environment, then VAR_DIR/settings.env)."""

import os
import shlex
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "incluzio_mz.settings")

from django.conf import settings

db = settings.DATABASES["default"]
engine = db["ENGINE"].rsplit(".", 1)[-1]
values = {
    "DB_ENGINE": engine,
    "DB_NAME": str(db["NAME"]),
    "MEDIA_ROOT": str(settings.MEDIA_ROOT),
    "BACKUP_DIR": os.environ.get("BACKUP_DIR") or str(settings.VAR_DIR / "backups"),
}
if engine == "postgresql":
    values |= {
        "PGDATABASE": str(db["NAME"]),
        "PGHOST": str(db.get("HOST") or ""),
        "PGPORT": str(db.get("PORT") or ""),
        "PGUSER": str(db.get("USER") or ""),
        "PGPASSWORD": str(db.get("PASSWORD") or ""),
    }
for key, value in values.items():
    print(f"export {key}={shlex.quote(value)}")
