"""The agenda's move buttons in a real Chromium: by keyboard, swapped in by htmx under the CSP, and without htmx.

Labels come from `shown()` (tests/browser/test_structure_browser.py): the Dutch text for a msgid, or the msgid while
the catalogue lacks it.
"""

import re

from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from councils.meetings import services
from councils.models import AgendaItem, Meeting
from tests.browser.axe import assert_no_serious_axe_violations
from tests.browser.test_structure_browser import log_in, shown
from tests.conftest import Cast
from tests.factories import make_meeting


def _named(label: str, title: str) -> re.Pattern[str]:
    """The button's accessible name: its label and the item's title (the browser may put a space before ":")."""
    return re.compile(rf"^{re.escape(shown(label))}\s*:\s*{re.escape(title)}$")


def _titles(meeting: Meeting) -> list[str]:
    return list(AgendaItem.objects.filter(meeting=meeting).order_by("position").values_list("title", flat=True))


def test_supporter_reorders_the_agenda_by_keyboard(page: Page, live_server: LiveServer, cast: Cast) -> None:
    meeting = make_meeting(body=cast.chamber, title="Jongerenraad december")
    for title in ("Opening", "Jaarplan", "Rondvraag"):
        services.agenda_item_add(meeting=meeting, title=title, kind="discussion", actor=None)
    csp_errors: list[str] = []
    page.on("console", lambda message: csp_errors.append(message.text) if "Content Security" in message.text else None)
    log_in(page, live_server, cast.supporter)
    page.set_viewport_size({"width": 390, "height": 844})
    url = f"{live_server.url}/vergaderingen/{meeting.uuid}/"
    page.goto(url)
    page.wait_for_function("() => window.htmx !== undefined")
    down = page.get_by_role("button", name=_named("Move down", "Opening"))
    down.focus()
    page.keyboard.press("Enter")
    items = page.get_by_test_id("agenda-item")
    expect(items.first).to_contain_text("Jaarplan")
    # htmx swapped the agenda in: no page load, so the address has no anchor of the redirect.
    assert page.url == url
    assert _titles(meeting) == ["Jaarplan", "Opening", "Rondvraag"]
    # The swap is announced; wait until htmx has settled the new buttons (a key pressed in the few milliseconds
    # before that would submit the form without htmx, which also works but reloads the page).
    expect(page.get_by_test_id("agenda-status")).to_contain_text("Opening")
    page.wait_for_function("() => !document.querySelector('.htmx-request, .htmx-settling, .htmx-swapping')")
    # Focus stays on the moved item's button (same id after the swap), so the keyboard user can go on.
    page.keyboard.press("Enter")
    expect(items.nth(2)).to_contain_text("Opening")
    assert _titles(meeting) == ["Jaarplan", "Rondvraag", "Opening"]
    expect(page.get_by_test_id("agenda-status")).to_contain_text("Opening")
    assert csp_errors == []
    assert_no_serious_axe_violations(page)


def test_the_move_buttons_work_without_javascript(browser: object, live_server: LiveServer, cast: Cast) -> None:
    meeting = make_meeting(body=cast.chamber)
    for title in ("Opening", "Jaarplan"):
        services.agenda_item_add(meeting=meeting, title=title, kind="discussion", actor=None)
    context = browser.new_context(java_script_enabled=False, locale="nl-NL")  # type: ignore[attr-defined]
    page = context.new_page()
    log_in(page, live_server, cast.supporter)
    page.goto(f"{live_server.url}/vergaderingen/{meeting.uuid}/")
    page.get_by_role("button", name=_named("Move up", "Jaarplan")).click()
    expect(page.get_by_test_id("agenda-item").first).to_contain_text("Jaarplan")
    assert _titles(meeting) == ["Jaarplan", "Opening"]
    context.close()
