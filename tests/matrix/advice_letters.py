"""Permission-matrix entries for the decision letter (advice/urls_letters.py; merged by tests/test_url_matrix.py).

Around a request of cast-council decided by the board, with its letter rendered (version 1 ready). Whoever sees the
request sees its letter: the board side, and the supporters and current members of the council or one of its
chambers (both chamber members: the request belongs to the council). Retrying and correcting are the board's.
"""

from typing import Any

from tests.conftest import Cast
from tests.matrix.common import POST_ONLY, Entry, profile

# Who sees a (non-draft) request of cast-council, and who acts for the board.
REQUEST_VIEW = profile(200, anonymous=302, outsider=404)
REQUEST_BOARD = profile(403, anonymous=302, outsider=404, board=200, administrator=200)


def _decided(cast: Cast) -> dict[str, Any]:
    from tests.factories import make_decided_request

    request = make_decided_request(council=cast.council, board=cast.board, supporter=cast.supporter, render=True)
    return {"uuid": request.uuid}


def _version(cast: Cast) -> dict[str, Any]:
    return {**_decided(cast), "number": 1}


ENTRIES: dict[str, Entry] = {
    "advice:letter_pdf": Entry(REQUEST_VIEW, _decided),
    "advice:letter_version_pdf": Entry(REQUEST_VIEW, _version),
    "advice:letter_status": Entry(REQUEST_VIEW, _decided),
    "advice:letter_retry": Entry(POST_ONLY, _version),
    "advice:letter_correct": Entry(REQUEST_BOARD, _decided),
}
