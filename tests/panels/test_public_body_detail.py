"""The public pages /openbaar/ and /openbaar/<slug>/ (issue 8): what a body does, who is in it (first names of
members who allowed it, never contact details), the supporters' address, the regulation (W-REG-2), vacancies
(W-MEM-7), recent results; cacheable for anonymous visitors; a constant number of queries.
"""

import datetime
from collections.abc import Callable

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from advice.models import DecisionOutcome, Request
from advice.services import answers, decisions
from councils import services as council_services
from councils.models import Body, BodyKind, ConsentStatus, RegulationDocument, RegulationDocumentKind
from members.models import Group
from members.models import Role as MemberRole
from members.services import vacancies
from tests.conftest import Cast
from tests.factories import PDF_BYTES, make_advice_request, make_body, make_meeting, make_membership, make_person
from tests.helpers import assert_constant_queries

pytestmark = pytest.mark.django_db


def english() -> Client:
    return Client(headers={"accept-language": "en"})


def detail(body: Body) -> str:
    return reverse("public:body_detail", args=[body.slug])


def adopted_document(council: Body, kind: str = RegulationDocumentKind.REGULATION, content: bytes = PDF_BYTES):
    """A regulation document of council, added and adopted (consent granted) through the services."""
    document = council_services.regulation_document_add(
        regulation=council.regulation,
        kind=kind,
        file=ContentFile(content, name="regeling.pdf"),
        actor=None,
        reason="test",
    )
    document = council_services.regulation_document_set_consent(
        document=document, status=ConsentStatus.CONSENT_REQUESTED, consent_date=None, actor=None, reason="test"
    )
    return council_services.regulation_document_set_consent(
        document=document,
        status=ConsentStatus.GRANTED,
        consent_date=datetime.date(2026, 2, 1),
        actor=None,
        reason="test",
    )


def adopted_house_rules(council: Body, *, text: str = "Onze regels.", file: ContentFile | None = None):
    """House rules the council adopted in a meeting yesterday, recorded through the service (W-REG-3)."""
    meeting = make_meeting(body=council, starts_at=timezone.now() - datetime.timedelta(days=1))
    return council_services.house_rules_adopt(
        council=council,
        text=text,
        file=file,
        wishes_inventory="We bezoeken elke locatie twee keer per jaar.",
        informing_clients="We zetten onze resultaten op deze pagina.",
        meeting=meeting,
        adopted_on=timezone.localdate(),
        actor=None,
    )


def public_result(cast: Cast, *, title: str, summary: str, publish: bool = True) -> Request:
    """A request of the cast council, answered and decided through the services; shown on the public page."""
    from advice.services import publishing

    request = make_advice_request(
        council=cast.council,
        responsible=cast.board,
        title=title,
        submitted_on=timezone.localdate() - datetime.timedelta(days=30),
    )
    answers.request_respond(
        request=request, advice="Doen.", on=timezone.localdate() - datetime.timedelta(days=10), actor=None
    )
    request.refresh_from_db()
    decisions.request_decide(request=request, outcome=DecisionOutcome.FOLLOWS, text="We doen het.", actor=cast.board)
    request.refresh_from_db()
    if publish:
        request = publishing.request_publish(request=request, public_summary=summary, is_public=True, actor=None)
    return request


# ---------------------------------------------------------------------------------------------------------------
# The list of bodies


def test_list_shows_active_councils_chambers_and_panels_not_inactive_ones(cast: Cast) -> None:
    panel = make_body(kind=BodyKind.PANEL, name="Panel Kracht", slug="kracht")
    closed = make_body(kind=BodyKind.PANEL, name="Closed panel", slug="closed-panel")
    Body.objects.filter(pk=closed.pk).update(active=False)  # no service deactivates a body yet
    response = english().get(reverse("public:body_list"))
    assert response.status_code == 200
    for body in (cast.council, cast.chamber, cast.other_chamber, panel):
        assert reverse("public:body_detail", args=[body.slug]) in response.text
        assert body.name in response.text
    assert "Closed panel" not in response.text
    assert english().get(detail(closed)).status_code == 404


def test_unknown_body_is_404() -> None:
    assert english().get("/openbaar/bestaat-niet/").status_code == 404


# ---------------------------------------------------------------------------------------------------------------
# Members: first names of those who allowed it, never contact details


def test_only_first_names_of_members_who_allowed_it_and_no_contact_details(cast: Cast) -> None:
    shown = make_person(
        display_name="Fatima el Amrani", email="fatima@example.org", phone="06 11112222", name_public=True
    )
    hidden = make_person(display_name="Geheime Gert", email="gert@example.org", phone="06 33334444")
    make_membership(body=cast.chamber, person=shown, role=MemberRole.CHAIR)
    make_membership(body=cast.chamber, person=hidden)
    # cast.member_person (Mia, mia@example.org) did not allow it either.
    response = english().get(detail(cast.chamber))

    assert response.status_code == 200
    assert response.context["members"] == [{"first_name": "Fatima", "role": "Chair"}]
    assert "Fatima (chair)" in response.text
    for text in ("el Amrani", "Geheime", "Gert", "Mia", "mia@example.org", "fatima@example.org", "gert@example.org",
                 "06 11112222", "06 33334444", "11112222"):  # fmt: skip
        assert text not in response.text, text


