"""Abuse of the public forms (issue 15, points 7 and 8; docs/SECURITY.md "Abuse of the public forms").

- The rate limit counts per visitor, not per proxy: the address comes from TRUSTED_PROXY_COUNT trusted proxies in
  X-Forwarded-For, never from what a visitor wrote there, and a malformed header never gives an error.
- The form "Laat van je horen" cannot be posted from another site: it needs a signed, short-lived form token, and a
  post the browser marks as cross-site is refused. The public pages set no cookie (a shared cache may keep them).
- What the public typed is relayed by e-mail as text, never as a link.
"""

import datetime
import time
from collections.abc import Iterator
from typing import Any

import pytest
from django.core import mail
from django.core.cache import cache
from django.core.mail import EmailMultiAlternatives
from django.http import HttpRequest
from django.test import Client, RequestFactory, override_settings
from django.urls import reverse
from django.utils import timezone

from councils.models import Body
from incluzio_mz.lib.client_ip import client_ip
from incluzio_mz.lib.form_token import MAX_AGE, form_token_new
from incluzio_mz.services import notification_emails_send
from members.models import Group
from members.public_views import PUBLIC_FORM_RATE
from members.services import vacancies
from panels.models import Signal, SignalTheme
from panels.public_views import signal_form_purpose
from tests.conftest import Cast

pytestmark = pytest.mark.django_db

LIMIT = int(PUBLIC_FORM_RATE.split("/")[0])
PROXY = "172.18.0.5"


@pytest.fixture(autouse=True)
def _empty_rate_limit_counts() -> Iterator[None]:
    cache.clear()
    yield
    cache.clear()


def english(address: str = "127.0.0.1", **headers: str) -> Client:
    return Client(headers={"accept-language": "en", **headers}, REMOTE_ADDR=address, enforce_csrf_checks=True)


def url(body: Body) -> str:
    return reverse("public:signal_create", args=[body.slug])


def token(body: Body, *, age: float = 60) -> str:
    return form_token_new(signal_form_purpose(body), issued_at=time.time() - age)


def answers(body: Body, **overrides: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "title": "Lang wachten",
        "description": "Ik wacht al drie weken op een afspraak.",
        "theme": SignalTheme.WAITING,
        "sender_name": "Sanne",
        "sender_contact": "sanne@example.org",
        "website": "",
        "form_token": token(body),
    }
    values.update(overrides)
    return values


# ---------------------------------------------------------------------------------------------------------------
# Point 7: the visitor's address


def _request(remote: str = PROXY, forwarded: str | None = None) -> HttpRequest:
    request = RequestFactory().post("/", REMOTE_ADDR=remote)
    if forwarded is not None:
        request.META["HTTP_X_FORWARDED_FOR"] = forwarded
    return request


@override_settings(TRUSTED_PROXY_COUNT=0)
def test_without_trusted_proxies_the_header_is_never_read() -> None:
    assert client_ip(_request("203.0.113.7", "198.51.100.1")) == "203.0.113.7"


@override_settings(TRUSTED_PROXY_COUNT=1)
def test_with_one_proxy_the_address_the_proxy_saw_counts_and_what_the_visitor_wrote_does_not() -> None:
    assert client_ip(_request(forwarded="198.51.100.1")) == "198.51.100.1"
    # A visitor who writes an address of their own in the header: the proxy appends the real one on the right.
    assert client_ip(_request(forwarded="10.9.9.9, 198.51.100.1")) == "198.51.100.1"
    assert client_ip(_request(forwarded=" 2001:db8::1 ")) == "2001:db8::1"


@override_settings(TRUSTED_PROXY_COUNT=2)
def test_with_two_proxies_the_second_address_from_the_right_counts() -> None:
    assert client_ip(_request(forwarded="10.9.9.9, 198.51.100.1, 172.18.0.9")) == "198.51.100.1"
    # Fewer entries than trusted proxies: the connection's address.
    assert client_ip(_request(forwarded="198.51.100.1")) == PROXY


@pytest.mark.parametrize("header", ["a, b", "", ",", "not-an-address", "1.2.3.4.5", "198.51.100.1,", "🙂"])
@override_settings(TRUSTED_PROXY_COUNT=1)
def test_a_malformed_header_falls_back_to_the_connection(header: str) -> None:
    assert client_ip(_request(forwarded=header)) == PROXY


@pytest.mark.parametrize("count", [0, 1, 2])
@pytest.mark.parametrize("header", ["a, b", "a", "999.1.1.1", ", ,"])
def test_a_malformed_forwarded_for_header_gives_no_error_page(cast: Cast, count: int, header: str) -> None:
    with override_settings(TRUSTED_PROXY_COUNT=count):
        response = english(PROXY, **{"X-Forwarded-For": header}).post(url(cast.chamber), answers(cast.chamber))
    assert response.status_code == 302
    assert Signal.objects.count() == 1


