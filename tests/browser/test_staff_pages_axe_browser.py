"""axe on the staff pages of issues 7 and 8 (requests, letters, disputes, nullity, panels, signals, local contacts).

The standard: no serious or critical axe finding at desktop or phone width on any page. The public pages, the request
list, detail and decide form and the meeting and member pages are checked by the other browser tests; this one covers
the rest of the staff side of issues 7 and 8, each page with data that fills its tables and blocks.

Set-up through the services (tests/factories.py, advice.services, panels.services), as data only: a decided request
with a ready letter and a dispute about it (three committee members, a ruling); a decided request whose letter failed
(the Letter row set to failed with the ORM, as a failed rendering leaves it); a submitted request, one waiting for the
board's information and an answered one; an open dispute; a nullity window (open) and an invoked one; a panel of the
cast's council with activities and signals in every state, one forwarded to the council and answered there; a
working visit and a panel contact of the council (W-SCOPE-5).

Each role has one browser context: the board member (`bob-board`, with an authenticator), the council's supporter
(the cast's supporter, here also supporting the council itself) and the panel's supporter. Pages that share a
template with another checked page and show nothing else are left out (the other signal and dispute steps). Every
page must answer 200 itself (no redirect, e.g. to the login page) and show the blocks it is checked for before axe
looks at it; the findings of all pages are collected and reported together.
"""

import datetime
from collections.abc import Callable
from importlib import import_module
from typing import Any

import pytest
from django.apps import apps
from django.utils import timezone
from playwright.sync_api import BrowserContext, Page
from pytest_django.live_server_helper import LiveServer

from accounts.models import User
from advice.models import (
    CommitteeAppointer,
    DisputeParty,
    DisputeSubject,
    Letter,
    LetterStatus,
    NullityWindowStart,
    RulingEffect,
    Topic,
)
from advice.services import answers, disputes, nullity, requests
from councils import services as council_services
from councils.models import BodyKind
from panels.models import ActivityMethod, ContactKind, SignalSource
from panels.services import activities, contacts, signals
from tests.browser.axe import WIDTHS, format_violations, serious_axe_violations
from tests.browser.test_structure_browser import log_in
from tests.conftest import Cast
from tests.factories import make_advice_request, make_body, make_decided_request, make_user

PANEL_SLUG = "cast-panel"


@pytest.fixture
def topics(db: None) -> None:
    """The topic catalogue is loaded by a migration; an earlier transactional test's flush may have removed it."""
    if not Topic.objects.exists():
        import_module("advice.migrations.0002_topics").load_topics(apps, None)


class AxeSweep:
    """Opens pages at desktop and phone width, runs axe, and keeps every finding to report them all at once."""

    def __init__(self, live_server: LiveServer) -> None:
        self.base = live_server.url
        self.failures: list[str] = []
        self.checked: list[str] = []

    def check(self, page: Page, path: str, who: str, shows: tuple[str, ...] = ()) -> None:
        """axe on path at both widths; `shows` names test ids the page must have (the blocks this check is for)."""
        original = page.viewport_size
        try:
            for name, size in WIDTHS:
                page.set_viewport_size(size)
                response = page.goto(self.base + path)
                status = response.status if response is not None else None
                if status != 200 or page.url != self.base + path:
                    self.failures.append(f"{path} as {who}: status {status} at {page.url}, not 200 at the page")
                    break
                missing = [test_id for test_id in shows if page.get_by_test_id(test_id).count() == 0]
                if missing:
                    self.failures.append(f"{path} as {who}: does not show {', '.join(missing)}")
                    shows = ()
                violations = serious_axe_violations(page)
                if violations:
                    self.failures.append(f"{path} as {who} at {name} width:\n{format_violations(violations)}")
        finally:
            if original is not None:
                page.set_viewport_size(original)
        self.checked.append(path)

    def assert_clean(self) -> None:
        if self.failures:
            count = len(self.failures)
            pytest.fail(f"{count} page check(s) failed of {len(self.checked)} pages:\n" + "\n".join(self.failures))


