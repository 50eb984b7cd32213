"""The public vacancy list /openbaar/<slug>/vacatures/ (W-MEM-7): no login; the open vacancies of an active body."""

import datetime
from typing import Any

import html5lib
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from councils.models import Body
from members.models import Group, Vacancy
from members.services import vacancies
from tests.conftest import Cast


def publish(body: Body, title: str = "Jongeren gezocht", days: int = 30, **kwargs: Any) -> Vacancy:
    values: dict[str, Any] = {
        "text": "Denk mee over de jeugdhulp.\nWe komen vier keer per jaar samen.",
        "group": Group.YOUTH,
        "closes_on": timezone.localdate() + datetime.timedelta(days=days),
        "actor": None,
    }
    values.update(kwargs)
    return vacancies.vacancy_publish(body=body, title=title, **values)


def english() -> Client:
    return Client(headers={"accept-language": "en"})


def test_lists_only_the_open_vacancies_of_the_body(cast: Cast) -> None:
    open_one = publish(cast.chamber, "Open vacancy")
    closed = publish(cast.chamber, "Closed vacancy")
    vacancies.vacancy_close(vacancy=closed, actor=None)
    past = publish(cast.chamber, "Past vacancy", days=1)
    Vacancy.objects.filter(pk=past.pk).update(closes_on=timezone.localdate() - datetime.timedelta(days=1))
    publish(cast.other_chamber, "Other body's vacancy")

    response = english().get(reverse("public:vacancy_list", args=[cast.chamber.slug]))

    assert response.status_code == 200
    assert response.context["vacancies"] == [open_one]
    text = response.text
    assert "Open vacancy" in text
    for hidden in ("Closed vacancy", "Past vacancy", "Other body"):
        assert hidden not in text
    assert reverse("public:vacancy_respond", args=[cast.chamber.slug, open_one.uuid]) in text
    assert "We komen vier keer per jaar samen." in text


def test_a_vacancy_closing_today_is_still_open(cast: Cast) -> None:
    today = publish(cast.chamber, "Closes today", days=0)
    response = english().get(reverse("public:vacancy_list", args=[cast.chamber.slug]))
    assert response.context["vacancies"] == [today]


def test_without_open_vacancies_the_page_says_so(cast: Cast) -> None:
    response = english().get(reverse("public:vacancy_list", args=[cast.chamber.slug]))
    assert response.status_code == 200
    assert "There are no open vacancies right now." in response.text


def test_unknown_or_inactive_body_is_404(cast: Cast) -> None:
    assert english().get(reverse("public:vacancy_list", args=["does-not-exist"])).status_code == 404
    Body.objects.filter(pk=cast.chamber.pk).update(active=False)
    assert english().get(reverse("public:vacancy_list", args=[cast.chamber.slug])).status_code == 404


def test_no_login_needed_and_no_session_is_started(cast: Cast) -> None:
    publish(cast.chamber)
    client = english()
    response = client.get(reverse("public:vacancy_list", args=[cast.chamber.slug]))
    assert response.status_code == 200
    assert "sessionid" not in response.cookies


def test_post_is_not_allowed(cast: Cast) -> None:
    assert english().post(reverse("public:vacancy_list", args=[cast.chamber.slug])).status_code == 405


def test_constant_number_of_queries(cast: Cast) -> None:
    client = english()
    url = reverse("public:vacancy_list", args=[cast.chamber.slug])

    def queries_for(count: int) -> int:
        while Vacancy.objects.filter(body=cast.chamber).count() < count:
            publish(cast.chamber, f"Vacancy {Vacancy.objects.count()}")
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    assert queries_for(1) == queries_for(20)


def test_page_is_valid_html5(cast: Cast) -> None:
    publish(cast.chamber, "Jongeren gezocht")
    publish(cast.chamber, "Ouders gezocht", group=Group.PARENT)
    for language in ("nl", "en"):
        response = Client(headers={"accept-language": language}).get(
            reverse("public:vacancy_list", args=[cast.chamber.slug])
        )
        parser = html5lib.HTMLParser(strict=True)
        parser.parse(response.content)
        assert parser.errors == []
