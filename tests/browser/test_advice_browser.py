"""The whole advice path in a real Chromium, down to the letter's PDF (issue 7, "What it must show"; issue 14 point 1).

A board member (`bestuurder`, with an authenticator) drafts an advice request for the cast's council and submits it;
the central council's own supporter (`ondersteuner-centraal`, W-BODY-6: a supporter of the council itself, not of a
chamber, and not the administrator) records the council's advice. The board tries to record a decision that deviates
from it and is refused with a Dutch message that names the meeting that would count, with the advice's day as a Dutch
date ("4 december 2026", never ISO), and says that no meeting has the request on its agenda yet; nothing is saved.
The supporter then plans a joint meeting of the council, puts the request on its agenda (an "Advice request" item),
links that item to the request on the request's page, marks the meeting held and shares its minutes. The board tries
again and is refused once more: the message names the meeting and says that no board member is recorded as present
(W-ADV-4: a consultation is a meeting *with the board*). The supporter records the board member as present on the
meeting's attendance page. Now the board records the deviating decision with its reasons; the real Celery worker (a
separate process, `real_worker`) renders the letter, and the request page shows it ready through its htmx polling,
without a reload (the worker stops taking tasks until the page has shown the letter queued, so the polling is what
brings "ready"). `pdftotext` of /verzoeken/<uuid>/brief.pdf, fetched with the board member's session, shows the
reference, the council addressed as "de <council>", the plain Dutch sentence about the deviation, the reasons, and
the consultation's meeting and Dutch date. axe checks the request list, the request page and the decide form with its
error, at desktop and phone width.

Through the UI: everything above. Through services, as set-up only: the users and the cast (tests/conftest.py), the
central supporter's support of the council (`body_supporter_add`, as the demo data does), and the topic catalogue
when an earlier transactional test's flush removed it.

The meeting starts earlier today (local time): it can only be marked held once it has started, and it counts for the
decision only on or after the day of the advice, which is today.

Labels come from `shown()` (tests/browser/test_structure_browser.py): the Dutch text for a msgid, or the msgid while
the catalogue lacks it.
"""

import datetime
import re
import subprocess
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from importlib import import_module
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.utils import timezone
from playwright.sync_api import BrowserContext, Page, expect
from pytest_django.live_server_helper import LiveServer

from accounts.roles import Role
from advice.models import Decision, DecisionOutcome, Letter, LetterStatus, Request, RequestStatus, Topic
from councils import services as council_services
from councils.models import (
    AgendaItem,
    AgendaItemKind,
    BoardAttendance,
    Meeting,
    MeetingStatus,
    Minutes,
    MinutesStatus,
)
from tests.browser.axe import WIDTHS, assert_accessible_at_widths, format_violations, serious_axe_violations
from tests.browser.test_structure_browser import log_in, shown, shown_date
from tests.conftest import Cast, WorkerProcess
from tests.factories import make_user, totp_device_for
from tests.helpers import require_tool

TITLE = "Nieuwe aanpak wachtlijst jeugdhulp"
SUMMARY = "De organisatie wil wachtenden voortaan eerst een oriënterend gesprek aanbieden."
TOPIC_CODE = "ADV-e"
ADVICE = "De raad adviseert om eerst de wachttijd zelf te verkorten en geen extra gesprek toe te voegen."
DECISION = "De organisatie voert het oriënterende gesprek in vanaf 1 maart."
REASONS = "Het gesprek helpt wachtenden direct; het verkorten van de wachttijd pakken we daarnaast apart aan."
MEETING_TITLE = "Overleg met de bestuurder over de wachtlijst"
ITEM_TITLE = "Adviesaanvraag wachtlijst"
MINUTES = "De raad en de bestuurder bespraken het advies over de wachtlijst. De bestuurder lichtte toe waarom."
REFUSAL = (
    "A decision that deviates from the advice can only be recorded after the board has discussed it with the council."
)
NO_MEETING_YET = (
    "No meeting has this request on its agenda yet: plan a meeting of the %(council)s with the board, put this "
    "request on its agenda and link that agenda item on the request's page."
)
NOT_COUNTED = "The meeting “%(meeting)s” of %(day)s does not count: %(problems)s."
NO_BOARD = "no board member is recorded as present"
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
LETTER_TIMEOUT_MS = 45_000


