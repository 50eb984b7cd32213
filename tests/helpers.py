"""Helpers shared by tests: logging in with a verified second factor, current TOTP codes, requiring tools, counting
queries."""

import os
import shutil
from collections.abc import Callable

import pytest
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import User

IN_CI = os.environ.get("CI") == "true"


def require(condition: bool, what: str) -> None:
    """A missing service or tool skips a test locally, and fails it under CI=true (never a silent skip)."""
    if condition:
        return
    if IN_CI:
        pytest.fail(f"{what} is required under CI=true but is not available.")
    pytest.skip(f"{what} is not available.")


def require_tool(name: str) -> str:
    path = shutil.which(name)
    require(path is not None, f"The program {name}")
    return str(path)


def current_totp(device: TOTPDevice) -> str:
    """The code an authenticator app shows now for device (django-otp accepts it one step late as well)."""
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):0{device.digits}d}"


def login_verified(client: Client, user: User) -> Client:
    """Log client in as user; when user has an authenticator, mark the session as having passed it."""
    client.force_login(user)
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is not None:
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
    return client


def nl(text: str) -> str:
    """The Dutch translation of a source string; fails when it has none (the UI is Dutch by default)."""
    from django.utils import translation

    with translation.override("nl"):
        translated = translation.gettext(text)
    assert translated != text, f"No Dutch translation for {text!r}"
    return translated


def count_queries(client: Client, url: str) -> int:
    """The queries of one GET of url (status 200), after a first GET that warms the session and per-process caches."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context)


def assert_constant_queries(client: Client, url: str, grow: Callable[[int], None]) -> None:
    """A list page's query count does not depend on the data size: the same at 1x and at 20x (grow adds n rows)."""
    grow(1)
    once = count_queries(client, url)
    grow(19)
    assert count_queries(client, url) == once
