"""Writes for councils: business units, bodies, who represents which unit, and regulations (DESIGN.md convention 2).

Every structure change takes the acting user (`actor`, None for the system) and a `reason`; both are recorded in
simple-history on each row the change saves. Nothing is ever hard-deleted: units are archived, representations are
ended, a council becomes a panel by an update of its row (W-BODY-5, W-BODY-4).

Services load the rows they change again as concrete `Body` / `BusinessUnit` rows with `select_for_update`: that
serialises concurrent structure changes on PostgreSQL, and a `Council`/`Chamber`/`Panel` proxy instance passed in
would otherwise be saved without history (simple-history listens to the concrete model only).
"""

from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING, Any

from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import models, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from guardian.shortcuts import assign_perm

from accounts.models import User
from councils.models import (
    Body,
    BodyConversion,
    BodyKind,
    BusinessUnit,
    ConsentStatus,
    Regulation,
    RegulationDocument,
    RegulationDocumentKind,
    Representation,
)
from incluzio_mz.lib.services import model_update, record_on, require_reason, save_fields, save_new, stamp_history

if TYPE_CHECKING:
    from advice.models import Dispute
    from advice.models import Request as AdviceRequest


def _locked_unit(unit: BusinessUnit) -> BusinessUnit:
    return BusinessUnit.objects.select_for_update().get(pk=unit.pk)


def _locked_body(body: Body) -> Body:
    return Body.objects.select_for_update().get(pk=body.pk)


def _end_representations(
    representations: Iterable[Representation], *, on: date, actor: User | None, reason: str
) -> list[Representation]:
    """End each open representation on day `on` (the first day it no longer applies)."""
    ended = []
    for representation in representations:
        if representation.valid_from > on:
            raise ValidationError(
                _("%(body)s only starts representing %(unit)s on %(start)s, after %(day)s."),
                params={
                    "body": representation.body,
                    "unit": representation.unit,
                    "start": representation.valid_from,
                    "day": on,
                },
            )
        representation.valid_to = on
        save_fields(representation, ["valid_to"], actor=actor, reason=reason)
        ended.append(representation)
    return ended


# ---------------------------------------------------------------------------------------------------------------
# Business units


@transaction.atomic
def business_unit_create(
    *,
    name: str,
    slug: str,
    municipality: str = "",
    services: list[str],
    ambulatory_first_line: bool = False,
    care_provider_count: int = 0,
    actor: User | None,
    reason: str,
) -> BusinessUnit:
    """Create an active business unit. Whether it needs a council follows from its fields (W-SCOPE-1..3)."""
    unit = BusinessUnit(
        name=name,
        slug=slug,
        municipality=municipality,
        services=list(services),
        ambulatory_first_line=ambulatory_first_line,
        care_provider_count=care_provider_count,
    )
    save_new(unit, actor=actor, reason=require_reason(reason))
    return unit


@transaction.atomic
def business_unit_update(*, unit: BusinessUnit, data: dict[str, Any], actor: User | None, reason: str) -> BusinessUnit:
    """Edit a unit's descriptive fields and the inputs of the obligation check (not its archiving or merging)."""
    unit = _locked_unit(unit)
    stamp_history(unit, actor=actor, reason=require_reason(reason))
    fields = ["name", "slug", "municipality", "services", "ambulatory_first_line", "care_provider_count"]
    unit, _changed = model_update(instance=unit, fields=fields, data=data)
    return unit


@transaction.atomic
def business_unit_merge(
    *, source: BusinessUnit, target: BusinessUnit, on: date, actor: User | None, reason: str
) -> BusinessUnit:
    """Merge source into target on day `on` (W-BODY-5).

    The source is archived (inactive, `merged_into=target`); its open representations end on `on`, so the bodies
    that represented it stay answerable for every earlier day. The target's representations continue unchanged.
    Units merged into the source earlier keep pointing at the source: the chain stays readable.
    Returns the archived source.
    """
    reason = require_reason(reason)
    if source.pk == target.pk:
        raise ValidationError(_("A business unit cannot be merged into itself."))
    source, target = _locked_unit(source), _locked_unit(target)
    if target.is_archived or not target.active:
        raise ValidationError(_("%(unit)s is archived; a unit cannot be merged into it."), params={"unit": target.name})
    if source.is_archived:
        raise ValidationError(_("%(unit)s is already archived."), params={"unit": source.name})
    _end_representations(Representation.objects.filter(unit=source).open(), on=on, actor=actor, reason=reason)
    source.active = False
    source.archived_at = timezone.now()
    source.merged_into = target
    save_fields(source, ["active", "archived_at", "merged_into"], actor=actor, reason=reason)
    return source


