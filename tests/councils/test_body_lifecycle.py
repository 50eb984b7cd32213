"""Issue 14 points 6 and 7: bodies over time. Kind and name are dated (W-BODY-5), bodies end or are dissolved
(W-BODY-7), members move between bodies keeping trial and term (W-BODY-3), and history pages read as Dutch."""

import datetime
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from accounts.roles import Role
from advice.models import ConsentAnswer, DisputeSubject, RulingEffect
from councils import services
from councils.models import Body, BodyKind, BodyPeriod, BusinessUnit, Representation
from councils.scope import ServiceKind
from members.models import EndReason, Membership, Status
from members.services import memberships
from tests.advice.dispute_helpers import ANSWERED_ON, TODAY, answered_consent, ruled_dispute
from tests.conftest import Cast
from tests.factories import make_body, make_business_unit, make_membership, make_user

pytestmark = pytest.mark.django_db

SINCE = datetime.date(2019, 1, 1)


@pytest.fixture
def dutch(settings) -> Iterator[None]:
    """Pages in Dutch, as users see them (tests/councils runs in English by default, tests/conftest.py)."""
    settings.LANGUAGE_CODE = "nl"
    with translation.override("nl"):
        yield


@pytest.fixture
def board():
    return make_user(username="bestuurder", roles=[Role.BOARD])


def _hbh(board) -> tuple[Body, BusinessUnit, datetime.date]:
    """HBH's council, representing its unit since 2019, converted into a panel ten days ago with consent k."""
    council = make_body(name="Klantenraad HBH", slug="klantenraad-hbh")
    unit = make_business_unit(name="HBH", slug="hbh")
    services.representation_start(body=council, unit=unit, on=SINCE, actor=None, reason="start")
    consent = answered_consent(council=council, board=board, consent=ConsentAnswer.GRANTED, topic_code="CON-k")
    converted_on = TODAY - datetime.timedelta(days=10)
    services.council_convert_to_panel(
        council=council, consent_request=consent, on=converted_on, actor=None, reason="Instemming raad"
    )
    council.refresh_from_db()
    return council, unit, converted_on


def test_w_body_5_kind_and_name_on_a_past_day(board) -> None:
    body, _unit, converted_on = _hbh(board)
    assert body.kind == BodyKind.PANEL
    assert body.kind_on(SINCE) == BodyKind.COUNCIL
    assert body.kind_on(converted_on - datetime.timedelta(days=1)) == BodyKind.COUNCIL
    assert body.kind_on(converted_on) == BodyKind.PANEL
    since, today = body.period_on(SINCE), body.period_on(TODAY)
    assert since is not None
    assert since.statutory is True
    assert today is not None
    assert today.statutory is False
    # Reads by day agree with the model twin.
    assert BodyPeriod.objects.filter(body=body).on(SINCE).get().kind == BodyKind.COUNCIL
    assert BodyPeriod.objects.filter(body=body).on(TODAY).get().kind == BodyKind.PANEL


def test_w_body_5_list_annotation_gives_the_kind_and_name_of_that_day(board) -> None:
    _body, unit, converted_on = _hbh(board)
    before = Body.objects.representing(unit, on=SINCE).with_period_on(SINCE).get()
    after = Body.objects.representing(unit, on=converted_on).with_period_on(converted_on).get()
    # with_period_on annotates each row with that day's kind and name.
    assert (before.kind_on_day, before.name_on_day) == (BodyKind.COUNCIL, "Klantenraad HBH")  # type: ignore[attr-defined]
    assert after.kind_on_day == BodyKind.PANEL  # type: ignore[attr-defined]


def test_w_body_5_a_rename_keeps_the_old_name_for_earlier_days(cast: Cast) -> None:
    services.body_update(body=cast.council, data={"name": "Nieuwe naam"}, actor=cast.administrator, reason="besluit")
    body = Body.objects.get(pk=cast.council.pk)
    assert body.name_on(TODAY) == "Nieuwe naam"
    assert body.name_on(TODAY - datetime.timedelta(days=1)) == "Cast council"
    # A second rename on the same day changes that day's period, it does not add one.
    services.body_update(body=body, data={"name": "Nieuwste naam"}, actor=None, reason="typo")
    assert body.periods.count() == 2
    assert body.name_on(TODAY) == "Nieuwste naam"


