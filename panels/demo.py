"""Demo activities, signals and working visits (issue 8 item 6), relative to today: called by
incluzio_mz.demo.load_demo_data after the meetings.

Klantenpanel Kracht held a focus group and a pizza session; a signal from the focus group was forwarded to the
centrale klantenraad jeugd, which recorded what it did with it. Klantenpanel TIM Stichtse Vecht held an experience
café and a survey; a signal from the public form was answered, the person was told and it was closed; a new signal
waits for a reply. The central council visited the Kracht unit and spoke with the TIM panel (W-SCOPE-5); its other
units show up as having no local contact.

So that the demo supporters can follow the panels' signals, the jongerenraad's supporter also supports Kracht and
the ouderraad's supporter TIM Stichtse Vecht (both are also supporters of the central council's chambers, so they
see what is forwarded to it). Public texts and contact addresses of the bodies are set by councils/demo.py.
Idempotent: activities and signals are looked up by body and title, contacts by council, kind and target.
"""

from datetime import timedelta

from django.utils import timezone

from accounts.models import User
from councils import services as council_services
from councils.models import Body, BusinessUnit
from panels.models import Activity, ContactKind, LocalContact, Signal
from panels.services import activities, contacts, signals

COUNCIL = "centrale-klantenraad-jeugd"
KRACHT = "klantenpanel-kracht"
TIM = "klantenpanel-tim-stichtse-vecht"
PANEL_SUPPORTERS = {"ondersteuner-jongeren": KRACHT, "ondersteuner-ouders": TIM}
REASON = "Demo data"


def _activity(body: Body, created: list[str], *, days: int, **values: object) -> Activity:
    existing = Activity.objects.filter(body=body, title=values["title"]).first()
    if existing is not None:
        return existing
    activity = activities.activity_create(
        body=body,
        held_on=timezone.localdate() - timedelta(days=days),
        actor=None,
        **values,  # type: ignore[arg-type]
    )
    created.append(f"activity {activity.title} ({body.slug})")
    return activity


def _signal(body: Body, created: list[str], *, days: int, **values: object) -> tuple[Signal, bool]:
    existing = Signal.objects.filter(body=body, title=values["title"]).first()
    if existing is not None:
        return existing, False
    signal = signals.signal_create(
        body=body,
        received_on=timezone.localdate() - timedelta(days=days),
        actor=None,
        **values,  # type: ignore[arg-type]
    )
    created.append(f"signal {signal.reference} ({body.slug})")
    return signal, True


def load_panels(created: list[str]) -> None:
    """Activities and signals for the Kracht and TIM Stichtse Vecht panels, and the central council's contacts."""
    council = Body.objects.get(slug=COUNCIL)
    kracht = Body.objects.get(slug=KRACHT)
    tim = Body.objects.get(slug=TIM)
    today = timezone.localdate()
    for username, slug in PANEL_SUPPORTERS.items():
        user = User.objects.filter(username=username).first()
        body = Body.objects.get(slug=slug)
        if user is not None and user not in council_services.body_supporters(body):
            council_services.body_supporter_add(body=body, user=user, actor=None, reason=REASON)
            created.append(f"{username} supports {slug}")

    focus = _activity(
        kracht, created, days=30, method="focus_group", title="Focusgroep: de eerste weken bij Kracht",
        participants=8, youth=True,
        summary="Jongeren wachten lang op een eerste gesprek en weten niet wie hun vaste hulpverlener is. Ze willen "
        "een appnummer dat altijd werkt.",
        follow_up="De teamleider bespreekt het appnummer in het teamoverleg. We vragen in de volgende pizzasessie "
        "of het beter gaat.",
    )  # fmt: skip
    _activity(
        kracht, created, days=10, method="pizza_session", title="Pizzasessie in de wijk", participants=14,
        youth=True, summary="Gesprek over de jongerenruimte: langer open in de vakanties.", follow_up="",
    )  # fmt: skip
    _activity(
        tim, created, days=20, method="experience_cafe", title="Ervaringscafé voor ouders", participants=11,
        parents=True,
        summary="Ouders zijn blij met de wijkcoach, maar worden niet altijd teruggebeld.",
        follow_up="Afspraak met het wijkteam: binnen twee werkdagen terugbellen.",
    )  # fmt: skip
    _activity(
        tim, created, days=45, method="survey", title="Enquête tevredenheid wijkteams", participants=64,
        youth=True, parents=True, summary="64 reacties; gemiddeld een 7,4. Bereikbaarheid scoort het laagst.",
        follow_up="Uitkomsten gedeeld met de centrale klantenraad.",
    )  # fmt: skip

    # Kracht: from the focus group, forwarded to the central council, which answered (W-PAN-2).
    waiting, new = _signal(
        kracht, created, days=29, title="Lang wachten op een eerste gesprek",
        description="Jongeren in de focusgroep wachten soms zes weken op een eerste gesprek.",
        source="activity", activity=focus, theme="waiting",
    )  # fmt: skip
    if new:
        signals.signal_start_handling(signal=waiting, actor=None)
        signals.signal_forward(signal=waiting, council=council, actor=None)
        signals.signal_council_answer(
            signal=waiting,
            response="Besproken in de overlegvergadering; de bestuurder zoekt uit hoe de wachttijd korter kan en "
            "komt daar in de volgende vergadering op terug.",
            actor=None,
        )
        created.append(f"signal {waiting.reference} forwarded to {council.slug}")

    # TIM Stichtse Vecht: from the public form, answered, the person told, closed.
    called, new = _signal(
        tim, created, days=40, title="Niet teruggebeld door het wijkteam",
        description="Ik heb twee keer gebeld over de hulp voor mijn zoon en niemand belde terug.",
        source="public_form", theme="communication", sender_name="Een ouder", sender_contact="ouder@example.org",
    )  # fmt: skip
    if new:
        signals.signal_start_handling(signal=called, actor=None)
        signals.signal_answer(
            signal=called,
            response="Besproken met het wijkteam: ouders worden nu binnen twee werkdagen teruggebeld.",
            actor=None,
        )
        signals.signal_told(signal=called, told_on=today - timedelta(days=15), told_how="Per e-mail", actor=None)
        signals.signal_close(signal=called, closed_on=today - timedelta(days=15), actor=None)
    # A new one that waits for a reply.
    _signal(
        tim, created, days=2, title="Geen avondspreekuur meer",
        description="Een panellid hoorde van ouders dat het avondspreekuur is gestopt.",
        source="member", theme="waiting",
    )  # fmt: skip

    # W-SCOPE-5: a working visit to the Kracht unit and a contact with the TIM panel.
    unit = BusinessUnit.objects.get(slug="kracht")
    if not LocalContact.objects.filter(council=council, kind=ContactKind.WORKING_VISIT, unit=unit).exists():
        contacts.local_contact_create(
            council=council,
            kind=ContactKind.WORKING_VISIT,
            unit=unit,
            held_on=today - timedelta(days=40),
            notes="Rondleiding en gesprek met twee jongerenwerkers over de jongerenruimte.",
            actor=None,
        )
        created.append(f"working visit of {council.slug} to kracht")
    if not LocalContact.objects.filter(council=council, kind=ContactKind.PANEL_CONTACT, panel=tim).exists():
        contacts.local_contact_create(
            council=council,
            kind=ContactKind.PANEL_CONTACT,
            panel=tim,
            held_on=today - timedelta(days=25),
            notes="Twee raadsleden waren bij het ervaringscafé.",
            actor=None,
        )
        created.append(f"contact of {council.slug} with {tim.slug}")
