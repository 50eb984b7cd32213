"""Disputes before a committee of confidants (W-DIS-1, W-CON-4, W-BODY-7).

Either side (the board or the client council) brings a dispute about advice, consent, unsolicited advice, dissolving
the council, or another participation matter. Which committee hears it follows the council's regulation at the
moment it is opened: the organisation's own committee of three (one member appointed by the board, one by the
council, the chair by those two) or the national committee (LCvV). The dossier keeps the committee members, the
documents, the mediation and its outcome, the ruling, the appeal to the Ondernemingskamer and its outcome.

A standing ruling (not overturned on appeal) with effect `replaces_consent` on a consent request unblocks the board's
decision (W-CON-4, advice.services.decisions.has_replacing_ruling); one with `permits_dissolution` permits dissolving
or converting the council against its will (W-BODY-7). `conversion_consents` and `conversion_rulings` are the reads
the conversion of a council into a panel uses (W-BODY-4).

Services check domain rules, not access: who may call them is the gate's job (advice/permissions.py).
"""

from datetime import date
from typing import Any

from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import User
from accounts.roles import Role
from advice.models import (
    CommitteeAppointer,
    ConsentAnswer,
    Dispute,
    DisputeCommittee,
    DisputeCommitteeMember,
    DisputeDocument,
    DisputeParty,
    DisputeStatus,
    DisputeSubject,
    Request,
    RequestKind,
    RequestStatus,
    RulingEffect,
)
from advice.services.documents import dossier_side
from councils.meetings.services.documents import document_create
from councils.models import Body, BodyKind, Regulation
from incluzio_mz.lib.services import record_on, save_fields, save_new

# W-BODY-4: converting a council into a panel changes the participation regulation (consent topic a) and is the
# organisation's own consent topic k.
CONVERSION_TOPIC_CODES = ("CON-a", "CON-k")

# The kind of request a dispute about it needs.
SUBJECT_REQUEST_KIND = {
    DisputeSubject.ADVICE: RequestKind.REQUESTED_ADVICE,
    DisputeSubject.CONSENT: RequestKind.CONSENT,
    DisputeSubject.UNSOLICITED_ADVICE: RequestKind.UNSOLICITED_ADVICE,
}

# Which ruling effects fit which subject (W-CON-4, W-BODY-7); "other" fits every subject.
SUBJECT_EFFECTS = {
    DisputeSubject.CONSENT: (RulingEffect.REPLACES_CONSENT, RulingEffect.UPHOLDS_REFUSAL, RulingEffect.OTHER),
    DisputeSubject.DISSOLUTION: (
        RulingEffect.PERMITS_DISSOLUTION,
        RulingEffect.REFUSES_DISSOLUTION,
        RulingEffect.OTHER,
    ),
}

OWN_COMMITTEE_APPOINTERS = (CommitteeAppointer.BOARD, CommitteeAppointer.COUNCIL, CommitteeAppointer.MEMBERS)


# ---------------------------------------------------------------------------------------------------------------
# Reads


def effects_for(subject: str) -> tuple[str, ...]:
    """The ruling effects that fit a dispute about subject."""
    return tuple(SUBJECT_EFFECTS.get(DisputeSubject(subject), (RulingEffect.OTHER,)))


def committee_for(council: Body) -> str:
    """W-DIS-1: the committee the council's regulation names now (the regulation's default when it has none)."""
    regulation = Regulation.objects.filter(council=council).only("dispute_committee").first()
    if regulation is None:
        return str(DisputeCommittee.OWN)
    return str(DisputeCommittee(regulation.dispute_committee))


def conversion_consents(council: Body) -> QuerySet[Request]:
    """W-BODY-4: the council's consent requests on topic a or k that it granted."""
    return (
        Request.objects.filter(
            council=council,
            kind=RequestKind.CONSENT,
            topic__code__in=CONVERSION_TOPIC_CODES,
            response__consent=ConsentAnswer.GRANTED,
        )
        .select_related("topic", "response")
        .order_by("-response__given_on", "-pk")
    )


