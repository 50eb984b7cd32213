"""The central council's connection to local practice (W-SCOPE-5): working visits to units and contacts with panels.

A council that represents several units must be demonstrably connected to what happens locally. It records a
working visit to a unit it represents, or a contact with a panel that feeds it or represents one of its units; the
council's page (panels/queries.py: local_connection) shows per unit the last of each and the signals received.
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from councils.models import Body, BodyKind, BusinessUnit, Representation
from incluzio_mz.lib.dates import require_plausible_date
from incluzio_mz.lib.services import save_new
from panels.models import ContactKind, LocalContact


def contact_panels(council: Body, *, on: date) -> list[Body]:
    """The panels a council can have contact with: those that feed it, and those representing one of its units."""
    units = Representation.objects.on(on).filter(body=council).values("unit_id")
    local = Representation.objects.on(on).filter(unit_id__in=units).values("body_id")
    return list(Body.objects.panels().filter(Q(pk__in=local) | Q(parent=council), active=True).order_by("name"))


@transaction.atomic
def local_contact_create(
    *,
    council: Body,
    kind: str,
    held_on: date,
    unit: BusinessUnit | None = None,
    panel: Body | None = None,
    notes: str = "",
    actor: User | None,
) -> LocalContact:
    """Record a working visit to a unit the council represents on that day, or a contact with one of its panels."""
    if council.kind != BodyKind.COUNCIL:
        raise ValidationError(_("Only a client council records working visits and panel contacts."))
    if held_on > timezone.localdate():
        raise ValidationError({"held_on": _("The date cannot be in the future.")})
    require_plausible_date(held_on, field="held_on")
    if kind == ContactKind.WORKING_VISIT:
        if unit is None:
            raise ValidationError({"unit": _("Choose the unit that was visited.")})
        if not Representation.objects.on(held_on).filter(body=council, unit=unit).exists():
            raise ValidationError(
                {"unit": _("%(council)s did not represent %(unit)s on that day.")},
                params={"council": council.name, "unit": unit.name},
            )
        panel = None
    elif kind == ContactKind.PANEL_CONTACT:
        if panel is None:
            raise ValidationError({"panel": _("Choose the panel.")})
        if panel.pk not in {p.pk for p in contact_panels(council, on=held_on)}:
            raise ValidationError(
                {"panel": _("%(panel)s does not feed %(council)s or represent one of its units.")},
                params={"panel": panel.name, "council": council.name},
            )
        unit = None
    contact = LocalContact(
        council=council, kind=kind, unit=unit, panel=panel, held_on=held_on, notes=notes.strip(), created_by=actor
    )
    save_new(contact, actor=actor, reason=_("Recorded"))
    return contact
