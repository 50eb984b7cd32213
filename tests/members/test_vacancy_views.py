"""Supporter pages for vacancies (W-MEM-7): list with responses, publish, close; through the body's MANAGE gate.

The cast's supporter supports cast.chamber only: they see cast.other_chamber (403 to act), an outsider sees nothing
(404). Responses come in through the public form (tests/members/test_public_vacancy_respond.py).
"""

import datetime
from typing import Any

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from councils.models import Body
from members.models import Group, Vacancy
from members.services import vacancies
from tests.conftest import Cast


def publish(body: Body, title: str = "Jongeren gezocht", days: int = 30) -> Vacancy:
    return vacancies.vacancy_publish(
        body=body,
        title=title,
        text="Denk mee over de jeugdhulp.",
        group=Group.YOUTH,
        closes_on=timezone.localdate() + datetime.timedelta(days=days),
        actor=None,
    )


def respond(vacancy: Vacancy, name: str) -> None:
    vacancies.vacancy_respond(
        vacancy=vacancy,
        display_name=name,
        birth_year=1990,
        group=Group.YOUTH,
        email=f"{name.lower()}@example.org",
        today=timezone.localdate(),
    )


def form_data(**overrides: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "title": "Jongeren gezocht",
        "text": "Wil je meedenken over de jeugdhulp? Kom bij de jongerenraad.",
        "group": Group.YOUTH,
        "closes_on": (timezone.localdate() + datetime.timedelta(days=30)).isoformat(),
    }
    values.update(overrides)
    return values


def test_supporter_publishes_a_vacancy(cast: Cast) -> None:
    response = cast.client("supporter").post(reverse("members:vacancy_create", args=[cast.chamber.slug]), form_data())

    assert response.status_code == 302
    assert response["Location"] == reverse("members:vacancy_list", args=[cast.chamber.slug])
    vacancy = Vacancy.objects.get()
    assert (vacancy.body, vacancy.title, vacancy.group) == (cast.chamber, "Jongeren gezocht", Group.YOUTH)
    assert vacancy.closes_on == timezone.localdate() + datetime.timedelta(days=30)
    assert vacancy.history.get().history_user == cast.supporter
    # It is on the public page now.
    public = cast.client("anonymous").get(reverse("public:vacancy_list", args=[cast.chamber.slug]))
    assert public.context["vacancies"] == [vacancy]


def test_administrator_publishes_for_any_body(cast: Cast) -> None:
    url = reverse("members:vacancy_create", args=[cast.other_chamber.slug])
    assert cast.client("administrator").post(url, form_data()).status_code == 302
    assert Vacancy.objects.get().body == cast.other_chamber


def test_closing_date_in_the_past_is_refused(cast: Cast) -> None:
    yesterday = (timezone.localdate() - datetime.timedelta(days=1)).isoformat()
    url = reverse("members:vacancy_create", args=[cast.chamber.slug])
    response = cast.client("supporter").post(url, form_data(closes_on=yesterday))
    assert response.status_code == 200
    assert "closes_on" in response.context["form"].errors
    assert not Vacancy.objects.exists()


def test_missing_fields_are_shown(cast: Cast) -> None:
    url = reverse("members:vacancy_create", args=[cast.chamber.slug])
    response = cast.client("supporter").post(url, form_data(title="", group=""))
    assert set(response.context["form"].errors) == {"title", "group"}
    assert not Vacancy.objects.exists()


@pytest.mark.parametrize("view", ["vacancy_list", "vacancy_create"])
def test_supporter_of_the_other_chamber_may_not(cast: Cast, view: str) -> None:
    """The cast supporter supports cast.chamber: the parents chamber is visible (403), not manageable."""
    url = reverse(f"members:{view}", args=[cast.other_chamber.slug])
    assert cast.client("supporter").get(url).status_code == 403
    assert cast.client("supporter").post(url, form_data()).status_code == 403
    assert cast.client("outsider").get(url).status_code == 404
    assert cast.client("board").get(url).status_code == 403
    assert not Vacancy.objects.exists()


