"""The decision letter's pages (advice/letter_views.py): the PDF through the gate, the polled state, retry and
correction."""

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from advice.models import Letter, LetterStatus
from advice.services import letters
from tests.conftest import Cast
from tests.factories import make_decided_request

pytestmark = pytest.mark.django_db


def _decided(cast: Cast, render: bool = True) -> Any:
    return make_decided_request(council=cast.council, board=cast.board, supporter=cast.supporter, render=render)


def _pdf(response: Any) -> bytes:
    return b"".join(response.streaming_content)


def test_the_letter_pdf_is_served_inline_through_the_gate(cast: Cast) -> None:
    request = _decided(cast)
    url = reverse("advice:letter_pdf", kwargs={"uuid": request.uuid})
    response = cast.client("member").get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"] == f'inline; filename="besluit-{request.reference}.pdf"'
    assert _pdf(response) == request.letters.get().file.read()
    assert cast.client("other_member").get(url).status_code == 200  # a member of the council's other chamber
    assert cast.client("outsider").get(url).status_code == 404
    assert cast.client("anonymous").get(url).status_code == 302


def test_no_pdf_before_the_letter_is_ready(cast: Cast) -> None:
    request = _decided(cast, render=False)
    assert request.letters.get().status == LetterStatus.QUEUED
    client = cast.client("board")
    assert client.get(reverse("advice:letter_pdf", kwargs={"uuid": request.uuid})).status_code == 404
    version = reverse("advice:letter_version_pdf", kwargs={"uuid": request.uuid, "number": 1})
    assert client.get(version).status_code == 404


def test_the_newest_ready_version_is_served_and_the_older_stays(
    cast: Cast, django_capture_on_commit_callbacks: Any
) -> None:
    request = _decided(cast)
    with django_capture_on_commit_callbacks(execute=True):
        letters.letter_correct(request=request, reason="De ingangsdatum was onjuist.", actor=cast.board)
    first, second = Letter.objects.filter(request=request).order_by("number")
    client = cast.client("supporter")
    newest = client.get(reverse("advice:letter_pdf", kwargs={"uuid": request.uuid}))
    assert _pdf(newest) == second.file.read()
    assert f"besluit-{request.reference}-versie-2.pdf" in newest["Content-Disposition"]
    old = client.get(reverse("advice:letter_version_pdf", kwargs={"uuid": request.uuid, "number": 1}))
    assert _pdf(old) == first.file.read()


def test_the_state_fragment_polls_while_the_letter_is_being_made(cast: Cast) -> None:
    request = _decided(cast, render=False)
    url = reverse("advice:letter_status", kwargs={"uuid": request.uuid})
    queued = cast.client("member").get(url, headers={"HX-Request": "true"})
    assert queued.status_code == 200
    html = queued.content.decode()
    assert 'hx-trigger="every 2s"' in html
    assert f'hx-get="{url}"' in html
    assert 'data-status="queued"' in html

    letters.letter_render(letter_id=request.letters.get().pk)
    ready = cast.client("member").get(url).content.decode()
    assert "hx-trigger" not in ready  # done: the polling stops
    assert 'data-status="ready"' in ready
    assert reverse("advice:letter_version_pdf", kwargs={"uuid": request.uuid, "number": 1}) in ready
    assert "letter-correct" not in ready  # members read only
    assert "letter-correct" in cast.client("board").get(url).content.decode()
    assert cast.client("outsider").get(url).status_code == 404


def test_a_failed_letter_shows_failed_and_the_board_retries(
    cast: Cast, monkeypatch: pytest.MonkeyPatch, django_capture_on_commit_callbacks: Any
) -> None:
    request = _decided(cast, render=False)
    letter = request.letters.get()

    def broken(**kwargs: Any) -> bytes:
        raise ValueError("template error")

    monkeypatch.setattr(letters, "render_pdf", broken)
    assert letters.letter_render(letter_id=letter.pk) == LetterStatus.FAILED
    monkeypatch.undo()
    status_url = reverse("advice:letter_status", kwargs={"uuid": request.uuid})
    assert 'data-testid="letter-retry"' not in cast.client("supporter").get(status_url).content.decode()
    html = cast.client("board").get(status_url).content.decode()
    assert 'data-status="failed"' in html
    assert 'data-testid="letter-retry"' in html

    retry = reverse("advice:letter_retry", kwargs={"uuid": request.uuid, "number": 1})
    assert cast.client("board").get(retry).status_code == 405
    assert cast.client("supporter").post(retry).status_code == 403
    assert cast.client("outsider").post(retry).status_code == 404
    with django_capture_on_commit_callbacks(execute=True):
        response = cast.client("board").post(retry, headers={"HX-Request": "true"})
    assert response.status_code == 200
    # The fragment answers before the commit: queued again, and polling until the worker is done.
    assert 'data-status="queued"' in response.content.decode()
    assert 'hx-trigger="every 2s"' in response.content.decode()
    letter.refresh_from_db()
    assert letter.status == LetterStatus.READY
    # Retrying a ready letter changes nothing and says why.
    again = cast.client("board").post(retry, follow=True)
    assert "Only a letter that failed can be made again." in again.content.decode()
    assert Letter.objects.get(pk=letter.pk).sha256 == letter.sha256


def test_the_board_corrects_the_letter(cast: Cast, django_capture_on_commit_callbacks: Any) -> None:
    request = _decided(cast)
    url = reverse("advice:letter_correct", kwargs={"uuid": request.uuid})
    client = cast.client("board")
    page = client.get(url)
    assert page.status_code == 200
    assert request.reference in page.content.decode()
    assert client.post(url, {"reason": ""}).status_code == 200  # the form again, with the error
    assert request.letters.count() == 1
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"reason": "De ingangsdatum was onjuist."})
    assert response.status_code == 302
    second = request.letters.get(number=2)
    assert second.replaces == request.letters.get(number=1)
    assert second.status == LetterStatus.READY
    assert cast.client("supporter").get(url).status_code == 403
    assert cast.client("outsider").get(url).status_code == 404
    assert Client().get(url).status_code == 302


def test_the_request_page_shows_the_letter_state(cast: Cast) -> None:
    """The fragment on the request page (helper A's request_detail includes templates/advice/_letter.html)."""
    request = _decided(cast, render=False)
    page = cast.client("member").get(reverse("advice:request_detail", kwargs={"uuid": request.uuid}))
    assert page.status_code == 200
    html = page.content.decode()
    assert 'data-testid="letters"' in html
    assert 'hx-trigger="every 2s"' in html
