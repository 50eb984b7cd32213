"""The public form "Laat van je horen" (/openbaar/<slug>/laat-van-je-horen/) and its receipt (issue 8, W-PAN-2).

A signal is stored for the body with source "public form", its supporters are notified, and the sender gets a
receipt with the reference. Name and contact are optional. Spam protection without third parties: a honeypot and
a rate limit per address (the 11th submission within an hour is refused with a friendly page, status 429).
"""

import time
from collections.abc import Iterator
from typing import Any

import pytest
from django.core import signing
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from councils.models import Body
from incluzio_mz.lib.form_token import form_token_new
from incluzio_mz.models import Notification
from members.public_views import PUBLIC_FORM_RATE
from panels.models import Signal, SignalSource, SignalTheme
from panels.public_views import RECEIPT_SALT, receipt_url, signal_form_purpose
from panels.services.public import signal_submit_public
from tests.conftest import Cast

pytestmark = pytest.mark.django_db

LIMIT = int(PUBLIC_FORM_RATE.split("/")[0])


@pytest.fixture(autouse=True)
def _empty_rate_limit_counts() -> Iterator[None]:
    """Rate-limit counts live in the shared cache: every test starts and ends without any."""
    cache.clear()
    yield
    cache.clear()


def english(address: str = "127.0.0.1") -> Client:
    # enforce_csrf_checks: the form must work without a CSRF token (the public page sets no cookie); it carries a
    # signed form token instead (tests/panels/test_public_form_abuse.py).
    return Client(headers={"accept-language": "en"}, REMOTE_ADDR=address, enforce_csrf_checks=True)


def url(body: Body) -> str:
    return reverse("public:signal_create", args=[body.slug])


def answers(body: Body, **overrides: Any) -> dict[str, Any]:
    """What a person fills in, with the form token the page gave them a minute ago (docs/SECURITY.md)."""
    values: dict[str, Any] = {
        "title": "Lang wachten",
        "description": "Ik wacht al drie weken op een afspraak.",
        "theme": SignalTheme.WAITING,
        "sender_name": "Sanne",
        "sender_contact": "sanne@example.org",
        "website": "",
        "form_token": form_token_new(signal_form_purpose(body), issued_at=time.time() - 60),
    }
    values.update(overrides)
    return values


def test_signal_is_stored_and_the_sender_gets_a_receipt_with_the_reference(cast: Cast) -> None:
    response = english().post(url(cast.chamber), answers(cast.chamber))

    assert response.status_code == 302
    signal = Signal.objects.get()
    assert response["Location"] == receipt_url(cast.chamber, signal.reference)
    assert (signal.body, signal.source, signal.theme) == (cast.chamber, SignalSource.PUBLIC_FORM, SignalTheme.WAITING)
    assert (signal.title, signal.description) == ("Lang wachten", "Ik wacht al drie weken op een afspraak.")
    assert (signal.sender_name, signal.sender_contact) == ("Sanne", "sanne@example.org")
    assert signal.created_by is None

    receipt = english().get(response["Location"])
    assert receipt.status_code == 200
    assert signal.reference in receipt.text
    assert "We have received your message." in receipt.text
    # The receipt is the sender's own: never kept by a shared cache, and no cookie.
    assert "private" in receipt["Cache-Control"]
    assert "no-store" in receipt["Cache-Control"]
    assert not receipt.cookies


def test_supporters_are_notified(cast: Cast) -> None:
    english().post(url(cast.chamber), answers(cast.chamber))
    signal = Signal.objects.get()
    notification = Notification.objects.get(recipient=cast.supporter)
    assert signal.reference in notification.title
    assert Notification.objects.filter(recipient__in=[cast.member, cast.board, cast.outsider]).count() == 0


def test_name_and_contact_are_optional_and_the_theme_too(cast: Cast) -> None:
    response = english().post(url(cast.chamber), answers(cast.chamber, sender_name="", sender_contact="", theme=""))
    assert response.status_code == 302
    signal = Signal.objects.get()
    assert (signal.sender_name, signal.sender_contact, signal.theme) == ("", "", SignalTheme.OTHER)
    assert signal.is_anonymous


def test_phone_number_is_a_contact(cast: Cast) -> None:
    english().post(url(cast.chamber), answers(cast.chamber, sender_contact="+31 6 1234 5678"))
    assert Signal.objects.get().sender_contact == "+31 6 1234 5678"


