"""Permission-matrix entries for disputes (W-DIS-1) and nullity (W-CON-5), merged by tests/test_url_matrix.py.

Disputes follow their council (advice/permissions.py): the board side and the council's supporters (here: the
supporter of cast-youth, a chamber of cast-council) open and keep them; the members of the council's chambers read
(403 on a step); outsiders get 404. Nullity is the council's side: the board reads but gets 403 on recording. The
lists exist for every logged-in user and show only what they may see.
"""

from typing import Any

from tests.conftest import Cast
from tests.matrix.common import LOGGED_IN, STAFF, Entry, profile

COUNCIL_READ = profile(404, anonymous=302, other_member=200, member=200, supporter=200, board=200, administrator=200)
EITHER_SIDE_ACTS = profile(
    404, anonymous=302, other_member=403, member=403, supporter=200, board=200, administrator=200
)
COUNCIL_SIDE_RECORDS = profile(403, anonymous=302, supporter=200, administrator=200)
COUNCIL_SIDE_ACTS = profile(
    404, anonymous=302, other_member=403, member=403, supporter=200, board=403, administrator=200
)


def _dispute(cast: Cast) -> dict[str, Any]:
    """An open dispute of cast-council, brought by the council's side."""
    from advice.services.disputes import dispute_open

    dispute = dispute_open(
        council=cast.council,
        subject="other",
        brought_by="council",
        description="Geen vergaderruimte.",
        actor=None,
    )
    return {"uuid": dispute.uuid}


def _nullity(cast: Cast) -> dict[str, Any]:
    """A decision of the board without consent, recorded today for cast-council (the window is open)."""
    from django.utils import timezone

    from advice.models import Topic
    from advice.services.nullity import nullity_window_record

    invocation = nullity_window_record(
        council=cast.council,
        topic=Topic.objects.get(code="CON-e"),
        decision_description="Nieuwe klachtenregeling.",
        window_start_on=timezone.localdate(),
        basis="told_by_board",
        actor=None,
    )
    return {"uuid": invocation.uuid}


ENTRIES: dict[str, Entry] = {
    "advice:dispute_list": Entry(LOGGED_IN),
    "advice:dispute_create": Entry(STAFF),
    "advice:dispute_detail": Entry(COUNCIL_READ, _dispute),
    **{
        f"advice:{view}": Entry(EITHER_SIDE_ACTS, _dispute)
        for view in (
            "dispute_member_add",
            "dispute_document_add",
            "dispute_mediation",
            "dispute_ruling",
            "dispute_appeal",
            "dispute_appeal_decide",
            "dispute_close",
        )
    },
    "advice:nullity_list": Entry(LOGGED_IN),
    "advice:nullity_create": Entry(COUNCIL_SIDE_RECORDS),
    "advice:nullity_detail": Entry(COUNCIL_READ, _nullity),
    "advice:nullity_invoke": Entry(COUNCIL_SIDE_ACTS, _nullity),
}
