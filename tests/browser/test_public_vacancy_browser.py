"""A visitor responds to a vacancy in a real Chromium, with the keyboard only (W-MEM-7, W-MEM-8).

No login. Labels are looked up with `shown()` (the Dutch text for a msgid, or the msgid while the catalogue lacks it).
"""

import datetime
import re
from collections.abc import Iterator

import pytest
from django.core.cache import cache
from django.utils import timezone
from playwright.sync_api import Locator, Page, expect
from pytest_django.live_server_helper import LiveServer

from members.models import Group, Membership, Person
from members.services import vacancies
from tests.browser.axe import assert_accessible_at_widths, assert_no_serious_axe_violations
from tests.browser.test_structure_browser import shown
from tests.conftest import Cast

MAX_TABS = 60


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
def test_visitor_responds_with_the_keyboard_only(page: Page, live_server: LiveServer, cast: Cast) -> None:
    vacancy = vacancies.vacancy_publish(
        body=cast.chamber,
        title="Jongeren gezocht",
        text="Denk mee over de jeugdhulp.\nWe komen vier keer per jaar samen.",
        group=Group.YOUTH,
        closes_on=timezone.localdate() + datetime.timedelta(days=30),
        actor=None,
    )
    list_url = f"{live_server.url}/openbaar/{cast.chamber.slug}/vacatures/"
    respond_url = f"{live_server.url}/openbaar/{cast.chamber.slug}/vacatures/{vacancy.uuid}/reageren/"
    people_before = Person.objects.count()
    assert_accessible_at_widths(page, list_url)
    assert_accessible_at_widths(page, respond_url)

    # The list, then the link to respond, followed with Enter.
    page.goto(list_url)
    expect(page.get_by_role("heading", name="Jongeren gezocht")).to_be_visible()
    # The link's name includes the vacancy's title (visually hidden), so that each link says where it goes.
    tab_to(page, page.get_by_role("link", name=re.compile(rf"^{shown('Respond')}\W+Jongeren gezocht$")))
    page.keyboard.press("Enter")
    expect(page).to_have_url(respond_url)

    # The honeypot is there for bots, but not for people: not visible, not reachable.
    expect(page.locator("#id_website")).to_be_hidden()

    # A 14-year-old fills in the form without a parent first: the form explains and keeps what was typed.
    type_into(page, page.get_by_label(shown("Your name"), exact=True), "Sanne")
    type_into(page, page.get_by_label(shown("E-mail address"), exact=True), "sanne@example.org")
    youth = page.get_by_role("radio", name=shown("Young person"))
    tab_to(page, youth)
    page.keyboard.press("Space")
    expect(youth).to_be_checked()
    type_into(page, page.get_by_label(shown("Year of birth"), exact=True), str(timezone.localdate().year - 14))
    type_into(page, page.get_by_label(shown("Tell us a bit about yourself"), exact=True), "Ik wil meedenken.")
    tab_to(page, page.get_by_role("button", name=shown("Send my response")))
    page.keyboard.press("Enter")

    expect(page.get_by_role("alert")).to_be_visible()
    guardian = page.get_by_label(shown("Name of your parent or carer who agrees"), exact=True)
    expect(guardian).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_label(shown("Your name"), exact=True)).to_have_value("Sanne")
    assert Person.objects.count() == people_before
    assert_no_serious_axe_violations(page, context="the response form with errors")

    # Together with a parent: the name of the parent, and send.
    type_into(page, guardian, "Mijn moeder, Anna")
    tab_to(page, page.get_by_role("button", name=shown("Send my response")))
    page.keyboard.press("Enter")

    expect(page).to_have_url(f"{live_server.url}/openbaar/{cast.chamber.slug}/vacatures/bedankt/")
    expect(page.get_by_role("heading", level=1)).to_have_text(shown("Thank you for your response"))
    membership = Membership.objects.select_related("person").get(vacancy=vacancy)
    assert (membership.body, membership.vacancy) == (cast.chamber, vacancy)
    assert membership.person.guardian_consent_by == "Mijn moeder, Anna"
    assert membership.application_text == "Ik wil meedenken."