def conversion_rulings(council: Body) -> QuerySet[Dispute]:
    """W-BODY-4 / W-CON-4 / W-BODY-7: the council's standing rulings that allow converting it: a ruling that replaces
    its consent on a topic a or k request, or one that permits dissolving it; neither overturned on appeal."""
    replaces = Q(
        subject=DisputeSubject.CONSENT,
        ruling_effect=RulingEffect.REPLACES_CONSENT,
        request__council=council,
        request__kind=RequestKind.CONSENT,
        request__topic__code__in=CONVERSION_TOPIC_CODES,
    )
    permits = Q(subject=DisputeSubject.DISSOLUTION, ruling_effect=RulingEffect.PERMITS_DISSOLUTION)
    return (
        Dispute.objects.filter(replaces | permits, council=council, ruled_on__isnull=False, appeal_overturned=False)
        .select_related("request")
        .order_by("-ruled_on", "-pk")
    )


def replacing_rulings(request: Request) -> QuerySet[Dispute]:
    """W-CON-4: the standing rulings that replace the council's consent on this request."""
    return Dispute.objects.filter(
        request=request,
        subject=DisputeSubject.CONSENT,
        ruling_effect=RulingEffect.REPLACES_CONSENT,
        ruled_on__isnull=False,
        appeal_overturned=False,
    )


# W-REG-1: a change of the participation regulation needs the council's consent on topic a.
REGULATION_TOPIC_CODE = "CON-a"


def regulation_consents(council: Body) -> QuerySet[Request]:
    """W-REG-1: the council's consent requests on topic a that it granted (they can make a regulation version
    effective, councils.services.regulation_version_activate)."""
    return (
        Request.objects.filter(
            council=council,
            kind=RequestKind.CONSENT,
            topic__code=REGULATION_TOPIC_CODE,
            response__consent=ConsentAnswer.GRANTED,
        )
        .select_related("topic", "response")
        .order_by("-response__given_on", "-pk")
    )


def regulation_rulings(council: Body) -> QuerySet[Dispute]:
    """W-REG-1 / W-CON-4: the standing rulings that replace the council's consent on one of its topic a requests."""
    return (
        Dispute.objects.filter(
            council=council,
            subject=DisputeSubject.CONSENT,
            ruling_effect=RulingEffect.REPLACES_CONSENT,
            request__council=council,
            request__kind=RequestKind.CONSENT,
            request__topic__code=REGULATION_TOPIC_CODE,
            ruled_on__isnull=False,
            appeal_overturned=False,
        )
        .select_related("request")
        .order_by("-ruled_on", "-pk")
    )


# ---------------------------------------------------------------------------------------------------------------
# Helpers


def _locked(dispute: Dispute) -> Dispute:
    return Dispute.objects.select_for_update(of=("self",)).select_related("council", "request").get(pk=dispute.pk)


def _require_status(dispute: Dispute, *statuses: str) -> None:
    if dispute.status not in statuses:
        raise ValidationError(
            _("This step is not possible while the dispute is %(status)s."),
            code="status",
            params={"status": dispute.get_status_display().lower()},
        )


def _require_text(value: str, field: str, message: str) -> str:
    value = value.strip()
    if not value:
        raise ValidationError({field: message}, code="required")
    return value


def _require_day(day: date | None, field: str, *, not_before: date | None = None) -> date:
    """A day that happened (not in the future) and not before not_before (the previous step)."""
    if day is None:
        raise ValidationError({field: _("Enter the date.")}, code="required")
    if day > timezone.localdate():
        raise ValidationError({field: _("This date cannot be in the future.")}, code="future")
    if not_before is not None and day < not_before:
        raise ValidationError(
            {field: _("This date cannot be before %(day)s.") % {"day": date_format(not_before, "j F Y")}},
            code="order",
        )
    return day


def _council_side(council: Body) -> dict[int, User]:
    """The supporters of the council and of its chambers (they act for the council)."""
    from councils.services import body_supporters

    people = {user.pk: user for user in body_supporters(council)}
    for chamber in Body.objects.filter(parent=council, kind=BodyKind.CHAMBER):
        people.update({user.pk: user for user in body_supporters(chamber)})
    return people


