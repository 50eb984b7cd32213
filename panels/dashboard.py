"""The "needs attention" block on the home page for this app (incluzio_mz/views.py: home_view)."""

from typing import Any

from councils.permissions import AnyUser


def attention(user: AnyUser) -> dict[str, Any]:
    """The context for templates/panels/_attention.html; empty when there is nothing to show."""
    return {}
