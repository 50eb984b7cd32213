"""Fixtures for the panels tests (activities, signals, local contacts).

These tests check the rules of the services and pages, so they assert on the English source messages: they run with
English active, and pages requested without a language preference are rendered in English too. Every message has a
Dutch translation (tests/incluzio_mz/test_i18n.py), and the Dutch pages are checked by the browser tests and by
tests that ask for Dutch explicitly.
"""

from collections.abc import Iterator
from typing import Any

import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _english_messages(settings: Any) -> Iterator[None]:
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield
