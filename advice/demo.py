"""Demo requests (issue 7 item 6), relative to today: called by incluzio_mz.demo.load_demo_data after the meetings.

For the central youth council: one advice request in each state (waiting for the council, paused for information,
answered, decided with a letter, deviating after a consultation), one consent request refused with reasons and in
dispute, and one unsolicited advice from the jongerenraad. Every step goes through the services with the demo
accounts as actors, on dates in the past, so the dossier's timeline reads like a real one. Deciding queues the
letter; the worker that `make run` starts renders it. Idempotent: requests are looked up by council and title.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.apps import apps
from django.db.models import Max
from django.utils import timezone

from accounts.models import User
from accounts.roles import Role
from advice.models import CONSULTATION_ITEM_KIND, ConsentAnswer, DecisionOutcome, Request, RequestKind, Topic
from advice.services import answers, decisions, disputes, publishing, requests
from councils.meetings import services as meeting_services
from councils.models import AttendanceStatus, Body, MeetingKind

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
COUNCIL = "centrale-klantenraad-jeugd"


def _at(day: date, hour: int) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=AMSTERDAM)


def _consultation_meeting(council: Body, request: Request, day: date) -> None:
    """A held joint meeting on day with the request on the agenda and shared minutes, linked as its consultation."""
    meeting = meeting_services.meeting_create(
        body=council,
        kind=MeetingKind.JOINT,
        title=f"Overleg met de bestuurder over {request.reference}",
        starts_at=_at(day, 15),
        ends_at=_at(day, 17),
        place="Kantoor Utrecht, zaal 2",
        actor=None,
    )
    item = meeting_services.agenda_item_add(
        meeting=meeting, title=request.title, kind=CONSULTATION_ITEM_KIND[RequestKind(request.kind)], actor=None
    )
    meeting_services.meeting_publish_agenda(meeting=meeting, actor=None)
    # The board was there: that makes the meeting a consultation (W-ADV-4, W-CON-2), recorded by the council's
    # own supporter (W-BODY-6).
    supporter = User.objects.filter(username="ondersteuner-centraal").first()
    for board_member in User.objects.filter(groups__name=Role.BOARD, is_active=True).order_by("pk")[:1]:
        meeting_services.board_attendance_record(
            meeting=meeting, user=board_member, status=AttendanceStatus.PRESENT, actor=supporter
        )
    meeting_services.meeting_mark_held(meeting=meeting, actor=supporter)
    minutes = meeting_services.minutes_save_draft(
        meeting=meeting,
        text=f"De bestuurder en de raad bespraken {request.reference}. De raad lichtte zijn standpunt toe; de "
        "bestuurder legde uit waarom hij er anders over denkt.",
        actor=None,
    )
    meeting_services.minutes_share(minutes=minutes, actor=None)
    answers.consultation_link(request=request, agenda_item=item, actor=None)


@contextmanager
def dated(day: date, hour: int = 10) -> Iterator[None]:
    """Date the history rows that the steps inside write at day (the dossier's timeline shows who did what when):
    demo steps happen now, but tell a story of weeks. Only rows written inside the block are changed."""
    models = [model for model in apps.get_models() if hasattr(model, "history_date") and hasattr(model, "history_id")]
    before = {model: model._default_manager.aggregate(last=Max("history_id"))["last"] or 0 for model in models}
    yield
    moment = _at(day, hour)
    for model in models:
        model._default_manager.filter(history_id__gt=before[model]).update(history_date=moment)


def load_requests(created: list[str]) -> None:
    council = Body.objects.filter(slug=COUNCIL).first()
    if council is None:
        return
    board = User.objects.get(username="bestuurder")
    youth_supporter = User.objects.get(username="ondersteuner-jongeren")
    today = timezone.localdate()

    def ago(days: int) -> date:
        return today - timedelta(days=days)

    def advice_request(title: str, summary: str, code: str | None, submitted: int, planned: int) -> Request | None:
        """An advice request on catalogue topic `code` (None: another topic), submitted `submitted` days ago."""
        if Request.objects.filter(council=council, title=title).exists():
            return None
        with dated(ago(submitted)):
            request = requests.request_create(
                kind=RequestKind.REQUESTED_ADVICE,
                council=council,
                topic=Topic.objects.get(code=code) if code else None,
                title=title,
                summary=summary,
                responsible=board,
                planned_decision_on=today + timedelta(days=planned),
                actor=board,
            )
            request = requests.request_submit(request=request, on=ago(submitted), actor=board).request
        created.append(f"request {request.reference}")
        return request

    # 1. Waiting for the council.
    advice_request(
        "Nieuwe werkwijze voor de wijkteams",
        "De wijkteams gaan werken met één vast aanspreekpunt per gezin. We vragen uw advies over de invoering.",
        "ADV-e",
        submitted=10,
        planned=60,
    )

    # 2. Paused: the council asked for information and waits for the answer.
    paused = advice_request(
        "Minder locaties voor het jongerenwerk",
        "Het jongerenwerk in Utrecht gaat van vijf naar drie locaties. We vragen uw advies.",
        "ADV-d",
        submitted=20,
        planned=50,
    )
    if paused is not None:
        with dated(ago(5)):
            requests.request_information_ask(
                request=paused,
                question="Welke locaties sluiten, en hoe ver reizen jongeren straks naar de dichtstbijzijnde plek?",
                on=ago(5),
                actor=youth_supporter,
            )

    # 3. Answered: the council gave its advice; the board has not decided yet.
    answered = advice_request(
        "Begroting 2027 voor de jeugdhulp",
        "De begroting voor 2027 ligt klaar. Er gaat meer geld naar de wijkteams en minder naar de huisvesting. "
        "We vragen uw advies.",
        "ADV-g",
        submitted=40,
        planned=20,
    )
    if answered is not None:
        with dated(ago(3)):
            answers.request_respond(
                request=answered,
                advice="Houd geld vrij voor reiskosten: jongeren moeten het jongerenwerk ook kunnen bereiken als een "
                "locatie verder weg ligt.",
                on=ago(3),
                actor=youth_supporter,
            )

    # 4. Decided, following the advice, with a letter; its summary is on the public page.
    followed = advice_request(
        "Vaste openingstijden van de inloop",
        "De inloop van het jongerenwerk krijgt vaste openingstijden. We vragen uw advies over de tijden.",
        "ADV-e",
        submitted=70,
        planned=-25,
    )
    if followed is not None:
        with dated(ago(40)):
            answers.request_respond(
                request=followed,
                advice="Open de inloop ook op woensdagmiddag en vrijdagavond: dan hebben de meeste jongeren tijd.",
                on=ago(40),
                actor=youth_supporter,
            )
        with dated(ago(30)):
            decisions.request_decide(
                request=followed,
                outcome=DecisionOutcome.FOLLOWS,
                text="De inloop is open op woensdagmiddag en vrijdagavond, zoals de raad adviseerde.",
                effective_on=ago(20),
                on=ago(30),
                actor=board,
            )
        with dated(ago(29)):
            publishing.request_publish(
                request=followed,
                public_summary="De inloop is nu ook open op woensdagmiddag en vrijdagavond. Dat was het advies van de "
                "jongerenraad.",
                is_public=True,
                actor=youth_supporter,
            )

    # 5. Decided, deviating from the advice, after a consultation, with reasons.
    deviated = advice_request(
        "Wachtlijstbeleid jeugdhulp",
        "We willen de wachtlijst voortaan op volgorde van aanmelding afwerken. We vragen uw advies.",
        None,
        submitted=90,
        planned=-40,
    )
    if deviated is not None:
        with dated(ago(60)):
            answers.request_respond(
                request=deviated,
                advice="Geef jongeren in een crisis altijd voorrang, ook als anderen langer wachten.",
                on=ago(60),
                actor=youth_supporter,
            )
        with dated(ago(50)):
            _consultation_meeting(council, deviated, ago(50))
        with dated(ago(45)):
            decisions.request_decide(
                request=deviated,
                outcome=DecisionOutcome.PARTLY_FOLLOWS,
                text="Crisissituaties krijgen voorrang via het crisisteam; de wachtlijst zelf gaat op volgorde.",
                reasons="Het crisisteam helpt jongeren in nood al dezelfde dag; een aparte voorrang op de "
                "wachtlijst zou anderen maanden langer laten wachten.",
                effective_on=ago(30),
                on=ago(45),
                actor=board,
            )

    # 6. Consent refused with reasons, and the board took it to the committee of confidants.
    title = "Nieuwe regels voor het beëindigen van hulp"
    if not Request.objects.filter(council=council, title=title).exists():
        with dated(ago(60)):
            consent = requests.request_create(
                kind=RequestKind.CONSENT,
                council=council,
                topic=Topic.objects.get(code="CON-f"),
                title=title,
                summary="We willen hulp sneller afsluiten als een gezin twee afspraken mist. We vragen uw instemming.",
                responsible=board,
                planned_decision_on=today + timedelta(days=30),
                actor=board,
            )
        with dated(ago(60)):
            consent = requests.request_submit(request=consent, on=ago(60), actor=board).request
        with dated(ago(35)):
            _consultation_meeting(council, consent, ago(35))
        with dated(ago(30)):
            answers.request_respond(
                request=consent,
                consent=ConsentAnswer.REFUSED,
                reasons="Twee gemiste afspraken zegt weinig: jongeren missen afspraken vaak juist als het slecht gaat. "
                "Bel eerst, en sluit pas af na een gesprek.",
                on=ago(30),
                actor=youth_supporter,
            )
        with dated(ago(10)):
            dispute = disputes.dispute_open(
                council=council,
                request=consent,
                subject="consent",
                brought_by="board",
                description="De bestuurder vraagt de commissie van vertrouwenslieden om een uitspraak die de "
                "instemming vervangt.",
                opened_on=ago(10),
                actor=board,
            )
        with dated(ago(3)):
            disputes.dispute_mediation_record(
                dispute=dispute,
                mediation_on=ago(3),
                outcome="Partijen spraken af dat de bestuurder een voorstel doet met een belronde voor het afsluiten. "
                "Nog geen overeenstemming.",
                settled=False,
                actor=board,
            )
        created.append(f"request {consent.reference} with a dispute")

    # 7. Unsolicited advice from the jongerenraad, for the board to answer.
    title = "Jongeren willen zelf hun hulpverlener kiezen"
    if not Request.objects.filter(council=council, title=title).exists():
        with dated(ago(7)):
            unsolicited = answers.unsolicited_advice_submit(
                council=council,
                topic=None,
                title=title,
                advice="Laat jongeren na het eerste gesprek kiezen of ze met dezelfde hulpverlener verdergaan. "
                "Een klik met je hulpverlener maakt het verschil.",
                summary="Ongevraagd advies van de jongerenraad, na gesprekken in de klantenpanels.",
                on=ago(7),
                actor=youth_supporter,
            )
        created.append(f"unsolicited advice {unsolicited.reference}")
