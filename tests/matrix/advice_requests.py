"""Permission-matrix entries for the request pages (advice/urls.py; merged by tests/test_url_matrix.py).

Around requests of cast-council (advice/permissions.py): the board side sees and acts on every request, drafts
included; the council's supporters (the supporter supports its chamber cast-youth) and members of either chamber
see its submitted requests; supporters act for the council, members only read. Outsiders get 404.
"""

import datetime
from typing import Any

from django.utils import timezone

from advice.models import RequestKind
from tests.conftest import Cast
from tests.matrix.common import BOARD_AND_ADMIN, LOGGED_IN, POST_ONLY, Entry, profile

# A submitted request of cast-council: who sees it.
REQUEST_VIEW = profile(404, anonymous=302, other_member=200, member=200, supporter=200, board=200, administrator=200)
# The board's steps on a request everyone of the council sees; the council's steps (its supporters).
REQUEST_BOARD = profile(404, anonymous=302, other_member=403, member=403, supporter=403, board=200, administrator=200)
REQUEST_COUNCIL = profile(404, anonymous=302, other_member=403, member=403, supporter=200, board=403, administrator=200)
# Either side (documents).
REQUEST_EITHER = profile(404, anonymous=302, other_member=403, member=403, supporter=200, board=200, administrator=200)
# A draft: only the board side sees it.
DRAFT_BOARD = profile(404, anonymous=302, board=200, administrator=200)
# Unsolicited advice: for who acts for a council (its supporters, administrators).
COUNCIL_SIDE = profile(403, anonymous=302, supporter=200, administrator=200)


def _draft(cast: Cast) -> dict[str, Any]:
    from tests.factories import make_advice_request

    return {"uuid": make_advice_request(council=cast.council, responsible=cast.board).uuid}


def _submitted(cast: Cast) -> dict[str, Any]:
    from tests.factories import make_advice_request

    request = make_advice_request(
        council=cast.council, responsible=cast.board, submitted_on=timezone.localdate() - datetime.timedelta(days=3)
    )
    return {"uuid": request.uuid}


def _answered(cast: Cast) -> dict[str, Any]:
    from advice.services import answers
    from tests.factories import make_advice_request

    request = make_advice_request(
        council=cast.council, responsible=cast.board, submitted_on=timezone.localdate() - datetime.timedelta(days=3)
    )
    answers.request_respond(request=request, advice="Doen.", actor=None)
    return {"uuid": request.uuid}


def _paused(cast: Cast) -> dict[str, Any]:
    from advice.services import requests
    from tests.factories import make_advice_request

    request = make_advice_request(
        council=cast.council,
        responsible=cast.board,
        kind=RequestKind.REQUESTED_ADVICE,
        submitted_on=timezone.localdate() - datetime.timedelta(days=3),
    )
    info = requests.request_information_ask(request=request, question="Welke kosten?", actor=None)
    return {"uuid": request.uuid, "pk": info.pk}


ENTRIES: dict[str, Entry] = {
    # Every logged-in user has the list (an outsider sees none); creating is the board side's.
    "advice:request_list": Entry(LOGGED_IN),
    "advice:request_create": Entry(BOARD_AND_ADMIN),
    "advice:unsolicited_advice_create": Entry(COUNCIL_SIDE),
    "advice:request_detail": Entry(REQUEST_VIEW, _submitted),
    "advice:request_update": Entry(DRAFT_BOARD, _draft),
    "advice:request_submit": Entry(POST_ONLY, _draft),
    "advice:request_withdraw": Entry(REQUEST_BOARD, _submitted),
    "advice:information_answer": Entry(REQUEST_BOARD, _paused),
    "advice:request_decide": Entry(REQUEST_BOARD, _answered),
    "advice:request_no_answer": Entry(POST_ONLY, _submitted),
    "advice:information_ask": Entry(REQUEST_COUNCIL, _submitted),
    "advice:chamber_position_record": Entry(REQUEST_COUNCIL, _submitted),
    "advice:consultation_link": Entry(REQUEST_COUNCIL, _submitted),
    "advice:request_respond": Entry(REQUEST_COUNCIL, _submitted),
    "advice:request_publish": Entry(REQUEST_COUNCIL, _answered),
    "advice:request_document_add": Entry(REQUEST_EITHER, _submitted),
}
