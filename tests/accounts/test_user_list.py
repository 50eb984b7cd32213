"""The user list and detail pages: contents, filters, paging, a fixed number of queries, valid HTML, navigation."""

import html5lib
import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from accounts import services
from accounts.roles import Role
from councils import services as council_services
from tests.accounts.helpers import english
from tests.conftest import Cast
from tests.factories import make_user, totp_device_for

LIST = reverse("accounts:user_list")


def _assert_valid_html(response) -> None:
    parser = html5lib.HTMLParser(strict=True)
    parser.parse(response.content)
    assert parser.errors == []


def _add_users(cast: Cast, count: int, prefix: str) -> None:
    """count users with every kind of role, so each row needs groups, bodies and devices."""
    for n in range(count):
        user = make_user(username=f"{prefix}{n}", roles=[Role.BOARD] if n % 2 else [])
        council_services.body_supporter_add(body=cast.council, user=user, actor=None, reason="test")
        council_services.body_supporter_add(body=cast.other_chamber, user=user, actor=None, reason="test")
        if n % 3 == 0:
            totp_device_for(user)


def test_the_list_shows_roles_bodies_status_and_second_factor(cast: Cast) -> None:
    services.user_deactivate(user=cast.outsider, actor=cast.administrator, reason="left")
    response = english(cast.client("administrator")).get(LIST)
    assert response.status_code == 200
    rows = {user.pk: grants for user, grants in response.context["rows"]}
    assert [grant.label for grant in rows[cast.supporter.pk]] == ["Supporter of Cast youth chamber"]
    assert [grant.label for grant in rows[cast.board.pk]] == ["Board member"]
    text = response.text
    assert cast.supporter.email in text
    assert "Supporter of Cast youth chamber" in text
    assert "no (deactivated)" in text
    row = text.split(f'data-testid="user-{cast.board.pk}"')[1].split("</tr>")[0]
    assert row.count("<td") == 5
    assert row.rstrip().endswith("yes</td>")
    _assert_valid_html(response)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"role": "administrators"}, {"administrator"}),
        ({"role": "board"}, {"board"}),
        ({"role": "supporter"}, {"supporter"}),
        ({"role": "none"}, {"outsider", "other_member", "member"}),
        ({"active": "no"}, {"outsider"}),
        ({"active": "yes", "role": "none"}, {"other_member", "member"}),
        ({"q": "MIA-mem"}, {"member"}),
        ({"role": "nonsense"}, {"outsider", "other_member", "member", "supporter", "board", "administrator"}),
    ],
)
def test_filters(cast: Cast, query: dict[str, str], expected: set[str]) -> None:
    services.user_deactivate(user=cast.outsider, actor=cast.administrator, reason="left")
    response = cast.client("administrator").get(LIST, query)
    shown = {user.pk for user, _grants in response.context["rows"]}
    assert shown == {getattr(cast, role).pk for role in expected}


def test_a_supporter_of_two_bodies_is_listed_once(cast: Cast) -> None:
    council_services.body_supporter_add(body=cast.council, user=cast.supporter, actor=None, reason="test")
    response = cast.client("administrator").get(LIST, {"role": "supporter"})
    assert [user.pk for user, _grants in response.context["rows"]] == [cast.supporter.pk]


def test_fifty_users_per_page_and_the_filter_is_kept(cast: Cast) -> None:
    for n in range(50):
        make_user(username=f"zz-board-{n:02}", roles=[Role.BOARD])
    admin = cast.client("administrator")
    first = admin.get(LIST, {"role": "board"})
    assert len(first.context["rows"]) == 50
    assert "?role=board&amp;pagina=2" in first.text
    second = admin.get(LIST, {"role": "board", "pagina": "2"})
    assert [user.username for user, _grants in second.context["rows"]] == ["zz-board-49"]
    _assert_valid_html(second)


