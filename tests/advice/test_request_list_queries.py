"""/verzoeken/ runs a constant number of queries at 1x and 20x data, for each kind of reader."""

import datetime
from collections.abc import Callable
from itertools import count

import pytest
from django.urls import reverse
from django.utils import timezone

from advice.models import RequestKind
from advice.services import answers, requests
from tests.conftest import Cast
from tests.factories import make_advice_request
from tests.helpers import assert_constant_queries

_counter = count()


def _grow(cast: Cast) -> Callable[[int], None]:
    today = timezone.localdate()

    def grow(number: int) -> None:
        for _ in range(number):
            n = next(_counter)
            kind = RequestKind.REQUESTED_ADVICE if n % 2 else RequestKind.CONSENT
            request = make_advice_request(
                council=cast.council, responsible=cast.board, kind=kind, submitted_on=today - datetime.timedelta(n)
            )
            if n % 3 == 1:
                requests.request_information_ask(request=request, question="Vraag", actor=None)
            make_advice_request(council=cast.council, responsible=cast.board)  # a draft
            answers.unsolicited_advice_submit(
                council=cast.council, topic=None, title=f"Ongevraagd {n}", advice="Advies.", actor=None
            )

    return grow


@pytest.mark.parametrize("role", ["supporter", "board", "member"])
def test_request_list(cast: Cast, role: str) -> None:
    assert_constant_queries(cast.client(role), reverse("advice:request_list"), _grow(cast))


def test_request_list_with_filters(cast: Cast) -> None:
    url = reverse("advice:request_list") + "?raad=cast-council&soort=consent&status=all"
    assert_constant_queries(cast.client("board"), url, _grow(cast))


@pytest.mark.parametrize("role", ["supporter", "board", "member"])
def test_home_attention_block(cast: Cast, role: str) -> None:
    assert_constant_queries(cast.client(role), reverse("home"), _grow(cast))


@pytest.mark.parametrize("role", ["supporter", "member"])
def test_request_detail_is_bounded(cast: Cast, role: str) -> None:
    """The dossier page prefetches its rows: more documents, pauses and consultations cost no extra queries."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from advice.services.documents import request_document_add
    from tests.factories import PDF_BYTES, make_consultation

    request = make_advice_request(
        council=cast.council, responsible=cast.board, submitted_on=timezone.localdate() - datetime.timedelta(days=30)
    )

    numbers = count()  # its own counter: the first document is readable by members, so 1x and 20x have the same shape

    def grow(number: int) -> None:
        for _ in range(number):
            n = next(numbers)
            request_document_add(
                request=request,
                title=f"Stuk {n}",
                confidentiality="board_and_supporters" if n % 2 else "body",
                file=SimpleUploadedFile("stuk.pdf", PDF_BYTES, content_type="application/pdf"),
                actor=None,
            )
            info = requests.request_information_ask(request=request, question=f"Vraag {n}", actor=None)
            requests.request_information_answer(info=info, answer="Antwoord", actor=None)
            make_consultation(request=request, held=False)

    assert_constant_queries(cast.client(role), reverse("advice:request_detail", kwargs={"uuid": request.uuid}), grow)
