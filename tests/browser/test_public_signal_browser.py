"""An anonymous visitor sends a signal to a panel from its public page, with the keyboard only, and the signal is
followed up to the end (issue 8 item 4, W-PAN-2): the panel's supporter forwards it to the central council, the
council's supporter records what the council did with it, and the panel's supporter records that the person was told
and closes it. axe finds no serious issue on the public pages, at desktop and at phone width.

Labels are looked up with `shown()` (the Dutch text for a msgid, or the msgid while the catalogue lacks it).
"""

import re
from collections.abc import Callable, Iterator

import pytest
from django.core.cache import cache
from django.utils import timezone
from playwright.sync_api import BrowserContext, Locator, Page, expect
from pytest_django.live_server_helper import LiveServer

from councils import services as council_services
from councils.models import BodyKind
from incluzio_mz.lib.form_token import MIN_AGE
from incluzio_mz.models import Notification
from panels.models import Signal, SignalSource, SignalStatus
from tests.browser.axe import assert_accessible_at_widths
from tests.browser.test_structure_browser import log_in, shown
from tests.conftest import Cast
from tests.factories import make_body, make_membership, make_person, make_user

MAX_TABS = 80


@pytest.fixture(autouse=True)
def _empty_rate_limit_counts() -> Iterator[None]:
    cache.clear()
    yield
    cache.clear()


def tab_to(page: Page, target: Locator) -> None:
    """Press Tab until target has the focus, as a keyboard user would (fails when it is not reachable)."""
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        if target.evaluate("element => element === document.activeElement"):
            return
    pytest.fail(f"{target} cannot be reached with the Tab key")