def test_person_with_name_public_but_no_current_membership_is_not_shown(cast: Cast) -> None:
    candidate = make_person(display_name="Karim", name_public=True)
    make_membership(body=cast.chamber, person=candidate, status="candidate")
    assert "Karim" not in english().get(detail(cast.chamber)).text


def test_w_mem_8_a_minors_name_from_before_the_consent_rule_is_not_shown(cast: Cast) -> None:
    """A name_public stored before the service required consent (W-MEM-8) is not published for someone who may be
    under 16 without recorded consent; with consent it is."""
    from members.models import Person

    today = timezone.localdate()
    young = make_person(display_name="Jip", birth_year=today.year - 13)
    make_membership(body=cast.chamber, person=young)
    Person.objects.filter(pk=young.pk).update(name_public=True)  # a row from before the rule: no service refuses it
    assert "Jip" not in english().get(detail(cast.chamber)).text
    Person.objects.filter(pk=young.pk).update(guardian_consent_on=today, guardian_consent_by="moeder")
    assert "Jip" in english().get(detail(cast.chamber)).text


# ---------------------------------------------------------------------------------------------------------------
# Contact, regulation, vacancies, results


def test_contact_is_the_supporters_address(cast: Cast) -> None:
    council_services.body_update(
        body=cast.chamber, data={"contact_email": "jongerenraad@example.org"}, actor=None, reason="test"
    )
    response = english().get(detail(cast.chamber))
    assert 'href="mailto:jongerenraad@example.org"' in response.text


def test_w_reg_2_regulation_published_on_the_public_page(cast: Cast) -> None:
    """W-REG-2: clients are told about the regulation: its main agreements in plain words and the adopted texts,
    downloadable without a login. A draft or an older version is never served."""
    old = adopted_document(cast.council, content=b"%PDF old")
    current = adopted_document(cast.council, content=b"%PDF current")
    draft = council_services.regulation_document_add(
        regulation=cast.council.regulation,
        kind=RegulationDocumentKind.REGULATION,
        file=ContentFile(b"%PDF draft", name="regeling.pdf"),
        actor=None,
        reason="test",
    )

    for body in (cast.council, cast.chamber):
        response = english().get(detail(body))
        assert response.status_code == 200
        assert "A member is in the council for 3 years at a time." in response.text
        assert "the council has 6 weeks to answer" in response.text
        link = reverse("public:regulation_document_download", args=[body.slug, "regulation", current.version])
        assert link in response.text
        assert "Read the participation regulation" in response.text
        assert "Read the house rules" not in response.text  # the council recorded none

        download = english().get(link)
        assert download.status_code == 200
        assert b"".join(download.streaming_content) == b"%PDF current"  # type: ignore[attr-defined]
        assert download["Content-Disposition"].startswith("attachment")

    def url(document: RegulationDocument) -> str:
        return reverse("public:regulation_document_download", args=[cast.council.slug, document.kind, document.version])

    assert english().get(url(old)).status_code == 404
    assert english().get(url(draft)).status_code == 404
    # A panel has no regulation of its own on its page.
    panel = make_body(kind=BodyKind.PANEL, slug="panel-x")
    assert (
        english().get(reverse("public:regulation_document_download", args=[panel.slug, "regulation", 1])).status_code
        == 404
    )
    assert 'data-testid="public-regulation"' not in english().get(detail(panel)).text


def test_w_mem_7_vacancies_on_the_public_page(cast: Cast) -> None:
    """W-MEM-7: open vacancies are on the body's public page, with the way to respond."""
    vacancies.vacancy_publish(
        body=cast.chamber,
        title="Jongeren gezocht",
        text="Denk mee.",
        group=Group.YOUTH,
        closes_on=timezone.localdate() + datetime.timedelta(days=30),
        actor=None,
    )
    response = english().get(detail(cast.chamber))
    assert "Jongeren gezocht" in response.text
    assert reverse("public:vacancy_list", args=[cast.chamber.slug]) in response.text
    assert "Jongeren gezocht" not in english().get(detail(cast.other_chamber)).text


def test_recent_results_only_public_decided_requests_with_summary(cast: Cast) -> None:
    public_result(cast, title="Nieuwe wachtkamer", summary="De wachtkamer wordt gezelliger.")
    public_result(cast, title="Geheim besluit", summary="", publish=False)
    open_request = make_advice_request(council=cast.council, responsible=cast.board, title="Nog open")

    response = english().get(detail(cast.chamber))
    assert "Nieuwe wachtkamer" in response.text
    assert "De wachtkamer wordt gezelliger." in response.text
    assert "Geheim besluit" not in response.text
    assert open_request.title not in response.text