def test_w_body_5_unit_timeline_shows_kind_on_that_day(cast: Cast, board, dutch: None) -> None:
    body, unit, converted_on = _hbh(board)
    services.body_update(body=body, data={"name": "Klantenpanel HBH"}, actor=None, reason="nieuwe naam")
    client = cast.client("administrator")
    url = reverse("councils:business_unit_detail", args=[unit.slug])

    timeline = client.get(url).context["timeline"]
    assert [(s.name, s.kind, s.valid_from, s.valid_to) for s in timeline] == [
        ("Klantenpanel HBH", BodyKind.PANEL, TODAY, None),
        ("Klantenraad HBH", BodyKind.PANEL, converted_on, TODAY),
        ("Klantenraad HBH", BodyKind.COUNCIL, SINCE, converted_on),
    ]
    before = client.get(url + f"?on={converted_on - datetime.timedelta(days=1)}")
    assert before.context["asked_bodies"] == [{"body": body, "name": "Klantenraad HBH", "kind": "Klantenraad"}]
    assert client.get(url + f"?on={TODAY}").context["asked_bodies"][0]["kind"] == "Klantenpanel"
    html = before.content.decode()
    assert "Klantenraad HBH</strong> (klantenraad)" in html
    assert "Klantenraad HBH</a> (klantenraad)" in html
    assert "Klantenraad HBH</a> (klantenpanel)" in html


def test_w_body_5_body_page_lists_its_names_and_kinds_over_time(cast: Cast, board) -> None:
    body, _unit, converted_on = _hbh(board)
    response = cast.client("administrator").get(reverse("councils:body_detail", args=[body.slug]))
    periods = response.context["periods"]
    assert [(p.kind, p.valid_from, p.valid_to) for p in periods] == [
        (BodyKind.PANEL, converted_on, None),
        (BodyKind.COUNCIL, None, converted_on),
    ]
    assert 'data-testid="body-periods"' in response.content.decode()


def test_w_body_5_history_shows_dutch_labels_and_readable_values(cast: Cast, board, dutch: None) -> None:
    body, _unit, _converted_on = _hbh(board)
    response = cast.client("administrator").get(reverse("councils:body_history", args=[body.slug]))
    changes = [change for entry in response.context["entries"] for change in entry.changes]
    assert ("soort", "Klantenraad", "Klantenpanel") in changes
    assert ("wettelijk (Wmcz)", "ja", "nee") in changes
    html = response.content.decode()
    assert "True" not in html
    assert "False" not in html
    assert ">panel<" not in html
    assert "council →" not in html


def test_w_body_5_history_shows_dates_as_dutch_dates(cast: Cast, dutch: None) -> None:
    unit = make_business_unit(name="Eenheid", slug="eenheid")
    services.representation_start(body=cast.council, unit=unit, on=SINCE, actor=None, reason="start")
    services.business_unit_close(unit=unit, on=datetime.date(2026, 3, 4), actor=None, reason="dicht")
    response = cast.client("administrator").get(reverse("councils:business_unit_history", args=[unit.slug]))
    changes = [change for entry in response.context["entries"] for change in entry.changes]
    assert ("geldig tot", "-", "4 maart 2026") in changes
    assert ("actief", "ja", "nee") in changes
    assert "2026-03-04" not in response.content.decode()


def test_w_body_5_history_shows_kinds_of_service_by_name(cast: Cast, dutch: None) -> None:
    unit = make_business_unit(name="Eenheid", slug="eenheid", services=["youth_care"])
    services.business_unit_update(unit=unit, data={"services": ["youth_care", "welfare"]}, actor=None, reason="r")
    response = cast.client("administrator").get(reverse("councils:business_unit_history", args=[unit.slug]))
    changes = [change for entry in response.context["entries"] for change in entry.changes]
    with translation.override("nl"):
        youth, welfare = str(ServiceKind.YOUTH_CARE.label), str(ServiceKind.WELFARE.label)
    assert ("soorten dienst", youth, f"{youth}, {welfare}") in changes
    assert "youth_care" not in response.content.decode()


