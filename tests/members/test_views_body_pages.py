"""A body's member pages: the retirement schedule (W-MEM-5) and the representation overview (counts only)."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from members.models import ClientStatus, Group, Status
from members.services.memberships import membership_reappoint
from members.services.vacancies import vacancy_publish
from tests.conftest import Cast
from tests.factories import make_body, make_business_unit, make_membership, make_person


def _today() -> date:
    return timezone.localdate()


def _schedule(slug: str) -> str:
    return reverse("members:body_retirement_schedule", args=[slug])


def _composition(slug: str) -> str:
    return reverse("members:body_composition", args=[slug])


def test_lid_jongeren_gets_404_on_the_ouderraads_members_pages(cast: Cast) -> None:
    """The member of the youth chamber does not learn anything about the parents chamber's people."""
    client = cast.client("member")
    assert client.get(_schedule(cast.other_chamber.slug)).status_code == 404
    assert client.get(_composition(cast.other_chamber.slug)).status_code == 404
    other = cast.other_member_person
    assert client.get(reverse("members:person_detail", args=[other.uuid])).status_code == 404
    membership = other.memberships.get()
    step = reverse("members:membership_end", args=[other.uuid, membership.uuid])
    assert client.get(step).status_code == 404
    # And the other way round.
    assert cast.client("other_member").get(_composition(cast.chamber.slug)).status_code == 404


def test_schedule_is_for_supporters_board_and_administrators(cast: Cast) -> None:
    assert cast.client("member").get(_schedule(cast.chamber.slug)).status_code == 403
    assert cast.client("board").get(_schedule(cast.chamber.slug)).status_code == 200
    assert cast.client("outsider").get(_schedule(cast.chamber.slug)).status_code == 404
    # The supporter sees the parents chamber, not its names.
    assert cast.client("supporter").get(_schedule(cast.other_chamber.slug)).status_code == 403
    assert cast.client("supporter").get(_schedule(cast.council.slug)).status_code == 403


def test_w_mem_5_schedule_orders_by_term_end_and_says_who_can_be_reappointed(cast: Cast) -> None:
    early = make_membership(body=cast.chamber, person=make_person(display_name="Eerst"), on=date(2024, 3, 1))
    membership_reappoint(membership=early, actor=None)  # second term, 2027-03-01 .. 2030-03-01: the last one
    late = make_membership(body=cast.chamber, person=make_person(display_name="Later"), on=date(2025, 6, 1))
    trial = make_membership(body=cast.chamber, status=Status.TRIAL, on=_today() - timedelta(days=5))
    vacancy_publish(
        body=cast.chamber,
        title="Jongeren gezocht",
        text="Denk mee.",
        group="youth",
        closes_on=_today() + timedelta(days=20),
        actor=None,
    )
    response = cast.client("supporter").get(_schedule(cast.chamber.slug))
    assert response.status_code == 200
    (section,) = response.context["sections"]
    rows = [(row.membership, row.may_be_reappointed) for row in section.rows]
    member = cast.member_person.memberships.get()
    assert rows == [(late, True), (member, True), (early, False), (trial, False)]
    assert (section.seated, section.seats_max, section.free) == (4, 10, 6)
    assert [row.membership for row in response.context["leaving"]] == []  # 2030 is past the horizon
    assert [v.title for v in response.context["vacancies"]] == ["Jongeren gezocht"]


def test_council_schedule_covers_its_chambers(cast: Cast) -> None:
    response = cast.client("board").get(_schedule(cast.council.slug))
    assert response.status_code == 200
    seated = {section.body.slug: section.seated for section in response.context["sections"]}
    assert seated == {"cast-council": 0, "cast-parents": 1, "cast-youth": 1}


def test_composition_counts_without_names(cast: Cast) -> None:
    unit = make_business_unit(name="Zuid")
    for n, (group, year, client) in enumerate(
        [
            (Group.YOUTH, _today().year - 15, ClientStatus.CURRENT),
            (Group.YOUTH, _today().year - 17, ClientStatus.FORMER),
            (Group.PARENT, _today().year - 40, ClientStatus.CURRENT),
        ]
    ):
        person = make_person(
            display_name=f"Naam{n}", group=group, birth_year=year, client_status=client, business_unit=unit
        )
        make_membership(body=cast.chamber, person=person)
    make_membership(body=cast.chamber, status=Status.CANDIDATE, person=make_person(display_name="Kandidaat"))
    response = cast.client("member").get(_composition(cast.chamber.slug))
    assert response.status_code == 200
    (section,) = response.context["sections"]
    assert section.seated == 4  # Mia and the three; not the candidate
    assert dict(section.groups) == {"Young person": 3, "Parent or carer": 1}
    assert dict(section.clients) == {"Current client": 3, "Former client": 1}
    assert dict(section.units) == {"Zuid": 3, "not recorded": 1}
    assert dict(section.ages) == {"younger than 16": 1, "16-17": 1, "18-23": 1, "24-44": 1}
    assert (section.seats_min, section.seats_max) == (5, 10)
    content = response.content.decode()
    for name in ("Naam0", "Naam1", "Naam2", "Kandidaat", "Mia"):
        assert name not in content.split("<main", 1)[1], name
    # The member of the chamber may not see the schedule: no link to it.
    assert not response.context["may_see_schedule"]


def test_council_composition_shows_its_chambers(cast: Cast) -> None:
    response = cast.client("board").get(_composition(cast.council.slug))
    assert [section.body.slug for section in response.context["sections"]] == ["cast-parents", "cast-youth"]
    assert response.context["may_see_schedule"]


def test_body_page_links_to_the_member_pages(cast: Cast) -> None:
    page = cast.client("supporter").get(reverse("councils:body_detail", args=[cast.chamber.slug])).content.decode()
    assert _composition(cast.chamber.slug) in page
    assert _schedule(cast.chamber.slug) in page
    page = cast.client("member").get(reverse("councils:body_detail", args=[cast.chamber.slug])).content.decode()
    assert _composition(cast.chamber.slug) in page
    assert _schedule(cast.chamber.slug) not in page


@pytest.mark.parametrize("factor", [1, 20])
@pytest.mark.parametrize("view", ["schedule", "composition"])
def test_overview_pages_run_a_constant_number_of_queries(
    cast: Cast, factor: int, view: str, django_assert_num_queries: object
) -> None:
    panel = make_body(kind="panel")  # no seat limit
    for n in range(factor):
        person = make_person(business_unit=make_business_unit(), birth_year=1990 + n % 20)
        make_membership(body=panel, person=person, status=(Status.TRIAL, Status.ACTIVE)[n % 2])
    vacancy_publish(
        body=panel, title="Gezocht", text="x", group="youth", closes_on=_today() + timedelta(days=9), actor=None
    )
    url = _schedule(panel.slug) if view == "schedule" else _composition(panel.slug)
    client = cast.client("administrator")
    client.get(url)
    # The composition also reads which client groups the body represents (W-BODY-3): one query, whatever the size.
    with django_assert_num_queries(10):  # type: ignore[operator]
        response = client.get(url)
    assert response.status_code == 200