def _requests(cast: Cast) -> dict[str, Any]:
    """Requests in several states, a dispute with its committee and ruling, an open dispute, nullity windows."""
    today = timezone.localdate()
    board, supporter = cast.board, cast.supporter
    ready = make_decided_request(
        council=cast.council,
        board=board,
        supporter=supporter,
        outcome="deviates",
        reasons="Het gesprek helpt wachtenden direct.",
        title="Wachtlijst jeugdhulp",
    )
    assert ready.letters.get().status == LetterStatus.READY  # rendered at once: Celery runs eagerly in tests
    dispute = disputes.dispute_open(
        council=cast.council,
        request=ready,
        subject=DisputeSubject.ADVICE,
        brought_by=DisputeParty.COUNCIL,
        description="De bestuurder wijkt af zonder goede redenen.",
        opened_on=today - datetime.timedelta(days=5),
        actor=None,
    )
    for name, appointed_by in (
        ("Anne Bestuurskant", CommitteeAppointer.BOARD),
        ("Ben Raadskant", CommitteeAppointer.COUNCIL),
        ("Carla Voorzitter", CommitteeAppointer.MEMBERS),
    ):
        disputes.dispute_committee_member_add(dispute=dispute, name=name, appointed_by=appointed_by, actor=None)
    disputes.dispute_rule(
        dispute=dispute,
        ruled_on=today - datetime.timedelta(days=1),
        ruling="De commissie acht de afwijking onvoldoende gemotiveerd.",
        effect=RulingEffect.OTHER,
        actor=None,
    )

    failed = make_decided_request(council=cast.council, board=board, supporter=supporter, title="Nieuwe openingstijden")
    Letter.objects.filter(request=failed).update(status=LetterStatus.FAILED, error="OSError: disk full", attempts=3)

    submitted = make_advice_request(
        council=cast.council, responsible=board, submitted_on=today - datetime.timedelta(days=7), title="Vervoer"
    )
    asked = make_advice_request(
        council=cast.council, responsible=board, submitted_on=today - datetime.timedelta(days=7), title="Klachten"
    )
    info = requests.request_information_ask(
        request=asked, question="Welke cijfers liggen eraan ten grondslag?", actor=supporter
    )
    answered = make_advice_request(
        council=cast.council, responsible=board, submitted_on=today - datetime.timedelta(days=14), title="Dagbesteding"
    )
    answers.request_respond(request=answered, advice="Doe het stap voor stap.", on=today, actor=supporter)

    open_dispute = disputes.dispute_open(
        council=cast.council,
        subject=DisputeSubject.OTHER,
        brought_by=DisputeParty.BOARD,
        description="Geen vergaderruimte.",
        actor=None,
    )
    consent_topic = Topic.objects.get(code="CON-e")
    window = nullity.nullity_window_record(
        council=cast.council,
        topic=consent_topic,
        decision_description="Nieuwe klachtenregeling zonder instemming.",
        window_start_on=today - datetime.timedelta(days=3),
        basis=NullityWindowStart.TOLD_BY_BOARD,
        actor=None,
    )
    invoked = nullity.nullity_window_record(
        council=cast.council,
        topic=consent_topic,
        decision_description="Nieuwe privacyregeling zonder instemming.",
        window_start_on=today - datetime.timedelta(days=10),
        basis=NullityWindowStart.SAW_CARRIED_OUT,
        note="Gezien in de nieuwsbrief.",
        actor=None,
    )
    nullity.nullity_invoke(
        invocation=invoked,
        invoked_on=today - datetime.timedelta(days=2),
        text="De raad roept de nietigheid van het besluit in.",
        actor=None,
    )
    return {
        "ready": ready,
        "failed": failed,
        "submitted": submitted,
        "asked": asked,
        "info": info,
        "answered": answered,
        "dispute": dispute,
        "open_dispute": open_dispute,
        "window": window,
        "invoked": invoked,
    }