@transaction.atomic
def business_unit_move(*, unit: BusinessUnit, body: Body, on: date, actor: User | None, reason: str) -> Representation:
    """Move unit to body on day `on`: end its representations by bodies of the same kind, start the new one.

    Only bodies of the same kind are replaced: a unit moved to another council keeps its local panel (W-BODY-2),
    and a unit moved to another panel keeps its council.
    """
    reason = require_reason(reason)
    unit, body = _locked_unit(unit), _locked_body(body)
    _check_can_represent(unit=unit, body=body)
    same_kind = Representation.objects.filter(unit=unit, body__kind=body.kind).open()
    if any(r.body_id == body.pk for r in same_kind):
        raise ValidationError(_("%(body)s already represents %(unit)s."), params={"body": body.name, "unit": unit.name})
    _end_representations(same_kind, on=on, actor=actor, reason=reason)
    return _representation_create(unit=unit, body=body, on=on, actor=actor, reason=reason)


@transaction.atomic
def business_unit_close(*, unit: BusinessUnit, on: date, actor: User | None, reason: str) -> BusinessUnit:
    """Close a unit on day `on`: its open representations end, the unit is archived (never deleted, W-BODY-5)."""
    reason = require_reason(reason)
    unit = _locked_unit(unit)
    if unit.is_archived:
        raise ValidationError(_("%(unit)s is already archived."), params={"unit": unit.name})
    _end_representations(Representation.objects.filter(unit=unit).open(), on=on, actor=actor, reason=reason)
    unit.active = False
    unit.archived_at = timezone.now()
    save_fields(unit, ["active", "archived_at"], actor=actor, reason=reason)
    return unit


# ---------------------------------------------------------------------------------------------------------------
# Representations


def _check_can_represent(*, unit: BusinessUnit, body: Body) -> None:
    if unit.is_archived or not unit.active:
        raise ValidationError(_("%(unit)s is archived and cannot be represented."), params={"unit": unit.name})
    if not body.active:
        raise ValidationError(_("%(body)s is not active."), params={"body": body.name})
    if body.kind == BodyKind.CHAMBER:
        raise ValidationError(_("A chamber does not represent units itself; its council does."))


def _representation_create(
    *, unit: BusinessUnit, body: Body, on: date, actor: User | None, reason: str
) -> Representation:
    representation = Representation(body=body, unit=unit, valid_from=on, reason=reason)
    save_new(representation, actor=actor, reason=reason)
    return representation


@transaction.atomic
def representation_start(
    *, body: Body, unit: BusinessUnit, on: date, actor: User | None, reason: str
) -> Representation:
    """Body starts representing unit on day `on` (an open-ended period; W-SCOPE-5, W-BODY-5)."""
    reason = require_reason(reason)
    unit, body = _locked_unit(unit), _locked_body(body)
    _check_can_represent(unit=unit, body=body)
    overlapping = Representation.objects.filter(body=body, unit=unit).filter(
        models.Q(valid_to__isnull=True) | models.Q(valid_to__gt=on)
    )
    if overlapping.exists():
        raise ValidationError(
            _("%(body)s already represents %(unit)s on or after %(day)s."),
            params={"body": body.name, "unit": unit.name, "day": on},
        )
    return _representation_create(unit=unit, body=body, on=on, actor=actor, reason=reason)


# ---------------------------------------------------------------------------------------------------------------
# Bodies