def test_contact_that_is_neither_email_nor_phone_is_refused_and_what_was_typed_stays(cast: Cast) -> None:
    response = english().post(url(cast.chamber), answers(cast.chamber, sender_contact="bel me maar"))
    assert response.status_code == 200
    assert "sender_contact" in response.context["form"].errors
    assert "Fill in an e-mail address or a phone number" in response.text
    assert "Ik wacht al drie weken op een afspraak." in response.text
    assert not Signal.objects.exists()


def test_title_and_description_are_needed(cast: Cast) -> None:
    response = english().post(url(cast.chamber), answers(cast.chamber, title=" ", description=""))
    assert response.status_code == 200
    assert {"title", "description"} <= set(response.context["form"].errors)
    assert not Signal.objects.exists()


def test_the_form_asks_no_age_and_explains_when_to_ask_a_parent(cast: Cast) -> None:
    """A minor is asked only for what is needed: no birth year, no address; a clear note about contact details."""
    response = english().get(url(cast.chamber))
    assert response.status_code == 200
    assert set(response.context["form"].fields) == {
        "title",
        "description",
        "theme",
        "sender_name",
        "sender_contact",
        "website",
    }
    assert "Do you want an answer? Then leave your e-mail or phone number." in response.text
    assert "Are you younger than 16? Ask your parent or carer first." in response.text


def test_form_is_on_the_body_page_and_posts_to_the_form_url(cast: Cast) -> None:
    response = english().get(reverse("public:body_detail", args=[cast.chamber.slug]))
    assert f'action="{url(cast.chamber)}"' in response.text


def test_honeypot_stores_nothing_and_shows_the_receipt(cast: Cast) -> None:
    response = english().post(url(cast.chamber), answers(cast.chamber, website="http://spam.example"))
    assert response.status_code == 302
    assert response["Location"] == reverse("public:signal_receipt", args=[cast.chamber.slug])
    assert not Signal.objects.exists()
    assert not Notification.objects.exists()


def test_the_11th_submission_from_one_address_within_an_hour_is_refused(cast: Cast) -> None:
    client = english("10.0.0.1")
    for _ in range(LIMIT):
        assert client.post(url(cast.chamber), answers(cast.chamber)).status_code == 302
    response = client.post(url(cast.chamber), answers(cast.chamber, description="Mijn elfde bericht."))

    assert response.status_code == 429
    assert "Please try again in an hour." in response.text
    assert 'data-testid="ratelimited"' in response.text
    # What was typed is not lost.
    assert "Mijn elfde bericht." in response.text
    assert 'value="sanne@example.org"' in response.text
    assert Signal.objects.count() == LIMIT
    # Another address is not affected; reading the form is not counted.
    assert client.get(url(cast.chamber)).status_code == 200
    assert english("10.0.0.2").post(url(cast.chamber), answers(cast.chamber)).status_code == 302


def test_receipt_without_a_valid_reference_shows_no_reference(cast: Cast) -> None:
    receipt = reverse("public:signal_receipt", args=[cast.chamber.slug])
    forged = signing.dumps("S-FORGED12", salt="another.salt")
    response = english().get(f"{receipt}?ref={forged}")
    assert response.status_code == 200
    assert "S-FORGED12" not in response.text
    assert response.context["reference"] == ""
    good = signing.dumps("S-ABCDEFGH", salt=RECEIPT_SALT)
    assert "S-ABCDEFGH" in english().get(f"{receipt}?ref={good}").text


def test_inactive_or_unknown_body_takes_no_signal(cast: Cast) -> None:
    assert english().post("/openbaar/bestaat-niet/laat-van-je-horen/", answers(cast.chamber)).status_code == 404
    Body.objects.filter(pk=cast.chamber.pk).update(active=False)  # no service deactivates a body yet
    assert english().post(url(cast.chamber), answers(cast.chamber)).status_code == 404
    cast.chamber.refresh_from_db()
    with pytest.raises(ValidationError):
        signal_submit_public(body=cast.chamber, title="x", description="y")


def test_logged_in_user_sends_as_the_public(cast: Cast) -> None:
    client = cast.client("member")
    client.handler.enforce_csrf_checks = True
    assert client.post(url(cast.chamber), answers(cast.chamber)).status_code == 302
    assert Signal.objects.get().created_by is None


def test_get_on_the_receipt_only(cast: Cast) -> None:
    receipt = reverse("public:signal_receipt", args=[cast.chamber.slug])
    assert Client().post(receipt, {}).status_code == 405
