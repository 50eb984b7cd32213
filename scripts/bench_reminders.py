"""Benchmark of the membership reminder sweep (issue 5: "10,000 memberships"); run with `make bench`.

Not part of the test suite. It builds a throwaway database and measures, each on fresh rows:

(a) a sweep when 10,000 memberships are due ("trial ends in 14 days"): `membership_reminders_send`, which claims
    the rows and queues one notification each; then, separately, the e-mail task (`notification_emails_send`)
    rendering and sending those 10,000 e-mails (three templates each, the locmem mail backend: no network), as
    e-mails per second;
(b) a sweep over 10,000 more memberships of which 1 % (100) is due;
(c) a sweep with nothing due, over the same table (then 20,000 memberships).

Database: SQLite in a temporary directory (the `make run` default). Set BENCH_DATABASE_URL to an empty PostgreSQL
database (for example the one `source scripts/services.sh && services_start` prints) to measure that instead; its
tables are created with migrate and left behind, so use a throwaway server.

The rows are made with bulk_create instead of the lifecycle services: this is a fixture for a measurement, not a
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


def _setup(database_url: str) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ["DJANGO_SETTINGS_MODULE"] = "incluzio_mz.settings_test"
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    call_command("migrate", verbosity=0, interactive=False)
    # The sweep's first reverse() imports the URLconf (0.1 to 0.5 s), once per worker process: not the sweep's cost
    # (as in scripts/bench_request_reminders.py).
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 - loads the URLconf


def _fill(count: int, *, run: str, bodies: int, due_every: int = 1) -> datetime:
    """count memberships in trial spread over bodies chambers (one supporter with an e-mail address each); every
    due_every-th one has its "ends in 14 days" reminder due at the returned moment, the others months later."""
    from councils import services as council_services
    from councils.models import BodyKind
    from members.models import Group, Membership, Person, Status
    from members.reminders import TRIAL_SOON_DAYS, moment_on
    from tests.factories import make_user

    council = council_services.body_create(
        kind=BodyKind.COUNCIL, name=f"Bench council {run}", slug=f"bench-{run}", actor=None, reason="benchmark"
    )
    chambers = []
    for n in range(bodies):
        chamber = council_services.chamber_create(
            council=council, name=f"Chamber {run}-{n}", slug=f"bench-{run}-{n}", actor=None, reason="benchmark"
        )
        supporter = make_user(username=f"bench-{run}-{n}", email=f"bench-{run}-{n}@example.org")
        council_services.body_supporter_add(body=chamber, user=supporter, actor=None, reason="benchmark")
        chambers.append(chamber)

    first_end = date(2030, 3, 1)
    people = Person.objects.bulk_create(
        Person(display_name=f"Member {run} {i}", birth_year=2000, group=Group.YOUTH) for i in range(count)
    )
    memberships = []
    for i, person in enumerate(people):
        trial_end = first_end + timedelta(days=i % 10)
        if i % due_every:
            trial_end += timedelta(days=180)  # not due yet
        memberships.append(
            Membership(
                person=person,
                body=chambers[i % bodies],
                status=Status.TRIAL,
                trial_start=trial_end - timedelta(days=90),
                trial_end=trial_end,
                next_reminder_at=moment_on(trial_end - timedelta(days=TRIAL_SOON_DAYS)),
            )
        )
    Membership.objects.bulk_create(memberships, batch_size=1000)
    # The day before the first trial ends: every "ends in 14 days" is due and none gives way to a later reminder of
    # the same day (incluzio_mz.services.reminder_superseded), so each due membership gets one notification.
    return moment_on(first_end - timedelta(days=1))


def _sweep(now: datetime, expected: int) -> float:
    from members.services.reminders import membership_reminders_send

    started = time.perf_counter()
    handled = membership_reminders_send(now=now)
    elapsed = time.perf_counter() - started
    assert handled == expected, (handled, expected)
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--count", type=int, default=10_000, help="memberships per run (default 10,000)")
    parser.add_argument("--bodies", type=int, default=20, help="chambers the memberships are spread over")
    options = parser.parse_args()
    count = options.count

    with tempfile.TemporaryDirectory(prefix="bench-reminders-") as folder:
        database_url = os.environ.get("BENCH_DATABASE_URL") or f"sqlite:///{folder}/bench.sqlite3"
        os.environ["VAR_DIR"] = folder
        _setup(database_url)
        from django.core import mail
        from django.db import connection

        from incluzio_mz.models import Notification
        from incluzio_mz.services import notification_emails_send

        print(f"database: {connection.vendor}; {count} memberships over {options.bodies} chambers per run")

        now = _fill(count, run="all", bodies=options.bodies)
        elapsed = _sweep(now, count)
        queued = Notification.objects.filter(emailed_at__isnull=True).exclude(email_template="").count()
        assert queued == count, (queued, count)
        print(f"(a) sweep, {count} due:          {elapsed:.3f} s ({elapsed / count * 10_000:.3f} s per 10,000)")

        mail.outbox = []
        started = time.perf_counter()
        sent = notification_emails_send(now=now)
        elapsed = time.perf_counter() - started
        assert sent == count == len(mail.outbox), (sent, count, len(mail.outbox))
        print(f"    e-mail task, {count} e-mails:  {elapsed:.3f} s ({count / elapsed:.0f} e-mails per second)")

        now = _fill(count, run="some", bodies=options.bodies, due_every=100)
        elapsed = _sweep(now, len(range(0, count, 100)))
        print(f"(b) sweep, {count} of which 1 % due: {elapsed:.3f} s")

        elapsed = _sweep(now, 0)
        print(f"(c) sweep, nothing due ({2 * count} rows): {elapsed * 1000:.1f} ms")


if __name__ == "__main__":
    main()
