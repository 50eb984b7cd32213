"""Production settings: check --deploy is clean, and the portal refuses to start without a SECRET_KEY."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "incluzio_mz.settings",
    "DEBUG": "false",
    "SECRET_KEY": "k8Qe2v!Nn0rX4pTz7Lw9Jd1Hs6Fb3Yc5Gm8Ua2Ri7Oe4Kq0Vx9Wt1Zs6Pl3Dn5Bh",
    "ALLOWED_HOSTS": "medezeggenschap.incluzio.example",
    "DATABASE_URL": "postgres://incluzio@127.0.0.1:1/incluzio",
    "CELERY_BROKER_URL": "redis://127.0.0.1:1/0",
    "EMAIL_HOST": "smtp.incluzio.example",
    # Not the checkout's var/, whose settings.env (written by make run) turns DEBUG on.
    "VAR_DIR": "/nonexistent-var-dir",
}


def _manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    # Only what a process needs to run: nothing of the test run's own environment may leak into "production".
    clean = {k: os.environ[k] for k in ("PATH", "HOME", "LANG", "VIRTUAL_ENV") if k in os.environ}
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env={**clean, **env}, capture_output=True, text=True, timeout=60
    )


def test_check_deploy_has_no_warnings_with_production_values() -> None:
    result = _manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout
    assert "WARNING" not in result.stderr


def test_production_refuses_to_start_without_secret_key() -> None:
    env = {**PRODUCTION_ENV, "SECRET_KEY": ""}
    result = _manage("check", env=env)
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_debug_is_off_unless_set() -> None:
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "DEBUG"}
    result = _manage("shell", "--no-imports", "-c", "from django.conf import settings; print(settings.DEBUG)", env=env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "False"


def test_collectstatic_works_with_production_storage(tmp_path: Path) -> None:
    """The manifest storage fails on a missing referenced file; the Docker image runs exactly this."""
    env = {**PRODUCTION_ENV, "STATIC_ROOT": str(tmp_path)}
    result = _manage("collectstatic", "--noinput", "--ignore", "background-image-icon.css", "-v0", env=env)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "staticfiles.json").exists()
    assert list((tmp_path / "vendor" / "utrecht" / "component-library-css").glob("index.*.css"))