@transaction.atomic
def body_create(
    *,
    kind: str,
    name: str,
    slug: str,
    parent: Body | None = None,
    statutory: bool | None = None,
    public_description: str = "",
    contact_email: str = "",
    actor: User | None,
    reason: str,
) -> Body:
    """Create a council, chamber or panel. `statutory` defaults to True for councils, to the council's flag for
    chambers, and to False for panels (W-BODY-1, W-BODY-2)."""
    if kind not in BodyKind.values:
        raise ValidationError(_("Unknown kind of body."))
    if statutory is None:
        if kind == BodyKind.CHAMBER:
            statutory = parent.statutory if parent is not None else True
        else:
            statutory = kind == BodyKind.COUNCIL
    body = Body(
        kind=kind,
        name=name,
        slug=slug,
        parent=parent,
        statutory=statutory,
        public_description=public_description,
        contact_email=contact_email,
    )
    save_new(body, actor=actor, reason=require_reason(reason))
    return body


@transaction.atomic
def chamber_create(
    *,
    council: Body,
    name: str,
    slug: str,
    public_description: str = "",
    contact_email: str = "",
    actor: User | None,
    reason: str,
) -> Body:
    """Create a chamber (jongerenraad, ouderraad) under an active council (W-BODY-1)."""
    council = _locked_body(council)
    if council.kind != BodyKind.COUNCIL:
        raise ValidationError(_("A chamber can only be created under a client council."))
    if not council.active:
        raise ValidationError(_("%(body)s is not active."), params={"body": council.name})
    return body_create(
        kind=BodyKind.CHAMBER,
        name=name,
        slug=slug,
        parent=council,
        public_description=public_description,
        contact_email=contact_email,
        actor=actor,
        reason=reason,
    )


@transaction.atomic
def body_update(*, body: Body, data: dict[str, Any], actor: User | None, reason: str) -> Body:
    """Edit a body's descriptive fields and parent. Its kind changes only through council_convert_to_panel."""
    body = _locked_body(body)
    stamp_history(body, actor=actor, reason=require_reason(reason))
    fields = ["name", "slug", "public_description", "contact_email", "parent"]
    body, _changed = model_update(instance=body, fields=fields, data=data)
    return body


@transaction.atomic
def council_convert_to_panel(
    *,
    council: Body,
    consent_request: "AdviceRequest | None" = None,
    ruling: "Dispute | None" = None,
    on: date,
    actor: User | None,
    reason: str,
) -> Body:
    """Convert a council into an informal panel on day `on`, with that council's consent (W-BODY-4, W-BODY-3).

    The consent is a granted consent request of this council on topic a (the participation regulation) or k (the
    organisation's own promise), answered on or before `on`; or a standing ruling of the committee of confidants
    (not overturned on appeal) that replaces the council's consent on such a request (W-CON-4) or permits dissolving
    the council (W-BODY-7), given on or before `on`. Exactly one of the two is linked in a BodyConversion row (older
    rows keep the consent date and document of before the consent workflow). The body's row is updated in place
    (kind panel, statutory False), so its members, documents, representations and history stay with it; the units it
    represents are from then on represented only by a panel, which the W-SCOPE-4 warning shows where a council is
    required. Its Regulation row is kept as history (nothing is deleted).

    Chambers: the conversion is refused while the council has active chambers or panels that feed it. A panel has
    no chambers and cannot be fed by another panel, and what happens to a chamber (for example Hollands Kroon's
    youth part joining the central council, W-BODY-3) is a decision of its own; the administrator first moves or
    ends those bodies, then converts.
    """
    from advice.services.disputes import conversion_consents, conversion_rulings

    reason = require_reason(reason)
    council = _locked_body(council)
    if council.kind != BodyKind.COUNCIL:
        raise ValidationError(_("Only a client council can be converted into a panel."))
    if (consent_request is None) == (ruling is None):
        raise ValidationError(
            _(
                "A council can only be converted into a panel with its consent: choose its granted consent request "
                "on topic a or k, or a ruling of the committee of confidants that replaces the consent or permits "
                "dissolving the council."
            ),
            code="consent",
        )
    if consent_request is not None:
        granted = conversion_consents(council).filter(pk=consent_request.pk).first()
        if granted is None:
            raise ValidationError(
                {
                    "consent_request": _(
                        "This is not a consent request of this council on topic a or k that the council granted."
                    )
                },
                code="consent",
            )
        if granted.response.given_on > on:
            raise ValidationError(
                {"consent_request": _("The council's consent must be given before the conversion takes effect.")},
                code="order",
            )
    if ruling is not None:
        standing = conversion_rulings(council).filter(pk=ruling.pk).first()
        if standing is None:
            raise ValidationError(
                {
                    "ruling": _(
                        "This is not a standing ruling on this council that replaces its consent on topic a or k or "
                        "permits dissolving it."
                    )
                },
                code="ruling",
            )
        assert standing.ruled_on is not None
        if standing.ruled_on > on:
            raise ValidationError(
                {"ruling": _("The ruling must be given before the conversion takes effect.")}, code="order"
            )
    children = list(Body.objects.filter(parent=council, active=True).order_by("name"))
    if children:
        raise ValidationError(
            _("%(body)s still has active chambers or panels: %(children)s. Move or end them first."),
            params={"body": council.name, "children": ", ".join(child.name for child in children)},
        )
    conversion = BodyConversion(
        body=council,
        from_kind=BodyKind.COUNCIL,
        to_kind=BodyKind.PANEL,
        converted_on=on,
        consent_request=consent_request,
        ruling=ruling,
        reason=reason,
    )
    save_new(conversion, actor=actor, reason=reason)
    council.kind = BodyKind.PANEL
    council.statutory = False
    save_fields(council, ["kind", "statutory"], actor=actor, reason=reason)
    return council


