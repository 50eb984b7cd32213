"""Fixtures for the councils tests.

These tests check the rules of the services, so they assert on the English source messages: they run with English
active. That every message has a Dutch translation is checked by tests/incluzio_mz/test_i18n.py.
"""

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _media_root(settings: Any, tmp_path: Path) -> None:
    """Uploaded files go to a temporary folder, never to var/media."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _english_messages() -> Iterator[None]:
    with translation.override("en"):
        yield
