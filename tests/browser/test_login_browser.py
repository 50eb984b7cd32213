"""Logging in, the second factor, the language switch, logging out and keyboard use, in a real Chromium.

The browser asks for Dutch (conftest: locale nl-NL). Labels the issue names are written out in Dutch; longer texts
come from the catalogue (`nl()`), so a reworded translation does not break the tests but a missing one does.
Role and label locators double as a check that the markup names its controls.
"""

import base64
import re

import pytest
from django.utils import translation
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from accounts.models import User
from accounts.roles import Role
from tests.browser.axe import assert_accessible_at_widths, assert_no_serious_axe_violations
from tests.factories import TEST_PASSWORD, make_user, totp_device_for
from tests.helpers import current_totp

LOGIN_PATH = "/inloggen/"
CODE_PATH = "/inloggen/controle/"
SETUP_PATH = "/account/tweede-factor/"
# "?next=/" as Django's login redirect writes it, or "?next=%2F" as urlencode() does (the code page).
NEXT_HOME = r"\?next=(/|%2F)$"


def nl(message: str) -> str:
    """The Dutch text the portal shows for message; fails when the catalogue has none (the page would be English)."""
    with translation.override("nl"):
        text = translation.gettext(message)
    assert text != message, f"No Dutch translation (or `make messages` not run) for {message!r}"
    return text


def log_in_with_password(page: Page, live_server: LiveServer, user: User) -> None:
    page.goto(live_server.url + LOGIN_PATH)
    page.get_by_label("Gebruikersnaam", exact=True).fill(user.username)
    page.get_by_label("Wachtwoord", exact=True).fill(TEST_PASSWORD)
    page.get_by_role("button", name="Inloggen", exact=True).click()


def expect_home_page_of(page: Page, live_server: LiveServer, user: User) -> None:
    expect(page).to_have_url(live_server.url + "/")
    expect(page.get_by_test_id("current-user")).to_contain_text(user.display_name)


