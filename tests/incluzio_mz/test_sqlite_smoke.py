"""`make run` ships SQLite: migrations, demo data (twice) and every main page for each demo account work there."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

PAGES_SCRIPT = """
import json, django
django.setup()
from django.test import Client
from accounts.models import User
from tests.helpers import login_verified
from incluzio_mz.demo import DEMO_ACCOUNTS
pages = ["/", "/account/tweede-factor/", "/healthz", "/raden/", "/meldingen/", "/mijn-lidmaatschap/"]
# Structure pages for the people who run participation; the kind filter reads JSON as text on SQLite.
staff = ["/organisatie/", "/organisatie/?service=youth_care&status=all", "/organisatie/kracht/?on=2025-06-01",
         "/raden/centrale-klantenraad-jeugd/", "/raden/jongerenraad/"]
extra = {"beheer": staff + ["/organisatie/naleving/", "/raden/jongerenraad/geschiedenis/", "/beheer/gebruikers/"],
         "bestuurder": staff + ["/organisatie/naleving/"],
         "ondersteuner-jongeren": staff + ["/raden/jongerenraad/bewerken/", "/leden/", "/raden/jongerenraad/rooster/",
                                           "/raden/jongerenraad/samenstelling/", "/raden/jongerenraad/vacatures/"],
         "ondersteuner-ouders": staff + ["/raden/ouderraad/bewerken/", "/leden/?trial_ending=on"],
         "ondersteuner-centraal": staff + ["/raden/centrale-klantenraad-jeugd/vergaderingen/nieuw/", "/verzoeken/"],
         "lid-jongeren": ["/raden/jongerenraad/", "/raden/jongerenraad/samenstelling/"]}
result = {}
for account in DEMO_ACCOUNTS:
    client = login_verified(Client(), User.objects.get(username=account.username))
    result[account.username] = {page: client.get(page).status_code for page in pages + extra.get(account.username, [])}
result["anonymous"] = {page: Client().get(page).status_code
                       for page in ["/inloggen/", "/healthz", "/openbaar/jongerenraad/vacatures/"]}
result["beheer-admin"] = login_verified(Client(), User.objects.get(username="beheer")).get("/admin/").status_code
print(json.dumps(result))
"""


def test_sqlite_migrate_demo_data_and_main_pages(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "incluzio_mz.settings",
        "DEBUG": "true",
        "DEMO_MODE": "true",
        "VAR_DIR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'smoke.sqlite3'}",
        "CELERY_BROKER_URL": "filesystem://",
        "CELERY_TASK_ALWAYS_EAGER": "true",
        "ALLOWED_HOSTS": "testserver",
    }

    def run(*args: str) -> str:
        result = subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
        assert result.returncode == 0, result.stdout + result.stderr
        return result.stdout

    run(sys.executable, "manage.py", "migrate", "--noinput", "-v0")
    assert "item(s) created" in run(sys.executable, "manage.py", "load_demo_data")
    assert "0 item(s) created" in run(sys.executable, "manage.py", "load_demo_data")
    pages = json.loads(run(sys.executable, "-c", PAGES_SCRIPT).strip().splitlines()[-1])
    for username, statuses in pages.items():
        if isinstance(statuses, dict):
            assert set(statuses.values()) == {200}, (username, statuses)
    assert pages["beheer-admin"] == 200
