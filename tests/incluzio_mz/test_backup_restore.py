"""Issue 15, point 14: `make backup` and `make restore FILE=...` (scripts/backup.sh, scripts/restore.sh). Makes data in
a scratch PostgreSQL database of its own on the test server (never the pytest database) and media files, backs up,
wipes both, restores, and finds every row and every file (checksums) again."""

import hashlib
import os
import subprocess
import uuid
from pathlib import Path

import psycopg
import pytest
from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]


def _checksums(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.rglob("*") if p.is_file()
    }


@pytest.fixture
def scratch_database() -> object:
    if connection.vendor != "postgresql":
        pytest.skip("needs the throwaway PostgreSQL of the test environment")
    db = settings.DATABASES["default"]
    params = {"host": db["HOST"], "port": db["PORT"] or 5432, "user": db["USER"], "password": db["PASSWORD"]}
    name = f"backup_test_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(dbname="postgres", autocommit=True, **params) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    url = f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{params['port']}/{name}"
    yield name, params, url
    with psycopg.connect(dbname="postgres", autocommit=True, **params) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _rows(name: str, params: dict) -> list[tuple]:
    with psycopg.connect(dbname=name, **params) as conn:
        return conn.execute("SELECT id, payload, made_on FROM items ORDER BY id").fetchall()


def test_backup_wipe_restore_finds_every_row_and_file(scratch_database: tuple, tmp_path: Path) -> None:
    name, params, url = scratch_database
    with psycopg.connect(dbname=name, **params) as conn:
        conn.execute("CREATE TABLE items (id serial PRIMARY KEY, payload text NOT NULL, made_on date NOT NULL)")
        conn.execute(
            "INSERT INTO items (payload, made_on) SELECT 'rij ' || i || ' é€', DATE '2026-01-01' + i "
            "FROM generate_series(1, 500) AS i"
        )
    media = tmp_path / "media"
    (media / "documents" / "2026").mkdir(parents=True)
    for i in range(20):
        (media / "documents" / "2026" / f"stuk-{i}.pdf").write_bytes(os.urandom(1000 + i))
    (media / "leeg.txt").write_bytes(b"")
    rows_before, files_before = _rows(name, params), _checksums(media)
    assert len(rows_before) == 500
    assert len(files_before) == 21

    env = os.environ | {
        "DATABASE_URL": url,
        "VAR_DIR": str(tmp_path / "var"),
        "MEDIA_ROOT": str(media),
        "BACKUP_DIR": str(tmp_path / "backups"),
    }
    backup = subprocess.run(["scripts/backup.sh"], cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    assert backup.returncode == 0, backup.stderr
    archive = Path(backup.stdout.strip().splitlines()[-1])
    assert archive.parent == tmp_path / "backups"
    assert archive.is_file()

    # Wipe: the table and every file.
    with psycopg.connect(dbname=name, **params) as conn:
        conn.execute("DROP TABLE items")
        conn.execute("CREATE TABLE other (id int)")
    for path in sorted(media.rglob("*"), reverse=True):
        path.unlink() if path.is_file() else path.rmdir()

    refused = subprocess.run(["scripts/restore.sh"], cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    assert refused.returncode != 0
    assert "FILE" in refused.stderr

    restore = subprocess.run(
        ["scripts/restore.sh"], cwd=ROOT, env=env | {"FILE": str(archive)}, capture_output=True, text=True, check=False
    )
    assert restore.returncode == 0, restore.stderr
    assert _rows(name, params) == rows_before
    assert _checksums(media) == files_before


def test_restore_refuses_an_archive_whose_checksums_do_not_match(tmp_path: Path) -> None:
    import tarfile

    (tmp_path / "in" / "media").mkdir(parents=True)
    (tmp_path / "in" / "media" / "a.txt").write_text("changed")
    (tmp_path / "in" / "MANIFEST.sha256").write_text("0" * 64 + "  ./media/a.txt\n")
    archive = tmp_path / "bad.tar.gz"
    with tarfile.open(archive, "w:gz") as tar:
        tar.add(tmp_path / "in", arcname=".")
    media = tmp_path / "media"
    media.mkdir()
    (media / "kept.txt").write_text("still here")
    env = os.environ | {
        "FILE": str(archive),
        "MEDIA_ROOT": str(media),
        "VAR_DIR": str(tmp_path / "var"),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
    }
    result = subprocess.run(["scripts/restore.sh"], cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    assert result.returncode != 0
    assert "checksums" in result.stderr
    assert (media / "kept.txt").read_text() == "still here"
