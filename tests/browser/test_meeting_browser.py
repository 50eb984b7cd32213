"""A meeting from planning to the member's phone in a real Chromium (issue 6, "What it must show", first bullet).

The supporter plans a chamber meeting, adds three agenda items, puts them in order with the keyboard only (the move
buttons, swapped in by htmx), uploads a PDF, links it to an item and publishes the agenda. The beat sweep
(`meeting_notices_send`) runs in the test process and e-mails the member an .ics invitation. The member then reads
the agenda on a phone-sized screen and downloads the document through the gate. axe checks the pages on the way.

Labels come from `shown()` (tests/browser/test_structure_browser.py): the Dutch text for a msgid, or the msgid while
the catalogue lacks it.
"""

import datetime
import re
from collections.abc import Callable
from pathlib import Path

import icalendar
import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import BrowserContext, Page, expect
from pytest_django.live_server_helper import LiveServer

from councils.meetings.notices import meeting_notices_send
from councils.models import AgendaItem, Meeting
from tests.browser.axe import PHONE, assert_accessible_at_widths, assert_no_serious_axe_violations
from tests.browser.test_structure_browser import log_in, shown
from tests.conftest import Cast
from tests.factories import PDF_BYTES

TITLE = "Jongerenraad juni"
PLACE = "Buurthuis De Linde, Utrecht"
DOCUMENT = "Plan zomerkamp"
# Added in this order; the keyboard puts them in ORDERED order.
ADDED = ("Rondvraag", "Opening", "Zomerkamp")
ORDERED = ["Opening", "Zomerkamp", "Rondvraag"]


def _named(label: str, title: str) -> re.Pattern[str]:
    """A per-item control's accessible name: its label and the item's title (maybe a space before ":")."""
    return re.compile(rf"^{re.escape(shown(label))}\s*:\s*{re.escape(title)}$")


def _local(day: datetime.date, hour: int) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=timezone.get_current_timezone())


