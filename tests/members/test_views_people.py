"""People pages: the overview /leden/ (filters, attention, query count), register, detail, edit, anonymise."""

from datetime import date, timedelta
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from councils import services as council_services
from members.models import Membership, Person, Status
from members.services import memberships, people
from members.services.memberships import membership_end
from tests.conftest import Cast
from tests.factories import make_body, make_membership, make_person

LIST = reverse("members:person_list")
CREATE = reverse("members:person_create")


def _today() -> date:
    return timezone.localdate()


def _ago(days: int) -> date:
    return _today() - timedelta(days=days)


# ---------------------------------------------------------------------------------------------------------------
# /leden/


def test_list_is_403_for_board_members_and_members(cast: Cast) -> None:
    for role in ("board", "member", "other_member", "outsider"):
        assert cast.client(role).get(LIST).status_code == 403, role


def test_supporter_sees_the_people_of_their_bodies_only_and_no_contact_details(cast: Cast) -> None:
    response = cast.client("supporter").get(LIST)
    assert response.status_code == 200
    assert [row["membership"].person for row in response.context["rows"]] == [cast.member_person]
    content = response.content.decode()
    assert "Mia" in content
    assert "Olga" not in content  # the other chamber's member
    assert "mia@example.org" not in content  # the overview shows no contact details


def test_list_shows_what_needs_attention(cast: Cast) -> None:
    """Trial overdue (W-MEM-4), trial ending soon, term ending within 60 days, candidates waiting."""
    overdue = make_membership(body=cast.chamber, status=Status.TRIAL, on=_ago(120))
    soon = make_membership(body=cast.chamber, status=Status.TRIAL, on=_ago(80))
    candidate = make_membership(body=cast.chamber, status=Status.CANDIDATE)
    # An active member whose first (3-year) term ends within 60 days.
    term = make_membership(body=cast.chamber, on=date(_today().year - 3, _today().month, 1) + timedelta(days=40))
    assert term.term_end is not None
    assert _today() <= term.term_end <= _today() + timedelta(days=60)
    response = cast.client("supporter").get(LIST)
    assert response.context["counts"] == {"candidate": 1, "trial_overdue": 1, "trial_soon": 1, "term_soon": 1}
    flags = {row["membership"]: [flag.code for flag in row["attention"]] for row in response.context["rows"]}
    assert flags[overdue] == ["trial_overdue"]
    assert flags[soon] == ["trial_soon"]
    assert flags[candidate] == ["candidate"]
    assert flags[term] == ["term_soon"]
    assert 'data-testid="attention-trial_overdue"' in response.content.decode()


def test_list_filters_by_body_status_and_trial_ending(cast: Cast) -> None:
    panel = make_body(kind="panel", name="Cast panel")
    council_services.body_supporter_add(body=panel, user=cast.supporter, actor=None, reason="test")
    in_panel = make_membership(body=panel, status=Status.TRIAL, on=_ago(80))
    candidate = make_membership(body=cast.chamber, status=Status.CANDIDATE)
    left = make_membership(body=cast.chamber)
    membership_end(membership=left, on=_today(), reason="own_wish", actor=None)
    client = cast.client("supporter")

    def rows(query: str) -> set[Membership]:
        response = client.get(LIST + query)
        assert response.status_code == 200
        return {row["membership"] for row in response.context["rows"]}

    member = cast.member_person.memberships.get()
    assert rows("") == {member, in_panel, candidate}  # not the one who left
    assert rows(f"?body={panel.pk}") == {in_panel}
    assert rows("?status=candidate") == {candidate}
    assert rows("?status=ended") == {left}
    assert rows("?status=all") == {member, in_panel, candidate, left}
    assert rows("?trial_ending=on") == {in_panel}
    # A body the supporter does not manage is not a valid choice: the filter is ignored, nothing leaks.
    assert rows(f"?body={cast.other_chamber.pk}") == {member, in_panel, candidate}


