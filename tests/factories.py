"""factory_boy factories. They create rows through the services, as the portal does (DESIGN.md convention 2)."""

import datetime
from typing import Any

import factory
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice
from faker import Faker

from accounts import services as account_services
from accounts.models import User
from accounts.roles import Role
from councils import services as council_services
from councils.models import Body, BodyKind, BusinessUnit, Document, Meeting
from councils.scope import ServiceKind
from members.models import EvaluationOutcome, Group, Membership, Person, Status
from members.models import Role as MemberRole
from members.services import memberships, people

_DUTCH = Faker("nl_NL")

TEST_PASSWORD = "correct-horse-battery-staple"


class UserFactory(factory.django.DjangoModelFactory[User]):
    class Meta:
        model = User

    username = factory.Sequence(lambda n: f"user{n}")
    # Dutch names, without the apostrophes of names like "van 't Riet": pages escape those (&#x27;), which would make
    # a plain-text assertion on the name depend on the random draw.
    first_name = factory.LazyFunction(lambda: _DUTCH.first_name().replace("'", ""))
    last_name = factory.LazyFunction(lambda: _DUTCH.last_name().replace("'", ""))
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.org")

    @classmethod
    def _create(cls, model_class: type[User], *args: Any, roles: list[Role] | None = None, **kwargs: Any) -> User:
        return account_services.user_create(
            username=kwargs["username"],
            password=kwargs.get("password", TEST_PASSWORD),
            email=kwargs["email"],
            first_name=kwargs["first_name"],
            last_name=kwargs["last_name"],
            roles=roles or [],
            actor=None,
        )


def make_user(**kwargs: Any) -> User:
    """UserFactory with its real return type (factory_boy types a factory call as the factory)."""
    user: User = UserFactory(**kwargs)  # type: ignore[assignment]
    return user


def totp_device_for(user: User) -> TOTPDevice:
    """A confirmed authenticator for user, with a random key (tests compute codes with django_otp.oath.totp)."""
    device = TOTPDevice(user=user, name="test", confirmed=True)
    device.save()
    return device


# ---------------------------------------------------------------------------------------------------------------
# Structure (councils): plain helpers that call the services, with defaults a test can override.

_structure_counter = iter(range(1, 1_000_000))


def make_business_unit(**kwargs: Any) -> BusinessUnit:
    n = next(_structure_counter)
    values: dict[str, Any] = {
        "name": f"Unit {n}",
        "slug": f"unit-{n}",
        "municipality": "Den Haag",
        "services": [ServiceKind.YOUTH_CARE],
        "care_provider_count": 20,
        "actor": None,
        "reason": "test data",
    }
    values.update(kwargs)
    return council_services.business_unit_create(**values)


def make_body(**kwargs: Any) -> Body:
    n = next(_structure_counter)
    values: dict[str, Any] = {
        "kind": BodyKind.COUNCIL,
        "name": f"Body {n}",
        "slug": f"body-{n}",
        "actor": None,
        "reason": "test data",
    }
    values.update(kwargs)
    return council_services.body_create(**values)


# ---------------------------------------------------------------------------------------------------------------
# Members: people and memberships through members.services, with defaults a test can override.


def make_person(**kwargs: Any) -> Person:
    n = next(_structure_counter)
    values: dict[str, Any] = {
        "display_name": f"Person {n}",
        "birth_year": 2000,
        "group": Group.YOUTH,
        "actor": None,
    }
    values.update(kwargs)
    return people.person_create(**values)


def make_membership(
    *,
    body: Body,
    person: Person | None = None,
    status: str = Status.ACTIVE,
    on: datetime.date = datetime.date(2026, 1, 1),
    role: str = MemberRole.MEMBER,
    actor: User | None = None,
) -> Membership:
    """A membership of body in status candidate, trial or active; the trial starts on `on`, and an active member
    continued on the trial's first day (so the first term is on .. on + term)."""
    person = person if person is not None else make_person()
    # A candidate since `on` (or today when that is later): the trial cannot start before it (W-MEM-4).
    candidate_on = min(on, timezone.localdate())
    membership = memberships.membership_register_candidate(
        person=person, body=body, suitability=[], on=candidate_on, actor=actor
    )
    if status == Status.CANDIDATE:
        return membership
    membership = memberships.membership_start_trial(membership=membership, on=on, role=role, actor=actor)
    if status == Status.TRIAL:
        return membership
    memberships.membership_evaluate_trial(
        membership=membership,
        held_on=on,
        outcome=EvaluationOutcome.CONTINUE,
        record="Goed gesprek.",
        suitability=[],
        actor=actor,
    )
    membership.refresh_from_db()
    return membership


# ---------------------------------------------------------------------------------------------------------------
# Meetings: meetings and documents through councils.meetings.services.

PDF_BYTES = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def make_meeting(**kwargs: Any) -> Meeting:
    """A meeting of `body` (required); the kind follows the body, one hour long, next week unless given."""
    from councils.meetings import services as meeting_services
    from councils.models import MeetingKind

    body: Body = kwargs["body"]
    kinds = {
        BodyKind.COUNCIL: MeetingKind.JOINT,
        BodyKind.CHAMBER: MeetingKind.CHAMBER,
        BodyKind.PANEL: MeetingKind.PANEL,
    }
    starts_at = kwargs.pop("starts_at", None) or datetime.datetime.now(datetime.UTC).replace(
        minute=0, second=0, microsecond=0
    ) + datetime.timedelta(days=7)
    values: dict[str, Any] = {
        "kind": kinds[BodyKind(body.kind)],
        "title": f"Vergadering {next(_structure_counter)}",
        "starts_at": starts_at,
        "ends_at": starts_at + datetime.timedelta(hours=1),
        "place": "Kantoor Den Haag",
        "actor": None,
    }
    values.update(kwargs)
    return meeting_services.meeting_create(**values)


