"""History as people read it: who changed what, when and why (django-simple-history records, convention 10)."""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

HISTORY_TYPES = {"+": _("Created"), "~": _("Changed"), "-": _("Deleted")}
# Bookkeeping columns that are not worth showing as a change.
HIDDEN_FIELDS = frozenset({"updated_at", "created_at", "id"})


@dataclass(frozen=True)
class HistoryEntry:
    when: datetime
    who: str
    what: str
    subject: str
    reason: str
    changes: list[tuple[str, Any, Any]] = field(default_factory=list)


def _field_label(record: Any, name: str) -> str:
    try:
        return str(record.instance_type._meta.get_field(name).verbose_name)
    except Exception:  # a field that no longer exists on the model
        return name


def readable_value(record: Any, name: str, value: Any) -> str:
    """A stored value as people read it: a choice's label, ja/nee, a Dutch date, a linked row's name; "-" when
    empty. Never the raw value, `True` or an internal code (issue 14)."""
    if value is None or value == "" or value == []:
        return "-"
    try:
        field = record.instance_type._meta.get_field(name)
    except Exception:  # a field that no longer exists on the model
        field = None
    item_choices = getattr(field, "item_choices", None)  # a JSON list of choice values (BusinessUnit.services)
    if isinstance(value, list) and item_choices:
        item_labels = {str(key): label for key, label in item_choices}
        return ", ".join(str(item_labels.get(str(item), item)) for item in value)
    if field is not None and field.choices:
        labels = {str(key): label for key, label in field.flatchoices}
        if isinstance(value, list):
            return ", ".join(str(labels.get(str(item), item)) for item in value)
        return str(labels.get(str(value), value))
    if isinstance(value, bool):
        return gettext("yes") if value else gettext("no")
    if isinstance(value, datetime):
        return date_format(timezone.localtime(value) if timezone.is_aware(value) else value, "j F Y H:i")
    if isinstance(value, date):
        return date_format(value, "j F Y")
    if isinstance(field, models.ForeignKey):
        related = field.related_model._default_manager.filter(pk=value).first()
        return str(related) if related is not None else "-"
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    return str(value)


def history_entries(records: Iterable[Any], *, subject: str = "") -> list[HistoryEntry]:
    """Turn historical records of one model (newest first, with history_user selected) into entries.

    Each record is compared with the previous record of the same object, so the entry lists what changed.
    """
    records = list(records)
    previous_by_object: dict[Any, Any] = {}
    # Walk oldest first so each record can be compared with the one before it.
    entries: list[HistoryEntry] = []
    for record in reversed(records):
        key = record.id
        previous = previous_by_object.get(key)
        changes: list[tuple[str, Any, Any]] = []
        if previous is not None:
            delta = record.diff_against(previous)
            changes = [
                (
                    _field_label(record, change.field),
                    readable_value(record, change.field, change.old),
                    readable_value(record, change.field, change.new),
                )
                for change in delta.changes
                if change.field not in HIDDEN_FIELDS
            ]
        previous_by_object[key] = record
        user = record.history_user
        entries.append(
            HistoryEntry(
                when=record.history_date,
                who=str(user) if user is not None else str(_("the system")),
                what=str(HISTORY_TYPES.get(record.history_type, record.history_type)),
                subject=subject or str(record.instance),
                reason=record.history_change_reason or "",
                changes=changes,
            )
        )
    entries.reverse()
    return entries


def merged_history(*groups: list[HistoryEntry]) -> list[HistoryEntry]:
    """Several objects' histories as one list, newest first."""
    return sorted((entry for group in groups for entry in group), key=lambda entry: entry.when, reverse=True)