def board_member_with_device() -> tuple[User, TOTPDevice]:
    user = make_user(roles=[Role.BOARD])
    return user, totp_device_for(user)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_member_logs_in_and_sees_their_name(page: Page, live_server: LiveServer) -> None:
    member = make_user()

    log_in_with_password(page, live_server, member)

    expect_home_page_of(page, live_server, member)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_board_member_enters_code_after_password(page: Page, live_server: LiveServer) -> None:
    board, device = board_member_with_device()

    log_in_with_password(page, live_server, board)
    expect(page).to_have_url(re.compile(re.escape(live_server.url + CODE_PATH) + NEXT_HOME))

    # Without the code, every portal page sends the board member back to the code page.
    page.goto(live_server.url + "/")
    expect(page).to_have_url(re.compile(re.escape(live_server.url + CODE_PATH)))
    expect(page.get_by_role("heading", level=1)).to_have_text(nl("Enter your code"))

    page.get_by_label(nl("Code from your authenticator app"), exact=True).fill(current_totp(device))
    page.get_by_role("button", name=nl("Confirm"), exact=True).click()

    expect_home_page_of(page, live_server, board)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_wrong_password_shows_dutch_error(page: Page, live_server: LiveServer) -> None:
    member = make_user()

    page.goto(live_server.url + LOGIN_PATH)
    page.get_by_label("Gebruikersnaam", exact=True).fill(member.username)
    page.get_by_label("Wachtwoord", exact=True).fill("not-the-password")
    page.get_by_role("button", name="Inloggen", exact=True).click()

    expected = nl("The user name or password is not correct. Check them and try again.")
    expect(page.get_by_role("alert")).to_contain_text(expected)
    expect(page).to_have_url(live_server.url + LOGIN_PATH)
    expect(page.get_by_test_id("current-user")).to_have_count(0)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_language_switch_to_english_and_back(page: Page, live_server: LiveServer) -> None:
    page.goto(live_server.url + LOGIN_PATH)
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_have_text("Inloggen")

    page.get_by_label("Taal", exact=True).select_option(label="English")
    page.get_by_role("button", name=nl("Change language"), exact=True).click()

    expect(heading).to_have_text("Log in")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page).to_have_url(live_server.url + LOGIN_PATH)

    page.get_by_label("Language", exact=True).select_option(label="Nederlands")
    page.get_by_role("button", name="Change language", exact=True).click()

    expect(heading).to_have_text("Inloggen")
    expect(page.locator("html")).to_have_attribute("lang", "nl")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_logout_returns_to_login_page(page: Page, live_server: LiveServer) -> None:
    member = make_user()
    log_in_with_password(page, live_server, member)
    expect_home_page_of(page, live_server, member)

    page.get_by_role("button", name="Uitloggen", exact=True).click()

    expect(page).to_have_url(live_server.url + LOGIN_PATH)
    expect(page.get_by_role("heading", level=1)).to_have_text("Inloggen")
    expect(page.get_by_test_id("current-user")).to_have_count(0)
    page.goto(live_server.url + "/")
    expect(page).to_have_url(re.compile(re.escape(live_server.url + LOGIN_PATH) + NEXT_HOME))


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_keyboard_first_tab_is_skip_link_to_main(page: Page, live_server: LiveServer) -> None:
    page.goto(live_server.url + LOGIN_PATH)

    page.keyboard.press("Tab")
    skip_link = page.get_by_role("link", name=nl("Skip to content"), exact=True)
    expect(skip_link).to_be_focused()
    expect(skip_link).to_be_visible()  # visible on focus, so sighted keyboard users see it too

    page.keyboard.press("Enter")
    expect(page.locator("#main")).to_be_focused()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_axe_login_page(page: Page, live_server: LiveServer) -> None:
    assert_accessible_at_widths(page, live_server.url + LOGIN_PATH)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_axe_home_page_of_member(page: Page, live_server: LiveServer) -> None:
    member = make_user()
    log_in_with_password(page, live_server, member)
    expect_home_page_of(page, live_server, member)

    assert_accessible_at_widths(page, live_server.url + "/")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_axe_code_page_of_board_member(page: Page, live_server: LiveServer) -> None:
    board, _device = board_member_with_device()
    log_in_with_password(page, live_server, board)
    expect(page).to_have_url(re.compile(re.escape(live_server.url + CODE_PATH)))

    assert_accessible_at_widths(page, page.url)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_axe_second_factor_setup_page(page: Page, live_server: LiveServer) -> None:
    member = make_user()
    log_in_with_password(page, live_server, member)
    expect_home_page_of(page, live_server, member)

    assert_accessible_at_widths(page, live_server.url + SETUP_PATH)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_axe_login_page_with_error(page: Page, live_server: LiveServer) -> None:
    page.goto(live_server.url + LOGIN_PATH)
    page.get_by_role("button", name="Inloggen", exact=True).click()
    expect(page.get_by_role("alert")).to_be_visible()

    assert_no_serious_axe_violations(page, context="login page with form errors")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_member_sets_up_second_factor(page: Page, live_server: LiveServer) -> None:
    member = make_user()
    log_in_with_password(page, live_server, member)
    expect_home_page_of(page, live_server, member)

    page.goto(live_server.url + SETUP_PATH)
    expect(page.get_by_role("heading", level=1)).to_have_text(nl("Set up your second factor"))
    secret = page.get_by_test_id("totp-secret").inner_text().strip()
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    page.get_by_label(nl("Code from your authenticator app"), exact=True).fill(f"{totp(key, step=30):06d}")
    page.get_by_role("button", name=nl("Confirm"), exact=True).click()

    success = nl("Your authenticator app is set up. From now on you log in with a code.")
    expect(page.get_by_role("status")).to_contain_text(success)
    expect_home_page_of(page, live_server, member)
    assert TOTPDevice.objects.filter(user=member, confirmed=True).count() == 1