def _board_side() -> dict[int, User]:
    group = Group.objects.filter(name=Role.BOARD.value).first()
    if group is None:
        return {}
    return {user.pk: user for user in User.objects.filter(groups=group, is_active=True)}


def _notify_other_side(dispute: Dispute, *, actor: User | None) -> None:
    """W-DIS-1: tell the other side that a dispute was brought (in the portal; the actor is never notified)."""
    recipients = _board_side() if dispute.brought_by == DisputeParty.COUNCIL else _council_side(dispute.council)
    if actor is not None:
        recipients.pop(actor.pk, None)
    from incluzio_mz.services import notification_send

    title = format_lazy(
        gettext_lazy("A dispute was brought before the committee of confidants: {council}, {subject}"),
        council=dispute.council.name,
        subject=dispute.get_subject_display(),
    )
    url = reverse("advice:dispute_detail", kwargs={"uuid": dispute.uuid})
    for recipient in recipients.values():
        notification_send(
            recipient=recipient, subject=dispute, kind="dispute_opened", due_at=dispute.created_at, title=title, url=url
        )


# ---------------------------------------------------------------------------------------------------------------
# Writes


@transaction.atomic
def dispute_open(
    *,
    council: Body,
    request: Request | None = None,
    subject: str,
    brought_by: str,
    description: str,
    opened_on: date | None = None,
    actor: User | None,
) -> Dispute:
    """W-DIS-1: either side brings a dispute; the committee is the one the council's regulation names today."""
    if council.kind != BodyKind.COUNCIL:
        raise ValidationError({"council": _("Only a client council can bring or face a dispute.")}, code="council")
    if subject not in DisputeSubject.values:
        raise ValidationError({"subject": _("Choose what the dispute is about.")}, code="invalid")
    if brought_by not in DisputeParty.values:
        raise ValidationError({"brought_by": _("Choose who brings the dispute.")}, code="invalid")
    description = _require_text(description, "description", _("Describe what the dispute is about."))
    opened_on = _require_day(opened_on or timezone.localdate(), "opened_on")
    needed_kind = SUBJECT_REQUEST_KIND.get(DisputeSubject(subject))
    if request is not None:
        if request.council_id != council.pk:
            raise ValidationError({"request": _("The request must be one of this council.")}, code="request")
        if request.status == RequestStatus.DRAFT:
            raise ValidationError(
                {"request": _("A draft request has not been submitted: there is nothing to dispute yet.")},
                code="request",
            )
    if needed_kind is not None and (request is None or request.kind != needed_kind):
        raise ValidationError(
            {
                "request": _("A dispute about %(subject)s needs a request of this council of the kind “%(kind)s”.")
                % {"subject": DisputeSubject(subject).label.lower(), "kind": RequestKind(needed_kind).label}
            },
            code="request",
        )
    dispute = Dispute(
        council=council,
        request=request,
        subject=subject,
        brought_by=brought_by,
        committee=committee_for(council),
        description=description,
        opened_on=opened_on,
        status=DisputeStatus.OPEN,
        created_by=actor,
    )
    save_new(dispute, actor=actor, reason=_("Dispute brought before the committee of confidants"))
    _notify_other_side(dispute, actor=actor)
    return dispute