@pytest.mark.parametrize("factor", [1, 20])
def test_list_runs_a_constant_number_of_queries(cast: Cast, factor: int, django_assert_num_queries: object) -> None:
    panel = make_body(kind="panel")
    council_services.body_supporter_add(body=panel, user=cast.supporter, actor=None, reason="test")
    for n in range(factor):
        make_membership(body=panel, status=(Status.CANDIDATE, Status.TRIAL, Status.ACTIVE)[n % 3], on=_ago(80))
    client = cast.client("supporter")
    client.get(LIST)
    with django_assert_num_queries(11):  # type: ignore[operator]
        response = client.get(LIST)
    assert response.status_code == 200
    assert len(response.context["rows"]) == min(factor + 1, 25)


# ---------------------------------------------------------------------------------------------------------------
# Register a person


def _person_data(cast: Cast, **overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        "body": cast.chamber.pk,
        "display_name": "Noor",
        "birth_year": 2001,
        "group": "youth",
        "client_status": "current",
        "email": "noor@example.org",
        "suitability": ["wants_to_improve", "has_experience"],
        "suitability_notes": "Enthousiast.",
    }
    data.update(overrides)
    return data


def test_create_offers_only_the_bodies_the_supporter_manages(cast: Cast) -> None:
    response = cast.client("supporter").get(CREATE)
    assert response.status_code == 200
    assert list(response.context["form"].fields["body"].queryset) == [cast.chamber]
    for role in ("board", "member", "outsider"):
        assert cast.client(role).get(CREATE).status_code == 403


def test_w_mem_1_supporter_registers_a_candidate_with_suitability(cast: Cast) -> None:
    response = cast.client("supporter").post(CREATE, _person_data(cast))
    person = Person.objects.get(display_name="Noor")
    assert response.status_code == 302
    assert response["Location"] == reverse("members:person_detail", args=[person.uuid])
    membership = person.memberships.get()
    assert (membership.body, membership.status) == (cast.chamber, Status.CANDIDATE)
    assert membership.suitability == ["wants_to_improve", "has_experience"]
    assert person.history.get().history_user == cast.supporter


def test_w_mem_8_contact_fields_of_a_possible_under_16_need_parental_consent(cast: Cast) -> None:
    young = _today().year - 13
    client = cast.client("supporter")
    response = client.post(CREATE, _person_data(cast, birth_year=young, phone="0612345678"))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "email" in errors
    assert "phone" in errors
    assert not Person.objects.filter(display_name="Noor").exists()
    # Consent date without who gave it is not enough either.
    response = client.post(CREATE, _person_data(cast, birth_year=young, guardian_consent_on=_today().isoformat()))
    assert response.status_code == 200
    assert "guardian_consent_by" in response.context["form"].errors
    assert not Person.objects.filter(display_name="Noor").exists()
    consent = {"guardian_consent_on": _today().isoformat(), "guardian_consent_by": "moeder"}
    response = client.post(CREATE, _person_data(cast, birth_year=young, **consent))
    assert response.status_code == 302
    person = Person.objects.get(display_name="Noor")
    assert (person.email, person.guardian_consent_by) == ("noor@example.org", "moeder")
    # Without contact details no consent is needed.
    response = client.post(CREATE, _person_data(cast, display_name="Kees", birth_year=young, email=""))
    assert response.status_code == 302


def test_create_refused_by_the_service_stores_nothing(cast: Cast) -> None:
    """W-MEM-3: an employee is not eligible; the person is not stored without the candidacy."""
    response = cast.client("supporter").post(CREATE, _person_data(cast, is_employee="on"))
    assert response.status_code == 200
    assert "Employees of the organisation cannot be members" in str(response.context["form"].non_field_errors())
    assert not Person.objects.filter(display_name="Noor").exists()


def test_create_for_a_body_the_supporter_does_not_manage_is_an_error(cast: Cast) -> None:
    response = cast.client("supporter").post(CREATE, _person_data(cast, body=cast.other_chamber.pk))
    assert response.status_code == 200
    assert "body" in response.context["form"].errors
    assert not Person.objects.filter(display_name="Noor").exists()


