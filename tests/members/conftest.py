"""Fixtures for the members tests.

These tests check the rules of the services, so they assert on the English source messages: they run with English
active. That every message has a Dutch translation is checked by tests/incluzio_mz/test_i18n.py.
"""

from collections.abc import Iterator

import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _english_messages() -> Iterator[None]:
    with translation.override("en"):
        yield
