"""Demo members (DESIGN.md demo data, issue 5 item 9), relative to today so the reminders are always live.

Each chamber gets a chair and a few members (young people in the jongerenraad, parents in the ouderraad; the
councils of HBH and Hollands Kroon have adult clients and representatives of adult clients, W-BODY-3), one member
in trial (ending next week in the jongerenraad), one trial overdue for evaluation (in the ouderraad), a candidate
and an open vacancy. `lid-jongeren` is an active member of the jongerenraad and `lid-ouders` of the ouderraad.
Names are invented first names; nobody real.
Idempotent: people are looked up by name (or by their login), vacancies by title.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.utils import timezone

from accounts.models import User
from councils.models import Body, BusinessUnit
from members.models import EvaluationOutcome, Group, Person, Role, Status, Suitability, Vacancy
from members.services import memberships, people, vacancies
from members.services._common import add_months

CRITERIA = [Suitability.WANTS_TO_IMPROVE, Suitability.HAS_EXPERIENCE, Suitability.RECEIVES_SUPPORT]
TRIAL_MONTHS = 3


@dataclass(frozen=True)
class DemoMember:
    name: str
    birth_year: int
    chamber: str
    unit: str
    # active (evaluated long ago), trial (ending next week), overdue (trial ended, not evaluated), candidate
    stage: str
    role: str = Role.MEMBER
    username: str = ""
    group: str = ""  # empty: young person in the jongerenraad, parent in the ouderraad


MEMBERS = (
    DemoMember("Mika", 2007, "jongerenraad", "kracht", "active", username="lid-jongeren"),
    DemoMember("Sami", 2006, "jongerenraad", "kracht", "active", role=Role.CHAIR),
    DemoMember("Lotte", 2008, "jongerenraad", "tim-stichtse-vecht", "active", role=Role.SECRETARY),
    DemoMember("Yara", 2009, "jongerenraad", "den-bosch", "trial"),
    DemoMember("Daan", 2007, "jongerenraad", "lingewaard", "candidate"),
    DemoMember("Robin", 1982, "ouderraad", "kracht", "active", username="lid-ouders"),
    DemoMember("Fatima", 1979, "ouderraad", "tim-stichtse-vecht", "active", role=Role.CHAIR),
    DemoMember("Joost", 1985, "ouderraad", "leiderdorp", "active"),
    DemoMember("Ilse", 1988, "ouderraad", "zaanstad", "overdue"),
    DemoMember("Kees", 1975, "ouderraad", "venlo", "candidate"),
    # W-BODY-3: the councils of HBH (household help) and Hollands Kroon (Wmo, and youth care) continue.
    DemoMember("Henk", 1951, "klantenraad-hbh", "hbh", "active", role=Role.CHAIR, group=Group.ADULT),
    DemoMember("Ans", 1946, "klantenraad-hbh", "hbh", "active", group=Group.ADULT),
    DemoMember("Marja", 1972, "klantenraad-hbh", "hbh", "active", group=Group.REPRESENTATIVE),
    DemoMember("Gerrit", 1944, "klantenraad-hbh", "hbh", "candidate", group=Group.ADULT),
    DemoMember("Truus", 1958, "klantenraad-hollands-kroon", "hollands-kroon", "active", role=Role.CHAIR,
               group=Group.ADULT),
    DemoMember("Wim", 1963, "klantenraad-hollands-kroon", "hollands-kroon", "active", group=Group.REPRESENTATIVE),
    DemoMember("Sandra", 1984, "klantenraad-hollands-kroon", "hollands-kroon", "trial", group=Group.PARENT),
)  # fmt: skip

VACANCIES = {
    "jongerenraad": (
        "Denk mee in de jongerenraad",
        "Ben je tussen de 12 en 23 jaar? Krijg je hulp, of ga je naar het jongerenwerk? Praat mee over wat beter "
        "kan. We komen één keer per maand 's avonds samen. Je krijgt een vergoeding.",
        Group.YOUTH,
    ),
    "ouderraad": (
        "Ouder of verzorger? Praat mee in de ouderraad",
        "Krijgt je kind hulp of ondersteuning? In de ouderraad bespreek je wat goed gaat en wat beter kan. We komen "
        "één keer per maand overdag samen.",
        Group.PARENT,
    ),
    "klantenraad-hbh": (
        "Praat mee in de klantenraad van HBH",
        "Krijgt u huishoudelijke hulp van HBH of Aster? Of regelt u die hulp voor iemand anders? In de klantenraad "
        "praat u mee over wat goed gaat en wat beter kan. We komen één keer per maand overdag samen.",
        Group.ADULT,
    ),
}


def _person(demo: DemoMember, created: list[str]) -> Person:
    user = User.objects.filter(username=demo.username).first() if demo.username else None
    found = Person.objects.filter(user=user) if user else Person.objects.filter(display_name=demo.name, user=None)
    person = found.first()
    if person is not None:
        return person
    person = people.person_create(
        display_name=demo.name,
        birth_year=demo.birth_year,
        group=demo.group or (Group.YOUTH if demo.chamber == "jongerenraad" else Group.PARENT),
        business_unit=BusinessUnit.objects.get(slug=demo.unit),
        email=f"{demo.name.lower()}@demo.example",
        name_public=True,
        user=user,
        actor=None,
        reason="Demogegevens",
    )
    created.append(f"person {demo.name}")
    return person


def _membership(demo: DemoMember, person: Person, today: date, created: list[str]) -> None:
    if person.memberships.exists():
        return
    body = Body.objects.get(slug=demo.chamber)
    if demo.stage == "trial":
        start = add_months(today + timedelta(days=7), -TRIAL_MONTHS)  # ends next week
    elif demo.stage == "overdue":
        start = add_months(today - timedelta(days=10), -TRIAL_MONTHS)  # ended ten days ago
    else:
        start = add_months(today, -10)
    membership = memberships.membership_register_candidate(
        person=person,
        body=body,
        suitability=list(CRITERIA),
        on=today if demo.stage == "candidate" else start - timedelta(days=14),  # W-MEM-4: candidate first
        actor=None,
    )
    created.append(f"{demo.stage} {demo.name} in {demo.chamber}")
    if demo.stage == "candidate":
        return
    membership = memberships.membership_start_trial(membership=membership, on=start, role=demo.role, actor=None)
    if demo.stage == "active":
        assert membership.trial_end is not None
        memberships.membership_evaluate_trial(
            membership=membership,
            held_on=membership.trial_end,
            outcome=EvaluationOutcome.CONTINUE,
            record="Gaat goed; wil graag doorgaan.",
            suitability=list(CRITERIA),
            actor=None,
        )


def load_members(created: list[str]) -> None:
    today = timezone.localdate()
    for demo in MEMBERS:
        person = _person(demo, created)
        _membership(demo, person, today, created)
    for slug, (title, text, group) in VACANCIES.items():
        body = Body.objects.get(slug=slug)
        if not Vacancy.objects.filter(body=body, title=title).exists():
            vacancies.vacancy_publish(
                body=body, title=title, text=text, group=group, closes_on=today + timedelta(days=60), actor=None
            )
            created.append(f"vacancy in {slug}")
    assert Person.objects.filter(user__username="lid-jongeren", memberships__status=Status.ACTIVE).exists()