@pytest.fixture
def topics(db: None) -> None:
    """The topic catalogue is loaded by a migration; an earlier transactional test's flush may have removed it."""
    if not Topic.objects.exists():
        import_module("advice.migrations.0002_topics").load_topics(apps, None)


def _meeting_start() -> datetime.datetime:
    """A minute that has passed today (local time), to the minute as the form takes it."""
    now = timezone.localtime()
    midnight = now.replace(hour=0, minute=0, second=0, microsecond=0)
    return max(now - datetime.timedelta(hours=1), midnight).replace(second=0, microsecond=0)


def _words(text: str) -> str:
    """Text with every run of white space as one space (pdftotext and HTML wrap lines)."""
    return " ".join(text.split())


def assert_no_serious_axe_violations_at_widths(page: Page, context: str) -> None:
    """axe on the page as it is now (a form after a refused POST cannot be opened again), at both widths."""
    original = page.viewport_size
    failures = []
    try:
        for name, size in WIDTHS:
            page.set_viewport_size(size)
            violations = serious_axe_violations(page)
            if violations:
                failures.append(f"{context} at {name} width:\n{format_violations(violations)}")
    finally:
        if original is not None:
            page.set_viewport_size(original)
    if failures:
        pytest.fail("axe found serious/critical violations on\n" + "\n".join(failures))


def fill_decision(page: Page) -> None:
    """The decide form: a decision that deviates from the advice, with its reasons."""
    page.get_by_label(shown("Outcome"), exact=True).select_option(label=shown("Deviates from the advice"))
    page.get_by_label(shown("The decision"), exact=True).fill(DECISION)
    page.get_by_label(shown("Reasons"), exact=True).fill(REASONS)
    page.get_by_role("button", name=shown("Record the decision"), exact=True).click()