def _panels(cast: Cast, panel_supporter: User) -> dict[str, Any]:
    """A panel of the council with activities and signals in every state, and the council's local contacts."""
    today = timezone.localdate()
    panel = make_body(kind=BodyKind.PANEL, name="Cast panel", slug=PANEL_SLUG, parent=cast.council)
    council_services.body_supporter_add(body=panel, user=panel_supporter, actor=None, reason="test data")
    focus = activities.activity_create(
        body=panel,
        method=ActivityMethod.FOCUS_GROUP,
        title="Focusgroep wachttijden",
        held_on=today - datetime.timedelta(days=20),
        participants=8,
        youth=True,
        summary="Wachten duurt te lang.",
        follow_up="Besproken met de teamleider.",
        actor=None,
    )
    activities.activity_create(
        body=panel,
        method=ActivityMethod.SURVEY,
        title="Enquête bereikbaarheid",
        held_on=today - datetime.timedelta(days=40),
        participants=64,
        parents=True,
        summary="Bereikbaarheid scoort het laagst.",
        actor=None,
    )
    activities.activity_create(
        body=panel,
        method=ActivityMethod.PIZZA_SESSION,
        title="Pizzasessie",
        held_on=today + datetime.timedelta(days=10),
        actor=None,
    )

    def new(title: str, **kwargs: Any) -> Any:
        values = {"source": SignalSource.MEMBER, "description": f"{title}: zo ervaren wij het.", **kwargs}
        return signals.signal_create(body=panel, title=title, actor=None, **values)

    received = new("Geen avondspreekuur meer", sender_name="Kim", sender_contact="kim@example.org")
    handling = new("Busvervoer valt uit", received_on=today - datetime.timedelta(days=5))
    signals.signal_start_handling(signal=handling, actor=None)
    forwarded = new(
        "Lang wachten op een eerste gesprek",
        source=SignalSource.ACTIVITY,
        activity=focus,
        received_on=today - datetime.timedelta(days=19),
    )
    signals.signal_start_handling(signal=forwarded, actor=None)
    signals.signal_forward(signal=forwarded, council=cast.council, actor=None)
    signals.signal_council_answer(signal=forwarded, response="Besproken met de bestuurder.", actor=None)
    closed = new(
        "Niet teruggebeld",
        source=SignalSource.PUBLIC_FORM,
        sender_name="Een ouder",
        sender_contact="ouder@example.org",
        received_on=today - datetime.timedelta(days=30),
    )
    signals.signal_answer(signal=closed, response="Ouders worden nu binnen twee dagen teruggebeld.", actor=None)
    signals.signal_told(signal=closed, told_on=today - datetime.timedelta(days=10), told_how="Per e-mail", actor=None)
    signals.signal_close(signal=closed, actor=None)

    contacts.local_contact_create(
        council=cast.council,
        kind=ContactKind.WORKING_VISIT,
        unit=cast.unit,
        held_on=today - datetime.timedelta(days=12),
        notes="Rondleiding en gesprek met twee jongerenwerkers.",
        actor=None,
    )
    contacts.local_contact_create(
        council=cast.council,
        kind=ContactKind.PANEL_CONTACT,
        panel=panel,
        held_on=today - datetime.timedelta(days=6),
        notes="Twee raadsleden waren bij de focusgroep.",
        actor=None,
    )
    return {"panel": panel, "focus": focus, "received": received, "forwarded": forwarded, "closed": closed}


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_staff_pages_of_requests_disputes_panels_and_signals_are_accessible(
    page: Page, new_context: Callable[..., BrowserContext], live_server: LiveServer, cast: Cast, topics: None
) -> None:
    # The cast's supporter supports a chamber of the council; here also the council itself (its side of requests).
    council_services.body_supporter_add(body=cast.council, user=cast.supporter, actor=None, reason="test data")
    panel_supporter = make_user(username="pia-panel-supporter")
    advice = _requests(cast)
    panel = _panels(cast, panel_supporter)
    sweep = AxeSweep(live_server)

    def uuid(key: str) -> str:
        return str(advice[key].uuid)

    # -- The board member: new requests, the request pages with the letter (ready, failed), the board's steps.
    board = page
    log_in(board, live_server, cast.board)
    for path, shows in (
        ("/verzoeken/nieuw/", ()),
        (f"/verzoeken/{uuid('ready')}/", ("request-disputes", "letter-download")),
        (f"/verzoeken/{uuid('failed')}/", ("letter-retry",)),
        (f"/verzoeken/{uuid('ready')}/brief/corrigeren/", ()),
        (f"/verzoeken/{uuid('asked')}/informatie-vragen/{advice['info'].pk}/antwoord/", ()),
        (f"/verzoeken/{uuid('answered')}/besluit/", ()),
        ("/geschillen/", ()),
        ("/geschillen/nieuw/", ()),
        (f"/geschillen/{uuid('dispute')}/", ("committee-members", "ruling")),
        (f"/geschillen/{uuid('open_dispute')}/uitspraak/", ()),
        ("/nietigheid/", ()),
    ):
        sweep.check(board, path, "board", shows)

    # -- The council's supporter: unsolicited advice, the council's steps, disputes, nullity, forwarded signals.
    supporter = new_context().new_page()
    log_in(supporter, live_server, cast.supporter)
    for path in (
        "/verzoeken/ongevraagd-advies/nieuw/",
        f"/verzoeken/{uuid('submitted')}/",
        f"/verzoeken/{uuid('submitted')}/informatie-vragen/",
        f"/verzoeken/{uuid('submitted')}/antwoord/",
        f"/geschillen/{uuid('open_dispute')}/",
        f"/geschillen/{uuid('open_dispute')}/document/",
        "/nietigheid/nieuw/",
        f"/nietigheid/{uuid('window')}/",
        f"/nietigheid/{uuid('invoked')}/",
        f"/nietigheid/{uuid('window')}/inroepen/",
        "/signalen/",
        f"/signalen/{panel['forwarded'].uuid}/",
        f"/signalen/{panel['forwarded'].uuid}/antwoord-raad/",
        f"/raden/{cast.council.slug}/lokaal/",
        f"/raden/{cast.council.slug}/lokaal/nieuw/",
        f"/raden/{cast.council.slug}/huishoudelijk-reglement/",
    ):
        sweep.check(supporter, path, "the council's supporter")
    sweep.check(supporter, f"/raden/{cast.council.slug}/", "the council's supporter", ("local-connection-table",))

    # -- The panel's supporter: the panel's activities and signals and their steps.
    panel_page = new_context().new_page()
    log_in(panel_page, live_server, panel_supporter)
    for path in (
        "/panels/",
        f"/panels/{PANEL_SLUG}/activiteiten/nieuw/",
        f"/panels/{PANEL_SLUG}/activiteiten/{panel['focus'].uuid}/",
        f"/panels/{PANEL_SLUG}/activiteiten/{panel['focus'].uuid}/bewerken/",
        f"/panels/{PANEL_SLUG}/signalen/nieuw/",
        "/signalen/?status=all",
        f"/signalen/{panel['received'].uuid}/",
        f"/signalen/{panel['forwarded'].uuid}/",
        f"/signalen/{panel['closed'].uuid}/",
        f"/signalen/{panel['received'].uuid}/doorsturen/",
        f"/signalen/{panel['received'].uuid}/koppelen/",
        f"/signalen/{panel['forwarded'].uuid}/teruggekoppeld/",
    ):
        sweep.check(panel_page, path, "the panel's supporter")
    sweep.check(panel_page, f"/panels/{PANEL_SLUG}/activiteiten/", "the panel's supporter", ("activity-table",))

    sweep.assert_clean()
