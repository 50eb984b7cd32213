"""The "needs attention" block on the home page for this app (incluzio_mz/views.py: home_view).

Only through the gate (panels/permissions.py), in a fixed number of queries (each list capped):
- signals of the user's bodies that need a reply (received or being handled);
- signals forwarded to the user's council that wait for the council's answer;
- answered signals whose sender (who left a contact) was not told yet, so they cannot be closed.
Members and the board see no signals (docs/PANELS.md), so for them the block is empty.
"""

from typing import Any

from accounts.roles import is_administrator
from councils.permissions import AnyUser
from panels import queries
from panels.permissions import handled_body_ids, signals_for_user, supported_council_ids

LIMIT = 10


def attention(user: AnyUser) -> dict[str, Any]:
    """The context for templates/panels/_attention.html; empty when there is nothing to show."""
    if not user.is_authenticated or is_administrator(user):
        return {}  # administrators see every signal: their list is /signalen/, not the home page
    handled = handled_body_ids(user)
    councils = supported_council_ids(user)
    if not handled and not councils:
        return {}
    rows = signals_for_user(user).order_by("received_on", "pk")
    result = {
        "needs_reply": list(queries.needs_reply(rows, handled)[:LIMIT]),
        "awaiting_council": list(queries.awaiting_council(rows, councils)[:LIMIT]),
        "not_told": list(queries.not_told(rows, handled)[:LIMIT]),
    }
    return result if any(result.values()) else {}