def test_w_body_7_dissolve_needs_consent_or_ruling(board) -> None:
    council = make_body(name="Klantenraad HK", slug="klantenraad-hk")
    unit = make_business_unit()
    services.representation_start(body=council, unit=unit, on=SINCE, actor=None, reason="start")
    cases: dict[str, dict[str, Any]] = {
        "nothing": {},
        "granted on topic a": {
            "consent_request": answered_consent(
                council=council, board=board, consent=ConsentAnswer.GRANTED, topic_code="CON-a"
            )
        },
        "refused on topic k": {
            "consent_request": answered_consent(
                council=council, board=board, consent=ConsentAnswer.REFUSED, topic_code="CON-k"
            )
        },
        "ruling on another council": {
            "ruling": ruled_dispute(council=make_body(), effect=RulingEffect.PERMITS_DISSOLUTION)
        },
    }
    for name, kwargs in cases.items():
        with pytest.raises(ValidationError):
            services.council_dissolve(council=council, on=TODAY, actor=None, reason="opheffen", **kwargs)
        council.refresh_from_db()
        assert council.active, name
        assert council.ended_on is None, name
    granted_k = answered_consent(council=council, board=board, consent=ConsentAnswer.GRANTED, topic_code="CON-k")
    with pytest.raises(ValidationError, match="before the dissolution"):
        services.council_dissolve(
            council=council,
            consent_request=granted_k,
            on=ANSWERED_ON - datetime.timedelta(days=1),
            actor=None,
            reason="r",
        )
    services.council_dissolve(council=council, consent_request=granted_k, on=TODAY, actor=None, reason="opheffen")
    council.refresh_from_db()
    assert council.ended_on == TODAY
    assert not council.active
    assert Representation.objects.get(body=council).valid_to == TODAY


def test_w_body_7_a_ruling_that_permits_dissolution_is_enough(board) -> None:
    council = make_body()
    ruling = ruled_dispute(council=council, subject=DisputeSubject.DISSOLUTION, effect=RulingEffect.PERMITS_DISSOLUTION)
    services.council_dissolve(council=council, ruling=ruling, on=TODAY, actor=None, reason="structureel falen")
    council.refresh_from_db()
    assert council.ended_on == TODAY


def test_w_body_5_a_dissolved_council_stays_answerable(cast: Cast, board) -> None:
    council = make_body(name="Klantenraad Aster", slug="klantenraad-aster")
    unit = make_business_unit(slug="aster")
    services.representation_start(body=council, unit=unit, on=SINCE, actor=None, reason="start")
    chamber = services.chamber_create(council=council, name="Ouderraad Aster", slug="or-aster", actor=None, reason="r")
    member = make_membership(body=council, on=datetime.date(2026, 1, 1))
    consent = answered_consent(council=council, board=board, consent=ConsentAnswer.GRANTED, topic_code="CON-k")
    services.council_dissolve(council=council, consent_request=consent, on=TODAY, actor=None, reason="opheffen")

    member.refresh_from_db()
    chamber.refresh_from_db()
    assert member.status == Status.ENDED
    assert member.ended_on == TODAY
    assert member.end_reason == EndReason.OTHER
    assert chamber.ended_on == TODAY
    assert list(Body.objects.representing(unit, on=SINCE)) == [council]
    assert list(Body.objects.representing(unit, on=TODAY)) == []
    response = cast.client("administrator").get(reverse("councils:body_detail", args=[council.slug]))
    assert response.status_code == 200
    assert 'data-testid="body-ended"' in response.content.decode()


def test_w_body_5_ending_a_panel_or_chamber_and_not_a_council(cast: Cast) -> None:
    panel = make_body(kind=BodyKind.PANEL, name="Panel Zuid", slug="panel-zuid")
    with pytest.raises(ValidationError, match="dissolved"):
        services.body_end(body=cast.council, on=TODAY, actor=None, reason="r")
    with pytest.raises(ValidationError, match="reason"):
        services.body_end(body=panel, on=TODAY, actor=None, reason=" ")
    with pytest.raises(ValidationError):
        services.body_end(body=panel, on=TODAY + datetime.timedelta(days=1), actor=None, reason="later")
    services.body_end(body=panel, on=TODAY, actor=cast.administrator, reason="Geen leden meer")
    panel.refresh_from_db()
    assert panel.ended_on == TODAY
    assert not panel.active
    with pytest.raises(ValidationError, match="already ended"):
        services.body_end(body=panel, on=TODAY, actor=None, reason="again")
    services.body_end(body=cast.chamber, on=TODAY, actor=None, reason="samengevoegd")
    assert Body.objects.get(pk=cast.chamber.pk).ended_on == TODAY


