"""Demo structure after the primary seed's scenario 3 (DEMO_MODE only; called by incluzio_mz.demo.load_demo_data).

One central youth council with a youth and a parents chamber represents every unit with youth work or youth care;
the older councils of HBH (household help, including Aster) and Hollands Kroon stay; Kracht and TIM Stichtse Vecht
have local panels that feed the central council. Sizes and service mixes are plausible, not real figures.
Idempotent: everything is looked up by slug first. No real people's names.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.core.files.base import ContentFile
from django.utils import timezone

from accounts.models import User
from councils import services
from councils.models import Body, BodyKind, BusinessUnit, ConsentStatus, Regulation, Representation
from councils.scope import ServiceKind
from incluzio_mz.lib.pdf import render_pdf

REASON = "Demogegevens"
CENTRAL = "centrale-klantenraad-jeugd"
CENTRAL_SINCE = date(2026, 1, 1)
OLD_COUNCILS_SINCE = date(2019, 1, 1)


@dataclass(frozen=True)
class DemoUnit:
    slug: str
    name: str
    municipality: str
    services: tuple[str, ...]
    care_providers: int
    ambulatory_first_line: bool = False


Y, W, WMO, HH, WEL = (
    ServiceKind.YOUTH_CARE,
    ServiceKind.YOUTH_WORK,
    ServiceKind.WMO_SUPPORT,
    ServiceKind.HOUSEHOLD_HELP,
    ServiceKind.WELFARE,
)

UNITS = (
    DemoUnit("kracht", "Kracht", "Den Haag", (Y, W), 64),
    DemoUnit("tim-stichtse-vecht", "TIM Stichtse Vecht", "Stichtse Vecht", (Y, WMO), 38),
    DemoUnit("hollands-kroon", "Hollands Kroon", "Hollands Kroon", (Y, WMO, WEL), 45),
    DemoUnit("hbh", "HBH (inclusief Aster)", "Amsterdam en omgeving", (HH,), 180),
    DemoUnit("leiderdorp", "Leiderdorp", "Leiderdorp", (W, WEL), 14),
    DemoUnit("den-bosch", "Den Bosch", "'s-Hertogenbosch", (W, WEL), 22),
    DemoUnit("zaanstad", "Zaanstad", "Zaanstad", (W, WMO), 21, ambulatory_first_line=True),
    DemoUnit("wmo-radar", "WMO Radar", "Rotterdam", (WMO, W), 30),
    DemoUnit("venlo", "Venlo", "Venlo", (W, WEL), 9),
    DemoUnit("lingewaard", "Lingewaard", "Lingewaard", (Y, W), 16),
)
# Scenario 3: the central youth council represents every unit with youth care or youth work.
YOUTH_UNITS = [unit.slug for unit in UNITS if {Y, W} & set(unit.services)]


@dataclass(frozen=True)
class DemoBody:
    slug: str
    name: str
    kind: str
    description: str
    parent: str = ""
    units: tuple[str, ...] = ()
    since: date = CENTRAL_SINCE


BODIES = (
    DemoBody(
        "centrale-klantenraad-jeugd",
        "Centrale Klantenraad Jeugd",
        BodyKind.COUNCIL,
        "Wij praten mee over de hulp en ondersteuning aan jongeren en ouders. We geven de bestuurder advies, "
        "ook als niemand erom vraagt. Jongeren en ouders uit alle jeugdopdrachten doen mee.",
        units=tuple(YOUTH_UNITS),
    ),
    DemoBody(
        "jongerenraad",
        "Jongerenraad",
        BodyKind.CHAMBER,
        "Ben je tussen 12 en 23 jaar en krijg je hulp of ga je naar het jongerenwerk? In de jongerenraad zeg je "
        "wat jij belangrijk vindt. We komen één keer per maand 's avonds bij elkaar.",
        parent="centrale-klantenraad-jeugd",
    ),
    DemoBody(
        "ouderraad",
        "Ouderraad",
        BodyKind.CHAMBER,
        "Voor ouders en verzorgers van jongeren die hulp krijgen. We komen één keer per maand overdag bij "
        "elkaar en bespreken wat beter kan.",
        parent="centrale-klantenraad-jeugd",
    ),
    DemoBody(
        "klantenpanel-kracht",
        "Klantenpanel Kracht",
        BodyKind.PANEL,
        "Jongeren en ouders uit Den Haag denken mee over de hulp in hun wijk.",
        parent="centrale-klantenraad-jeugd",
        units=("kracht",),
    ),
    DemoBody(
        "klantenpanel-tim-stichtse-vecht",
        "Klantenpanel TIM Stichtse Vecht",
        BodyKind.PANEL,
        "Inwoners van Stichtse Vecht vertellen wat goed gaat en wat beter kan bij de wijkteams.",
        parent="centrale-klantenraad-jeugd",
        units=("tim-stichtse-vecht",),
    ),
    DemoBody(
        "klantenraad-hbh",
        "Klantenraad HBH",
        BodyKind.COUNCIL,
        "De klantenraad van HBH praat mee over de hulp bij het huishouden, ook bij Aster.",
        units=("hbh",),
        since=OLD_COUNCILS_SINCE,
    ),
    DemoBody(
        "klantenraad-hollands-kroon",
        "Klantenraad Hollands Kroon",
        BodyKind.COUNCIL,
        "De klantenraad van Hollands Kroon praat mee over zorg en ondersteuning in de gemeente Hollands Kroon.",
        units=("hollands-kroon",),
        since=OLD_COUNCILS_SINCE,
    ),
)

# Demo account -> the body it supports (issue 4: the supporters of the two chambers; W-BODY-6: the central council
# has its own supporter, who plans its joint meetings with the board without the administrator).
SUPPORTERS = {
    "ondersteuner-jongeren": "jongerenraad",
    "ondersteuner-ouders": "ouderraad",
    "ondersteuner-centraal": "centrale-klantenraad-jeugd",
}


def _unit(demo: DemoUnit, created: list[str]) -> BusinessUnit:
    unit = BusinessUnit.objects.filter(slug=demo.slug).first()
    if unit is None:
        unit = services.business_unit_create(
            name=demo.name,
            slug=demo.slug,
            municipality=demo.municipality,
            services=list(demo.services),
            ambulatory_first_line=demo.ambulatory_first_line,
            care_provider_count=demo.care_providers,
            actor=None,
            reason=REASON,
        )
        created.append(f"business unit {demo.slug}")
    return unit


def _body(demo: DemoBody, created: list[str]) -> Body:
    body = Body.objects.filter(slug=demo.slug).first()
    if body is not None:
        return body
    parent = Body.objects.get(slug=demo.parent) if demo.parent else None
    email = f"{demo.slug}@example.org"
    if demo.kind == BodyKind.CHAMBER:
        assert parent is not None
        body = services.chamber_create(
            council=parent,
            name=demo.name,
            slug=demo.slug,
            public_description=demo.description,
            contact_email=email,
            actor=None,
            reason=REASON,
        )
    else:
        body = services.body_create(
            kind=demo.kind,
            parent=parent,
            name=demo.name,
            slug=demo.slug,
            public_description=demo.description,
            contact_email=email,
            actor=None,
            reason=REASON,
        )
    created.append(f"body {demo.slug}")
    return body


def _regulation(council: Body, *, with_text: bool, created: list[str]) -> None:
    regulation = Regulation.objects.filter(council=council).first()
    if regulation is None:
        regulation = services.regulation_create_for_council(council=council, actor=None, reason=REASON)
        created.append(f"regulation of {council.slug}")
    if with_text and not regulation.documents.exists():
        pdf = render_pdf(template="councils/pdf/demo_regulation.html", context={"council": council})
        document = services.regulation_document_add(
            regulation=regulation,
            kind="regulation",
            file=ContentFile(pdf, name="medezeggenschapsregeling.pdf"),
            actor=None,
            reason=REASON,
        )
        for status in (ConsentStatus.CONSENT_REQUESTED, ConsentStatus.GRANTED):
            document = services.regulation_document_set_consent(
                document=document, status=status, consent_date=CENTRAL_SINCE, actor=None, reason=REASON
            )
        created.append(f"regulation text of {council.slug}")
    if council.slug == CENTRAL and regulation.parameter_versions.count() == 1:
        # W-REG-1: the settings were set by an administrator and are not consented yet (the compliance overview
        # shows it); a proposed change waits for a consent request on topic a.
        services.regulation_change_propose(
            regulation=regulation,
            data={"joint_meetings_target": 10},
            actor=None,
            reason="Voorstel: vaker overleg met de bestuurder",
        )
        created.append(f"proposed regulation change of {council.slug}")


HOUSE_RULES_MEETING = "Centrale klantenraad: huishoudelijk reglement"
HOUSE_RULES_TEXT = (
    "1. De centrale klantenraad bestaat uit de jongerenraad en de ouderraad.\n"
    "2. Elke kamer kiest een voorzitter. De voorzitters zitten samen het overleg met de bestuurder voor.\n"
    "3. Besluiten nemen we met gewone meerderheid van stemmen.\n"
    "4. De raad vertegenwoordigt alle cliënten van de eenheden met jeugdhulp of jongerenwerk."
)


def load_house_rules(created: list[str]) -> None:
    """W-REG-3: the central council's own house rules, adopted in a council meeting 45 days ago (after the
    meetings, which councils.meetings.demo loads)."""
    from councils.meetings import services as meeting_services
    from councils.models import HouseRules, Meeting, MeetingKind

    council = Body.objects.get(slug=CENTRAL)
    if HouseRules.objects.filter(council=council).exists():
        return
    meeting = Meeting.objects.filter(body=council, title=HOUSE_RULES_MEETING).first()
    if meeting is None:
        starts = timezone.make_aware(
            datetime.combine(timezone.localdate() - timedelta(days=45), time(19, 0)), timezone.get_current_timezone()
        )
        meeting = meeting_services.meeting_create(
            body=council,
            kind=MeetingKind.OTHER,
            title=HOUSE_RULES_MEETING,
            starts_at=starts,
            ends_at=starts + timedelta(hours=2),
            place="Kantoor Den Haag",
            actor=None,
        )
        meeting_services.agenda_item_add(
            meeting=meeting, title="Huishoudelijk reglement vaststellen", kind="decision", actor=None
        )
        meeting_services.meeting_publish_agenda(meeting=meeting, actor=None)
        meeting_services.meeting_mark_held(meeting=meeting, actor=None)
        created.append(f"meeting {HOUSE_RULES_MEETING}")
    services.house_rules_adopt(
        council=council,
        text=HOUSE_RULES_TEXT,
        wishes_inventory=(
            "Twee keer per jaar bezoeken we elke locatie en praten we met jongeren en ouders. "
            "Eén keer per jaar doen we een korte enquête."
        ),
        informing_clients=(
            "We zetten onze adviezen en resultaten op onze openbare pagina en in de nieuwsbrief, "
            "en hangen een poster op de locaties."
        ),
        meeting=meeting,
        adopted_on=timezone.localtime(meeting.starts_at).date(),
        actor=None,
    )
    created.append(f"house rules of {council.slug}")


def load_structure(created: list[str]) -> None:
    """Units, bodies, representations, regulations and the supporters of the two chambers."""
    units = {demo.slug: _unit(demo, created) for demo in UNITS}
    for demo in BODIES:
        body = _body(demo, created)
        for slug in demo.units:
            if not Representation.objects.filter(body=body, unit=units[slug]).exists():
                services.representation_start(body=body, unit=units[slug], on=demo.since, actor=None, reason=REASON)
                created.append(f"{demo.slug} represents {slug}")
        if demo.kind == BodyKind.COUNCIL:
            # The central council's regulation was consented to; Hollands Kroon's text is still missing, which
            # the compliance overview shows.
            _regulation(body, with_text=demo.slug != "klantenraad-hollands-kroon", created=created)
    for username, slug in SUPPORTERS.items():
        body = Body.objects.get(slug=slug)
        user = User.objects.get(username=username)
        if not services.body_supporters(body) or user not in services.body_supporters(body):
            services.body_supporter_add(body=body, user=user, actor=None, reason=REASON)
            created.append(f"{username} supports {slug}")
