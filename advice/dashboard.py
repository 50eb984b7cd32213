"""The "needs attention" block on the home page for this app (incluzio_mz/views.py: home_view).

Per role, only through the gate (advice/permissions.py), with a fixed number of queries (each list is capped):
- supporters: their councils' requests waiting for the council, with days left, overdue or paused;
- the board side: answered requests waiting for its decision, open questions for information, unsolicited advice
  to answer, and decision letters that failed;
- members: their council's open requests (read only).
"""

from typing import Any

from django.utils import timezone

from advice import deadlines
from advice.models import InformationRequest, Letter, LetterStatus, RequestKind, RequestStatus
from advice.permissions import (
    RequestAction,
    is_board_side,
    member_council_ids,
    requests_for_user,
    supported_council_ids,
)
from councils.permissions import AnyUser

LIMIT = 10


def _rows(requests: Any, today: Any) -> list[dict[str, Any]]:
    return [
        {
            "request_obj": row,
            "days_left": deadlines.days_left(row.due_on, on=today) if row.due_on else None,
            "overdue": row.is_overdue(today),
            "paused": row.is_paused,
        }
        for row in requests[:LIMIT]
    ]


def attention(user: AnyUser) -> dict[str, Any]:
    """The context for templates/advice/_attention.html; empty when there is nothing to show."""
    if not user.is_authenticated:
        return {}
    today = timezone.localdate()
    result: dict[str, Any] = {}
    if supported_council_ids(user):
        waiting = requests_for_user(user, RequestAction.COUNCIL).filter(
            status__in=(RequestStatus.SUBMITTED, RequestStatus.INFORMATION_REQUESTED)
        )
        result["council"] = _rows(waiting.order_by("due_on", "pk"), today)
    if is_board_side(user):
        board = requests_for_user(user, RequestAction.BOARD)
        result["to_decide"] = _rows(
            board.filter(status=RequestStatus.ANSWERED)
            .exclude(kind=RequestKind.UNSOLICITED_ADVICE)
            .order_by("planned_decision_on", "pk"),
            today,
        )
        result["unsolicited"] = _rows(
            board.filter(status=RequestStatus.ANSWERED, kind=RequestKind.UNSOLICITED_ADVICE).order_by("due_on", "pk"),
            today,
        )
        result["questions"] = list(
            InformationRequest.objects.filter(
                answered_on__isnull=True, request__status=RequestStatus.INFORMATION_REQUESTED
            )
            .select_related("request", "request__council")
            .order_by("asked_on", "pk")[:LIMIT]
        )
        result["failed_letters"] = list(
            Letter.objects.filter(status=LetterStatus.FAILED).select_related("request").order_by("pk")[:LIMIT]
        )
    elif member_council_ids(user):
        mine = requests_for_user(user).filter(council_id__in=member_council_ids(user)).open()
        result["member"] = _rows(mine.order_by("due_on", "pk"), today)
    return {key: value for key, value in result.items() if value}
