"""The organisation's structure in a real Chromium: merging business units, the bodies, a supporter's limits.

Labels are looked up with `shown()`: the text the Dutch page shows for a msgid (its translation, or the msgid itself
while the catalogue lacks it), so a new string without a translation yet does not break these tests. The login
labels the issue names are written out in Dutch, as in test_login_browser.py. Role and label locators double as a
check that the markup names its controls.
"""

import datetime
import re

import pytest
from django.utils import timezone, translation
from django.utils.formats import date_format
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from accounts.models import User
from councils import services as council_services
from councils.models import BusinessUnit
from tests.browser.axe import assert_accessible_at_widths, assert_no_serious_axe_violations
from tests.conftest import Cast
from tests.factories import TEST_PASSWORD, make_body, make_business_unit
from tests.helpers import current_totp

LOGIN_PATH = "/inloggen/"
CODE_PATH = "/inloggen/controle/"


def shown(message: str) -> str:
    """The text the portal shows in Dutch for message (the msgid itself when the catalogue has no translation yet)."""
    with translation.override("nl"):
        return translation.gettext(message)


def shown_date(day: datetime.date) -> str:
    """A date as the Dutch pages show it ("j F Y", e.g. 3 maart 2026)."""
    with translation.override("nl"):
        return date_format(day, "j F Y")


def log_in(page: Page, live_server: LiveServer, user: User) -> None:
    """Password, then the authenticator code when user has one; ends on the home page."""
    page.goto(live_server.url + LOGIN_PATH)
    page.get_by_label("Gebruikersnaam", exact=True).fill(user.username)
    page.get_by_label("Wachtwoord", exact=True).fill(TEST_PASSWORD)
    page.get_by_role("button", name="Inloggen", exact=True).click()
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is not None:
        expect(page).to_have_url(re.compile(re.escape(live_server.url + CODE_PATH)))
        page.get_by_label(shown("Code from your authenticator app"), exact=True).fill(current_totp(device))
        page.get_by_role("button", name=shown("Confirm"), exact=True).click()
    expect(page).to_have_url(live_server.url + "/")
    expect(page.get_by_test_id("current-user")).to_contain_text(user.display_name)


def unit_url(live_server: LiveServer, unit: BusinessUnit, suffix: str = "") -> str:
    return f"{live_server.url}/organisatie/{unit.slug}/{suffix}"


