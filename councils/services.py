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
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import models, transaction
from django.db.models import F, Max, Q
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from guardian.shortcuts import assign_perm

from accounts.models import User
from councils.models import (
    Body,
    BodyConversion,
    BodyKind,
    BodyPeriod,
    BusinessUnit,
    ConsentStatus,
    HouseRules,
    Meeting,
    MeetingStatus,
    Regulation,
    RegulationDocument,
    RegulationDocumentKind,
    RegulationVersion,
    RegulationVersionStatus,
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
    reason = require_reason(reason)
    save_new(body, actor=actor, reason=reason)
    period = BodyPeriod(body=body, valid_from=None, kind=body.kind, name=body.name, statutory=body.statutory)
    save_new(period, actor=actor, reason=reason)
    return body


def _body_period_set(*, body: Body, on: date, actor: User | None, reason: str, **values: Any) -> None:
    """From day `on`, body is `values` (kind, name, statutory): the period that applies on `on` ends there and a
    new one starts with the new values (W-BODY-5). Refused when a later change is already recorded, so the periods
    never overlap: such a change is undone by recording the reverse on its own day first."""
    periods = list(
        BodyPeriod.objects.select_for_update().filter(body=body).order_by(F("valid_from").asc(nulls_first=True), "pk")
    )
    if not periods:  # a body from before the periods existed and missed by the data migration: its known past
        first = BodyPeriod(body=body, valid_from=None, kind=body.kind, name=body.name, statutory=body.statutory)
        save_new(first, actor=actor, reason=reason)
        periods = [first]
    if any(period.valid_from is not None and period.valid_from > on for period in periods):
        raise ValidationError(
            _("A change of the name or kind of %(body)s after %(day)s is already recorded; choose a later date."),
            params={"body": body.name, "day": formats.date_format(on, "j F Y")},
            code="order",
        )
    current = next(period for period in periods if period.is_current(on=on))
    if all(getattr(current, field) == value for field, value in values.items()):
        return
    if current.valid_from == on:
        for field, value in values.items():
            setattr(current, field, value)
        save_fields(current, list(values), actor=actor, reason=reason)
        return
    current.valid_to = on
    save_fields(current, ["valid_to"], actor=actor, reason=reason)
    following = BodyPeriod(body=body, valid_from=on, kind=current.kind, name=current.name, statutory=current.statutory)
    for field, value in values.items():
        setattr(following, field, value)
    save_new(following, actor=actor, reason=reason)


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
    reason = require_reason(reason)
    body = _locked_body(body)
    old_name = body.name
    stamp_history(body, actor=actor, reason=reason)
    fields = ["name", "slug", "public_description", "contact_email", "parent"]
    body, _changed = model_update(instance=body, fields=fields, data=data)
    if body.name != old_name:  # a new name applies from today; earlier days keep the old one (W-BODY-5)
        _body_period_set(body=body, on=timezone.localdate(), actor=actor, reason=reason, name=body.name)
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
    for child in Body.objects.select_for_update().filter(parent=council, active=True).order_by("name"):
        if child.kind == BodyKind.CHAMBER:
            _move_members(source=child, target=council, on=on, actor=actor, reason=reason)
            _body_close(child, on=on, actor=actor, reason=reason)
        else:
            child.parent = None
            save_fields(child, ["parent"], actor=actor, reason=reason)
    council.kind = BodyKind.PANEL
    council.statutory = False
    save_fields(council, ["kind", "statutory"], actor=actor, reason=reason)
    _body_period_set(body=council, on=on, actor=actor, reason=reason, kind=BodyKind.PANEL, statutory=False)
    return council


def _move_members(*, source: Body, target: Body, on: date, actor: User | None, reason: str) -> None:
    """Transfer every not-ended membership of source to target on `on`, keeping trial and term (W-BODY-3)."""
    from members.models import Membership
    from members.services.memberships import NOT_ENDED, membership_transfer

    for membership in Membership.objects.filter(body=source, status__in=NOT_ENDED).order_by("pk"):
        membership_transfer(membership=membership, to_body=target, on=on, actor=actor, reason=reason)


def _body_close(body: Body, *, on: date, actor: User | None, reason: str) -> Body:
    """End body on `on` (body is locked): its representations and memberships end, it becomes inactive and keeps
    its page, periods and history (W-BODY-5). Nothing is deleted."""
    from members.models import EndReason, Membership
    from members.services.memberships import NOT_ENDED, membership_end

    if body.ended_on is not None:
        raise ValidationError(_("%(body)s has already ended."), params={"body": body.name}, code="ended")
    if on > timezone.localdate():
        raise ValidationError({"on": _("Record the end on the day itself or later, not in advance.")}, code="future")
    _end_representations(Representation.objects.filter(body=body).open(), on=on, actor=actor, reason=reason)
    for membership in Membership.objects.filter(body=body, status__in=NOT_ENDED).order_by("pk"):
        if membership.trial_start is not None and membership.trial_start > on:
            raise ValidationError(
                _("%(name)s only starts in %(body)s after %(day)s; end or transfer that membership first."),
                params={
                    "name": membership.person.display_name,
                    "body": body.name,
                    "day": formats.date_format(on, "j F Y"),
                },
            )
        note = _("%(body)s has ended.") % {"body": body.name}
        membership_end(membership=membership, on=on, reason=EndReason.OTHER, note=note, actor=actor)
    body.active = False
    body.ended_on = on
    save_fields(body, ["active", "ended_on"], actor=actor, reason=reason)
    return body


@transaction.atomic
def body_end(*, body: Body, on: date, actor: User | None, reason: str) -> Body:
    """End a panel or a chamber on day `on` (today or earlier; issue 14). Its units are no longer represented by
    it from `on`, its memberships end that day (transfer members first to keep them, membership_transfer). A
    council is not ended but dissolved (council_dissolve, W-BODY-4/W-BODY-7)."""
    reason = require_reason(reason)
    body = _locked_body(body)
    if body.kind == BodyKind.COUNCIL:
        raise ValidationError(_("A client council is not ended but dissolved, with its consent or a ruling."))
    return _body_close(body, on=on, actor=actor, reason=reason)


DISSOLUTION_TOPIC_CODE = "CON-k"


@transaction.atomic
def council_dissolve(
    *,
    council: Body,
    consent_request: "AdviceRequest | None" = None,
    ruling: "Dispute | None" = None,
    on: date,
    actor: User | None,
    reason: str,
) -> Body:
    """Dissolve a council on day `on` (W-BODY-4, W-BODY-7): only with a granted consent request of this council on
    topic k (the organisation's promise), answered on or before `on`, or a standing ruling of the committee of
    confidants that permits dissolving it (or replaces its consent on a topic k request), given on or before `on`.

    Its active chambers end with it (their members are not moved: transfer them first to keep them); panels that
    fed it continue on their own. The council keeps its page, periods and history.
    """
    from advice.models import DisputeSubject
    from advice.services.disputes import conversion_consents, conversion_rulings

    reason = require_reason(reason)
    council = _locked_body(council)
    if council.kind != BodyKind.COUNCIL:
        raise ValidationError(_("Only a client council can be dissolved; a panel or chamber is ended."))
    if (consent_request is None) == (ruling is None):
        raise ValidationError(
            _(
                "A council can only be dissolved with its consent: choose its granted consent request on topic k, "
                "or a ruling of the committee of confidants that permits dissolving the council."
            ),
            code="consent",
        )
    if consent_request is not None:
        granted = conversion_consents(council).filter(pk=consent_request.pk, topic__code=DISSOLUTION_TOPIC_CODE).first()
        if granted is None:
            raise ValidationError(
                {"consent_request": _("This is not a consent request of this council on topic k that it granted.")},
                code="consent",
            )
        if granted.response.given_on > on:
            raise ValidationError(
                {"consent_request": _("The council's consent must be given before the dissolution takes effect.")},
                code="order",
            )
    if ruling is not None:
        standing = (
            conversion_rulings(council)
            .filter(Q(subject=DisputeSubject.DISSOLUTION) | Q(request__topic__code=DISSOLUTION_TOPIC_CODE))
            .filter(pk=ruling.pk)
            .first()
        )
        if standing is None:
            raise ValidationError(
                {"ruling": _("This is not a standing ruling on this council that permits dissolving it.")},
                code="ruling",
            )
        assert standing.ruled_on is not None
        if standing.ruled_on > on:
            raise ValidationError(
                {"ruling": _("The ruling must be given before the dissolution takes effect.")}, code="order"
            )
    for child in Body.objects.select_for_update().filter(parent=council, active=True).order_by("name"):
        if child.kind == BodyKind.CHAMBER:
            _body_close(child, on=on, actor=actor, reason=reason)
        else:
            child.parent = None
            save_fields(child, ["parent"], actor=actor, reason=reason)
    return _body_close(council, on=on, actor=actor, reason=reason)


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


def regulation_values(regulation: Regulation) -> dict[str, Any]:
    """The regulation's parameters as stored in a RegulationVersion (JSON: the allowance as a string)."""
    values = {name: getattr(regulation, name) for name in REGULATION_FIELDS}
    values["allowance_per_meeting"] = str(Decimal(values["allowance_per_meeting"]).quantize(Decimal("0.01")))
    values["reminder_days_before"] = list(values["reminder_days_before"])
    return values


def _model_values(values: dict[str, Any]) -> dict[str, Any]:
    """A version's stored values as model field values."""
    data = {name: values[name] for name in REGULATION_FIELDS if name in values}
    if "allowance_per_meeting" in data:
        data["allowance_per_meeting"] = Decimal(str(data["allowance_per_meeting"]))
    return data


def _check_regulation_data(data: dict[str, Any]) -> None:
    unknown = set(data) - set(REGULATION_FIELDS)
    if unknown:
        raise ValidationError(
            _("Unknown regulation settings: %(fields)s."), params={"fields": ", ".join(sorted(unknown))}
        )


def _locked_regulation(regulation: Regulation) -> Regulation:
    return Regulation.objects.select_for_update().select_related("council").get(pk=regulation.pk)


def _next_version_number(regulation: Regulation) -> int:
    return (regulation.parameter_versions.aggregate(latest=Max("number"))["latest"] or 0) + 1


def _version_in_force(
    regulation: Regulation, *, number: int, consented: bool, on: date, actor: User | None, reason: str, **basis: Any
) -> RegulationVersion:
    """Record the regulation row's values as the version in force from `on`; the previous one is superseded."""
    for previous in regulation.parameter_versions.filter(status=RegulationVersionStatus.EFFECTIVE):
        previous.status = RegulationVersionStatus.SUPERSEDED
        save_fields(previous, ["status"], actor=actor, reason=reason)
    version = RegulationVersion(
        regulation=regulation,
        number=number,
        values=regulation_values(regulation),
        status=RegulationVersionStatus.EFFECTIVE,
        consented=consented,
        valid_from=on,
        reason=reason[:300],
        **basis,
    )
    save_new(version, actor=actor, reason=reason)
    return version


@transaction.atomic
def regulation_create_for_council(
    *, council: Body, data: dict[str, Any] | None = None, actor: User | None, reason: str
) -> Regulation:
    """Give a council its first regulation: the W-REG-4 defaults, or the values an administrator sets (`data`).

    The first version is in force at once and is marked as not consented (W-REG-1): the compliance overview lists
    the council until a version with its consent replaces it.
    """
    reason = require_reason(reason)
    data = dict(data or {})
    _check_regulation_data(data)
    council = _locked_body(council)
    if council.kind != BodyKind.COUNCIL:
        raise ValidationError(_("Only a client council has a participation regulation."))
    if Regulation.objects.filter(council=council).exists():
        raise ValidationError(_("%(body)s already has a participation regulation."), params={"body": council.name})
    regulation = Regulation(council=council, **_model_values(data))
    save_new(regulation, actor=actor, reason=reason)
    _version_in_force(regulation, number=1, consented=False, on=timezone.localdate(), actor=actor, reason=reason)
    return regulation


@transaction.atomic
def regulation_update(*, regulation: Regulation, data: dict[str, Any], actor: User | None, reason: str) -> Regulation:
    """Set the first regulation's parameters directly, before the council ever consented to a version (W-REG-1).

    Each change is a new version in force at once, still marked as not consented. Once a version rests on the
    council's consent this is refused: a change is then a proposal (regulation_change_propose) that takes effect only
    with the council's consent. The portal's pages always propose; this is for setting up a new council's regulation.
    """
    _check_regulation_data(data)
    reason = require_reason(reason)
    regulation = _locked_regulation(regulation)
    if regulation.parameter_versions.filter(consented=True).exists():
        raise ValidationError(
            _("The council has consented to its regulation: a change needs its consent. Propose the change instead."),
            code="consent",
        )
    stamp_history(regulation, actor=actor, reason=reason)
    regulation, changed = model_update(instance=regulation, fields=REGULATION_FIELDS, data=data)
    if changed:
        _version_in_force(
            regulation,
            number=_next_version_number(regulation),
            consented=False,
            on=timezone.localdate(),
            actor=actor,
            reason=reason,
        )
    return regulation


@transaction.atomic
def regulation_change_propose(
    *, regulation: Regulation, data: dict[str, Any], actor: User | None, reason: str
) -> RegulationVersion:
    """Propose new parameters (W-REG-1, W-REG-4): a proposed version; the values in force do not change.

    The values are validated as a whole against the regulation's rules. At most one proposal waits at a time.
    """
    _check_regulation_data(data)
    reason = require_reason(reason)
    regulation = _locked_regulation(regulation)
    if regulation.pending_proposal() is not None:
        raise ValidationError(
            _("A proposed change is already waiting for the council's consent. Withdraw it first."), code="pending"
        )
    candidate = Regulation.objects.get(pk=regulation.pk)
    for name, value in _model_values(data).items():
        setattr(candidate, name, value)
    candidate.full_clean()
    values = regulation_values(candidate)
    if values == regulation_values(regulation):
        raise ValidationError(_("The proposal does not change any setting."), code="unchanged")
    version = RegulationVersion(
        regulation=regulation,
        number=_next_version_number(regulation),
        values=values,
        status=RegulationVersionStatus.PROPOSED,
        reason=reason[:300],
    )
    save_new(version, actor=actor, reason=reason)
    return version


@transaction.atomic
def regulation_version_activate(
    *,
    version: RegulationVersion,
    consent_request: "AdviceRequest | None" = None,
    ruling: "Dispute | None" = None,
    actor: User | None,
    reason: str,
) -> RegulationVersion:
    """Bring a proposed version into force today, with the council's consent (W-REG-1, W-CON-4).

    The consent is a granted consent request of this council on topic a, or a standing ruling of the committee of
    confidants that replaces that consent; each can bring only one version into force. The values are copied onto
    the Regulation row (with its history), the previous version is superseded.
    """
    from advice.services.disputes import regulation_consents, regulation_rulings

    reason = require_reason(reason)
    regulation = _locked_regulation(version.regulation)
    version = RegulationVersion.objects.select_for_update().get(pk=version.pk)
    if version.status != RegulationVersionStatus.PROPOSED:
        raise ValidationError(_("Only a proposed change can be brought into force."), code="status")
    if (consent_request is None) == (ruling is None):
        raise ValidationError(
            _(
                "A change of the regulation takes effect only with the council's consent: choose its granted consent "
                "request on topic a, or a ruling of the committee of confidants that replaces the consent."
            ),
            code="consent",
        )
    today = timezone.localdate()
    if consent_request is not None:
        if regulation_consents(regulation.council).filter(pk=consent_request.pk).first() is None:
            raise ValidationError(
                {
                    "consent_request": _(
                        "This is not a consent request of this council on topic a that the council granted."
                    )
                },
                code="consent",
            )
        if RegulationVersion.objects.filter(consent_request=consent_request).exists():
            raise ValidationError(
                {"consent_request": _("This consent has already brought another version into force.")}, code="used"
            )
    if ruling is not None:
        if regulation_rulings(regulation.council).filter(pk=ruling.pk).first() is None:
            raise ValidationError(
                {"ruling": _("This is not a standing ruling that replaces this council's consent on topic a.")},
                code="ruling",
            )
        if RegulationVersion.objects.filter(ruling=ruling).exists():
            raise ValidationError(
                {"ruling": _("This ruling has already brought another version into force.")}, code="used"
            )
    stamp_history(regulation, actor=actor, reason=reason)
    regulation, _changed = model_update(
        instance=regulation, fields=REGULATION_FIELDS, data=_model_values(version.values)
    )
    for previous in regulation.parameter_versions.filter(status=RegulationVersionStatus.EFFECTIVE):
        previous.status = RegulationVersionStatus.SUPERSEDED
        save_fields(previous, ["status"], actor=actor, reason=reason)
    version.status = RegulationVersionStatus.EFFECTIVE
    version.consented = True
    version.consent_request = consent_request
    version.ruling = ruling
    version.valid_from = today
    save_fields(version, ["status", "consented", "consent_request", "ruling", "valid_from"], actor=actor, reason=reason)
    return version


@transaction.atomic
def regulation_version_withdraw(*, version: RegulationVersion, actor: User | None, reason: str) -> RegulationVersion:
    """Withdraw a proposed change (for example after the council refused its consent); it stays in the history."""
    reason = require_reason(reason)
    _locked_regulation(version.regulation)
    version = RegulationVersion.objects.select_for_update().get(pk=version.pk)
    if version.status != RegulationVersionStatus.PROPOSED:
        raise ValidationError(_("Only a proposed change can be withdrawn."), code="status")
    version.status = RegulationVersionStatus.WITHDRAWN
    save_fields(version, ["status"], actor=actor, reason=reason)
    return version


@transaction.atomic
def regulation_document_add(
    *, regulation: Regulation, kind: str, file: "File[Any]", actor: User | None, reason: str
) -> RegulationDocument:
    """Add the next version of the regulation or the house rules, as a draft (W-REG-1, W-REG-3)."""
    reason = require_reason(reason)
    if kind not in RegulationDocumentKind.values:
        raise ValidationError(_("Unknown kind of document."))
    if kind == RegulationDocumentKind.HOUSE_RULES:
        # W-REG-3: the council adopts its own house rules; its supporter records them (house_rules_adopt).
        raise ValidationError(_("The council adopts its own house rules; its supporter records them."))
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


# ---------------------------------------------------------------------------------------------------------------
# House rules (W-REG-3): the council's own; its supporter records them (the gate: BodyAction.HOUSE_RULES).


@transaction.atomic
def house_rules_adopt(
    *,
    council: Body,
    text: str = "",
    file: "File[Any] | None" = None,
    wishes_inventory: str,
    informing_clients: str,
    meeting: Meeting,
    adopted_on: date,
    actor: User | None,
) -> HouseRules:
    """Record a new version of the house rules the council adopted in `meeting` on `adopted_on` (W-REG-3).

    The text or a document is required, and the rules state at least how the council inventories clients' wishes and
    opinions and how it informs clients about its work and results. The meeting is one of this council (or of one of
    its chambers) that was not cancelled and started on or before the day of adoption; that day is not in the future.
    """
    council = _locked_body(council)
    if council.kind != BodyKind.COUNCIL:
        raise ValidationError(_("Only a client council has house rules."))
    text, wishes_inventory, informing_clients = text.strip(), wishes_inventory.strip(), informing_clients.strip()
    errors: dict[str, str] = {}
    if not text and not file:
        errors["text"] = _("Give the text of the house rules or attach the document.")
    if not wishes_inventory:
        errors["wishes_inventory"] = _("State how the council inventories clients' wishes and opinions.")
    if not informing_clients:
        errors["informing_clients"] = _("State how the council informs clients about its work and results.")
    if meeting.body_id != council.pk and meeting.body.parent_id != council.pk:
        errors["meeting"] = _("Choose a meeting of this council.")
    elif meeting.status == MeetingStatus.CANCELLED:
        errors["meeting"] = _("This meeting was cancelled.")
    elif timezone.localtime(meeting.starts_at).date() > adopted_on:
        errors["adopted_on"] = _("The date of adoption cannot be before the meeting.")
    if adopted_on > timezone.localdate():
        errors["adopted_on"] = _("The date of adoption cannot be in the future.")
    if errors:
        raise ValidationError(errors)
    latest = HouseRules.objects.filter(council=council).aggregate(latest=Max("version"))["latest"] or 0
    rules = HouseRules(
        council=council,
        version=latest + 1,
        text=text,
        file=file or "",
        wishes_inventory=wishes_inventory,
        informing_clients=informing_clients,
        meeting=meeting,
        adopted_on=adopted_on,
    )
    save_new(rules, actor=actor, reason=_("House rules adopted"))
    return rules


# The obligation check's configuration (W-SCOPE-1, W-SCOPE-3): administrators only (councils.permissions).


@transaction.atomic
def scope_configuration_update(
    *,
    thresholds: dict[str, int],
    kinds: dict[str, tuple[bool, str]],
    actor: User | None,
    reason: str,
) -> list[str]:
    """Change the thresholds (ThresholdKey -> value) and per kind of service (under the Wmcz, basis) in one go.

    Only rows whose values change are saved, each with `changed_on` today and the reason in its history row.
    Returns the keys that changed; nothing changed is an error (a reason without a change says nothing).
    """
    from councils.models import ScopeThreshold, ServiceKindRule
    from councils.scope import DEFAULT_THRESHOLD_VALUES, DEFAULT_UNDER_WMCZ, ServiceKind, ThresholdKey

    reason = require_reason(reason)
    today = timezone.localdate()
    changed: list[str] = []
    for key, value in thresholds.items():
        if key not in ThresholdKey.values:
            raise ValidationError(_("Unknown threshold."), code="invalid")
        row = ScopeThreshold.objects.select_for_update().filter(key=key).first()
        if row is None:
            row = ScopeThreshold(key=key, value=DEFAULT_THRESHOLD_VALUES[key])
        if row.value == value:
            continue
        row.value, row.changed_on = value, today
        if row.pk is None:
            save_new(row, actor=actor, reason=reason)
        else:
            save_fields(row, ["value", "changed_on"], actor=actor, reason=reason)
        changed.append(key)
    for kind, (under_wmcz, basis) in kinds.items():
        if kind not in ServiceKind.values:
            raise ValidationError(_("Unknown kind of service: %(kinds)s."), code="invalid", params={"kinds": kind})
        rule = ServiceKindRule.objects.select_for_update().filter(kind=kind).first()
        if rule is None:
            rule = ServiceKindRule(kind=kind, under_wmcz=DEFAULT_UNDER_WMCZ[kind], basis="")
        basis = basis.strip()
        if (rule.under_wmcz, rule.basis) == (under_wmcz, basis):
            continue
        rule.under_wmcz, rule.basis, rule.changed_on = under_wmcz, basis, today
        if rule.pk is None:
            save_new(rule, actor=actor, reason=reason)
        else:
            save_fields(rule, ["under_wmcz", "basis", "changed_on"], actor=actor, reason=reason)
        changed.append(kind)
    if not changed:
        raise ValidationError(_("Nothing was changed."), code="unchanged")
    return changed