# ---------------------------------------------------------------------------------------------------------------
# Supporters (DESIGN.md convention 4: an explicit django-guardian object permission, held by one group per body)


def _supporters_group(body: Body) -> Group:
    """The body's supporters group with the object permission, created on first use (body is locked)."""
    if body.supporters_group_id is not None:
        return body.supporters_group  # type: ignore[return-value]
    group = Group.objects.create(name=f"body-{body.pk}-supporters")
    assign_perm("councils.support_body", group, body)
    body.supporters_group = group
    body.save(update_fields=["supporters_group"])  # no history row: bookkeeping, the grant itself is recorded below
    return group


@transaction.atomic
def body_supporter_add(*, body: Body, user: User, actor: User | None, reason: str = "") -> Body:
    """Make user a supporter of body (and so of its chambers and feeding panels, see councils/permissions.py)."""
    body = _locked_body(body)
    if not user.is_active:
        raise ValidationError(_("%(user)s is deactivated and cannot support a body."), params={"user": user})
    group = _supporters_group(body)
    if group.user_set.filter(pk=user.pk).exists():
        raise ValidationError(_("%(user)s already supports %(body)s."), params={"user": user, "body": body.name})
    group.user_set.add(user)
    record_on(body, actor=actor, reason=reason.strip() or _("Supporter added: %(user)s") % {"user": user})
    return body


@transaction.atomic
def body_supporter_remove(*, body: Body, user: User, actor: User | None, reason: str = "") -> Body:
    """End user's support of body; their access through it ends at once."""
    body = _locked_body(body)
    group = body.supporters_group
    if group is None or not group.user_set.filter(pk=user.pk).exists():
        raise ValidationError(_("%(user)s does not support %(body)s."), params={"user": user, "body": body.name})
    group.user_set.remove(user)
    record_on(body, actor=actor, reason=reason.strip() or _("Supporter removed: %(user)s") % {"user": user})
    return body


def body_supporters(body: Body) -> list[User]:
    """The users who support body, by name (a read helper for pages and mails)."""
    if body.supporters_group_id is None:
        return []
    return list(User.objects.filter(groups=body.supporters_group_id, is_active=True).order_by("first_name", "username"))


# ---------------------------------------------------------------------------------------------------------------
# Regulations