@override_settings(TRUSTED_PROXY_COUNT=1)
def test_two_visitors_behind_the_proxy_have_a_limit_each_and_a_spoofed_address_does_not_help(cast: Cast) -> None:
    first = english(PROXY, **{"X-Forwarded-For": "198.51.100.1"})
    for _ in range(LIMIT):
        assert first.post(url(cast.chamber), answers(cast.chamber)).status_code == 302
    assert first.post(url(cast.chamber), answers(cast.chamber)).status_code == 429
    # The same visitor writing another address in front of the one the proxy appends: still limited.
    spoofed = english(PROXY, **{"X-Forwarded-For": "10.1.2.3, 198.51.100.1"})
    assert spoofed.post(url(cast.chamber), answers(cast.chamber)).status_code == 429
    # Another visitor behind the same proxy is not affected.
    second = english(PROXY, **{"X-Forwarded-For": "198.51.100.2"})
    assert second.post(url(cast.chamber), answers(cast.chamber)).status_code == 302
    assert Signal.objects.count() == LIMIT + 1


@override_settings(TRUSTED_PROXY_COUNT=0)
def test_without_trusted_proxies_a_forwarded_header_does_not_escape_the_limit(cast: Cast) -> None:
    for n in range(LIMIT):
        client = english("203.0.113.7", **{"X-Forwarded-For": f"198.51.100.{n}"})
        assert client.post(url(cast.chamber), answers(cast.chamber)).status_code == 302
    client = english("203.0.113.7", **{"X-Forwarded-For": "198.51.100.99"})
    assert client.post(url(cast.chamber), answers(cast.chamber)).status_code == 429


@override_settings(TRUSTED_PROXY_COUNT=1)
def test_the_vacancy_form_counts_per_visitor_behind_the_proxy_too(cast: Cast) -> None:
    vacancy = vacancies.vacancy_publish(
        body=cast.chamber,
        title="Jongeren gezocht",
        text="Denk mee over de jeugdhulp.",
        group=Group.YOUTH,
        closes_on=timezone.localdate() + datetime.timedelta(days=30),
        actor=None,
    )
    respond = reverse("public:vacancy_respond", args=[cast.chamber.slug, vacancy.uuid])
    # The honeypot keeps this quick: every post counts, nothing is stored.
    bot = {"display_name": "Bot", "website": "http://spam.example"}
    for _ in range(LIMIT):
        client = Client(REMOTE_ADDR=PROXY, headers={"X-Forwarded-For": "a, 198.51.100.1"})
        assert client.post(respond, bot).status_code == 302
    assert Client(REMOTE_ADDR=PROXY, headers={"X-Forwarded-For": "198.51.100.1"}).post(respond, bot).status_code == 429
    assert Client(REMOTE_ADDR=PROXY, headers={"X-Forwarded-For": "a, b"}).post(respond, bot).status_code == 302
    assert Client(REMOTE_ADDR=PROXY, headers={"X-Forwarded-For": "198.51.100.2"}).post(respond, bot).status_code == 302


# ---------------------------------------------------------------------------------------------------------------
# Point 8: the form cannot be forged


def _refused(response: Any, message: str) -> None:
    assert response.status_code == 200
    assert message in response.text
    # What was typed stays, with a fresh token to send it again; nothing is stored or sent.
    assert "Ik wacht al drie weken op een afspraak." in response.text
    assert 'value="sanne@example.org"' in response.text
    assert 'name="form_token" value="' in response.text
    assert not Signal.objects.exists()
    assert not mail.outbox


def test_a_post_without_a_form_token_is_refused(cast: Cast) -> None:
    data = answers(cast.chamber)
    del data["form_token"]
    _refused(english().post(url(cast.chamber), data), "We could not check that this form comes from our website.")


@pytest.mark.parametrize("forged", ["", "1700000000", "1700000000:abc", "garbage:::"])
def test_a_forged_form_token_is_refused(cast: Cast, forged: str) -> None:
    response = english().post(url(cast.chamber), answers(cast.chamber, form_token=forged))
    _refused(response, "We could not check that this form comes from our website.")


def test_a_tampered_form_token_is_refused(cast: Cast) -> None:
    good = token(cast.chamber)
    issued, signature = good.split(":", 1)
    tampered = f"{int(issued) - 100}:{signature}"
    response = english().post(url(cast.chamber), answers(cast.chamber, form_token=tampered))
    _refused(response, "We could not check that this form comes from our website.")


