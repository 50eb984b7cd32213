"""Shared helpers for services (DESIGN.md convention 2)."""

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _

if TYPE_CHECKING:
    from accounts.models import User


def model_update[M: models.Model](*, instance: M, fields: Iterable[str], data: dict[str, Any]) -> tuple[M, bool]:
    """Set the given fields from data, validate and save only what changed (after HackSoft's model_update).

    Returns the instance and whether anything changed. Callers are services, which own the transaction,
    the actor and the change reason.
    """
    changed: list[str] = []
    for field in fields:
        if field not in data:
            continue
        if getattr(instance, field) != data[field]:
            setattr(instance, field, data[field])
            changed.append(field)
    if changed:
        instance.full_clean()
        if any(f.name == "updated_at" for f in instance._meta.get_fields()):
            changed.append("updated_at")
        instance.save(update_fields=changed)
    return instance, bool(changed)


def stamp_history(instance: models.Model, *, actor: Any, reason: str) -> None:
    """Make the next save of instance record who acted and why in its simple-history row (convention 10).

    Call it just before save(); services run outside a request too, where the history middleware sets no user.
    """
    instance._history_user = actor  # type: ignore[attr-defined]
    instance._change_reason = reason  # type: ignore[attr-defined]


def require_reason(reason: str) -> str:
    """A change that needs a reason (structure changes, ending, anonymising) gets a non-blank one, or an error."""
    reason = reason.strip()
    if not reason:
        raise ValidationError(_("Give a reason for this change."), code="required")
    return reason


def save_new(instance: models.Model, *, actor: "User | None", reason: str) -> None:
    """Validate and insert a new row, with who and why in its history row."""
    instance.full_clean()
    stamp_history(instance, actor=actor, reason=reason)
    instance.save()


def save_fields(instance: models.Model, fields: Iterable[str], *, actor: "User | None", reason: str) -> None:
    """Validate and save only the given fields (and updated_at), with who and why in its history row."""
    instance.full_clean()
    stamp_history(instance, actor=actor, reason=reason)
    instance.save(update_fields=[*fields, "updated_at"])


def record_on(instance: models.Model, *, actor: "User | None", reason: str) -> None:
    """A history row for a change that lives outside the row's columns (a linked document, a supporter added)."""
    stamp_history(instance, actor=actor, reason=reason)
    instance.save(update_fields=["updated_at"])
