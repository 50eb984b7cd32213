"""Inviting a user: an account without a password, its roles, history, and a mail whose link sets the password."""

import re
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import translation

from accounts import services
from accounts.models import User
from accounts.roles import Role, is_administrator, is_board_member
from councils.permissions import supported_body_ids
from tests.accounts.helpers import english, last_history
from tests.conftest import Cast
from tests.factories import make_user

BASE_URL = "http://testserver/"


def _invite(cast: Cast, **kwargs) -> User:
    values: dict[str, Any] = {
        "email": "ada@example.org",
        "first_name": "Ada",
        "last_name": "de Vries",
        "roles": [],
        "base_url": BASE_URL,
        "actor": cast.administrator,
    }
    values.update(kwargs)
    return services.user_invite(**values)


def test_invite_creates_an_account_without_a_password_and_records_who(cast: Cast) -> None:
    with translation.override("en"):
        user = _invite(cast)
    assert user.username == "ada"
    assert user.is_active
    assert not user.has_usable_password()
    record = last_history(user)
    assert record.history_type == "+"
    assert record.history_user == cast.administrator
    assert record.history_change_reason == "Invited by e-mail"


def test_invite_gives_the_roles(cast: Cast) -> None:
    with translation.override("en"):
        user = _invite(cast, roles=[Role.ADMINISTRATOR, Role.BOARD, cast.chamber])
    user = User.objects.get(pk=user.pk)
    assert is_administrator(user)
    assert is_board_member(user)
    assert user.is_staff
    assert user.is_superuser
    assert supported_body_ids(user) == {cast.chamber.pk}
    assert last_history(user).history_change_reason == (
        "Invited by e-mail as Administrator, Board member, Supporter of Cast youth chamber"
    )
    assert cast.chamber.history.first().history_user == cast.administrator


def test_a_board_member_is_not_staff(cast: Cast) -> None:
    user = _invite(cast, roles=[Role.BOARD])
    assert not user.is_staff
    assert not user.is_superuser


def test_duplicate_email_is_refused_case_insensitively(cast: Cast) -> None:
    make_user(username="existing", email="ada@example.org")
    with translation.override("en"), pytest.raises(ValidationError) as info:
        _invite(cast, email="ADA@Example.org")
    assert info.value.message_dict["email"] == [
        "There is already an account with this e-mail address. Look it up in the list of users."
    ]
    assert not User.objects.filter(first_name="Ada").exists()


def test_the_user_name_is_made_unique_from_the_email(cast: Cast) -> None:
    make_user(username="ada", email="ada@elsewhere.example")
    make_user(username="Ada2", email="ada2@elsewhere.example")
    user = _invite(cast, email="a.d+a@example.org")
    assert user.username == "a.d+a"
    user = _invite(cast, email="ada@example.org")
    assert user.username == "ada3"


def test_a_chosen_user_name_that_is_taken_is_refused(cast: Cast) -> None:
    with translation.override("en"), pytest.raises(ValidationError) as info:
        _invite(cast, username="MIA-member")
    assert info.value.message_dict["username"] == ["This user name is already taken. Choose another one."]


def test_the_mail_is_queued_on_commit(cast: Cast, django_capture_on_commit_callbacks) -> None:
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        _invite(cast)
    assert len(callbacks) == 1
    assert mail.outbox == []


def test_the_invitation_link_sets_a_password_and_the_user_logs_in(
    cast: Cast, django_capture_on_commit_callbacks
) -> None:
    admin = english(cast.client("administrator"))
    with django_capture_on_commit_callbacks(execute=True):
        response = admin.post(
            reverse("accounts:user_invite"),
            {"email": "ada@example.org", "first_name": "Ada", "last_name": "de Vries", "board": "on"},
        )
    user = User.objects.get(email="ada@example.org")
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:user_detail", kwargs={"pk": user.pk})
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["ada@example.org"]
    assert message.subject == "You are invited to the participation portal"
    body = str(message.body)
    assert "Hello Ada de Vries," in body
    assert "Your user name is: ada" in body
    assert "set up an authenticator app" in body  # a board member needs a second factor
    html = message.alternatives[0][0]  # type: ignore[attr-defined]
    assert "Your user name is: ada" in str(html)
    link = re.search(r"http://testserver(/wachtwoord-herstellen/\S+/)", body)
    assert link is not None

    visitor = Client()
    form_page = visitor.get(link.group(1), follow=True)
    assert form_page.status_code == 200
    done = visitor.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "een-nieuw-lang-wachtwoord-42", "new_password2": "een-nieuw-lang-wachtwoord-42"},
    )
    assert done["Location"] == reverse("accounts:password_reset_complete")
    login = Client().post(
        reverse("accounts:login"), {"username": "ada", "password": "een-nieuw-lang-wachtwoord-42", "next": ""}
    )
    assert login.status_code == 302
    assert login["Location"].startswith(reverse("accounts:otp_setup"))
    # The link is spent once the password is chosen.
    assert visitor.get(link.group(1), follow=True).context["validlink"] is False