def test_newest_five_results(cast: Cast) -> None:
    for n in range(6):
        public_result(cast, title=f"Besluit {n}", summary=f"Samenvatting {n}")
    results = english().get(detail(cast.council)).context["results"]
    assert len(results) == 5


# ---------------------------------------------------------------------------------------------------------------
# Caching: no cookie for anonymous visitors, shared caching allowed; private for logged-in users


@pytest.mark.parametrize("name", ["public:body_list", "public:body_detail", "public:signal_create"])
def test_anonymous_get_sets_no_cookie_and_may_be_cached(cast: Cast, name: str) -> None:
    url = reverse(name) if name == "public:body_list" else reverse(name, args=[cast.chamber.slug])
    response = english().get(url)
    assert response.status_code == 200
    assert not response.cookies, response.cookies
    assert "Set-Cookie" not in response.headers
    cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
    assert cache_control == {"public", "max-age=300"}
    vary = {part.strip().lower() for part in response["Vary"].split(",")}
    assert {"cookie", "accept-language"} <= vary
    assert 'name="csrfmiddlewaretoken"' not in response.text


def test_logged_in_users_get_a_private_page(cast: Cast) -> None:
    response = cast.client("member").get(detail(cast.chamber))
    assert response.status_code == 200
    cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
    assert "private" in cache_control
    assert "public" not in cache_control
    assert "no-store" in cache_control


# ---------------------------------------------------------------------------------------------------------------
# Constant number of queries at 1x and 20x data (members, results, documents, vacancies)


@pytest.mark.parametrize("slug_of", [lambda cast: cast.chamber, lambda cast: cast.council])
def test_body_detail_constant_queries(cast: Cast, slug_of: Callable[[Cast], Body]) -> None:
    body = slug_of(cast)
    counter = iter(range(1000))
    # Room for 21 members in one body (the default regulation has at most 10 seats per chamber).
    council_services.regulation_update(
        regulation=cast.council.regulation, data={"seats_per_chamber_max": 30}, actor=None, reason="test"
    )

    def grow(count: int) -> None:
        for _ in range(count):
            n = next(counter)
            person = make_person(display_name=f"Lid{n} Achternaam", name_public=True, email=f"lid{n}@example.org")
            make_membership(body=body, person=person)
            public_result(cast, title=f"Besluit {n}", summary=f"Samenvatting {n}")
            adopted_document(cast.council)
            adopted_house_rules(cast.council, text=f"Regel {n}")
            vacancies.vacancy_publish(
                body=body,
                title=f"Vacature {n}",
                text="Denk mee.",
                group=Group.YOUTH,
                closes_on=timezone.localdate() + datetime.timedelta(days=30),
                actor=None,
            )

    assert_constant_queries(english(), detail(body), grow)


def test_body_list_constant_queries(cast: Cast) -> None:
    counter = iter(range(1000))

    def grow(count: int) -> None:
        for _ in range(count):
            n = next(counter)
            make_body(kind=BodyKind.PANEL, name=f"Panel {n}", slug=f"panel-{n}")

    assert_constant_queries(english(), reverse("public:body_list"), grow)


def test_w_reg_3_house_rules_on_public_page(cast: Cast) -> None:
    """W-REG-3: the house rules the council adopted are on its public page (and its chambers'): how it inventories
    clients' wishes, how it informs clients, the text, and the document for download; only the current version."""
    old = adopted_house_rules(cast.council, text="Oude regels.", file=ContentFile(PDF_BYTES, name="oud.pdf"))
    current = adopted_house_rules(
        cast.council, text="Wij vergaderen elke maand.", file=ContentFile(b"%PDF hr", name="hr.pdf")
    )
    for body in (cast.council, cast.chamber):
        response = english().get(detail(body))
        assert 'data-testid="public-house-rules"' in response.text
        assert "Wij vergaderen elke maand." in response.text
        assert "Oude regels." not in response.text
        assert "We bezoeken elke locatie twee keer per jaar." in response.text
        assert "We zetten onze resultaten op deze pagina." in response.text
        link = reverse("public:house_rules_download", args=[body.slug, current.version])
        assert link in response.text
        download = english().get(link)
        assert download.status_code == 200
        assert b"".join(download.streaming_content) == b"%PDF hr"  # type: ignore[attr-defined]
    old_link = reverse("public:house_rules_download", args=[cast.council.slug, old.version])
    assert english().get(old_link).status_code == 404
    # Dutch page: the date in words.
    dutch = Client(headers={"accept-language": "nl"}).get(detail(cast.council))
    assert "Huishoudelijk reglement" in dutch.text
    assert timezone.localdate().isoformat() not in dutch.text
    panel = make_body(kind=BodyKind.PANEL, slug="panel-y")
    assert english().get(reverse("public:house_rules_download", args=[panel.slug, 1])).status_code == 404