# ---------------------------------------------------------------------------------------------------------------
# Detail


def _detail(person: Person) -> str:
    return reverse("members:person_detail", args=[person.uuid])


def test_detail_for_the_supporter_shows_contact_details_memberships_and_history(cast: Cast) -> None:
    response = cast.client("supporter").get(_detail(cast.member_person))
    assert response.status_code == 200
    content = response.content.decode()
    assert "mia@example.org" in content
    assert response.context["may_manage"]
    (row,) = response.context["memberships"]
    assert next(name for name, _label in row["steps"]) == "members:membership_reappoint"
    reasons = {entry.reason for entry in response.context["entries"]}
    assert "Trial evaluated: continues as a member" in reasons


def test_detail_is_404_for_outsiders_board_and_other_members(cast: Cast) -> None:
    for role in ("outsider", "board", "other_member"):
        assert cast.client(role).get(_detail(cast.member_person)).status_code == 404, role
    # The supporter sees the other chamber, but not its people.
    assert cast.client("supporter").get(_detail(cast.other_member_person)).status_code == 404


def test_a_member_sees_their_own_page_without_steps(cast: Cast) -> None:
    response = cast.client("member").get(_detail(cast.member_person))
    assert response.status_code == 200
    assert "mia@example.org" in response.content.decode()
    assert not response.context["may_manage"]
    assert all(not row["steps"] for row in response.context["memberships"])


def test_a_member_never_sees_another_members_contact_details(cast: Cast) -> None:
    """Not on the other person's page (404), and not on any page the member can open."""
    neighbour = make_person(display_name="Buur", email="buur@example.org", phone="0687654321")
    make_membership(body=cast.chamber, person=neighbour)
    client = cast.client("member")
    assert client.get(_detail(neighbour)).status_code == 404
    pages = [
        reverse("councils:body_detail", args=[cast.chamber.slug]),
        reverse("councils:body_detail", args=[cast.council.slug]),
        reverse("members:body_composition", args=[cast.chamber.slug]),
        reverse("members:body_composition", args=[cast.council.slug]),
        reverse("members:my_membership"),
        _detail(cast.member_person),
    ]
    for page in pages:
        response = client.get(page)
        assert response.status_code == 200, page
        content = response.content.decode()
        for secret in ("buur@example.org", "0687654321", "06 12345678"):
            assert secret not in content, (page, secret)


# ---------------------------------------------------------------------------------------------------------------
# Edit and anonymise


def _update_data(person: Person, **overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        "display_name": person.display_name,
        "birth_year": person.birth_year,
        "group": person.group,
        "client_status": person.client_status,
        "email": person.email,
        "phone": person.phone,
        "reason": "Nieuw nummer",
    }
    data.update(overrides)
    return data


def test_supporter_edits_a_person_with_a_reason(cast: Cast) -> None:
    url = reverse("members:person_update", args=[cast.member_person.uuid])
    client = cast.client("supporter")
    assert client.get(url).context["form"]["email"].value() == "mia@example.org"
    response = client.post(url, _update_data(cast.member_person, phone="0611111111", reason=""))
    assert response.status_code == 200
    assert "reason" in response.context["form"].errors
    cast.member_person.refresh_from_db()
    assert cast.member_person.phone == ""
    assert client.post(url, _update_data(cast.member_person, phone="0611111111")).status_code == 302
    cast.member_person.refresh_from_db()
    assert cast.member_person.phone == "0611111111"
    assert cast.member_person.history.first().history_change_reason == "Nieuw nummer"


