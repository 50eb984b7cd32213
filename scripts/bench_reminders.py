"""Benchmark of the membership reminder sweep (issue 5: "10,000 memberships"); run with `make bench`.

Not part of the test suite. It builds a throwaway database, fills it with memberships whose "trial ends in 14 days"
reminder is due, runs `membership_reminders_send` once and prints the time, scaled to 10,000 memberships.

Database: SQLite in a temporary directory (the `make run` default, and the worst case for the per-row
compare-and-set, because SQLite serialises writers). Set BENCH_DATABASE_URL to an empty PostgreSQL database (for
example the one `source scripts/services.sh && services_start` prints) to measure that instead; its tables are
created with migrate and left behind, so use a throwaway server.

Two runs, each on fresh rows: supporters with an e-mail address (a notification, an e-mail rendered from three
templates and the emailed_at bookkeeping per membership; the locmem mail backend, so no network), and supporters
without one (the sweep and the notification rows only).

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


def _fill(count: int, *, run: str, with_email: bool, bodies: int) -> datetime:
    """count memberships in trial spread over bodies chambers (one supporter each); returns a moment when every
    "ends in 14 days" reminder is due and no "ends today" one is yet."""
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
        supporter = make_user(username=f"bench-{run}-{n}", email=f"bench-{run}-{n}@example.org" if with_email else "")
        council_services.body_supporter_add(body=chamber, user=supporter, actor=None, reason="benchmark")
        chambers.append(chamber)

    first_end = date(2030, 3, 1)
    people = Person.objects.bulk_create(
        Person(display_name=f"Member {run} {i}", birth_year=2000, group=Group.YOUTH) for i in range(count)
    )
    memberships = []
    for i, person in enumerate(people):
        trial_end = first_end + timedelta(days=i % 10)
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
    return moment_on(first_end) - timedelta(minutes=1)


def _measure(count: int, *, run: str, with_email: bool, bodies: int) -> float:
    from django.core import mail

    from incluzio_mz.models import Notification
    from members.services.reminders import membership_reminders_send

    now = _fill(count, run=run, with_email=with_email, bodies=bodies)
    mail.outbox = []
    started = time.perf_counter()
    handled = membership_reminders_send(now=now)
    elapsed = time.perf_counter() - started
    sent = Notification.objects.filter(recipient__username__startswith=f"bench-{run}-").count()
    assert handled == count, (handled, count)
    assert sent == count, (sent, count)
    assert len(mail.outbox) == (count if with_email else 0), len(mail.outbox)
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--count", type=int, default=10_000, help="memberships per run (default 10,000)")
    parser.add_argument("--bodies", type=int, default=20, help="chambers the memberships are spread over")
    options = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="bench-reminders-") as folder:
        database_url = os.environ.get("BENCH_DATABASE_URL") or f"sqlite:///{folder}/bench.sqlite3"
        os.environ["VAR_DIR"] = folder
        _setup(database_url)
        from django.db import connection

        print(f"database: {connection.vendor}; {options.count} memberships over {options.bodies} chambers per run")
        for run, with_email in (("mail", True), ("nomail", False)):
            elapsed = _measure(options.count, run=run, with_email=with_email, bodies=options.bodies)
            per_10k = elapsed / options.count * 10_000
            label = "with e-mail   " if with_email else "without e-mail"
            print(f"{label}: {elapsed:.2f} s for {options.count} = {per_10k:.2f} s per 10,000 memberships")


if __name__ == "__main__":
    main()