def make_document(**kwargs: Any) -> Document:
    """A document of `body` (required) with one PDF version; `content` and `name` override the file."""
    from django.core.files.base import ContentFile

    from councils.meetings import services as meeting_services
    from councils.models import Confidentiality

    content = kwargs.pop("content", PDF_BYTES)
    name = kwargs.pop("name", "stuk.pdf")
    values: dict[str, Any] = {
        "title": f"Stuk {next(_structure_counter)}",
        "confidentiality": Confidentiality.BODY,
        "file": ContentFile(content, name=name),
        "actor": None,
    }
    values.update(kwargs)
    return meeting_services.document_create(**values)


# ---------------------------------------------------------------------------------------------------------------
# Advice and consent: requests and consultations through advice.services.

from advice.models import Consultation, Request  # noqa: E402 - this section's own imports, kept with it


def make_advice_request(**kwargs: Any) -> Request:
    """A request of `council` (required) by `responsible` (required, a board member), drafted through the services.

    `topic_code` picks the catalogue topic (default ADV-e, or CON-e for consent; None for another topic);
    `submitted_on` submits it, received on that day.
    """
    from advice.models import RequestKind, Topic
    from advice.services import requests

    kind = kwargs.pop("kind", RequestKind.REQUESTED_ADVICE)
    default_code = "CON-e" if kind == RequestKind.CONSENT else "ADV-e"
    topic_code = kwargs.pop("topic_code", default_code)
    submitted_on: datetime.date | None = kwargs.pop("submitted_on", None)
    values: dict[str, Any] = {
        "kind": kind,
        "topic": Topic.objects.get(code=topic_code) if topic_code else None,
        "title": f"Verzoek {next(_structure_counter)}",
        "summary": "Het voorgenomen besluit en de stukken.",
        "planned_decision_on": datetime.date(2026, 12, 31),
        "actor": kwargs.get("responsible"),
    }
    values.update(kwargs)
    request = requests.request_create(**values)
    if submitted_on is not None:
        request = requests.request_submit(request=request, on=submitted_on, actor=values["actor"]).request
    return request


def make_consultation(
    *,
    request: Request,
    starts_at: datetime.datetime | None = None,
    held: bool = True,
    minuted: bool = True,
    board_present: bool = True,
    body: Body | None = None,
) -> Consultation:
    """A joint meeting of the request's council (or of `body`, e.g. a chamber) with an agenda item of the fitting
    kind, linked to the request; held, minuted (shared minutes) and with a board member recorded as present unless
    told otherwise. Starts an hour ago unless given."""
    from accounts.models import User
    from accounts.roles import Role
    from advice.models import CONSULTATION_ITEM_KIND, RequestKind
    from advice.services import answers
    from councils.meetings import services as meeting_services

    starts_at = starts_at or datetime.datetime.now(datetime.UTC).replace(microsecond=0) - datetime.timedelta(hours=1)
    meeting = make_meeting(body=body or request.council, starts_at=starts_at)
    item = meeting_services.agenda_item_add(
        meeting=meeting, title=request.title, kind=CONSULTATION_ITEM_KIND[RequestKind(request.kind)], actor=None
    )
    if board_present:
        board = User.objects.filter(groups__name=Role.BOARD, is_active=True).order_by("pk").first()
        board = board or make_user(roles=[Role.BOARD])
        meeting_services.board_attendance_record(meeting=meeting, user=board, status="present", actor=None)
    if held:
        meeting_services.meeting_mark_held(meeting=meeting, actor=None)
        if minuted:
            minutes = meeting_services.minutes_save_draft(meeting=meeting, text="Besproken met de raad.", actor=None)
            meeting_services.minutes_share(minutes=minutes, actor=None)
    return answers.consultation_link(request=request, agenda_item=item, actor=None)


def make_decided_request(
    *,
    council: Body,
    board: User,
    supporter: User,
    outcome: str = "follows",
    reasons: str = "",
    text: str = "Wij voeren het besluit uit zoals voorgenomen.",
    effective_on: datetime.date | None = None,
    render: bool = False,
    **kwargs: Any,
) -> Request:
    """A requested-advice request of council, answered by supporter ten days ago and decided today by board.

    A deviating outcome gets a held, minuted consultation (W-ADV-4) and needs reasons. The decision queues its letter
    after the commit (advice.services.letters); render=True renders it at once, so the request has a ready letter.
    """
    from django.utils import timezone

    from advice.services import answers, decisions, letters

    advice_day = timezone.localdate() - datetime.timedelta(days=10)
    request = make_advice_request(
        council=council, responsible=board, submitted_on=advice_day - datetime.timedelta(days=20), **kwargs
    )
    advice = "Doe het zorgvuldig en stap voor stap."
    answers.request_respond(request=request, on=advice_day, actor=supporter, advice=advice)
    if outcome != "follows":
        make_consultation(request=request)
    request.refresh_from_db()
    decisions.request_decide(
        request=request, outcome=outcome, text=text, reasons=reasons, effective_on=effective_on, actor=board
    )
    if render:
        letters.letter_render(letter_id=request.letters.get().pk)
    request.refresh_from_db()
    return request
