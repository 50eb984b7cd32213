"""Helpers shared by the meetings services: saving with history, reasons, locking the meeting row."""

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _

from accounts.models import User
from councils.models import Meeting
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


def record_on(instance: models.Model, *, actor: User | None, reason: str) -> None:
    """A history row for a change that lives outside the row's columns (a linked document)."""
    stamp_history(instance, actor=actor, reason=reason)
    instance.save(update_fields=["updated_at"])


def locked_meeting(meeting: Meeting) -> Meeting:
    """The meeting again, locked (PostgreSQL), with its body: serialises agenda and status changes per meeting."""
    return Meeting.objects.select_for_update(of=("self",)).select_related("body").get(pk=meeting.pk)