def test_a_token_of_another_bodys_form_is_refused(cast: Cast) -> None:
    other = Body.objects.exclude(pk=cast.chamber.pk).filter(active=True).first()
    assert other is not None
    response = english().post(url(cast.chamber), answers(cast.chamber, form_token=token(other)))
    _refused(response, "We could not check that this form comes from our website.")


def test_an_old_form_token_is_refused(cast: Cast) -> None:
    response = english().post(url(cast.chamber), answers(cast.chamber, form_token=token(cast.chamber, age=MAX_AGE + 5)))
    _refused(response, "The form was open for a long time. Please send it again.")


def test_a_form_sent_within_seconds_is_refused(cast: Cast) -> None:
    response = english().post(url(cast.chamber), answers(cast.chamber, form_token=token(cast.chamber, age=0)))
    _refused(response, "That went very fast. Please wait a moment and send the form again.")


def test_a_post_from_another_site_is_refused_even_with_a_valid_token(cast: Cast) -> None:
    for headers in ({"Origin": "https://evil.example"}, {"Origin": "null"}, {"Sec-Fetch-Site": "cross-site"}):
        response = english(**headers).post(url(cast.chamber), answers(cast.chamber))
        _refused(response, "We could not check that this form comes from our website.")


def test_the_token_shown_with_the_form_works(cast: Cast, monkeypatch: pytest.MonkeyPatch) -> None:
    client = english(**{"Origin": "http://testserver", "Sec-Fetch-Site": "same-origin"})
    page = client.get(url(cast.chamber))
    shown = page.context["form_token"]
    assert f'name="form_token" value="{shown}"' in page.text
    # A person takes more than a few seconds to fill in the form.
    later = time.time() + 30
    monkeypatch.setattr("incluzio_mz.lib.form_token.time.time", lambda: later)
    response = client.post(url(cast.chamber), answers(cast.chamber, form_token=shown))
    assert response.status_code == 302
    assert Signal.objects.count() == 1


@pytest.mark.parametrize("name", ["public:body_list", "public:body_detail", "public:signal_create"])
def test_the_public_pages_set_no_cookie_and_may_be_cached(cast: Cast, name: str) -> None:
    args = [] if name == "public:body_list" else [cast.chamber.slug]
    response = english().get(reverse(name, args=args))
    assert response.status_code == 200
    assert not response.cookies
    assert "Set-Cookie" not in response.headers
    assert "public" in response["Cache-Control"]


def test_a_refused_post_sets_no_cookie_either(cast: Cast) -> None:
    response = english().post(url(cast.chamber), answers(cast.chamber, form_token="forged"))
    assert response.status_code == 200
    assert not response.cookies


# ---------------------------------------------------------------------------------------------------------------
# Point 8: what is relayed by e-mail


def test_the_relayed_email_has_no_clickable_link_of_the_sender(cast: Cast) -> None:
    title = 'Kijk op https://evil.example/win <a href="https://evil.example">hier</a> of www.evil.example'
    response = english().post(url(cast.chamber), answers(cast.chamber, title=title))
    assert response.status_code == 302
    notification_emails_send(now=timezone.now())
    assert mail.outbox, "the supporters are told by e-mail"
    message = mail.outbox[0]
    assert isinstance(message, EmailMultiAlternatives)
    html = str(message.alternatives[0][0])
    for text in (message.subject, message.body, html):
        assert "https://evil.example" not in text
        assert "www.evil.example" not in text
    assert 'href="https://evil' not in html
    assert '<a href="https://evil' not in html
    # Still readable as text.
    assert "https[:]//evil[.]example/win" in message.body
    assert "www[.]evil[.]example" in message.body
    assert "&lt;a href=" in html


def test_a_form_shown_again_for_a_correction_may_be_sent_again_right_away(cast: Cast) -> None:
    client = english()
    response = client.post(url(cast.chamber), answers(cast.chamber, sender_contact="bel me maar"))
    assert response.status_code == 200
    assert "sender_contact" in response.context["form"].errors
    again = answers(cast.chamber, form_token=response.context["form_token"])
    assert client.post(url(cast.chamber), again).status_code == 302
    assert Signal.objects.count() == 1


def test_a_form_refused_as_too_fast_gets_no_head_start(cast: Cast) -> None:
    client = english()
    response = client.post(url(cast.chamber), answers(cast.chamber, form_token=token(cast.chamber, age=0)))
    again = answers(cast.chamber, form_token=response.context["form_token"])
    assert "That went very fast." in client.post(url(cast.chamber), again).text
    assert not Signal.objects.exists()
