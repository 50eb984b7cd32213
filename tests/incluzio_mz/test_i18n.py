"""The UI is Dutch by default and English on request; every source string has a Dutch translation."""

import subprocess
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client

from tests.helpers import require_tool

ROOT = Path(__file__).resolve().parents[2]


def test_every_string_has_a_dutch_translation() -> None:
    msgattrib = require_tool("msgattrib")
    po = ROOT / "locale" / "nl" / "LC_MESSAGES" / "django.po"
    untranslated = subprocess.run([msgattrib, "--untranslated", str(po)], capture_output=True, text=True, check=True)
    entries = [line for line in untranslated.stdout.splitlines() if line.startswith("msgid ") and line != 'msgid ""']
    assert not entries, f"Untranslated in {po}: {entries}"
    fuzzy = subprocess.run([msgattrib, "--only-fuzzy", str(po)], capture_output=True, text=True, check=True)
    assert "msgid" not in fuzzy.stdout.replace('msgid ""', ""), "Fuzzy translations need checking"


def test_makemessages_finds_nothing_new(monkeypatch: pytest.MonkeyPatch) -> None:
    """The .po file is up to date with the code: running makemessages would add no new msgid."""
    require_tool("xgettext")
    monkeypatch.chdir(ROOT)
    po = ROOT / "locale" / "nl" / "LC_MESSAGES" / "django.po"
    before = {line for line in po.read_text().splitlines() if line.startswith("msgid ")}
    # makemessages writes in place; the file is restored afterwards.
    original = po.read_bytes()
    try:
        call_command("makemessages", locale=["nl"], ignore_patterns=[".venv", "node_modules", "tests", "staticfiles"],
                     no_obsolete=True, verbosity=0)  # fmt: skip
        after = {line for line in po.read_text().splitlines() if line.startswith("msgid ")}
    finally:
        po.write_bytes(original)
    assert after - before == set(), f"Run `make messages` after makemessages: new strings {sorted(after - before)}"


@pytest.mark.django_db
def test_english_can_be_chosen() -> None:
    client = Client()
    response = client.post("/taal/", {"language": "en", "next": "/inloggen/"}, follow=True)
    assert response.status_code == 200
    assert '<html lang="en">' in response.text
    assert "User name" in response.text
    dutch = client.post("/taal/", {"language": "nl", "next": "/inloggen/"}, follow=True)
    assert '<html lang="nl">' in dutch.text