def test_w_mem_8_edit_records_consent_before_contact_details(cast: Cast) -> None:
    young = make_person(display_name="Jip", birth_year=_today().year - 12)
    make_membership(body=cast.chamber, person=young, status=Status.CANDIDATE)
    url = reverse("members:person_update", args=[young.uuid])
    client = cast.client("supporter")
    response = client.post(url, _update_data(young, email="jip@example.org"))
    assert response.status_code == 200
    assert "email" in response.context["form"].errors
    young.refresh_from_db()
    assert young.email == ""
    consent = {"guardian_consent_on": _ago(1).isoformat(), "guardian_consent_by": "vader"}
    assert client.post(url, _update_data(young, email="jip@example.org", **consent)).status_code == 302
    young.refresh_from_db()
    assert (young.email, young.guardian_consent_by) == ("jip@example.org", "vader")


def test_edit_is_403_for_the_member_and_404_for_the_board(cast: Cast) -> None:
    url = reverse("members:person_update", args=[cast.member_person.uuid])
    assert cast.client("member").get(url).status_code == 403
    assert cast.client("member").post(url, _update_data(cast.member_person, phone="1")).status_code == 403
    assert cast.client("board").get(url).status_code == 404
    assert cast.client("outsider").post(url, _update_data(cast.member_person)).status_code == 404


def test_w_mem_10_anonymise_after_the_membership_ended(cast: Cast) -> None:
    url = reverse("members:person_anonymise", args=[cast.member_person.uuid])
    client = cast.client("supporter")
    response = client.post(url, {"reason": "Op verzoek"})
    assert response.status_code == 200
    assert "still has a membership" in str(response.context["form"].non_field_errors())
    cast.member_person.refresh_from_db()
    assert not cast.member_person.is_anonymised
    membership_end(membership=cast.member_person.memberships.get(), on=_today(), reason="own_wish", actor=None)
    assert client.post(url, {"reason": ""}).status_code == 200
    assert client.post(url, {"reason": "Op verzoek"}).status_code == 302
    cast.member_person.refresh_from_db()
    assert cast.member_person.is_anonymised
    assert cast.member_person.email == ""
    page = client.get(_detail(cast.member_person)).content.decode()
    assert "Mia" not in page
    assert cast.client("member").post(url, {"reason": "x"}).status_code == 403


def test_person_account_invite_view(cast: Cast, mailoutbox: list, django_capture_on_commit_callbacks: Any) -> None:
    person = people.person_create(
        display_name="Noa", birth_year=1990, group="parent", email="noa@example.org", actor=None
    )
    memberships.membership_register_candidate(person=person, body=cast.chamber, suitability=[], actor=None)
    url = reverse("members:person_account_invite", args=[person.uuid])
    assert cast.client("supporter").get(url).status_code == 405
    assert cast.client("board").post(url).status_code == 404
    assert cast.client("member").post(url).status_code == 404
    with django_capture_on_commit_callbacks(execute=True):
        response = cast.client("supporter").post(url)
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.user is not None
    assert len(mailoutbox) == 1
    # A second invitation is refused with a message, not a 500.
    again = cast.client("supporter").post(url, follow=True)
    assert again.status_code == 200
    assert len(mailoutbox) == 1


def test_w_mem_8_minor_name_public_needs_consent_on_the_edit_page(cast: Cast) -> None:
    """Ticking "first name may appear on the public page" for someone who may be under 16 is refused on that field
    until a parent's or guardian's consent is recorded (in the same form is enough); nothing is half-saved."""
    young = make_person(display_name="Jip", birth_year=_today().year - 12)
    make_membership(body=cast.chamber, person=young, status=Status.CANDIDATE)
    url = reverse("members:person_update", args=[young.uuid])
    client = cast.client("supporter")
    response = client.post(url, _update_data(young, name_public="on"))
    assert response.status_code == 200
    assert "name_public" in response.context["form"].errors
    young.refresh_from_db()
    assert young.name_public is False
    consent = {"guardian_consent_on": _ago(1).isoformat(), "guardian_consent_by": "moeder"}
    assert client.post(url, _update_data(young, name_public="on", **consent)).status_code == 302
    young.refresh_from_db()
    assert (young.name_public, young.guardian_consent_by) == (True, "moeder")
