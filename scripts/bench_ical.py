"""Benchmark of the personal iCal feed (issue 6: "a user with 500 meetings answers in under 100 ms"); `make bench`.

Not part of the test suite. It builds a throwaway database with one member of a chamber whose chamber and council
have 500 meetings in the feed's window (plus 500 of the other chamber that the member may not see), then requests
/agenda.ics?token=... through Django's test client (URL routing, token check, the meeting gate, building and
serialising the calendar) and prints the median and the slowest of the timed requests. It fails (exit 1) when the
median is 100 ms or more.

Database: SQLite in a temporary directory (the `make run` default). Set BENCH_DATABASE_URL to an empty PostgreSQL
database to measure that instead; its tables are created with migrate and left behind, so use a throwaway server.
The meetings are made with bulk_create: a fixture for a measurement, not a write path of the portal.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

LIMIT_MS = 100.0


def _setup(database_url: str) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ["DJANGO_SETTINGS_MODULE"] = "incluzio_mz.settings_test"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


def _fill(count: int) -> str:
    """count visible meetings for a new member (half the chamber's, half the council's joint ones) plus count
    meetings of the other chamber; returns the member's feed token."""
    from django.utils import timezone

    from councils import services as council_services
    from councils.meetings.services.calendar_feed import calendar_feed_get_or_create, calendar_feed_token
    from councils.models import BodyKind, Meeting, MeetingKind
    from members.models import Group, Person
    from tests.factories import make_membership, make_user

    run = f"{time.time_ns()}"
    council = council_services.body_create(
        kind=BodyKind.COUNCIL, name=f"Bench council {run}", slug=f"ical-{run}", actor=None, reason="benchmark"
    )
    chamber = council_services.chamber_create(
        council=council, name=f"Youth {run}", slug=f"ical-{run}-y", actor=None, reason="benchmark"
    )
    other = council_services.chamber_create(
        council=council, name=f"Parents {run}", slug=f"ical-{run}-p", actor=None, reason="benchmark"
    )
    user = make_user(username=f"ical-{run}")
    person = Person.objects.create(display_name="Bench member", birth_year=2005, group=Group.YOUTH, user=user)
    make_membership(body=chamber, person=person, on=timezone.localdate() - timedelta(days=200))

    start = timezone.now().replace(minute=0, second=0, microsecond=0) - timedelta(days=180)
    rows = []
    for i in range(count):
        begins = start + timedelta(days=i // 2, hours=i % 2 * 3)
        body, kind = (chamber, MeetingKind.CHAMBER) if i % 2 else (council, MeetingKind.JOINT)
        for target, target_kind in ((body, kind), (other, MeetingKind.CHAMBER)):
            rows.append(
                Meeting(
                    body=target,
                    kind=target_kind,
                    title=f"Vergadering {i} van {target.name}",
                    starts_at=begins,
                    ends_at=begins + timedelta(hours=2),
                    place="Kantoor Den Haag, Laan van Meerdervoort 1",
                    online_link="https://meet.example.org/abc-def" if i % 3 == 0 else "",
                )
            )
    Meeting.objects.bulk_create(rows)
    return calendar_feed_token(calendar_feed_get_or_create(user=user, actor=None))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--meetings", type=int, default=500, help="meetings in the user's feed (default 500)")
    parser.add_argument("--repeat", type=int, default=30, help="timed requests (default 30)")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-ical-") as folder:
        database_url = os.environ.get("BENCH_DATABASE_URL") or f"sqlite:///{folder}/bench.sqlite3"
        _setup(database_url)
        import icalendar
        from django.db import connection
        from django.test import Client

        token = _fill(options.meetings)
        client = Client()
        url = f"/agenda.ics?token={token}"
        response = client.get(url)  # warm-up: imports, template and URL caches, the database's page cache
        events = len(icalendar.Calendar.from_ical(response.content).walk("VEVENT"))
        assert response.status_code == 200, response.status_code
        assert events == options.meetings, events
        timings = []
        for _ in range(options.repeat):
            began = time.perf_counter()
            response = client.get(url)
            timings.append((time.perf_counter() - began) * 1000)
            assert response.status_code == 200
        median = statistics.median(timings)
        print(f"database: {connection.vendor}; at {datetime.now(UTC):%Y-%m-%d %H:%M} UTC")
        print(
            f"iCal feed, {events} meetings ({len(response.content) // 1024} KiB): median {median:.1f} ms, "
            f"slowest {max(timings):.1f} ms over {options.repeat} requests (limit {LIMIT_MS:.0f} ms)"
        )
        if median >= LIMIT_MS:
            print("The feed is slower than the limit.")
            sys.exit(1)


if __name__ == "__main__":
    main()
