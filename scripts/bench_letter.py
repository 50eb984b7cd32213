"""Benchmark of the decision letter (issue 7: "the letter renders in under 150 ms"); `make bench`.

Not part of the test suite. It builds a throwaway database with a council, a deviating decision on an advice request
(with a consultation, reasons and an effective date: every part of the letter) and the organisation's letterhead,
then renders the letter's PDF the way the task does (advice.services.letters.letter_render_pdf: the context from the
database, the template in Dutch, WeasyPrint through incluzio_mz.lib.pdf) and prints the median and the slowest of
the timed renderings (wall clock), with the CPU time of this process and the load average beside it: on a busy
machine the wall clock includes waiting for a CPU. It fails (exit 1) when the wall-clock median is 150 ms or more.
Storing the file and notifying are not timed: they are a few rows and one file write.

Database: SQLite in a temporary directory (the `make run` default). Set BENCH_DATABASE_URL to an empty PostgreSQL
database to measure that instead; its tables are created with migrate and left behind, so use a throwaway server.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from datetime import UTC, date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

LIMIT_MS = 150.0


def _setup(database_url: str, media_root: str) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ["MEDIA_ROOT"] = media_root
    os.environ["DJANGO_SETTINGS_MODULE"] = "incluzio_mz.settings_test"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


def _letter() -> int:
    """A decided request with every part the letter shows; returns its letter's id (queued, not rendered)."""
    from accounts.roles import Role
    from advice.models import DecisionOutcome
    from councils import services as council_services
    from councils.models import BodyKind
    from incluzio_mz.models import OrganisationProfile
    from tests.factories import make_decided_request, make_user

    run = f"{time.time_ns()}"
    OrganisationProfile.objects.update_or_create(
        pk=OrganisationProfile.SINGLETON_ID,
        defaults={
            "name": "Zorgorganisatie Voorbeeld",
            "address": "Postbus 12\n2500 AA Den Haag",
            "letterhead_lines": "Raad van bestuur\nLaan van Meerdervoort 1, Den Haag\nwww.voorbeeld.nl",
        },
    )
    council = council_services.body_create(
        kind=BodyKind.COUNCIL, name=f"Centrale klantenraad {run}", slug=f"letter-{run}", actor=None, reason="bench"
    )
    council_services.regulation_create_for_council(council=council, actor=None, reason="benchmark")
    board = make_user(username=f"board-{run}", first_name="Bea", last_name="Bestuurder", roles=[Role.BOARD])
    supporter = make_user(username=f"supporter-{run}")
    request = make_decided_request(
        council=council,
        board=board,
        supporter=supporter,
        outcome=DecisionOutcome.PARTLY_FOLLOWS,
        reasons="De begroting laat het volledige advies niet toe. " * 8,
        text="Wij voeren de nieuwe werkwijze gefaseerd in, te beginnen bij de jeugdhulp. " * 6,
        effective_on=date(2026, 11, 12),
    )
    return request.letters.get().pk


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=20, help="timed renderings (default 20)")
    parser.add_argument("--keep", metavar="PATH", help="also write the rendered letter to PATH, to look at it")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-letter-") as folder:
        database_url = os.environ.get("BENCH_DATABASE_URL") or f"sqlite:///{folder}/bench.sqlite3"
        _setup(database_url, f"{folder}/media")
        from django.db import connection
        from django.utils import timezone

        from advice.models import Letter
        from advice.services.letters import letter_render_pdf

        letter = Letter.objects.select_related("request").get(pk=_letter())
        today = timezone.localdate()
        pdf = letter_render_pdf(letter, issued_on=today)  # warm-up: imports, fonts, the template cache
        assert pdf.startswith(b"%PDF"), pdf[:10]
        timings, cpu_timings = [], []
        for _ in range(options.repeat):
            began, cpu_began = time.perf_counter(), time.process_time()
            pdf = letter_render_pdf(letter, issued_on=today)
            timings.append((time.perf_counter() - began) * 1000)
            cpu_timings.append((time.process_time() - cpu_began) * 1000)
        median = statistics.median(timings)
        if options.keep:
            Path(options.keep).write_bytes(pdf)
        load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
        print(
            f"database: {connection.vendor}; {os.cpu_count()} CPUs, load average {load}; "
            f"at {datetime.now(UTC):%Y-%m-%d %H:%M} UTC"
        )
        print(
            f"decision letter ({len(pdf) // 1024} KiB): median {median:.1f} ms, "
            f"slowest {max(timings):.1f} ms over {options.repeat} renderings (limit {LIMIT_MS:.0f} ms); "
            f"CPU time of this process: median {statistics.median(cpu_timings):.1f} ms"
        )
        if median >= LIMIT_MS:
            print("The letter renders slower than the limit.")
            sys.exit(1)


if __name__ == "__main__":
    main()