@transaction.atomic
def dispute_committee_member_add(
    *, dispute: Dispute, name: str, appointed_by: str, actor: User | None
) -> DisputeCommitteeMember:
    """W-DIS-1: a member of the committee hearing the dispute and who appointed them.

    The organisation's own committee has three members: one appointed by the board, one by the council, and a chair
    appointed by those two (so after both). The national committee's members are appointed by the LCvV.
    """
    dispute = _locked(dispute)
    if dispute.status == DisputeStatus.CLOSED:
        _require_status(dispute, DisputeStatus.OPEN)
    name = _require_text(name, "name", _("Enter the member's name."))
    taken = set(dispute.committee_members.values_list("appointed_by", flat=True))
    if dispute.committee == DisputeCommittee.NATIONAL:
        if appointed_by != CommitteeAppointer.NATIONAL:
            raise ValidationError(
                {"appointed_by": _("The national committee hears this dispute: it appoints its members.")},
                code="appointer",
            )
    else:
        if appointed_by not in OWN_COMMITTEE_APPOINTERS:
            raise ValidationError(
                {
                    "appointed_by": _(
                        "This dispute is heard by the organisation's own committee: its members are appointed by the "
                        "board, by the council, and by those two members."
                    )
                },
                code="appointer",
            )
        if len(taken) >= len(OWN_COMMITTEE_APPOINTERS):
            raise ValidationError(_("The committee already has its three members."), code="full")
        if appointed_by in taken:
            raise ValidationError(
                {
                    "appointed_by": _("The committee already has a member %(who)s.")
                    % {"who": CommitteeAppointer(appointed_by).label.lower()}
                },
                code="appointer",
            )
        appointers = {CommitteeAppointer.BOARD.value, CommitteeAppointer.COUNCIL.value}
        if appointed_by == CommitteeAppointer.MEMBERS and not appointers <= taken:
            raise ValidationError(
                {
                    "appointed_by": _(
                        "The third member is appointed by the other two: add the members appointed by the board and "
                        "by the council first."
                    )
                },
                code="order",
            )
    member = DisputeCommitteeMember(dispute=dispute, name=name, appointed_by=appointed_by)
    reason = _("Committee member added")
    save_new(member, actor=actor, reason=reason)
    record_on(dispute, actor=actor, reason=reason)
    return member


@transaction.atomic
def dispute_document_add(
    *, dispute: Dispute, title: str, confidentiality: str, file: "File[Any]", actor: User | None
) -> DisputeDocument:
    """A document in the dispute's dossier: a document of the council (with its confidentiality and versions)."""
    dispute = _locked(dispute)
    if dispute.status == DisputeStatus.CLOSED:
        _require_status(dispute, DisputeStatus.OPEN)
    title = _require_text(title, "title", _("Enter a title."))
    document = document_create(
        body=dispute.council, title=title, confidentiality=confidentiality, file=file, actor=actor
    )
    link = DisputeDocument(dispute=dispute, document=document, side=dossier_side(actor))
    reason = _("Document added to the dispute")
    save_new(link, actor=actor, reason=reason)
    record_on(dispute, actor=actor, reason=reason)
    return link


@transaction.atomic
def dispute_mediation_record(
    *, dispute: Dispute, mediation_on: date, outcome: str, settled: bool, actor: User | None
) -> Dispute:
    """W-DIS-1: the committee mediated; settled ends the dispute's substance (no ruling follows), otherwise the
    dispute stays in mediation until the committee rules. A later mediation replaces the recorded outcome."""
    dispute = _locked(dispute)
    _require_status(dispute, DisputeStatus.OPEN, DisputeStatus.MEDIATION)
    dispute.mediation_on = _require_day(mediation_on, "mediation_on", not_before=dispute.opened_on)
    dispute.mediation_outcome = _require_text(outcome, "outcome", _("Describe the outcome of the mediation."))
    dispute.status = DisputeStatus.SETTLED if settled else DisputeStatus.MEDIATION
    reason = _("Settled through mediation") if settled else _("Mediation recorded")
    save_fields(dispute, ["mediation_on", "mediation_outcome", "status"], actor=actor, reason=reason)
    return dispute