@transaction.atomic
def regulation_create_for_council(*, council: Body, actor: User | None, reason: str) -> Regulation:
    """Give a council its regulation with the W-REG-4 defaults."""
    council = _locked_body(council)
    if council.kind != BodyKind.COUNCIL:
        raise ValidationError(_("Only a client council has a participation regulation."))
    if Regulation.objects.filter(council=council).exists():
        raise ValidationError(_("%(body)s already has a participation regulation."), params={"body": council.name})
    regulation = Regulation(council=council)
    save_new(regulation, actor=actor, reason=require_reason(reason))
    return regulation


REGULATION_FIELDS = (
    "seats_per_chamber_min",
    "seats_per_chamber_max",
    "quorum",
    "term_years",
    "max_consecutive_terms",
    "trial_months",
    "advice_response_weeks",
    "consent_response_weeks",
    "unsolicited_response_weeks",
    "reminder_days_before",
    "joint_meetings_target",
    "allowance_per_meeting",
    "former_clients_eligible",
    "dispute_committee",
)


@transaction.atomic
def regulation_update(*, regulation: Regulation, data: dict[str, Any], actor: User | None, reason: str) -> Regulation:
    """Change the regulation's parameters (W-REG-4); validated as a whole, saved only when something changed."""
    unknown = set(data) - set(REGULATION_FIELDS)
    if unknown:
        raise ValidationError(
            _("Unknown regulation settings: %(fields)s."), params={"fields": ", ".join(sorted(unknown))}
        )
    regulation = Regulation.objects.select_for_update().get(pk=regulation.pk)
    stamp_history(regulation, actor=actor, reason=require_reason(reason))
    regulation, _changed = model_update(instance=regulation, fields=REGULATION_FIELDS, data=data)
    return regulation


@transaction.atomic
def regulation_document_add(
    *, regulation: Regulation, kind: str, file: "File[Any]", actor: User | None, reason: str
) -> RegulationDocument:
    """Add the next version of the regulation or the house rules, as a draft (W-REG-1, W-REG-3)."""
    reason = require_reason(reason)
    if kind not in RegulationDocumentKind.values:
        raise ValidationError(_("Unknown kind of document."))
    if not file or not file.size:
        raise ValidationError(_("Attach the document."))
    # Lock the regulation so two uploads cannot take the same version number.
    regulation = Regulation.objects.select_for_update().get(pk=regulation.pk)
    latest = regulation.documents.filter(kind=kind).aggregate(latest=Max("version"))["latest"] or 0
    document = RegulationDocument(regulation=regulation, kind=kind, version=latest + 1, file=file)
    save_new(document, actor=actor, reason=reason)
    return document


# Allowed consent transitions; a decided version is final (a new text is a new version).
CONSENT_TRANSITIONS = {
    ConsentStatus.DRAFT: {ConsentStatus.CONSENT_REQUESTED},
    ConsentStatus.CONSENT_REQUESTED: {ConsentStatus.GRANTED, ConsentStatus.REFUSED},
    ConsentStatus.GRANTED: set(),
    ConsentStatus.REFUSED: set(),
}


@transaction.atomic
def regulation_document_set_consent(
    *, document: RegulationDocument, status: str, consent_date: date | None, actor: User | None, reason: str
) -> RegulationDocument:
    """Record the consent step of a document version: requested, then granted or refused with a date (W-REG-1).

    The consent issue later replaces the manual date with the council's granted consent request (topic a).
    """
    reason = require_reason(reason)
    document = RegulationDocument.objects.select_for_update().get(pk=document.pk)
    current = ConsentStatus(document.consent_status)
    if status not in CONSENT_TRANSITIONS[current]:
        raise ValidationError(
            _("A document with status “%(current)s” cannot get status “%(new)s”."),
            params={"current": current.label, "new": status},
        )
    decided = status in (ConsentStatus.GRANTED, ConsentStatus.REFUSED)
    if decided and consent_date is None:
        raise ValidationError(_("A granted or refused consent needs a date."))
    document.consent_status = status
    document.consent_date = consent_date if decided else None
    save_fields(document, ["consent_status", "consent_date"], actor=actor, reason=reason)
    return document
