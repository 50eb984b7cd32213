"""The council's choice to show a request's result on its public page (issue 8: "recent results")."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from advice.models import Request, RequestStatus
from advice.services._common import locked_request, save_fields


@transaction.atomic
def request_publish(*, request: Request, public_summary: str, is_public: bool, actor: User | None) -> Request:
    """Set (or withdraw) the public summary. Only a request the council answered can be shown, with a summary."""
    request = locked_request(request)
    public_summary = public_summary.strip()
    if is_public:
        if request.status not in (RequestStatus.ANSWERED, RequestStatus.DECIDED):
            raise ValidationError(_("Only a request the council has answered can be shown on the public page."))
        if not public_summary:
            raise ValidationError({"public_summary": _("Write the summary for the public page.")})
    changed = [
        name
        for name, value in (("public_summary", public_summary), ("is_public", is_public))
        if getattr(request, name) != value
    ]
    if not changed:
        return request
    request.public_summary = public_summary
    request.is_public = is_public
    reason = _("Shown on the public page") if is_public else _("Public summary changed")
    save_fields(request, changed, actor=actor, reason=reason)
    return request