def test_w_body_3_transfer_keeps_trial_and_term(cast: Cast) -> None:
    """Hollands Kroon's youth part joins the central council: the member keeps trial, term and history."""
    hollands_kroon = make_body(name="Klantenraad Hollands Kroon", slug="klantenraad-hk")
    youth = services.chamber_create(council=hollands_kroon, name="Jeugd HK", slug="jeugd-hk", actor=None, reason="r")
    member = make_membership(body=youth, on=datetime.date(2025, 6, 1))
    assert member.status == Status.ACTIVE

    moved = memberships.membership_transfer(
        membership=member, to_body=cast.chamber, actor=cast.administrator, reason="Jeugd HK gaat op"
    )

    member.refresh_from_db()
    assert moved.body == cast.chamber
    assert moved.status == Status.ACTIVE
    assert (moved.trial_start, moved.trial_end, moved.term_start, moved.term_end, moved.term_number) == (
        member.trial_start,
        member.trial_end,
        member.term_start,
        member.term_end,
        member.term_number,
    )
    assert member.status == Status.ENDED
    assert member.ended_on == TODAY
    assert cast.chamber.name in member.end_note
    # History: both rows have who and why; the person's past in the old body stays.
    assert "Jeugd HK" in moved.history.first().history_change_reason
    assert member.history.first().history_user == cast.administrator
    assert Membership.objects.filter(person=member.person).count() == 2


def test_w_body_5_a_move_keeps_who_was_a_member_where_on_each_day(cast: Cast) -> None:
    """After a move, a day before it still answers with the old body and not the new one; the move day and later
    answer with the new body only (the model twin agrees with the query)."""
    hollands_kroon = make_body(name="Klantenraad Hollands Kroon", slug="klantenraad-hk")
    youth = services.chamber_create(council=hollands_kroon, name="Jeugd HK", slug="jeugd-hk", actor=None, reason="r")
    member = make_membership(body=youth, on=datetime.date(2025, 6, 1))
    moved_on = TODAY - datetime.timedelta(days=10)
    moved = memberships.membership_transfer(
        membership=member, to_body=cast.chamber, on=moved_on, actor=cast.administrator, reason="Jeugd HK gaat op"
    )
    member.refresh_from_db()
    before, after = moved_on - datetime.timedelta(days=1), moved_on
    person = Membership.objects.filter(person=member.person)
    assert list(person.current(on=before)) == [member]
    assert list(person.current(on=after)) == [moved]
    assert (member.is_current(on=before), moved.is_current(on=before)) == (True, False)
    assert (member.is_current(on=after), moved.is_current(on=after)) == (False, True)
    assert moved.moved_in_on == moved_on


def test_w_body_3_transfer_refuses_what_is_not_allowed(cast: Cast) -> None:
    member = make_membership(body=cast.chamber, on=datetime.date(2025, 6, 1))
    with pytest.raises(ValidationError):
        memberships.membership_transfer(membership=member, to_body=cast.chamber, actor=None, reason="r")
    # W-MEM-6: one chamber per council; moving into the other chamber of the same council is a move, refused only
    # when the person is already there.
    with pytest.raises(ValidationError, match="reason"):
        memberships.membership_transfer(membership=member, to_body=cast.other_chamber, actor=None, reason="")
    ended_panel = make_body(kind=BodyKind.PANEL)
    services.body_end(body=ended_panel, on=TODAY, actor=None, reason="r")
    with pytest.raises(ValidationError):
        memberships.membership_transfer(membership=member, to_body=ended_panel, actor=None, reason="r")
    member.refresh_from_db()
    assert member.status == Status.ACTIVE
    assert member.body == cast.chamber


# ---------------------------------------------------------------------------------------------------------------
# Pages for administrators: end, dissolve, move members (the gate is councils/permissions.py; statuses per role are
# in tests/test_url_matrix.py).


