"""The fixed cast of users, and the fixtures for the real parts: PostgreSQL, Redis, a Celery worker, Chromium.

The cast (DESIGN.md convention 11), from least to most access, around one council with two chambers:
- `council` (statutory) with `chamber` and `other_chamber`, representing `unit`;
- `supporter` supports `chamber`: manages it, sees the council and `other_chamber`, may not change those;
- `member` and `other_member` are people (`member_person`, `other_member_person`) with an active membership of
  `chamber` and `other_chamber`: trial from 2026-01-01, continued after the evaluation, first term until 2029-01-01;
- `board` and `administrator` have their organisation roles and a confirmed authenticator;
- `outsider` has no role at all.
"""

import datetime
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.utils import translation

from accounts.models import User
from accounts.roles import Role
from councils import services as council_services
from councils.models import Body, BodyKind, BusinessUnit
from members.models import Group, Person
from tests.factories import make_body, make_business_unit, make_membership, make_person, make_user, totp_device_for
from tests.helpers import IN_CI, login_verified, require

# Playwright's sync API runs an event loop in the test thread; the live server's ORM calls are still synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"

CAST_TRIAL_START = datetime.date(2026, 1, 1)

ROLES = ("anonymous", "outsider", "other_member", "member", "supporter", "board", "administrator")


@dataclass
class Cast:
    outsider: User
    other_member: User
    member: User
    supporter: User
    board: User
    administrator: User
    council: Body
    chamber: Body
    other_chamber: Body
    unit: BusinessUnit
    member_person: Person
    other_member_person: Person

    def user(self, role: str) -> User | None:
        return None if role == "anonymous" else getattr(self, role)

    def client(self, role: str) -> Client:
        client = Client()
        user = self.user(role)
        if user is not None:
            login_verified(client, user)
        return client


# The tests of the domain apps check the rules of services and pages, so they assert on the English source messages:
# they run with English active, and pages requested without a language preference are rendered in English too. Every
# message has a Dutch translation (tests/incluzio_mz/test_i18n.py); the Dutch pages are checked by the browser tests
# and by tests that ask for Dutch explicitly (settings.LANGUAGE_CODE = "nl").
ENGLISH_TEST_DIRS = frozenset({"councils", "members", "advice", "panels"})
TESTS_DIR = Path(__file__).parent