def _expect_agenda(page: Page, titles: list[str]) -> None:
    items = page.get_by_test_id("agenda-item")
    expect(items).to_have_count(len(titles))
    for index, title in enumerate(titles):
        expect(items.nth(index).locator("strong")).to_have_text(title)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_supporter_prepares_a_meeting_and_the_member_reads_the_agenda_on_a_phone(
    page: Page,
    new_context: Callable[..., BrowserContext],
    live_server: LiveServer,
    cast: Cast,
    mailoutbox: list[mail.EmailMessage],
    tmp_path: Path,
) -> None:
    next_week = timezone.localdate() + datetime.timedelta(days=7)
    starts, ends = _local(next_week, 19), _local(next_week, 21)

    # -- The supporter plans the meeting.
    log_in(page, live_server, cast.supporter)
    create_url = f"{live_server.url}/raden/{cast.chamber.slug}/vergaderingen/nieuw/"
    assert_accessible_at_widths(page, create_url)
    page.get_by_label(shown("Title"), exact=True).fill(TITLE)
    page.get_by_label(shown("Kind of meeting"), exact=True).select_option(label=shown("Chamber meeting"))
    page.get_by_label(shown("Starts at"), exact=True).fill(starts.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label(shown("Ends at"), exact=True).fill(ends.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label(shown("Place"), exact=True).fill(PLACE)
    page.get_by_role("button", name=shown("Plan the meeting"), exact=True).click()
    expect(page).to_have_url(re.compile(re.escape(live_server.url) + r"/vergaderingen/[0-9a-f-]{36}/$"))
    meeting = Meeting.objects.get(title=TITLE)
    assert (meeting.body, meeting.kind, meeting.starts_at, meeting.place) == (cast.chamber, "chamber", starts, PLACE)
    meeting_url = f"{live_server.url}/vergaderingen/{meeting.uuid}/"

    # -- Three agenda items through the form.
    for title in ADDED:
        page.get_by_role("link", name=shown("Add an agenda item"), exact=True).click()
        page.get_by_label(shown("Title"), exact=True).fill(title)
        page.get_by_label(shown("Kind of item"), exact=True).select_option(label=shown("Discussion"))
        page.get_by_role("button", name=shown("Add the item"), exact=True).click()
        expect(page).to_have_url(meeting_url + "#agenda")
    _expect_agenda(page, list(ADDED))

    # -- Reorder with the keyboard only: Tab to a move button, Enter or Space; htmx swaps the agenda in place.
    page.wait_for_function("() => window.htmx !== undefined")
    page.get_by_role("link", name=_named("Edit", "Rondvraag")).focus()
    page.keyboard.press("Tab")
    down = page.get_by_role("button", name=_named("Move down", "Rondvraag"))
    expect(down).to_be_focused()
    page.keyboard.press("Enter")
    _expect_agenda(page, ["Opening", "Rondvraag", "Zomerkamp"])
    # Wait until htmx has settled the swapped-in buttons before the next key (see test_views_agenda_browser.py).
    page.wait_for_function("() => !document.querySelector('.htmx-request, .htmx-settling, .htmx-swapping')")
    expect(down).to_be_focused()  # the swapped-in button has the same id, so focus stays on it
    # From there Tab goes on to the next item's controls.
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name=_named("Edit", "Zomerkamp"))).to_be_focused()
    page.keyboard.press("Tab")
    up = page.get_by_role("button", name=_named("Move up", "Zomerkamp"))
    expect(up).to_be_focused()
    page.keyboard.press("Space")
    _expect_agenda(page, ORDERED)
    expect(up).to_be_focused()
    expect(page.get_by_test_id("agenda-status")).to_contain_text("Zomerkamp")
    assert page.url == meeting_url + "#agenda"  # no page load
    saved = AgendaItem.objects.filter(meeting=meeting).order_by("position").values_list("title", flat=True)
    assert list(saved) == ORDERED

    # -- Upload a PDF and link it to an item.
    pdf = tmp_path / "plan-zomerkamp.pdf"
    pdf.write_bytes(PDF_BYTES)
    page.get_by_role("link", name=shown("Upload a document"), exact=True).click()
    page.get_by_label(shown("Title"), exact=True).fill(DOCUMENT)
    page.get_by_label(shown("File"), exact=True).set_input_files(pdf)
    page.get_by_role("button", name=shown("Upload"), exact=True).click()
    expect(page).to_have_url(meeting_url + "#documenten")
    expect(page.get_by_test_id("documents")).to_contain_text(DOCUMENT)

    page.get_by_role("link", name=_named("Edit", "Zomerkamp")).click()
    page.get_by_label(shown("Document"), exact=True).select_option(label=DOCUMENT)
    page.get_by_role("button", name=shown("Link the document"), exact=True).click()
    expect(page.get_by_test_id("linked-documents")).to_contain_text(DOCUMENT)
    page.goto(meeting_url)
    expect(page.get_by_test_id("agenda-item").nth(1).get_by_test_id("item-documents")).to_contain_text(DOCUMENT)

    # -- Publish the agenda.
    page.get_by_test_id("publish-agenda").click()
    expect(page.get_by_test_id("meeting-status")).to_have_text(shown("Agenda published"))
    expect(page.get_by_test_id("agenda-pdf")).to_be_visible()
    assert_no_serious_axe_violations(page, context="the meeting page as the supporter")

    # -- The beat sweep e-mails the invitees an .ics invitation.
    mailoutbox.clear()
    meeting_notices_send(now=timezone.now())
    to_member = [message for message in mailoutbox if cast.member_person.email in message.to]
    assert len(to_member) == 1
    attachments = [a for a in to_member[0].attachments if isinstance(a, tuple) and a[0].endswith(".ics")]
    assert len(attachments) == 1
    _name, content, mimetype = attachments[0]
    assert mimetype.split(";")[0] == "text/calendar"
    calendar = icalendar.Calendar.from_ical(content)
    assert str(calendar["METHOD"]) == "REQUEST"
    events = calendar.walk("VEVENT")
    assert len(events) == 1
    assert str(events[0]["SUMMARY"]) == TITLE
    assert events[0].decoded("DTSTART") == starts

    # -- The member reads the agenda on a phone.
    phone = new_context(viewport=PHONE)
    member_page = phone.new_page()
    log_in(member_page, live_server, cast.member)
    member_page.goto(f"{live_server.url}/vergaderingen/")
    row = member_page.get_by_test_id(f"meeting-{meeting.uuid}")
    expect(row).to_be_visible()
    assert_no_serious_axe_violations(member_page, context="the meeting list as the member at phone width")
    row.get_by_role("link", name=TITLE, exact=True).click()
    expect(member_page).to_have_url(meeting_url)
    _expect_agenda(member_page, ORDERED)
    expect(member_page.get_by_test_id("move-up")).to_have_count(0)  # a member cannot change the agenda
    expect(member_page.get_by_test_id("move-down")).to_have_count(0)
    document_link = member_page.get_by_test_id("item-documents").get_by_role("link", name=DOCUMENT, exact=True)
    expect(document_link).to_be_visible()
    assert_no_serious_axe_violations(member_page, context="the meeting page as the member at phone width")

    href = document_link.get_attribute("href")
    assert href is not None
    response = member_page.request.get(live_server.url + href)
    assert response.status == 200
    assert response.headers["content-type"].startswith("application/pdf")
    assert response.body() == PDF_BYTES
    with member_page.expect_download() as download_info:
        document_link.click()
    download = download_info.value
    assert download.suggested_filename == pdf.name
    assert Path(download.path()).read_bytes() == PDF_BYTES