def test_w_body_5_end_page_ends_a_panel_and_errors_are_shown_on_the_form(cast: Cast) -> None:
    panel = make_body(kind=BodyKind.PANEL, name="Panel West", slug="panel-west")
    client = cast.client("administrator")
    url = reverse("councils:body_end", args=[panel.slug])
    response = client.post(url, {"on": (TODAY + datetime.timedelta(days=3)).isoformat(), "reason": "later"})
    assert response.status_code == 200
    assert response.context["form"].errors
    panel.refresh_from_db()
    assert panel.ended_on is None
    response = client.post(url, {"on": TODAY.isoformat(), "reason": "Geen leden meer"})
    assert response.status_code == 302
    panel.refresh_from_db()
    assert panel.ended_on == TODAY
    # Ended: the page stays; its structure pages send back with a message.
    assert client.get(reverse("councils:body_detail", args=[panel.slug])).status_code == 200
    assert client.get(url).status_code == 302
    # A council has no end page (it is dissolved).
    assert client.get(reverse("councils:body_end", args=[cast.council.slug])).status_code == 404


def test_w_body_7_dissolve_page_offers_only_topic_k_consent(cast: Cast, board) -> None:
    granted_a = answered_consent(council=cast.council, board=board, consent=ConsentAnswer.GRANTED, topic_code="CON-a")
    granted_k = answered_consent(council=cast.council, board=board, consent=ConsentAnswer.GRANTED, topic_code="CON-k")
    client = cast.client("administrator")
    url = reverse("councils:council_dissolve", args=[cast.council.slug])
    offered = list(client.get(url).context["form"].fields["consent_request"].queryset)
    assert offered == [granted_k]
    response = client.post(url, {"consent_request": granted_a.pk, "on": TODAY.isoformat(), "reason": "r"})
    assert response.status_code == 200
    assert "consent_request" in response.context["form"].errors
    response = client.post(url, {"consent_request": granted_k.pk, "on": TODAY.isoformat(), "reason": "Instemming"})
    assert response.status_code == 302
    assert Body.objects.get(pk=cast.council.pk).ended_on == TODAY


def test_w_body_3_move_members_page_keeps_trial_and_term(cast: Cast) -> None:
    target = make_body(kind=BodyKind.PANEL, name="Panel Jeugd", slug="panel-jeugd")
    membership = Membership.objects.get(body=cast.chamber, person=cast.member_person)
    client = cast.client("administrator")
    url = reverse("councils:body_members_transfer", args=[cast.chamber.slug])
    response = client.post(url, {"to_body": target.pk, "on": TODAY.isoformat(), "reason": "r"})
    assert response.status_code == 200
    assert "memberships" in response.context["form"].errors
    response = client.post(
        url, {"memberships": [membership.pk], "to_body": target.pk, "on": TODAY.isoformat(), "reason": "Samengaan"}
    )
    assert response.status_code == 302
    moved = Membership.objects.get(body=target, person=cast.member_person)
    assert (moved.trial_start, moved.term_end) == (membership.trial_start, membership.term_end)


def test_w_body_5_data_migration_gives_existing_bodies_their_periods(board) -> None:
    """councils/migrations/0006: one open period per body; a converted council is a council until its conversion."""
    import importlib

    from django.apps import apps

    migration = importlib.import_module("councils.migrations.0006_body_periods")
    body, _unit, converted_on = _hbh(board)
    other = make_body(kind=BodyKind.PANEL, name="Panel Oost")
    BodyPeriod.objects.all().delete()  # as before the migration: no periods yet

    migration.backfill_periods(apps, None)

    assert [(p.kind, p.valid_from, p.valid_to, p.statutory) for p in body.periods.order_by("valid_to")] == [
        (BodyKind.COUNCIL, None, converted_on, True),
        (BodyKind.PANEL, converted_on, None, False),
    ]
    assert [(p.kind, p.valid_from, p.valid_to) for p in other.periods.all()] == [(BodyKind.PANEL, None, None)]


def test_w_body_5_history_shows_suitability_criteria_by_label(cast: Cast) -> None:
    """Member history shows the W-MEM-1 criteria by their labels, never their codes."""
    from incluzio_mz.lib.history import readable_value

    member = make_membership(body=cast.chamber, on=datetime.date(2025, 6, 1))
    record = member.history.first()
    shown = readable_value(record, "suitability", ["has_experience", "looks_beyond_own"])
    assert shown == "Has positive and/or negative experiences to share, Can look beyond their own experience"
