"""A member's whole lifecycle in a real Chromium: from the public vacancy to "Mijn lidmaatschap" (issue 5).

A visitor responds to a vacancy (W-MEM-7); the supporter finds the candidate on /leden/, starts the trial (W-MEM-4),
is reminded 14 days before it ends (time moved forward with time-machine; the sweep runs in the test process), records
the evaluation "continue" with the suitability criteria seen (W-MEM-1) and invites the member to log in; the member
chooses a password from the invitation e-mail and sees their body, role and term dates. axe checks every page.

time-machine moves the clock of the whole process, so also the live server's thread; `tick=True` keeps it running
for the browser. A session lives two weeks, so after each move forward the supporter logs in again. Labels are looked
up with `shown()` (the Dutch text for a msgid, or the msgid while the catalogue lacks it).
"""

import datetime
import re
from collections.abc import Callable, Iterator
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.core.cache import cache
from django.utils import timezone
from playwright.sync_api import BrowserContext, Locator, Page, expect
from pytest_django.live_server_helper import LiveServer

from incluzio_mz.models import Notification
from members.models import Group, Membership, Status
from members.reminders import ReminderKind
from members.services import vacancies
from members.services._common import add_months, add_years
from members.services.reminders import membership_reminders_send
from tests.browser.axe import assert_accessible_at_widths, assert_no_serious_axe_violations
from tests.browser.test_structure_browser import log_in, shown, shown_date
from tests.conftest import Cast
from tests.factories import TEST_PASSWORD

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
NAME = "Daan de Vries"
EMAIL = "daan@example.org"
RECORD = "Daan doet goed mee en wil graag verder. We spraken af dat hij de notulen leest."


@pytest.fixture(autouse=True)
def _empty_rate_limit_counts() -> Iterator[None]:
    cache.clear()
    yield
    cache.clear()


def at(day: datetime.date, hour: int) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=AMSTERDAM)