@transaction.atomic
def dispute_rule(*, dispute: Dispute, ruled_on: date, ruling: str, effect: str, actor: User | None) -> Dispute:
    """W-DIS-1: the committee's ruling. Its effect must fit the subject: replacing consent or upholding a refusal
    only for a consent dispute (W-CON-4), permitting dissolution or not only for a dissolution dispute (W-BODY-7)."""
    dispute = _locked(dispute)
    _require_status(dispute, DisputeStatus.OPEN, DisputeStatus.MEDIATION)
    dispute.ruled_on = _require_day(ruled_on, "ruled_on", not_before=dispute.mediation_on or dispute.opened_on)
    dispute.ruling = _require_text(ruling, "ruling", _("Enter the ruling."))
    if effect not in effects_for(dispute.subject):
        raise ValidationError(
            {
                "effect": _("A ruling in a dispute about %(subject)s cannot have this effect.")
                % {"subject": dispute.get_subject_display().lower()}
            },
            code="effect",
        )
    if effect in (RulingEffect.REPLACES_CONSENT, RulingEffect.UPHOLDS_REFUSAL):
        request = dispute.request
        response = getattr(request, "response", None) if request is not None else None
        if response is None or response.consent != ConsentAnswer.REFUSED:
            raise ValidationError(
                {"effect": _("Only a refusal of consent can be replaced or upheld: the council did not refuse.")},
                code="effect",
            )
    dispute.ruling_effect = effect
    dispute.status = DisputeStatus.RULED
    save_fields(dispute, ["ruled_on", "ruling", "ruling_effect", "status"], actor=actor, reason=_("Ruling recorded"))
    return dispute


@transaction.atomic
def dispute_appeal_record(*, dispute: Dispute, appealed_on: date, appealed_by: str, actor: User | None) -> Dispute:
    """W-DIS-1: a side appealed the ruling to the Ondernemingskamer. The ruling stands until the appeal overturns it."""
    dispute = _locked(dispute)
    _require_status(dispute, DisputeStatus.RULED)
    assert dispute.ruled_on is not None  # ruled: the check constraint guarantees it
    dispute.appealed_on = _require_day(appealed_on, "appealed_on", not_before=dispute.ruled_on)
    if appealed_by not in DisputeParty.values:
        raise ValidationError({"appealed_by": _("Choose who appealed.")}, code="invalid")
    dispute.appealed_by = appealed_by
    dispute.status = DisputeStatus.APPEALED
    save_fields(
        dispute, ["appealed_on", "appealed_by", "status"], actor=actor, reason=_("Appeal to the Ondernemingskamer")
    )
    return dispute


@transaction.atomic
def dispute_appeal_decide(
    *, dispute: Dispute, decided_on: date, outcome: str, overturned: bool, actor: User | None
) -> Dispute:
    """The Ondernemingskamer's decision. An overturned ruling no longer replaces consent (W-CON-4) or permits
    dissolution (W-BODY-7)."""
    dispute = _locked(dispute)
    _require_status(dispute, DisputeStatus.APPEALED)
    if dispute.appeal_decided_on is not None:
        raise ValidationError(_("The decision on the appeal has already been recorded."), code="decided")
    assert dispute.appealed_on is not None
    dispute.appeal_decided_on = _require_day(decided_on, "decided_on", not_before=dispute.appealed_on)
    dispute.appeal_outcome = _require_text(outcome, "outcome", _("Describe the decision on the appeal."))
    dispute.appeal_overturned = overturned
    save_fields(
        dispute,
        ["appeal_decided_on", "appeal_outcome", "appeal_overturned"],
        actor=actor,
        reason=_("Ruling overturned on appeal") if overturned else _("Ruling upheld on appeal"),
    )
    return dispute


def _last_step_on(dispute: Dispute) -> date:
    days = [dispute.opened_on, dispute.mediation_on, dispute.ruled_on, dispute.appealed_on, dispute.appeal_decided_on]
    return max(day for day in days if day is not None)


@transaction.atomic
def dispute_close(*, dispute: Dispute, closed_on: date, actor: User | None) -> Dispute:
    """Close the dossier (settled, ruled, appeal decided, or withdrawn). A pending appeal keeps it open. A standing
    ruling keeps its effect after closing."""
    dispute = _locked(dispute)
    if dispute.status == DisputeStatus.CLOSED:
        _require_status(dispute, DisputeStatus.OPEN)
    if dispute.status == DisputeStatus.APPEALED and dispute.appeal_decided_on is None:
        raise ValidationError(
            _("The appeal to the Ondernemingskamer is still pending: record its decision first."), code="pending"
        )
    dispute.closed_on = _require_day(closed_on, "closed_on", not_before=_last_step_on(dispute))
    dispute.status = DisputeStatus.CLOSED
    save_fields(dispute, ["closed_on", "status"], actor=actor, reason=_("Dispute closed"))
    return dispute
