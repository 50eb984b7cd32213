"""Issue 14 point 7 in a real Chromium: the past stays the past (W-BODY-5).

An administrator converts HBH's council into a panel (with the council's granted consent request on topic k) and
renames it; the unit's page then still says "klantenraad" and the old name for a day before the conversion, and
"klantenpanel" after it. The history page reads as Dutch. Every page is axe-clean at desktop and phone width.
"""

import datetime
import re

import pytest
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from accounts.roles import Role
from advice.models import ConsentAnswer
from councils import services as council_services
from councils.models import BodyKind
from members.models import Membership
from tests.advice.dispute_helpers import TODAY, answered_consent
from tests.browser.axe import assert_accessible_at_widths
from tests.browser.test_structure_browser import log_in, look_up_representation, shown, shown_date, unit_url
from tests.conftest import Cast
from tests.factories import make_body, make_business_unit, make_membership, make_person, make_user

SINCE = datetime.date(2019, 1, 1)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_w_body_5_converted_council_stays_a_council_on_earlier_days(
    page: Page, live_server: LiveServer, cast: Cast
) -> None:
    council = make_body(name="Klantenraad HBH", slug="klantenraad-hbh")
    unit = make_business_unit(name="HBH Thuiszorg", slug="hbh-thuiszorg")
    council_services.representation_start(body=council, unit=unit, on=SINCE, actor=None, reason="Sinds de start")
    board = make_user(username="bestuurder-hbh", roles=[Role.BOARD])
    consent = answered_consent(council=council, board=board, consent=ConsentAnswer.GRANTED, topic_code="CON-k")
    converted_on = TODAY - datetime.timedelta(days=10)
    council_label, panel_label = shown("Client council").lower(), shown("Client panel").lower()

    log_in(page, live_server, cast.administrator)
    body_url = f"{live_server.url}/raden/{council.slug}/"
    page.goto(body_url)
    page.get_by_role("link", name=shown("Convert into a panel"), exact=True).click()
    expect(page).to_have_url(body_url + "omzetten-naar-panel/")
    assert_accessible_at_widths(page, page.url)
    page.get_by_label(shown("The council's granted consent"), exact=True).select_option(value=str(consent.pk))
    page.get_by_label(shown("Takes effect on"), exact=True).fill(converted_on.isoformat())
    page.get_by_label(shown("Reason for this change"), exact=True).fill("De raad stemde in (onderwerp k)")
    page.get_by_role("button", name=shown("Convert"), exact=True).click()
    expect(page).to_have_url(body_url)
    expect(page.locator("#main")).to_contain_text(
        shown("The council is now a client panel. Its members and history stay.")
    )

    # A new name from today on.
    page.get_by_role("link", name=shown("Edit"), exact=True).click()
    page.get_by_label(shown("Name"), exact=True).fill("Klantenpanel HBH")
    page.get_by_label(shown("Reason for this change"), exact=True).fill("Nieuwe naam na de omzetting")
    page.get_by_role("button", name=shown("Save"), exact=True).click()
    expect(page).to_have_url(body_url)
    expect(page.get_by_role("heading", level=1)).to_have_text("Klantenpanel HBH")
    periods = page.get_by_test_id("body-periods")
    expect(periods).to_contain_text(f"Klantenraad HBH ({council_label})")
    expect(periods).to_contain_text(shown_date(converted_on))
    assert_accessible_at_widths(page, body_url)

    # The unit's page on a day before the conversion: the council, under its old name.
    assert_accessible_at_widths(page, unit_url(live_server, unit))
    look_up_representation(page, converted_on - datetime.timedelta(days=1))
    answer = page.get_by_test_id("represented-on")
    expect(answer).to_contain_text(f"Klantenraad HBH ({council_label})")
    expect(answer).not_to_contain_text(panel_label)
    # After it: the panel.
    look_up_representation(page, converted_on)
    expect(page.get_by_test_id("represented-on")).to_contain_text(f"Klantenraad HBH ({panel_label})")
    look_up_representation(page, TODAY)
    expect(page.get_by_test_id("represented-on")).to_contain_text(f"Klantenpanel HBH ({panel_label})")
    assert_accessible_at_widths(page, page.url)

    # The timeline has a row per name and kind, with Dutch dates.
    timeline = page.get_by_test_id("timeline")
    council_row = timeline.get_by_role("row").filter(has_text=f"({council_label})")
    expect(council_row.get_by_role("cell").nth(1)).to_have_text(shown_date(SINCE))
    expect(council_row.get_by_role("cell").nth(2)).to_have_text(shown_date(converted_on))
    expect(timeline.get_by_role("row").filter(has_text=f"({panel_label})")).to_have_count(2)

    # The history in Dutch: labels and readable values, never True or a raw code.
    history_url = body_url + "geschiedenis/"
    assert_accessible_at_widths(page, history_url)
    history = page.get_by_test_id("history")
    expect(history).to_contain_text(f"{shown('kind')}: {shown('Client council')} → {shown('Client panel')}")
    expect(history).to_contain_text(f"{shown('statutory (Wmcz)')}: {shown('yes')} → {shown('no')}")
    expect(history).not_to_contain_text("True")
    expect(history).not_to_contain_text(f"→ {BodyKind.PANEL.value}")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_w_body_3_administrator_moves_members_and_ends_a_chamber(
    page: Page, live_server: LiveServer, cast: Cast
) -> None:
    """Hollands Kroon's youth part joins the central council: its member moves (trial and term kept), then the
    chamber ends; it stays readable. The dissolve page of a council without consent on topic k says so."""
    hollands_kroon = make_body(name="Klantenraad Hollands Kroon", slug="klantenraad-hk")
    youth = council_services.chamber_create(
        council=hollands_kroon, name="Jeugd Hollands Kroon", slug="jeugd-hk", actor=None, reason="Demo"
    )
    person = make_person(display_name="Sam de Boer")
    membership = make_membership(body=youth, person=person, on=datetime.date(2025, 6, 1))

    log_in(page, live_server, cast.administrator)
    youth_url = f"{live_server.url}/raden/{youth.slug}/"
    page.goto(youth_url)
    page.get_by_role("link", name=shown("Move members to another body"), exact=True).click()
    expect(page).to_have_url(youth_url + "leden-overzetten/")
    assert_accessible_at_widths(page, page.url)
    page.get_by_label(re.compile(re.escape(person.display_name))).check()
    page.get_by_label(shown("Move to"), exact=True).select_option(label=cast.chamber.name)
    page.get_by_label(shown("Reason for this change"), exact=True).fill("Het jeugddeel gaat op in de centrale raad")
    page.get_by_role("button", name=shown("Move the members"), exact=True).click()
    expect(page).to_have_url(youth_url)
    expect(page.locator("#main")).to_contain_text(
        shown("The members have moved. Their trial period and term stay the same.")
    )
    moved = Membership.objects.get(body=cast.chamber, person=person)
    assert (moved.trial_start, moved.term_end) == (membership.trial_start, membership.term_end)

    page.get_by_role("link", name=shown("End this body"), exact=True).click()
    expect(page).to_have_url(youth_url + "beeindigen/")
    assert_accessible_at_widths(page, page.url)
    page.get_by_label(shown("Reason for this change"), exact=True).fill("Opgegaan in de centrale raad")
    page.get_by_role("button", name=shown("End the body"), exact=True).click()
    expect(page).to_have_url(youth_url)
    expect(page.get_by_test_id("body-ended")).to_contain_text(shown_date(TODAY))
    expect(page.get_by_role("link", name=shown("End this body"), exact=True)).to_have_count(0)
    assert_accessible_at_widths(page, youth_url)

    dissolve_url = f"{live_server.url}/raden/{hollands_kroon.slug}/opheffen/"
    assert_accessible_at_widths(page, dissolve_url)
    expect(page.get_by_test_id("no-consent")).to_be_visible()