def look_up_representation(page: Page, day: datetime.date) -> None:
    """Ask the unit page which body represented the unit on day (the GET form), and wait for the answer."""
    page.get_by_label(shown("Represented on"), exact=True).fill(day.isoformat())
    page.get_by_role("button", name=shown("Look up"), exact=True).click()
    expect(page).to_have_url(re.compile(r"[?&]on=" + re.escape(day.isoformat()) + r"(&|$)"))
    expect(page.get_by_test_id("represented-on")).to_be_visible()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_administrator_merges_two_units_and_history_stays(page: Page, live_server: LiveServer, cast: Cast) -> None:
    today = timezone.localdate()
    unit_a = make_business_unit(name="Eenheid Noord", slug="eenheid-noord")
    unit_b = make_business_unit(name="Eenheid Zuid", slug="eenheid-zuid")
    council_c = make_body(name="Cliëntenraad Noord", slug="clientenraad-noord")
    council_services.representation_start(
        body=council_c, unit=unit_a, on=today - datetime.timedelta(days=500), actor=None, reason="test data"
    )
    log_in(page, live_server, cast.administrator)

    assert_accessible_at_widths(page, f"{live_server.url}/organisatie/")
    expect(page.get_by_test_id("unit-table")).to_be_visible()
    expect(page.get_by_test_id(f"unit-{unit_a.slug}")).to_contain_text(council_c.name)
    expect(page.get_by_test_id(f"unit-{unit_b.slug}")).to_be_visible()

    assert_accessible_at_widths(page, unit_url(live_server, unit_a))
    expect(page.get_by_test_id("represented-today")).to_contain_text(council_c.name)

    # The merge link is reachable and followed with the keyboard.
    merge_link = page.get_by_role("link", name=shown("Merge into another unit"), exact=True)
    merge_link.focus()
    expect(merge_link).to_be_focused()
    page.keyboard.press("Enter")
    expect(page).to_have_url(unit_url(live_server, unit_a, "samenvoegen/"))
    assert_accessible_at_widths(page, page.url)

    page.get_by_label(shown("Merge into"), exact=True).select_option(label=unit_b.name)
    on_field = page.get_by_label(shown("Takes effect on"), exact=True)
    expect(on_field).to_have_value(today.isoformat())  # today's date is the default, and kept
    page.get_by_label(shown("Reason for this change"), exact=True).fill("Besluit bestuur: Noord en Zuid samen")
    page.get_by_role("button", name=shown("Merge"), exact=True).click()

    expect(page).to_have_url(unit_url(live_server, unit_a))
    archived = shown("This unit is archived: it was merged into %(target)s.") % {"target": unit_b.name}
    expect(page.locator("#main")).to_contain_text(archived)
    link_to_b = page.locator("#main").locator(f'a[href="/organisatie/{unit_b.slug}/"]')
    expect(link_to_b).to_contain_text(unit_b.name)
    expect(page.get_by_role("link", name=shown("Merge into another unit"), exact=True)).to_have_count(0)
    expect(page.get_by_test_id("represented-today")).not_to_contain_text(council_c.name)
    # The timeline keeps C's period, which now ends on the merge day.
    row_c = page.get_by_test_id("timeline").get_by_role("row").filter(has_text=council_c.name)
    expect(row_c.get_by_role("cell").nth(2)).to_have_text(shown_date(today))

    unit_a.refresh_from_db()
    assert not unit_a.active
    assert unit_a.merged_into == unit_b

    # History stays: a year ago C represented A; since the merge day (half-open period: it ends that day) nobody.
    look_up_representation(page, today - datetime.timedelta(days=365))
    expect(page.get_by_test_id("represented-on")).to_contain_text(council_c.name)
    look_up_representation(page, today)
    answer = page.get_by_test_id("represented-on")
    expect(answer).to_contain_text(shown("no body represented this unit."))
    expect(answer).not_to_contain_text(council_c.name)
    look_up_representation(page, today - datetime.timedelta(days=1))
    expect(page.get_by_test_id("represented-on")).to_contain_text(council_c.name)

    assert_accessible_at_widths(page, unit_url(live_server, unit_a))
    assert_accessible_at_widths(page, unit_url(live_server, unit_b))
    merged_here = page.locator("#main").locator(f'a[href="/organisatie/{unit_a.slug}/"]')
    expect(merged_here).to_have_text(unit_a.name)  # B lists A under "merged into this unit"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_structure_pages_are_accessible(page: Page, live_server: LiveServer, cast: Cast) -> None:
    log_in(page, live_server, cast.administrator)

    assert_accessible_at_widths(page, f"{live_server.url}/raden/")
    tree = page.get_by_test_id("body-tree")
    expect(tree.get_by_test_id(f"body-{cast.council.slug}")).to_contain_text(cast.council.name)
    expect(tree.get_by_test_id(f"body-{cast.chamber.slug}")).to_contain_text(cast.chamber.name)

    for body in (cast.council, cast.chamber):
        assert_accessible_at_widths(page, f"{live_server.url}/raden/{body.slug}/")
        expect(page.get_by_role("heading", level=1)).to_have_text(body.name)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_supporter_cannot_edit_the_other_chamber(page: Page, live_server: LiveServer, cast: Cast) -> None:
    log_in(page, live_server, cast.supporter)  # a supporter has no role, so no authenticator code

    response = page.goto(f"{live_server.url}/raden/{cast.other_chamber.slug}/bewerken/")
    assert response is not None
    assert response.status == 403

    response = page.goto(f"{live_server.url}/raden/{cast.chamber.slug}/bewerken/")
    assert response is not None
    assert response.status == 200
    # A supporter gets the small form: the public text and contact address, not the name or place.
    expect(page.locator('[name="public_description"]')).to_have_count(1)
    expect(page.locator('[name="name"], [name="slug"], [name="parent"]')).to_have_count(0)
    description = "Wij zijn de jongerenkamer. Je kunt ons altijd mailen."
    page.get_by_label(shown("What this body does (public text)"), exact=True).fill(description)
    page.get_by_label(shown("Reason for this change"), exact=True).fill("Nieuwe tekst voor de website")
    page.get_by_role("button", name=shown("Save"), exact=True).click()

    expect(page).to_have_url(f"{live_server.url}/raden/{cast.chamber.slug}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(cast.chamber.name)
    expect(page.locator("#main")).to_contain_text(description)
    cast.chamber.refresh_from_db()
    assert cast.chamber.public_description == description


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_merge_without_reason_shows_error_and_merges_nothing(page: Page, live_server: LiveServer, cast: Cast) -> None:
    target = make_business_unit(name="Eenheid Doel", slug="eenheid-doel")
    log_in(page, live_server, cast.administrator)
    merge_url = unit_url(live_server, cast.unit, "samenvoegen/")
    page.goto(merge_url)

    page.get_by_label(shown("Merge into"), exact=True).select_option(label=target.name)
    with page.expect_response(lambda r: r.request.method == "POST" and r.url == merge_url) as posted:
        page.get_by_role("button", name=shown("Merge"), exact=True).click()

    assert posted.value.status == 200
    expect(page).to_have_url(merge_url)
    expect(page.get_by_role("alert")).to_be_visible()
    reason = page.get_by_label(shown("Reason for this change"), exact=True)
    expect(reason).to_have_attribute("aria-invalid", "true")
    expect(reason).to_have_attribute("aria-describedby", re.compile(r"(^|\s)id_reason_error(\s|$)"))
    error = page.locator("#id_reason_error")
    expect(error).to_have_text(shown("This field is required."))
    # The other fields keep what was entered.
    expect(page.get_by_label(shown("Merge into"), exact=True)).to_have_value(str(target.pk))
    assert_no_serious_axe_violations(page, context="merge form with a missing reason")

    cast.unit.refresh_from_db()
    assert cast.unit.active
    assert cast.unit.merged_into is None
    assert not BusinessUnit.objects.filter(merged_into=target).exists()
