"""Reads for panels' pages that take the day as an argument (DESIGN.md convention 3), each in a fixed number of
queries. Rows come from the gate (panels/permissions.py); these functions narrow or summarise them.

The Signal model has no custom manager (its migration was the skeleton's); the filters live here instead.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.db.models import Count, Max, Q, QuerySet

from councils.models import Body, BodyKind, BusinessUnit, Representation
from panels.models import OPEN_SIGNAL_STATUSES, ContactKind, LocalContact, Signal, SignalStatus

# ---------------------------------------------------------------------------------------------------------------
# Signals


def needs_reply(signals: QuerySet[Signal], handled: frozenset[int] | None) -> QuerySet[Signal]:
    """Received or being handled, on the receiving side (handled: the user's body ids; None: every body)."""
    rows = signals.filter(status__in=[SignalStatus.RECEIVED, SignalStatus.IN_PROGRESS])
    return rows if handled is None else rows.filter(body_id__in=handled)


def awaiting_council(signals: QuerySet[Signal], councils: frozenset[int] | None) -> QuerySet[Signal]:
    """Forwarded to one of these councils (None: any) and still without the council's answer."""
    rows = signals.filter(
        forwarded_to__isnull=False, council_responded_on__isnull=True, status__in=OPEN_SIGNAL_STATUSES
    )
    return rows if councils is None else rows.filter(forwarded_to_id__in=councils)


def not_told(signals: QuerySet[Signal], handled: frozenset[int] | None) -> QuerySet[Signal]:
    """Answered, but the person who raised it (who left a contact) was not told yet: it cannot be closed."""
    rows = signals.filter(status=SignalStatus.ANSWERED, told_on__isnull=True).exclude(sender_contact="")
    return rows if handled is None else rows.filter(body_id__in=handled)


def year_before(day: date) -> date:
    """The same day a year earlier (28 February for 29 February): "the last 12 months" start after it."""
    try:
        return day.replace(year=day.year - 1)
    except ValueError:
        return day.replace(year=day.year - 1, day=28)


# ---------------------------------------------------------------------------------------------------------------
# W-SCOPE-5: the central council's connection to what happens locally


@dataclass
class UnitConnection:
    unit: BusinessUnit
    last_visit: date | None = None
    last_panel_contact: date | None = None
    panels: list[Body] = field(default_factory=list)
    signals_last_year: int = 0
    since: date | None = None

    @property
    def connected(self) -> bool:
        """Any working visit, panel contact or signal in the last 12 months."""
        recent = [
            d for d in (self.last_visit, self.last_panel_contact) if d is not None and self.since and d > self.since
        ]
        return bool(recent) or self.signals_last_year > 0


def local_connection(council: Body, *, on: date) -> dict[str, Any]:
    """Per unit the council represents on day: its last working visit, the last contact with a panel representing
    that unit, and how many signals the bodies representing it (other than the council and its chambers) received in
    the 12 months up to day; units with none of these in those 12 months are flagged. Six queries, whatever the
    number of units. The context of templates/panels/_local_connection.html."""
    if council.kind != BodyKind.COUNCIL:
        return {}
    since = year_before(on)
    units = list(BusinessUnit.objects.represented_by(council, on=on).order_by("name"))
    rows = {unit.pk: UnitConnection(unit=unit, since=since) for unit in units}
    visits = (
        LocalContact.objects.filter(council=council, kind=ContactKind.WORKING_VISIT, unit_id__in=rows, held_on__lte=on)
        .values("unit_id")
        .annotate(last=Max("held_on"))
    )
    for visit in visits:
        rows[visit["unit_id"]].last_visit = visit["last"]
    own = Q(body=council) | Q(body__parent=council, body__kind=BodyKind.CHAMBER)
    local = list(
        Representation.objects.on(on)
        .filter(unit_id__in=rows)
        .exclude(own)
        .select_related("body")
        .order_by("body__name")
    )
    bodies_by_unit: dict[int, list[Body]] = defaultdict(list)
    for representation in local:
        bodies_by_unit[representation.unit_id].append(representation.body)
    body_ids = {representation.body_id for representation in local}
    panel_contacts = dict(
        LocalContact.objects.filter(
            council=council, kind=ContactKind.PANEL_CONTACT, panel_id__in=body_ids, held_on__lte=on
        )
        .values("panel_id")
        .annotate(last=Max("held_on"))
        .values_list("panel_id", "last")
    )
    signal_counts = dict(
        Signal.objects.filter(body_id__in=body_ids, received_on__gt=since, received_on__lte=on)
        .values("body_id")
        .annotate(n=Count("pk"))
        .values_list("body_id", "n")
    )
    for unit_id, bodies in bodies_by_unit.items():
        row = rows[unit_id]
        row.panels = [body for body in bodies if body.kind == BodyKind.PANEL]
        dates = [panel_contacts[body.pk] for body in bodies if body.pk in panel_contacts]
        row.last_panel_contact = max(dates) if dates else None
        row.signals_last_year = sum(signal_counts.get(body.pk, 0) for body in bodies)
    feeding = list(Body.objects.panels().filter(parent=council, active=True).order_by("name"))
    connections = list(rows.values())
    return {
        "council": council,
        "on": on,
        "since": since,
        "units": connections,
        "unconnected": [row for row in connections if not row.connected],
        "feeding_panels": feeding,
        "forwarded_last_year": Signal.objects.filter(
            forwarded_to=council, forwarded_on__gt=since, forwarded_on__lte=on
        ).count(),
    }


def days_ago(day: date, on: date) -> int:
    return (on - day) // timedelta(days=1)
