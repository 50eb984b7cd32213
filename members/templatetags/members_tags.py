"""Template helpers for links to the members pages from other apps' templates (the body page)."""

from typing import Any

from django import template

from councils.models import Body
from members.permissions import may_see_schedule

register = template.Library()


@register.simple_tag(takes_context=True)
def body_schedule_allowed(context: dict[str, Any], body: Body) -> bool:
    """Whether to link a body's retirement schedule (the gate itself is members.permissions)."""
    request = context.get("request")
    return request is not None and may_see_schedule(request.user, body)