def test_the_number_of_queries_does_not_grow_with_the_users(cast: Cast, django_assert_num_queries) -> None:
    admin: Client = cast.client("administrator")
    _add_users(cast, 1, "one")
    admin.get(LIST)  # warm up the session and caches
    with CaptureQueriesContext(connection) as once:
        assert admin.get(LIST).status_code == 200
    _add_users(cast, 19, "many")
    with django_assert_num_queries(len(once)):
        response = admin.get(LIST)
    assert len(response.context["rows"]) == 26


@pytest.mark.parametrize("role", ["outsider", "other_member", "member", "supporter", "board"])
def test_the_pages_are_403_for_everyone_but_administrators(cast: Cast, role: str) -> None:
    client = cast.client(role)
    assert client.get(LIST).status_code == 403
    assert client.get(reverse("accounts:user_detail", kwargs={"pk": cast.member.pk})).status_code == 403
    assert client.get(reverse("accounts:user_detail", kwargs={"pk": 999_999})).status_code == 403


def test_anonymous_users_go_to_the_login_page(cast: Cast) -> None:
    response = cast.client("anonymous").get(LIST)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


# The detail page.


def test_the_detail_page_shows_roles_forms_and_history(cast: Cast) -> None:
    with translation.override("en"):  # the reason is stored in the language of the moment
        services.user_role_add(user=cast.supporter, role=Role.BOARD, actor=cast.administrator, reason="appointed")
    admin = english(cast.client("administrator"))
    response = admin.get(reverse("accounts:user_detail", kwargs={"pk": cast.supporter.pk}))
    assert response.status_code == 200
    text = response.text
    assert "Supporter of Cast youth chamber" in text
    assert "Board member" in text
    history = text.split('data-testid="user-history"')[1]
    assert "Role added: Board member. Reason: appointed" in history
    assert cast.administrator.display_name in history
    assert "the system" in history  # the factory created the user without an actor
    for name in ("user_role_add", "user_role_remove", "user_deactivate"):
        assert reverse(f"accounts:{name}", kwargs={"pk": cast.supporter.pk}) in text
    # No second factor, no reset form; an active user with a password: no invitation to resend.
    assert reverse("accounts:user_second_factor_reset", kwargs={"pk": cast.supporter.pk}) not in text
    assert reverse("accounts:user_invite_resend", kwargs={"pk": cast.supporter.pk}) not in text
    _assert_valid_html(response)


def test_the_detail_page_of_an_invited_board_member(cast: Cast) -> None:
    user = services.user_invite(
        email="new@example.org",
        first_name="New",
        last_name="Person",
        roles=[Role.BOARD],
        base_url="http://testserver/",
        actor=cast.administrator,
    )
    totp_device_for(user)
    response = cast.client("administrator").get(reverse("accounts:user_detail", kwargs={"pk": user.pk}))
    assert reverse("accounts:user_invite_resend", kwargs={"pk": user.pk}) in response.text
    assert reverse("accounts:user_second_factor_reset", kwargs={"pk": user.pk}) in response.text
    _assert_valid_html(response)


def test_the_invite_page_is_valid_html(cast: Cast) -> None:
    _assert_valid_html(cast.client("administrator").get(reverse("accounts:user_invite")))
    _assert_valid_html(cast.client("administrator").post(reverse("accounts:user_invite"), {"email": "x"}))


def test_the_detail_page_is_404_for_an_unknown_user(cast: Cast) -> None:
    assert cast.client("administrator").get(reverse("accounts:user_detail", kwargs={"pk": 999_999})).status_code == 404


# Navigation.


def test_administrators_see_the_users_item(cast: Cast) -> None:
    response = cast.client("administrator").get(reverse("home"))
    assert f'href="{LIST}"' in response.text


@pytest.mark.parametrize("role", ["member", "supporter", "board"])
def test_others_do_not_see_the_users_item(cast: Cast, role: str) -> None:
    response = cast.client(role).get(reverse("home"))
    assert f'href="{LIST}"' not in response.text