def test_list_shows_open_and_closed_vacancies_with_the_number_of_responses(cast: Cast) -> None:
    open_one = publish(cast.chamber, "Open vacancy")
    closed = publish(cast.chamber, "Closed vacancy")
    respond(open_one, "Anna")
    respond(open_one, "Bram")
    respond(closed, "Cem")
    vacancies.vacancy_close(vacancy=closed, actor=None)
    publish(cast.other_chamber, "Other body's vacancy")

    response = cast.client("supporter").get(reverse("members:vacancy_list", args=[cast.chamber.slug]))

    assert response.status_code == 200
    assert [(v.title, v.response_count) for v in response.context["open_vacancies"]] == [("Open vacancy", 2)]
    assert [(v.title, v.response_count) for v in response.context["closed_vacancies"]] == [("Closed vacancy", 1)]
    assert "Other body" not in response.text
    assert reverse("members:vacancy_close", args=[cast.chamber.slug, open_one.uuid]) in response.text
    assert reverse("members:vacancy_close", args=[cast.chamber.slug, closed.uuid]) not in response.text


def test_list_runs_a_constant_number_of_queries(cast: Cast) -> None:
    client = cast.client("supporter")
    url = reverse("members:vacancy_list", args=[cast.chamber.slug])

    def queries_for(count: int) -> int:
        while Vacancy.objects.filter(body=cast.chamber).count() < count:
            vacancy = publish(cast.chamber, f"Vacancy {Vacancy.objects.count()}")
            respond(vacancy, f"Person{vacancy.pk}")
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    assert queries_for(1) == queries_for(20)


def test_supporter_closes_a_vacancy(cast: Cast) -> None:
    vacancy = publish(cast.chamber)
    url = reverse("members:vacancy_close", args=[cast.chamber.slug, vacancy.uuid])

    response = cast.client("supporter").post(url)

    assert response.status_code == 302
    assert response["Location"] == reverse("members:vacancy_list", args=[cast.chamber.slug])
    vacancy.refresh_from_db()
    assert vacancy.closed_at is not None
    assert vacancy.history.latest().history_user == cast.supporter
    public = cast.client("anonymous").get(reverse("public:vacancy_list", args=[cast.chamber.slug]))
    assert public.context["vacancies"] == []


def test_closing_twice_shows_the_service_message(cast: Cast) -> None:
    vacancy = publish(cast.chamber)
    vacancies.vacancy_close(vacancy=vacancy, actor=None)
    url = reverse("members:vacancy_close", args=[cast.chamber.slug, vacancy.uuid])
    response = cast.client("supporter").post(url)
    assert response.status_code == 302
    assert [str(m) for m in get_messages(response.wsgi_request)] == ["This vacancy is already closed."]


def test_close_is_post_only(cast: Cast) -> None:
    vacancy = publish(cast.chamber)
    url = reverse("members:vacancy_close", args=[cast.chamber.slug, vacancy.uuid])
    assert cast.client("supporter").get(url).status_code == 405
    vacancy.refresh_from_db()
    assert vacancy.closed_at is None


def test_close_of_the_other_chamber_is_403_and_outsider_404(cast: Cast) -> None:
    vacancy = publish(cast.other_chamber)
    url = reverse("members:vacancy_close", args=[cast.other_chamber.slug, vacancy.uuid])
    assert cast.client("supporter").post(url).status_code == 403
    assert cast.client("outsider").post(url).status_code == 404
    vacancy.refresh_from_db()
    assert vacancy.closed_at is None


def test_a_vacancy_is_reached_only_through_its_own_body(cast: Cast) -> None:
    """Another body's vacancy under the supporter's own body's address is 404 and stays open."""
    vacancy = publish(cast.other_chamber)
    url = reverse("members:vacancy_close", args=[cast.chamber.slug, vacancy.uuid])
    assert cast.client("supporter").post(url).status_code == 404
    vacancy.refresh_from_db()
    assert vacancy.closed_at is None


def test_anonymous_is_sent_to_the_login_page(cast: Cast) -> None:
    url = reverse("members:vacancy_list", args=[cast.chamber.slug])
    response = cast.client("anonymous").get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
