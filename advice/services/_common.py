"""Helpers shared by the advice services: saving with history, locking a request, checking its status."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from advice.models import Request

# The shared save-with-history helpers, imported here for this package's services.
from incluzio_mz.lib.services import require_reason, save_fields, save_new  # noqa: F401


def locked_request(request: Request) -> Request:
    """The request's row again, locked for the transaction (serialises concurrent steps on PostgreSQL)."""
    return Request.objects.select_for_update(of=("self",)).select_related("council", "topic").get(pk=request.pk)


def require_status(request: Request, *statuses: str) -> None:
    if request.status not in statuses:
        raise ValidationError(
            _("This step is not possible while the request is %(status)s."),
            code="status",
            params={"status": request.get_status_display().lower()},
        )