def test_a_member_invitation_does_not_mention_the_second_factor(cast: Cast, django_capture_on_commit_callbacks) -> None:
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        _invite(cast)
    assert "authenticator" not in str(mail.outbox[0].body)


def test_no_mail_for_a_user_deactivated_before_it_was_sent(cast: Cast, django_capture_on_commit_callbacks) -> None:
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        user = _invite(cast)
    services.user_deactivate(user=user, actor=cast.administrator, reason="wrong person")
    for callback in callbacks:
        callback()
    assert mail.outbox == []


# Sending the invitation again (its link works for one day).


def test_resend_sends_a_new_link_and_records_it(cast: Cast, django_capture_on_commit_callbacks) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        user = _invite(cast)
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        services.user_invite_resend(user=user, base_url=BASE_URL, actor=cast.administrator)
    assert len(mail.outbox) == 2
    assert last_history(user).history_change_reason == "Invitation sent again"
    assert last_history(user).history_user == cast.administrator


def test_resend_is_refused_once_a_password_is_chosen(cast: Cast) -> None:
    with translation.override("en"), pytest.raises(ValidationError) as info:
        services.user_invite_resend(user=cast.member, base_url=BASE_URL, actor=cast.administrator)
    assert info.value.messages == [f"{cast.member} has already chosen a password or cannot be invited."]


def test_resend_view(cast: Cast, django_capture_on_commit_callbacks) -> None:
    user = _invite(cast)
    url = reverse("accounts:user_invite_resend", kwargs={"pk": user.pk})
    admin = english(cast.client("administrator"))
    with django_capture_on_commit_callbacks(execute=True):
        response = admin.post(url, follow=True)
    assert response.status_code == 200
    assert "The invitation has been sent again to ada@example.org." in response.text
    assert len(mail.outbox) == 1
    refused = admin.post(reverse("accounts:user_invite_resend", kwargs={"pk": cast.member.pk}), follow=True)
    assert "has already chosen a password or cannot be invited." in refused.text
    assert cast.client("board").post(url).status_code == 403
    assert admin.post(reverse("accounts:user_invite_resend", kwargs={"pk": 999_999})).status_code == 404


# The page.


def test_the_invite_page_for_each_role(cast: Cast) -> None:
    url = reverse("accounts:user_invite")
    assert cast.client("administrator").get(url).status_code == 200
    for role in ("outsider", "member", "supporter", "board"):
        assert cast.client(role).get(url).status_code == 403
        assert cast.client(role).post(url, {"email": "x@example.org"}).status_code == 403
    assert cast.client("anonymous").get(url).status_code == 302
    assert not User.objects.filter(email="x@example.org").exists()


def test_the_invite_page_offers_the_active_bodies(cast: Cast) -> None:
    response = cast.client("administrator").get(reverse("accounts:user_invite"))
    assert f'value="body-{cast.chamber.pk}"' in response.text
    assert 'name="administrator"' in response.text


def test_a_duplicate_email_re_renders_the_form_with_the_message(cast: Cast) -> None:
    admin = english(cast.client("administrator"))
    response = admin.post(
        reverse("accounts:user_invite"),
        {"email": cast.member.email.upper(), "first_name": "Mia", "last_name": "Again"},
    )
    assert response.status_code == 200
    assert "There is already an account with this e-mail address." in response.text
    assert 'aria-invalid="true"' in response.text


def test_an_incomplete_form_re_renders_in_dutch(cast: Cast) -> None:
    response = cast.client("administrator").post(reverse("accounts:user_invite"), {"email": "geen-adres"})
    assert response.status_code == 200
    assert "Voer een geldig e-mailadres in." in response.text
    assert "Dit veld is verplicht." in response.text


def test_an_unknown_body_is_refused_by_the_form(cast: Cast) -> None:
    response = cast.client("administrator").post(
        reverse("accounts:user_invite"),
        {"email": "z@example.org", "first_name": "Z", "last_name": "Z", "supported_body": "body-999999"},
    )
    assert response.status_code == 200
    assert not User.objects.filter(email="z@example.org").exists()
