"""Helpers shared by the advice services: saving with history, locking a request, checking its status."""

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _

from accounts.models import User
from advice.models import Request
from incluzio_mz.lib.services import stamp_history


def require_reason(reason: str) -> str:
    reason = reason.strip()
    if not reason:
        raise ValidationError(_("Give a reason for this change."), code="required")
    return reason


def save_new(instance: models.Model, *, actor: User | None, reason: str) -> None:
    instance.full_clean()
    stamp_history(instance, actor=actor, reason=reason)
    instance.save()


def save_fields(instance: models.Model, fields: Iterable[str], *, actor: User | None, reason: str) -> None:
    instance.full_clean()
    stamp_history(instance, actor=actor, reason=reason)
    instance.save(update_fields=[*fields, "updated_at"])


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