def type_into(page: Page, target: Locator, text: str) -> None:
    tab_to(page, target)
    page.keyboard.type(text)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_visitor_sends_a_signal_and_it_is_followed_up_to_the_end(
    page: Page, new_context: Callable[..., BrowserContext], live_server: LiveServer, cast: Cast
) -> None:
    # The demo-like structure: the central council, the Kracht panel that feeds it, each with its own supporter.
    central = make_body(
        kind=BodyKind.COUNCIL,
        name="Centrale klantenraad jeugd",
        slug="centrale-klantenraad-jeugd",
        contact_email="klantenraad@example.org",
    )
    council_services.regulation_create_for_council(council=central, actor=None, reason="test data")
    kracht = make_body(
        kind=BodyKind.PANEL,
        name="Panel Kracht",
        slug="kracht",
        parent=central,
        public_description="Wij praten mee over de hulp in Kracht.",
        contact_email="kracht@example.org",
    )
    panel_supporter = make_user(username="pia-panel-supporter")
    council_supporter = make_user(username="cees-council-supporter")
    council_services.body_supporter_add(body=kracht, user=panel_supporter, actor=None, reason="test data")
    council_services.body_supporter_add(body=central, user=council_supporter, actor=None, reason="test data")
    # A member who allowed her first name, with contact details that must never show.
    make_membership(
        body=kracht,
        person=make_person(display_name="Noor Jansen", name_public=True, email="noor@example.org", phone="0611223344"),
    )

    base = live_server.url
    list_url = f"{base}/openbaar/"
    body_url = f"{base}/openbaar/kracht/"

    # --- The anonymous visitor, keyboard only -------------------------------------------------------------------
    page.goto(list_url)
    tab_to(page, page.get_by_role("link", name="Panel Kracht", exact=True))
    page.keyboard.press("Enter")
    expect(page).to_have_url(body_url)
    expect(page.get_by_role("heading", level=1)).to_have_text("Panel Kracht")
    expect(page.get_by_test_id("public-members")).to_contain_text("Noor")
    content = page.content()
    for private in ("Jansen", "noor@example.org", "0611223344"):
        assert private not in content
    # The honeypot is there for bots, not for people: not visible, not reachable.
    expect(page.locator("#id_website")).to_be_hidden()

    type_into(page, page.get_by_label(shown("What is it about?"), exact=True), "Lang wachten")
    type_into(
        page, page.get_by_label(shown("Tell us what happened"), exact=True), "Ik wacht al drie weken op een afspraak."
    )
    type_into(page, page.get_by_label(shown("Your name (you may leave this empty)"), exact=True), "Sanne")
    type_into(
        page,
        page.get_by_label(shown("Your e-mail or phone number (you may leave this empty)"), exact=True),
        "sanne@example.org",
    )
    # A person takes a few seconds; a form sent faster is refused as a bot's (docs/SECURITY.md).
    page.wait_for_timeout(MIN_AGE * 1000)
    tab_to(page, page.get_by_role("button", name=shown("Send"), exact=True))
    page.keyboard.press("Enter")

    expect(page).to_have_url(re.compile(re.escape(f"{body_url}laat-van-je-horen/ontvangen/") + r"\?ref="))
    signal = Signal.objects.get()
    assert (signal.body, signal.source) == (kracht, SignalSource.PUBLIC_FORM)
    assert signal.sender_contact == "sanne@example.org"
    expect(page.get_by_test_id("signal-reference")).to_have_text(signal.reference)
    receipt_url = page.url
    assert Notification.objects.filter(recipient=panel_supporter).exists()

    # axe on every public page, at desktop and phone width.
    for url in (list_url, body_url, f"{body_url}laat-van-je-horen/", receipt_url):
        assert_accessible_at_widths(page, url)

    # --- The panel's supporter sees it and forwards it to the central council -----------------------------------
    panel_page = new_context().new_page()
    log_in(panel_page, live_server, panel_supporter)
    panel_page.goto(f"{base}/signalen/")
    panel_page.get_by_role("link", name=f"{signal.reference}: Lang wachten").click()
    expect(panel_page.get_by_test_id("signal-description")).to_have_text("Ik wacht al drie weken op een afspraak.")
    panel_page.get_by_role("link", name=shown("Forward to the central council")).click()
    expect(panel_page.get_by_label(shown("Central council"), exact=True)).to_have_value(str(central.pk))
    panel_page.get_by_role("button", name=shown("Forward"), exact=True).click()
    expect(panel_page.get_by_test_id("signal-council")).to_contain_text("Centrale klantenraad jeugd")

    # --- The council's supporter answers for the council ----------------------------------------------------------
    council_page = new_context().new_page()
    log_in(council_page, live_server, council_supporter)
    council_page.goto(f"{base}/signalen/")
    council_page.get_by_role("link", name=f"{signal.reference}: Lang wachten").click()
    council_page.get_by_role("link", name=shown("Record what the council did with it")).click()
    council_page.get_by_label(shown("What the council did with it"), exact=True).fill(
        "Besproken met de bestuurder: er komt een extra medewerker voor de intake."
    )
    # Filled in explicitly: the step page starts empty for a signal the council has not answered yet.
    council_page.get_by_label(shown("Answered on"), exact=True).fill(timezone.localdate().isoformat())
    council_page.get_by_role("button", name=shown("Save"), exact=True).click()
    expect(council_page.get_by_test_id("signal-council-response")).to_contain_text("extra medewerker")

    # --- The panel's supporter records the answer, that Sanne was told, and closes it -----------------------------
    panel_page.reload()
    panel_page.get_by_role("link", name=shown("Record what was done with it")).click()
    panel_page.get_by_label(shown("What was done with it"), exact=True).fill(
        "Doorgestuurd naar de centrale raad; er komt een extra medewerker."
    )
    panel_page.get_by_role("button", name=shown("Save the answer"), exact=True).click()
    panel_page.get_by_role("link", name=shown("Record that the person was told")).click()
    panel_page.get_by_label(shown("How"), exact=True).fill("per e-mail")
    panel_page.get_by_role("button", name=shown("Save"), exact=True).click()
    expect(panel_page.get_by_test_id("signal-told")).to_be_visible()
    panel_page.get_by_test_id("close-signal").click()
    expect(panel_page.get_by_test_id("signal-status")).to_contain_text(shown("Closed"))

    signal.refresh_from_db()
    assert signal.status == SignalStatus.CLOSED
    assert signal.forwarded_to == central
    assert signal.told_on is not None
    assert "extra medewerker" in signal.council_response
