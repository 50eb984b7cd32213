"""Benchmark of the request reminder sweep (issue 7 item 4: "the sweep over 10,000 open requests takes well under a
second"); run with `make bench`.

Not part of the test suite. It builds a throwaway database and measures `request_reminders_send`, each on fresh rows:

(a) 10,000 submitted requests of which 1 % (100) has its "due in 14 days" reminder due (one supporter per council,
    so one notification each): the day-to-day load;
(b) a sweep with nothing due, over the same table;
(c) 10,000 more requests that are all due ("due in 14 days"): 10,000 notifications;
(d) 10,000 more requests that are all overdue: the supporter and the responsible board member, 20,000 notifications.

The sweep only queues e-mails; the e-mail task that sends them is the same as for the membership reminders and is
measured by scripts/bench_reminders.py.

Database: SQLite in a temporary directory (the `make run` default). Set BENCH_DATABASE_URL to an empty PostgreSQL
database (for example the one `source scripts/services.sh && services_start` prints) to measure that instead; its
tables are created with migrate and left behind, so use a throwaway server.

The requests are made with bulk_create instead of the lifecycle services: this is a fixture for a measurement, not a
write path of the portal, and 10,000 service calls would take minutes.
"""

import argparse
import os
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

FIRST_DUE = date(2030, 3, 15)


def _setup(database_url: str) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ["DJANGO_SETTINGS_MODULE"] = "incluzio_mz.settings_test"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    # The sweep's first reverse() imports the URLconf (about 0.5 s), once per worker process: not the sweep's cost.
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 - loads the URLconf


def _fill(
    count: int, *, run: str, councils: int, due_every: int = 1, overdue: bool = False, first_due: date = FIRST_DUE
) -> datetime:
    """count submitted requests over `councils` councils (one supporter with an e-mail address each, one responsible
    board member); every due_every-th one has a reminder due at the returned moment ("due in 14 days", or "overdue"
    with overdue=True), the others months later."""
    from accounts.roles import Role
    from advice.models import Request, RequestKind, RequestStatus
    from advice.reminders import moment_on
    from councils import services as council_services
    from councils.models import BodyKind
    from tests.factories import make_user

    board = make_user(username=f"bench-board-{run}", email=f"bench-board-{run}@example.org", roles=[Role.BOARD])
    bodies = []
    for n in range(councils):
        council = council_services.body_create(
            kind=BodyKind.COUNCIL, name=f"Bench council {run}-{n}", slug=f"bench-{run}-{n}", actor=None,
            reason="benchmark",
        )  # fmt: skip
        council_services.regulation_create_for_council(council=council, actor=None, reason="benchmark")
        supporter = make_user(username=f"bench-{run}-{n}", email=f"bench-{run}-{n}@example.org")
        council_services.body_supporter_add(body=council, user=supporter, actor=None, reason="benchmark")
        bodies.append(council)

    rows = []
    for i in range(count):
        due_on = first_due + timedelta(days=i % 10)
        if i % due_every:
            due_on += timedelta(days=180)  # not due yet
        first = due_on + timedelta(days=1) if overdue else due_on - timedelta(days=14)
        rows.append(
            Request(
                reference=f"B-{run}-{i}",
                kind=RequestKind.REQUESTED_ADVICE,
                council=bodies[i % councils],
                title=f"Bench request {run} {i}",
                responsible=board,
                status=RequestStatus.SUBMITTED,
                received_on=due_on - timedelta(weeks=6),
                due_on=due_on,
                next_reminder_at=moment_on(first),
            )
        )
    Request.objects.bulk_create(rows, batch_size=1000)
    if overdue:  # every overdue moment (the day after first_due + 0..9 days) is due, and none follows
        return moment_on(first_due + timedelta(days=11))
    # Every "14 days before" moment (first_due - 14 + 0..9 days) is due; no "3 days before" one is, nor falls on that
    # day (then the earlier one would give way to it: incluzio_mz.services.reminder_superseded).
    return moment_on(first_due - timedelta(days=4))


def _sweep(now: datetime, expected: int) -> float:
    from advice.services.reminders import request_reminders_send

    started = time.perf_counter()
    handled = request_reminders_send(now=now)
    elapsed = time.perf_counter() - started
    assert handled == expected, (handled, expected)
    return elapsed


def _reminders() -> int:
    from incluzio_mz.models import Notification

    return Notification.objects.filter(kind__startswith="advice.reminder.").count()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--count", type=int, default=10_000, help="requests per run (default 10,000)")
    parser.add_argument("--councils", type=int, default=20, help="councils the requests are spread over")
    options = parser.parse_args()
    count = options.count

    with tempfile.TemporaryDirectory(prefix="bench-request-reminders-") as folder:
        database_url = os.environ.get("BENCH_DATABASE_URL") or f"sqlite:///{folder}/bench.sqlite3"
        os.environ["VAR_DIR"] = folder
        _setup(database_url)
        from django.db import connection

        print(f"database: {connection.vendor}; {count} open requests over {options.councils} councils per run")

        now = _fill(count, run="some", councils=options.councils, due_every=100)
        due = len(range(0, count, 100))
        elapsed = _sweep(now, due)
        assert _reminders() == due, (_reminders(), due)
        print(f"(a) sweep, {count} of which 1 % ({due}) due: {elapsed * 1000:.1f} ms")

        elapsed = _sweep(now, 0)
        print(f"(b) sweep, nothing due ({count} rows):     {elapsed * 1000:.1f} ms")

        before = _reminders()
        now = _fill(count, run="all", councils=options.councils)
        elapsed = _sweep(now, count)
        assert _reminders() - before == count
        print(f"(c) sweep, {count} due (1 notification each):  {elapsed:.3f} s")

        before = _reminders()
        # Due two months before the other runs' requests, so that only these are due at `now`.
        now = _fill(
            count, run="late", councils=options.councils, overdue=True, first_due=FIRST_DUE - timedelta(days=60)
        )
        elapsed = _sweep(now, count)
        notified = _reminders() - before
        assert notified == 2 * count, (notified, count)
        print(f"(d) sweep, {count} overdue ({notified} notifications):   {elapsed:.3f} s")


if __name__ == "__main__":
    main()