def plan_meeting_with_item(page: Page, live_server: LiveServer, cast: Cast) -> tuple[Meeting, AgendaItem]:
    """The supporter plans a joint meeting of the council that started earlier today, with the request's item."""
    starts = _meeting_start()
    page.goto(f"{live_server.url}/raden/{cast.council.slug}/vergaderingen/nieuw/")
    page.get_by_label(shown("Title"), exact=True).fill(MEETING_TITLE)
    page.get_by_label(shown("Kind of meeting"), exact=True).select_option(
        label=shown("Joint meeting of the council with the board")
    )
    page.get_by_label(shown("Starts at"), exact=True).fill(starts.strftime("%Y-%m-%dT%H:%M"))
    ends = starts + datetime.timedelta(hours=2)
    page.get_by_label(shown("Ends at"), exact=True).fill(ends.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label(shown("Place"), exact=True).fill("Kantoor Den Haag")
    page.get_by_role("button", name=shown("Plan the meeting"), exact=True).click()
    expect(page).to_have_url(re.compile(re.escape(live_server.url) + r"/vergaderingen/[0-9a-f-]{36}/$"))
    meeting = Meeting.objects.get(title=MEETING_TITLE)
    assert (meeting.body, meeting.kind, meeting.starts_at) == (cast.council, "joint", starts)

    page.get_by_role("link", name=shown("Add an agenda item"), exact=True).click()
    page.get_by_label(shown("Title"), exact=True).fill(ITEM_TITLE)
    page.get_by_label(shown("Kind of item"), exact=True).select_option(label=shown("Advice request"))
    page.get_by_role("button", name=shown("Add the item"), exact=True).click()
    expect(page).to_have_url(f"{live_server.url}/vergaderingen/{meeting.uuid}/#agenda")
    expect(page.get_by_test_id("agenda-item")).to_contain_text(ITEM_TITLE)
    return meeting, AgendaItem.objects.get(meeting=meeting, kind=AgendaItemKind.ADVICE_REQUEST)


def record_board_present(page: Page, live_server: LiveServer, meeting: Meeting, board: Any) -> None:
    """The supporter records on the meeting's attendance page that the board member was present."""
    meeting_url = f"{live_server.url}/vergaderingen/{meeting.uuid}/"
    page.goto(meeting_url)
    page.get_by_role("link", name=shown("Record attendance"), exact=True).click()
    assert_accessible_at_widths(page, f"{live_server.url}/vergaderingen/{meeting.uuid}/aanwezigheid/")
    page.get_by_test_id(f"board-attendance-{board.pk}").get_by_label(shown("Present"), exact=True).check()
    page.get_by_role("button", name=shown("Save the attendance"), exact=True).click()
    expect(page).to_have_url(meeting_url + "#aanwezigheid")
    expect(page.get_by_test_id("board-attendance")).to_contain_text(f"{board.display_name}: {shown('Present')}")
    assert BoardAttendance.objects.filter(meeting=meeting, user=board, status="present").exists()


def refusal_text(page: Page) -> str:
    """The decide form's error after a refused deviation: shown, in Dutch, nothing saved."""
    alert = page.get_by_role("alert")
    expect(alert).to_be_visible()
    expect(alert).to_contain_text(shown(REFUSAL))
    text = _words(alert.inner_text())
    assert not ISO_DATE.search(text), text
    return text


def hold_and_minute(page: Page, live_server: LiveServer, meeting: Meeting) -> None:
    """The supporter marks the meeting held, writes the minutes and shares them with the members."""
    meeting_url = f"{live_server.url}/vergaderingen/{meeting.uuid}/"
    page.goto(meeting_url)
    page.get_by_role("button", name=shown("Mark as held"), exact=True).click()
    expect(page.get_by_test_id("meeting-status")).to_have_text(shown("Held"))
    page.get_by_role("link", name=shown("Write the minutes"), exact=True).click()
    page.get_by_label(shown("Minutes"), exact=True).fill(MINUTES)
    page.get_by_role("button", name=shown("Save the draft"), exact=True).click()
    expect(page).to_have_url(meeting_url + "#notulen")
    page.get_by_role("button", name=shown("Share with the members"), exact=True).click()
    expect(page.get_by_test_id("minutes")).to_contain_text(shown("Shared with the body"))
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.HELD
    assert Minutes.objects.filter(meeting=meeting, status=MinutesStatus.SHARED).exists()


@contextmanager
def worker_paused() -> Iterator[None]:
    """The real worker stops consuming the task queue (Celery remote control) until the block ends."""
    from incluzio_mz.celery import app

    queue = app.conf.task_default_queue
    assert app.control.cancel_consumer(queue, reply=True, timeout=5), "the worker did not answer"
    try:
        yield
    finally:
        assert app.control.add_consumer(queue, reply=True, timeout=5), "the worker did not answer"


def pdf_text(pdf: bytes, tmp_path: Path) -> str:
    pdftotext = require_tool("pdftotext")
    path = tmp_path / "brief.pdf"
    path.write_bytes(pdf)
    return subprocess.run([pdftotext, "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout


@pytest.mark.browser
@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_advice_from_request_through_consultation_to_the_letter(
    page: Page,
    new_context: Callable[..., BrowserContext],
    live_server: LiveServer,
    cast: Cast,
    topics: None,
    real_worker: WorkerProcess,
    settings: Any,
    tmp_path: Path,
) -> None:
    # The worker process stores the letter under its own VAR_DIR; the live server must read it from there.
    settings.MEDIA_ROOT = real_worker.var_dir / "media"
    bestuurder = make_user(username="bestuurder", roles=[Role.BOARD])
    totp_device_for(bestuurder)
    # W-BODY-6: the central council's own supporter (as in the demo data), who plans its joint meetings.
    supporter = make_user(username="ondersteuner-centraal")
    council_services.body_supporter_add(body=cast.council, user=supporter, actor=None, reason="test data")
    topic = Topic.objects.get(code=TOPIC_CODE)
    today = timezone.localdate()
    list_url = f"{live_server.url}/verzoeken/"

    # -- The board member drafts the request and submits it to the council.
    log_in(page, live_server, bestuurder)
    page.goto(list_url)
    page.get_by_test_id("request-create").click()
    expect(page).to_have_url(list_url + "nieuw/")
    page.get_by_label(shown("Kind of request"), exact=True).select_option(label=shown("Advice request (art. 7)"))
    page.get_by_label(shown("Client council"), exact=True).select_option(label=cast.council.name)
    page.get_by_label(shown("Topic"), exact=True).select_option(label=str(topic))
    page.get_by_label(shown("Title"), exact=True).fill(TITLE)
    page.get_by_label(shown("Summary of the intended decision"), exact=True).fill(SUMMARY)
    responsible = page.get_by_label(shown("Responsible board member"), exact=True)
    responsible.select_option(label=bestuurder.display_name)
    planned = today + datetime.timedelta(days=90)
    page.get_by_label(shown("Planned decision date"), exact=True).fill(planned.isoformat())
    page.get_by_role("button", name=shown("Save the draft"), exact=True).click()
    expect(page).to_have_url(re.compile(re.escape(list_url) + r"[0-9a-f-]{36}/$"))
    request = Request.objects.get(title=TITLE)
    assert re.fullmatch(rf"MZ-{today.year}-\d{{3}}", request.reference)
    detail_url = f"{list_url}{request.uuid}/"
    assert page.url == detail_url
    expect(page.get_by_test_id("request-status")).to_have_text(shown("Draft"))
    page.get_by_test_id("submit-request").click()
    expect(page.get_by_test_id("request-status")).to_have_text(shown("Waiting for the council"))
    request.refresh_from_db()
    assert (request.status, request.received_on, request.responsible) == (RequestStatus.SUBMITTED, today, bestuurder)

    # -- The council's supporter finds it in the list and records the council's advice.
    council_page = new_context().new_page()
    log_in(council_page, live_server, supporter)
    assert_accessible_at_widths(council_page, list_url)
    row = council_page.get_by_test_id(f"request-{request.reference}")
    row.get_by_role("link", name=f"{request.reference} {TITLE}", exact=True).click()
    expect(council_page).to_have_url(detail_url)
    council_page.get_by_test_id("respond").click()
    council_page.get_by_label(shown("The council's advice"), exact=True).fill(ADVICE)
    council_page.get_by_role("button", name=shown("Record the answer"), exact=True).click()
    expect(council_page).to_have_url(detail_url + "#antwoord")
    expect(council_page.get_by_test_id("response")).to_contain_text(ADVICE)
    request.refresh_from_db()
    assert request.status == RequestStatus.ANSWERED
    assert request.response.given_on == today

    # -- The board may not deviate yet: no meeting with the council about the advice. The form says so; nothing saved.
    page.goto(detail_url)
    page.get_by_test_id("decide").click()
    expect(page).to_have_url(detail_url + "besluit/")
    expect(page.get_by_test_id("advice")).to_contain_text(ADVICE)
    fill_decision(page)
    text = refusal_text(page)
    assert shown_date(today) in text, text  # the meeting that would count: on or after the advice, a Dutch date
    assert _words(shown(NO_MEETING_YET) % {"council": cast.council.name}) in text, text
    assert page.url == detail_url + "besluit/"
    assert not Decision.objects.exists()
    request.refresh_from_db()
    assert request.status == RequestStatus.ANSWERED
    assert_no_serious_axe_violations_at_widths(page, "the decide form with the consultation error")

    # -- The central supporter plans the joint meeting with the request on its agenda, links it, holds and minutes it.
    meeting, item = plan_meeting_with_item(council_page, live_server, cast)
    council_page.goto(detail_url)
    council_page.get_by_role("link", name=shown("Link a discussion with the council"), exact=True).click()
    council_page.get_by_label(shown("Agenda item"), exact=True).select_option(value=str(item.pk))
    council_page.get_by_role("button", name=shown("Link"), exact=True).click()
    expect(council_page).to_have_url(detail_url + "#overleg")
    expect(council_page.get_by_test_id("consultations")).to_contain_text(MEETING_TITLE)
    hold_and_minute(council_page, live_server, meeting)

    # -- Still refused: the board's presence is not recorded. The message names the meeting and what it misses.
    page.goto(detail_url + "besluit/")
    fill_decision(page)
    text = refusal_text(page)
    meeting_day = timezone.localdate(meeting.starts_at)
    expected = shown(NOT_COUNTED) % {
        "meeting": MEETING_TITLE,
        "day": shown_date(meeting_day),
        "problems": shown(NO_BOARD),
    }
    assert _words(expected) in text, text
    assert not Decision.objects.exists()

    # -- The supporter records that the board member was there.
    record_board_present(council_page, live_server, meeting, bestuurder)

    # -- Now the board records the deviating decision with its reasons. The worker stops taking tasks for a moment,
    # so the page is sure to show the letter being made first and to need its htmx polling to show it ready.
    polls: list[str] = []
    page.on("request", lambda sent: polls.append(sent.url) if "/brief/status/" in sent.url else None)
    page.goto(detail_url)
    page.get_by_test_id("decide").click()
    with worker_paused():
        fill_decision(page)
        expect(page).to_have_url(detail_url + "#besluit")
        decision = Decision.objects.get(request=request)
        assert (decision.outcome, decision.reasons, decision.decided_by) == (
            DecisionOutcome.DEVIATES,
            REASONS,
            bestuurder,
        )
        assert decision.consultation is not None
        assert decision.consultation.agenda_item == item
        expect(page.get_by_test_id("decision")).to_contain_text(REASONS)
        letter_row = page.get_by_test_id("letter-1")
        expect(letter_row).to_have_attribute("data-status", LetterStatus.QUEUED)
        expect(page.get_by_test_id("letter-live")).to_have_text(shown("The letter is being made."))
        page.evaluate("() => { window.__sameDocument = true; }")

    # -- The worker renders the letter; the page's htmx polling shows it ready without a reload.
    expect(letter_row).to_have_attribute("data-status", LetterStatus.READY, timeout=LETTER_TIMEOUT_MS)
    expect(letter_row.get_by_test_id("letter-status")).to_contain_text(shown("Ready"))
    expect(page.get_by_test_id("letter-live")).to_have_text(shown("The letter is ready."))
    assert page.evaluate("() => window.__sameDocument === true"), "the page was reloaded"
    assert page.url == detail_url + "#besluit"
    assert polls, "the page did not poll the letter's state"
    log = (real_worker.var_dir / "worker.log").read_text()
    assert "letter_render_task" in log, "The worker did not render the letter. Worker log:\n" + log
    letter = Letter.objects.get(request=request)
    assert (letter.status, letter.number) == (LetterStatus.READY, 1)
    assert_accessible_at_widths(page, detail_url)

    # -- The letter as PDF, with the board member's session.
    response = page.request.get(detail_url + "brief.pdf")
    assert response.status == 200
    assert response.headers["content-type"].startswith("application/pdf")
    pdf = response.body()
    assert pdf.startswith(b"%PDF")
    text = _words(pdf_text(pdf, tmp_path))
    assert request.reference in text
    assert _words(REASONS) in text
    assert f"{shown('To')}: de {cast.council.name}" in text, text
    assert shown("Yes. The decision deviates from the council's advice.") in text, text
    assert "Ja: " not in text
    consulted = shown("The decision was discussed with the council on %(day)s, in the meeting “%(meeting)s”.") % {
        "day": shown_date(meeting_day),
        "meeting": MEETING_TITLE,
    }
    assert _words(consulted) in text, text

    # -- The request list after the decision (the board's view of it, with every request).
    page.goto(list_url + "?status=all")
    expect(page.get_by_test_id(f"request-{request.reference}")).to_contain_text(shown("Decided"))
    assert_accessible_at_widths(page, list_url + "?status=all")
