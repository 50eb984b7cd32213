"""Password reset by e-mail: the mail is sent by a Celery task (eagerly here; by a real worker in test_worker)."""

import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from tests.factories import make_user
from tests.helpers import nl

pytestmark = pytest.mark.django_db


def test_reset_mail_is_sent_by_the_task_and_its_link_sets_a_new_password(
    client: Client, django_capture_on_commit_callbacks
) -> None:
    member = make_user(email="mika@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:password_reset"), {"email": "MIKA@example.org"})
    assert response["Location"] == reverse("accounts:password_reset_done")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["mika@example.org"]
    assert message.subject == nl("Choose a new password for the participation portal")
    link = re.search(r"http://testserver(/wachtwoord-herstellen/\S+/)", str(message.body))
    assert link is not None

    form_page = client.get(link.group(1), follow=True)
    assert form_page.status_code == 200
    done = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "een-nieuw-lang-wachtwoord-42", "new_password2": "een-nieuw-lang-wachtwoord-42"},
    )
    assert done["Location"] == reverse("accounts:password_reset_complete")
    member.refresh_from_db()
    assert member.check_password("een-nieuw-lang-wachtwoord-42")


def test_unknown_address_gets_the_same_page_and_no_mail(client: Client, django_capture_on_commit_callbacks) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:password_reset"), {"email": "nobody@example.org"})
    assert response["Location"] == reverse("accounts:password_reset_done")
    assert mail.outbox == []


def test_invalid_address_re_renders_the_form_with_a_dutch_error(client: Client) -> None:
    response = client.post(reverse("accounts:password_reset"), {"email": "geen-adres"})
    assert response.status_code == 200
    assert "Voer een geldig e-mailadres in." in response.text
    assert 'aria-invalid="true"' in response.text
