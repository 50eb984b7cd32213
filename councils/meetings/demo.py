"""Demo meetings (issue 6 item 11), relative to today: called by incluzio_mz.demo.load_demo_data after the members.

A joint meeting with the board next week with a published agenda and documents; an evening jongerenraad meeting and
a daytime ouderraad meeting; two past jongerenraad meetings with approved minutes and open and done actions; one
chamber-only document in each chamber. Idempotent: meetings are looked up by body and title, documents by title.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.core.files.base import ContentFile
from django.utils import timezone

from councils.meetings import services
from councils.models import Body
from councils.models.meetings import (
    ActionItemKind,
    AgendaItemKind,
    Confidentiality,
    Document,
    Meeting,
    MeetingKind,
)
from incluzio_mz.lib.pdf import render_pdf
from members.models import Person

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=AMSTERDAM)


@dataclass(frozen=True)
class DemoMeeting:
    body: str
    kind: str
    title: str
    days: int  # from today
    start: tuple[int, int]
    hours: float
    place: str
    items: tuple[tuple[str, str], ...]


JOINT = DemoMeeting(
    "centrale-klantenraad-jeugd",
    MeetingKind.JOINT,
    "Overleg met de bestuurder",
    7,
    (15, 0),
    2,
    "Kantoor Utrecht, zaal 2",
    (
        ("Opening en mededelingen", AgendaItemKind.INFORMATION),
        ("Jaarlijkse informatie over het beleid", AgendaItemKind.YEARLY_POLICY_INFORMATION),
        ("Adviesaanvraag: een nieuwe werkwijze voor de wijkteams", AgendaItemKind.ADVICE_REQUEST),
        ("Wat horen de klantenpanels?", AgendaItemKind.DISCUSSION),
        ("Rondvraag en afspraken", AgendaItemKind.DECISION),
    ),
)
UPCOMING = (
    DemoMeeting(
        "jongerenraad",
        MeetingKind.CHAMBER,
        "Jongerenraad: maandelijkse avond",
        10,
        (19, 0),
        1.5,
        "Jongerencentrum De Plek",
        (
            ("Voorbereiden overleg met de bestuurder", AgendaItemKind.DISCUSSION),
            ("Pizza en bijpraten", AgendaItemKind.INFORMATION),
        ),
    ),
    DemoMeeting(
        "ouderraad",
        MeetingKind.CHAMBER,
        "Ouderraad: maandelijks overleg",
        12,
        (10, 0),
        1.5,
        "Kantoor Den Haag",
        (("Ervaringen met wachttijden", AgendaItemKind.DISCUSSION), ("Werving nieuwe leden", AgendaItemKind.DECISION)),
    ),
)
PAST = (
    DemoMeeting(
        "jongerenraad",
        MeetingKind.CHAMBER,
        "Jongerenraad: avond over werving",
        -60,
        (19, 0),
        1.5,
        "Jongerencentrum De Plek",
        (("Hoe vinden we nieuwe leden?", AgendaItemKind.DISCUSSION),),
    ),
    DemoMeeting(
        "jongerenraad",
        MeetingKind.CHAMBER,
        "Jongerenraad: avond over de jeugdhulp",
        -30,
        (19, 0),
        1.5,
        "Jongerencentrum De Plek",
        (("Wat gaat goed in de jeugdhulp, wat kan beter?", AgendaItemKind.DISCUSSION),),
    ),
)
CHAMBER_ONLY = {
    "jongerenraad": "Aantekeningen van de jongerenraad (alleen voor de jongerenraad)",
    "ouderraad": "Verslag gesprek met ouders (alleen voor de ouderraad)",
}


def _meeting(demo: DemoMeeting, created: list[str]) -> tuple[Meeting, bool]:
    body = Body.objects.get(slug=demo.body)
    existing = Meeting.objects.filter(body=body, title=demo.title).first()
    if existing is not None:
        return existing, False
    starts = _at(timezone.localdate() + timedelta(days=demo.days), *demo.start)
    meeting = services.meeting_create(
        body=body,
        kind=demo.kind,
        title=demo.title,
        starts_at=starts,
        ends_at=starts + timedelta(hours=demo.hours),
        place=demo.place,
        actor=None,
    )
    for title, kind in demo.items:
        services.agenda_item_add(meeting=meeting, title=title, kind=kind, actor=None)
    created.append(f"meeting {demo.title}")
    return meeting, True


def _pdf(title: str) -> "ContentFile[bytes]":
    content = render_pdf(template="councils/pdf/demo_document.html", context={"title": title})
    return ContentFile(content, name="document.pdf")


def _document(body: Body, title: str, confidentiality: str, meeting: Meeting | None, created: list[str]) -> Document:
    existing = Document.objects.filter(body=body, title=title).first()
    if existing is not None:
        return existing
    document = services.document_create(
        body=body, title=title, confidentiality=confidentiality, file=_pdf(title), meeting=meeting, actor=None
    )
    created.append(f"document {title}")
    return document


def load_meetings(created: list[str]) -> None:
    joint, new = _meeting(JOINT, created)
    if new:
        council = joint.body
        plan = _document(council, "Beleidsplan jeugd 2027 (samenvatting)", Confidentiality.BODY, joint, created)
        budget = _document(council, "Begroting 2027", Confidentiality.BOARD_AND_SUPPORTERS, joint, created)
        items = list(joint.items.order_by("position"))
        services.agenda_item_link_document(item=items[1], document=plan, actor=None)
        services.agenda_item_link_document(item=items[1], document=budget, actor=None)
        services.meeting_publish_agenda(meeting=joint, actor=None)
    for demo in UPCOMING:
        _meeting(demo, created)
    first, new_first = _meeting(PAST[0], created)
    second, new_second = _meeting(PAST[1], created)
    if new_first and new_second:
        _past_with_minutes(first, second)
    for slug, title in CHAMBER_ONLY.items():
        _document(Body.objects.get(slug=slug), title, Confidentiality.CHAMBER, None, created)


def _past_with_minutes(first: Meeting, second: Meeting) -> None:
    """Both held; the first's minutes approved at the second, the second's by the chair; actions open and done."""
    for meeting in (first, second):
        services.meeting_publish_agenda(meeting=meeting, actor=None)
        services.meeting_mark_held(meeting=meeting, actor=None)
    text = "Aanwezig: vijf leden en de ondersteuner. We bespraken de punten van de agenda en maakten afspraken."
    minutes = services.minutes_share(
        minutes=services.minutes_save_draft(meeting=first, text=text, actor=None), actor=None
    )
    services.minutes_approve(minutes=minutes, approved_on=second.starts_at.date(), at_meeting=second, actor=None)
    minutes = services.minutes_share(
        minutes=services.minutes_save_draft(meeting=second, text=text, actor=None), actor=None
    )
    chair = Person.objects.filter(display_name="Sami").first()
    services.minutes_approve(
        minutes=minutes, approved_on=timezone.localdate() - timedelta(days=20), by_chair=chair, actor=None
    )
    body = first.body
    lotte = Person.objects.filter(display_name="Lotte").first()
    done = services.action_item_create(
        body=body, kind=ActionItemKind.ACTION, title="Flyer maken voor de werving", meeting=first, owner=lotte,
        due_on=first.starts_at.date() + timedelta(days=14), actor=None,
    )  # fmt: skip
    services.action_item_complete(item=done, done_on=first.starts_at.date() + timedelta(days=12), actor=None)
    services.action_item_create(
        body=body, kind=ActionItemKind.ACTION, title="Instagram-poll over de wachtkamer", meeting=second, owner=lotte,
        due_on=timezone.localdate() + timedelta(days=14), actor=None,
    )  # fmt: skip
    # A commitment the board made to the council ("toezegging"): shown on the council's page until done.
    services.action_item_create(
        body=body.parent or body, kind=ActionItemKind.COMMITMENT,
        title="De bestuurder laat weten hoe lang de wachttijden nu zijn",
        due_on=timezone.localdate() + timedelta(days=21), actor=None,
    )  # fmt: skip
