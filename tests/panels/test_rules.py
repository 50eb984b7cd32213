"""The rules of issue 8 that belong to panels, named by their IDs (WMCZ.md): W-PAN-1, W-PAN-2, W-SCOPE-5."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from councils import services as council_services
from councils.models import Body, BodyKind
from incluzio_mz.models import Notification
from panels.models import Activity, Signal, SignalStatus
from panels.services import activities, contacts, signals
from tests.conftest import Cast
from tests.factories import make_body, make_business_unit, make_user
from tests.helpers import login_verified


def _panel_with_supporter(cast: Cast, slug: str = "panel-kracht") -> tuple[Body, User]:
    panel = make_body(kind=BodyKind.PANEL, name="Panel Kracht", slug=slug, parent=cast.council)
    council_services.representation_start(
        body=panel, unit=cast.unit, on=datetime.date(2025, 1, 1), actor=None, reason="test"
    )
    supporter = make_user(username=f"{slug}-supporter")
    council_services.body_supporter_add(body=panel, user=supporter, actor=None, reason="test")
    return panel, supporter


def test_w_pan_1_activity_records_method_participants_and_outcome(cast: Cast) -> None:
    client = cast.client("supporter")
    response = client.post(
        reverse("panels:activity_create", args=[cast.chamber.slug]),
        {
            "title": "Ervaringscafé wachttijden",
            "method": "experience_cafe",
            "held_on": "2026-02-10",
            "participants": "12",
            "youth": "on",
            "parents": "on",
            "summary": "Jongeren willen sneller een eerste gesprek.",
            "follow_up": "Besproken met de teamleider; terugkoppeling in april.",
        },
    )
    activity = Activity.objects.get()
    assert response.status_code == 302
    assert (activity.method, activity.participants, activity.youth, activity.parents) == (
        "experience_cafe",
        12,
        True,
        True,
    )
    assert activity.created_by == cast.supporter
    # A member of the body reads what came out (activities hold no personal data).
    page = cast.client("member").get(reverse("panels:activity_detail", args=[cast.chamber.slug, activity.uuid]))
    assert page.status_code == 200
    assert "Experience café" in page.text
    assert "Jongeren willen sneller een eerste gesprek." in page.text
    assert "terugkoppeling in april" in page.text
    # A planned activity has no participants or outcome yet.
    with pytest.raises(ValidationError):
        activities.activity_create(
            body=cast.chamber,
            method="survey",
            title="Enquête",
            held_on=timezone.localdate() + datetime.timedelta(days=7),
            participants=30,
            actor=None,
        )


def test_w_pan_2_signal_forwarded_to_the_central_council_shows_what_it_did(cast: Cast) -> None:
    panel, panel_supporter = _panel_with_supporter(cast)
    signal = signals.signal_create(
        body=panel,
        title="Bus naar de dagbesteding",
        description="De bus komt vaak te laat.",
        source="public_form",
        sender_name="Kim",
        sender_contact="kim@example.org",
        actor=None,
    )
    assert Notification.objects.filter(recipient=panel_supporter, kind=signals.SIGNAL_RECEIVED).exists()
    panel_client = _client_for(panel_supporter)
    assert signals.forward_targets(panel, on=timezone.localdate()) == [cast.council]
    response = panel_client.post(reverse("panels:signal_forward", args=[signal.uuid]), {"council": cast.council.pk})
    assert response.status_code == 302
    signal.refresh_from_db()
    assert signal.forwarded_to == cast.council
    # The council's supporters (here: of one of its chambers) are told and see it with its origin...
    assert Notification.objects.filter(recipient=cast.supporter, kind=signals.SIGNAL_FORWARDED).exists()
    council_client = cast.client("supporter")
    listing = council_client.get(reverse("panels:signal_list") + "?show=council")
    assert "Bus naar de dagbesteding" in listing.text
    detail = council_client.get(reverse("panels:signal_detail", args=[signal.uuid]))
    assert "Panel Kracht" in detail.text
    assert "Public form" in detail.text
    # ...but not the sender's contact details, which stay with the receiving side.
    assert "kim@example.org" not in detail.text
    # The council may not do the panel's steps.
    assert council_client.get(reverse("panels:signal_told", args=[signal.uuid])).status_code == 403
    response = council_client.post(
        reverse("panels:signal_council_answer", args=[signal.uuid]),
        {"council_response": "Op de agenda gezet; de bestuurder kijkt naar het vervoerscontract.",
         "council_responded_on": timezone.localdate().isoformat()},
    )  # fmt: skip
    assert response.status_code == 302
    # The panel sees what the council did with it, and is told.
    assert Notification.objects.filter(recipient=panel_supporter, kind=signals.SIGNAL_COUNCIL_ANSWERED).exists()
    page = panel_client.get(reverse("panels:signal_detail", args=[signal.uuid]))
    assert "vervoerscontract" in page.text
    assert "kim@example.org" in page.text
    # Members and the board do not see signals.
    for role in ("member", "board"):
        assert cast.client(role).get(reverse("panels:signal_detail", args=[signal.uuid])).status_code == 404


def _client_for(user: User) -> Client:
    client = Client()
    login_verified(client, user)
    return client


def test_w_pan_2_signal_cannot_be_closed_without_telling_the_person_unless_anonymous(cast: Cast) -> None:
    named = signals.signal_create(
        body=cast.chamber, title="t", description="d", source="member", sender_contact="06 1234", actor=None
    )
    signals.signal_answer(signal=named, response="Opgelost.", actor=None)
    with pytest.raises(ValidationError) as error:
        signals.signal_close(signal=named, actor=None)
    assert "told" in str(error.value)
    # The page says so too, and the signal stays open.
    client = cast.client("supporter")
    response = client.post(reverse("panels:signal_close", args=[named.uuid]), follow=True)
    assert "was told before closing it" in response.text
    named.refresh_from_db()
    assert named.status == SignalStatus.ANSWERED
    # The database refuses it as well (a write around the service).
    with pytest.raises(IntegrityError), transaction.atomic():
        Signal.objects.filter(pk=named.pk).update(status=SignalStatus.CLOSED)
    # After telling, it closes.
    signals.signal_told(signal=named, told_on=timezone.localdate(), told_how="Gebeld", actor=None)
    assert signals.signal_close(signal=named, actor=None).status == SignalStatus.CLOSED
    # An anonymous signal (no contact) closes without telling.
    anonymous = signals.signal_create(body=cast.chamber, title="t", description="d", source="member", actor=None)
    signals.signal_answer(signal=anonymous, response="Besproken in het panel.", actor=None)
    closed = signals.signal_close(signal=anonymous, actor=None)
    assert closed.status == SignalStatus.CLOSED
    assert closed.told_on is None


def test_w_scope_5_council_page_flags_units_without_local_contact(cast: Cast) -> None:
    start = datetime.date(2025, 1, 1)
    today = timezone.localdate()
    visited = cast.unit
    quiet = make_business_unit(name="Stille eenheid", slug="stille-eenheid")
    via_panel = make_business_unit(name="Eenheid met panel", slug="eenheid-met-panel")
    via_signal = make_business_unit(name="Eenheid met signaal", slug="eenheid-met-signaal")
    for unit in (quiet, via_panel, via_signal):
        council_services.representation_start(body=cast.council, unit=unit, on=start, actor=None, reason="t")
    contacts.local_contact_create(council=cast.council, kind="working_visit", unit=visited, held_on=today, actor=None)
    panel = make_body(kind=BodyKind.PANEL, name="Panel met contact", slug="panel-contact", parent=cast.council)
    council_services.representation_start(body=panel, unit=via_panel, on=start, actor=None, reason="t")
    contacts.local_contact_create(council=cast.council, kind="panel_contact", panel=panel, held_on=today, actor=None)
    other_panel = make_body(kind=BodyKind.PANEL, name="Panel met signaal", slug="panel-signaal")
    council_services.representation_start(body=other_panel, unit=via_signal, on=start, actor=None, reason="t")
    signals.signal_create(body=other_panel, title="s", description="d", source="member", actor=None)
    # An old visit (more than 12 months ago) does not count as a connection.
    contacts.local_contact_create(
        council=cast.council, kind="working_visit", unit=quiet, held_on=datetime.date(2025, 1, 2), actor=None
    )

    page = cast.client("board").get(reverse("councils:body_detail", args=[cast.council.slug]))
    assert page.status_code == 200
    assert 'data-testid="local-connection"' in page.text
    flagged = page.text.split('data-testid="unconnected-units"')[1].split("</div>")[0]
    assert "Stille eenheid" in flagged
    for connected in ("Cast unit", "Eenheid met panel", "Eenheid met signaal"):
        assert connected not in flagged
    row = page.text.split('data-testid="unit-eenheid-met-signaal"')[1].split("</tr>")[0]
    assert '<td class="utrecht-table__cell">1' in row
    # A contact must fit the council: a unit it does not represent, a panel that is not its.
    stranger = make_business_unit()
    with pytest.raises(ValidationError):
        contacts.local_contact_create(
            council=cast.council, kind="working_visit", unit=stranger, held_on=today, actor=None
        )
    unrelated = make_body(kind=BodyKind.PANEL)
    with pytest.raises(ValidationError):
        contacts.local_contact_create(
            council=cast.council, kind="panel_contact", panel=unrelated, held_on=today, actor=None
        )
    # A chamber's page has no such block.
    chamber = cast.client("board").get(reverse("councils:body_detail", args=[cast.chamber.slug]))
    assert 'data-testid="local-connection"' not in chamber.text