@pytest.fixture(autouse=True)
def _english_messages(request: pytest.FixtureRequest) -> Iterator[None]:
    parts = Path(request.node.path).relative_to(TESTS_DIR).parts
    if len(parts) < 2 or parts[0] not in ENGLISH_TEST_DIRS:
        yield
        return
    request.getfixturevalue("settings").LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def _media_root(settings: Any, tmp_path: Path) -> None:
    """Uploaded files go to a temporary folder, never to var/media."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def cast(db: None) -> Cast:
    board = make_user(username="bob-board", roles=[Role.BOARD])
    administrator = make_user(username="alice-admin", roles=[Role.ADMINISTRATOR])
    totp_device_for(board)
    totp_device_for(administrator)
    supporter = make_user(username="sam-supporter")
    council = make_body(kind=BodyKind.COUNCIL, name="Cast council", slug="cast-council")
    council_services.regulation_create_for_council(council=council, actor=None, reason="test data")
    chamber = council_services.chamber_create(
        council=council, name="Cast youth chamber", slug="cast-youth", actor=None, reason="test data"
    )
    other_chamber = council_services.chamber_create(
        council=council, name="Cast parents chamber", slug="cast-parents", actor=None, reason="test data"
    )
    unit = make_business_unit(name="Cast unit", slug="cast-unit")
    council_services.representation_start(
        body=council, unit=unit, on=datetime.date(2025, 1, 1), actor=None, reason="test data"
    )
    council_services.body_supporter_add(body=chamber, user=supporter, actor=None, reason="test data")
    outsider = make_user(username="oscar-outsider")
    other_member = make_user(username="olga-other-member")
    member = make_user(username="mia-member")
    member_person = make_person(
        display_name="Mia", birth_year=2004, group=Group.YOUTH, email="mia@example.org", user=member
    )
    other_member_person = make_person(
        display_name="Olga", birth_year=1980, group=Group.PARENT, phone="06 12345678", user=other_member
    )
    # Through the services: trial from 2026-01-01, evaluated "continue", so both are active members.
    make_membership(body=chamber, person=member_person, on=CAST_TRIAL_START)
    make_membership(body=other_chamber, person=other_member_person, on=CAST_TRIAL_START)
    return Cast(
        outsider=outsider,
        other_member=other_member,
        member=member,
        supporter=supporter,
        board=board,
        administrator=administrator,
        council=council,
        chamber=chamber,
        other_chamber=other_chamber,
        unit=unit,
        member_person=member_person,
        other_member_person=other_member_person,
    )


# ---------------------------------------------------------------------------------------------------------------
# Session checks: under CI=true the real services must be there, and nothing may be skipped.


def pytest_report_header(config: pytest.Config) -> list[str]:
    vendor = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    return [f"database vendor: {vendor}", f"celery broker: {settings.CELERY_BROKER_URL.split('://')[0]}"]


@pytest.fixture(scope="session", autouse=True)
def _real_services_in_ci(django_db_setup: None, django_db_blocker: pytest.FixtureRequest) -> None:
    if not IN_CI:
        return
    with django_db_blocker.unblock():  # type: ignore[attr-defined]
        vendor = connection.vendor
    if vendor != "postgresql":
        pytest.exit(f"CI=true needs PostgreSQL; the tests would run on {vendor}.", returncode=1)
    if not settings.CELERY_BROKER_URL.startswith("redis://"):
        pytest.exit("CI=true needs Redis as the Celery broker (CELERY_BROKER_URL=redis://...).", returncode=1)
    for tool in (CHROMIUM, "pdftotext", "docker-compose"):
        if not shutil.which(tool):
            pytest.exit(f"CI=true needs {tool}, which is missing.", returncode=1)


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter, exitstatus: int, config: pytest.Config) -> None:
    vendor = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    terminalreporter.write_line(f"Tests ran on database vendor: {vendor}")
    skipped = terminalreporter.stats.get("skipped", [])
    if IN_CI and skipped:
        terminalreporter.write_line(f"CI=true: {len(skipped)} test(s) were skipped; that is a failure.", red=True)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    if IN_CI and reporter is not None and reporter.stats.get("skipped") and exitstatus == 0:
        session.exitstatus = 1


# ---------------------------------------------------------------------------------------------------------------
# A real Celery worker: a separate `celery worker` process on the throwaway Redis and the test database.


@dataclass
class WorkerProcess:
    process: subprocess.Popen[bytes]
    var_dir: Path

    @property
    def mail_dir(self) -> Path:
        return self.var_dir / "mail"


@pytest.fixture(scope="session")
def celery_worker_process(
    django_db_setup: None, django_db_blocker: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[WorkerProcess]:
    from incluzio_mz.celery import app

    require(settings.CELERY_BROKER_URL.startswith("redis://"), "Redis (CELERY_BROKER_URL)")
    db = settings.DATABASES["default"]
    require(db["ENGINE"].endswith("postgresql"), "PostgreSQL (the worker process shares the test database)")
    var_dir = tmp_path_factory.mktemp("worker-var")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "incluzio_mz.settings_test",
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "VAR_DIR": str(var_dir),
    }
    log = (var_dir / "worker.log").open("wb")
    process = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "incluzio_mz", "worker", "--pool=solo", "--without-gossip",
         "--without-mingle", "--loglevel=INFO", "--hostname=test-worker@%h"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 30
        while not app.control.ping(timeout=0.5):
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail("The Celery worker did not start:\n" + (var_dir / "worker.log").read_text())
        yield WorkerProcess(process=process, var_dir=var_dir)
    finally:
        process.terminate()
        process.wait(timeout=20)
        log.close()


@pytest.fixture
def real_worker(celery_worker_process: WorkerProcess) -> Iterator[WorkerProcess]:
    """Send tasks to the broker instead of running them eagerly, for the duration of one test."""
    from incluzio_mz.celery import app

    app.conf.task_always_eager = False
    try:
        yield celery_worker_process
    finally:
        app.conf.task_always_eager = True


# ---------------------------------------------------------------------------------------------------------------
# Browser: Playwright drives Debian's Chromium (Playwright cannot download its own browser here).


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, object]) -> dict[str, object]:
    require(Path(CHROMIUM).exists(), f"Chromium at {CHROMIUM}")
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict[str, object]) -> dict[str, object]:
    return {**browser_context_args, "locale": "nl-NL", "timezone_id": "Europe/Amsterdam"}