def step_link(page: Page, label: str) -> Locator:
    """A lifecycle step's link on the person page (its name ends with the body, visually hidden)."""
    return page.get_by_test_id("steps").get_by_role("link", name=re.compile("^" + re.escape(shown(label))))


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_member_lifecycle_from_vacancy_to_my_membership(
    page: Page,
    new_context: Callable[..., BrowserContext],
    live_server: LiveServer,
    cast: Cast,
    mailoutbox: list[mail.EmailMessage],
) -> None:
    today = timezone.localdate()
    vacancy = vacancies.vacancy_publish(
        body=cast.chamber,
        title="Ouders gezocht",
        text="Denk mee over de hulp aan uw kind.\nWe komen vier keer per jaar samen.",
        group=Group.PARENT,
        closes_on=today + datetime.timedelta(days=30),
        actor=None,
    )
    chamber = cast.chamber.name

    # -- A visitor responds to the vacancy (no login).
    page.goto(f"{live_server.url}/openbaar/{cast.chamber.slug}/vacatures/")
    page.get_by_role("link", name=re.compile(rf"^{re.escape(shown('Respond'))}\W+Ouders gezocht$")).click()
    respond_url = f"{live_server.url}/openbaar/{cast.chamber.slug}/vacatures/{vacancy.uuid}/reageren/"
    expect(page).to_have_url(respond_url)
    assert_accessible_at_widths(page, respond_url)
    page.get_by_label(shown("Your name"), exact=True).fill(NAME)
    page.get_by_label(shown("E-mail address"), exact=True).fill(EMAIL)
    page.get_by_role("radio", name=shown("Parent or carer")).check()
    page.get_by_label(shown("Year of birth"), exact=True).fill("1990")
    page.get_by_label(shown("Tell us a bit about yourself"), exact=True).fill("Mijn zoon krijgt hulp.")
    page.get_by_role("button", name=shown("Send my response")).click()
    expect(page).to_have_url(f"{live_server.url}/openbaar/{cast.chamber.slug}/vacatures/bedankt/")
    expect(page.get_by_role("heading", level=1)).to_have_text(shown("Thank you for your response"))
    membership = Membership.objects.select_related("person").get(vacancy=vacancy)
    person = membership.person
    assert (membership.status, person.email, person.birth_year) == (Status.CANDIDATE, EMAIL, 1990)
    person_url = f"{live_server.url}/leden/{person.uuid}/"
    section = page.get_by_test_id(f"membership-{membership.uuid}")

    # -- The supporter finds the candidate on /leden/ and starts the trial today.
    log_in(page, live_server, cast.supporter)
    assert_accessible_at_widths(page, f"{live_server.url}/leden/")
    row = page.get_by_test_id(f"membership-{membership.uuid}")
    expect(row.get_by_test_id("attention-candidate")).to_be_visible()
    row.get_by_role("link", name=NAME, exact=True).click()
    expect(page).to_have_url(person_url)
    assert_accessible_at_widths(page, person_url)
    expect(page.get_by_role("heading", level=1)).to_have_text(NAME)
    expect(section.get_by_role("heading", level=3)).to_have_text(f"{chamber}: {shown('Candidate').lower()}")
    expect(section).to_contain_text("Mijn zoon krijgt hulp.")

    step_link(page, "Start the trial period").click()
    expect(page).to_have_url(re.compile(r"/proeftijd-starten/$"))
    expect(page.get_by_label(shown("Trial period starts on"), exact=True)).to_have_value(today.isoformat())
    assert_no_serious_axe_violations(page)
    # The intake's suitability criteria are recorded with the appointment (W-MEM-1).
    intake = ("Helps the council reflect its target group", "Has positive and/or negative experiences to share")
    for criterion in intake:
        page.get_by_role("checkbox", name=shown(criterion)).check()
    page.get_by_label(shown("Notes on suitability"), exact=True).fill("Intakegesprek met de voorzitter.")
    page.get_by_label(shown("Role"), exact=True).select_option(label=shown("Member"))
    page.get_by_role("button", name=shown("Start the trial period")).click()
    expect(page).to_have_url(person_url)
    assert membership.__class__.objects.get(pk=membership.pk).suitability == ["reflects_target_group", "has_experience"]
    trial_end = add_months(today, 3)  # the regulation's default trial period
    expect(section.get_by_role("heading", level=3)).to_have_text(f"{chamber}: {shown('Trial period').lower()}")
    expect(section).to_contain_text(f"{shown_date(today)} - {shown_date(trial_end)}")

    with time_machine.travel(at(trial_end - datetime.timedelta(days=14), 8), tick=True) as traveller:
        # -- 14 days before the trial ends the sweep reminds the supporter (the session has expired meanwhile).
        assert membership_reminders_send(now=timezone.now()) >= 1
        reminder = Notification.objects.get(recipient=cast.supporter, kind=ReminderKind.TRIAL_ENDS_SOON)
        log_in(page, live_server, cast.supporter)
        assert_accessible_at_widths(page, f"{live_server.url}/meldingen/")
        title = shown("The trial period of {name} in {body} ends in {days} days").format(
            name=NAME, body=chamber, days=14
        )
        item = page.get_by_test_id(f"notification-{reminder.pk}")
        expect(item.get_by_role("link", name=title, exact=True)).to_have_attribute("href", f"/leden/{person.uuid}/")
        item.get_by_role("link", name=title, exact=True).click()
        expect(page).to_have_url(person_url)
        expect(section.get_by_test_id("attention-trial_soon")).to_be_visible()

        # -- On the day the trial ends: the evaluation, "continue", with the suitability criteria (W-MEM-1).
        traveller.move_to(at(trial_end, 10))
        log_in(page, live_server, cast.supporter)
        page.goto(person_url)
        step_link(page, "Record the trial evaluation").click()
        expect(page).to_have_url(re.compile(r"/evaluatie/$"))
        assert_accessible_at_widths(page, page.url)
        expect(page.get_by_label(shown("Conversation held on"), exact=True)).to_have_value(trial_end.isoformat())
        page.get_by_role("radio", name=shown("Continue as a member")).check()
        page.get_by_label(shown("Short record of the conversation"), exact=True).fill(RECORD)
        criteria = ("Really wants to help improve the support", "Receives or has received support")
        for criterion in criteria:
            page.get_by_role("checkbox", name=shown(criterion)).check()
        page.get_by_role("button", name=shown("Save the evaluation")).click()
        expect(page).to_have_url(person_url)
        term_end = add_years(today, 3)  # the first term starts at the trial's start
        expect(section.get_by_role("heading", level=3)).to_have_text(f"{chamber}: {shown('Member').lower()}")
        term = shown("term %(number)s") % {"number": 1}
        expect(section).to_contain_text(f"{shown_date(today)} - {shown_date(term_end)} ({term})")
        expect(section).to_contain_text(RECORD)
        # The intake's criteria were pre-ticked on the evaluation form; all four are recorded now.
        for criterion in (*intake, *criteria):
            expect(section).to_contain_text(shown(criterion))

        # -- The supporter invites the member to log in; the member chooses a password from the e-mail.
        page.get_by_role("button", name=shown("Invite to log in")).click()
        expect(page).to_have_url(person_url)
        expect(page.get_by_test_id("has-login")).to_be_visible()
        invitations = [message for message in mailoutbox if message.to == [EMAIL]]
        assert len(invitations) == 1
        link = re.search(rf"{re.escape(live_server.url)}/\S+", str(invitations[0].body))
        assert link is not None, invitations[0].body

        member_page = new_context().new_page()
        member_page.goto(link.group(0))
        member_page.get_by_label(shown("New password"), exact=True).fill(TEST_PASSWORD)
        member_page.get_by_label(shown("New password confirmation"), exact=True).fill(TEST_PASSWORD)
        member_page.get_by_role("button", name=shown("Save password")).click()
        expect(member_page.get_by_role("heading", level=1)).to_have_text(shown("Password saved"))
        person.refresh_from_db()
        member = person.user
        assert member is not None
        log_in(member_page, live_server, member)

        my_url = f"{live_server.url}/mijn-lidmaatschap/"
        assert_accessible_at_widths(member_page, my_url)
        mine = member_page.get_by_test_id(f"my-membership-{cast.chamber.slug}")
        expect(mine.get_by_role("heading", level=2)).to_have_text(chamber)
        expect(mine).to_contain_text(shown("Member"))
        dates = shown("from %(start)s to %(end)s (term %(number)s)") % {
            "start": shown_date(today),
            "end": shown_date(term_end),
            "number": 1,
        }
        expect(mine).to_contain_text(dates)
