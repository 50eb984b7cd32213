"""Writes for memberships: candidate → trial → active → ended (WMCZ.md W-MEM-1..6, W-MEM-10).

The council's Regulation (W-REG-4) gives the seats, the trial length, the term length and the maximum of terms; a
chamber uses its council's. A panel has no regulation: it uses the W-REG-4 defaults for trial and term length, and
has no seat limit and no maximum of terms (informal participation).

Every lifecycle step records the actor and a reason in the membership's history, and sets the reminder bookkeeping
(`next_reminder_at`, excluded from history) in the same save (members/reminders.py, DESIGN.md convention 9).
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.roles import is_board_member
from councils.models import Body, BodyKind, Regulation
from incluzio_mz.lib.dates import dutch_day, require_plausible_date
from members.models import (
    ClientStatus,
    EndReason,
    Evaluation,
    EvaluationOutcome,
    Membership,
    MembershipQuerySet,
    Person,
    Role,
    Status,
    Vacancy,
)
from members.reminders import first_reminder_moment
from members.services._common import add_months, add_years, clean_suitability, require_reason, save_fields, save_new

# Roles that a body has at most one of among its seated memberships (W-MEM-6: each chamber has its own chair).
SINGLE_ROLES = (Role.CHAIR, Role.VICE_CHAIR, Role.SECRETARY)
NOT_ENDED = (Status.CANDIDATE, Status.TRIAL, Status.ACTIVE)


def regulation_for(body: Body) -> Regulation | None:
    """The regulation that applies to body: a council's own, a chamber's council's; None for a panel."""
    if body.kind == BodyKind.COUNCIL:
        council_id = body.pk
    elif body.kind == BodyKind.CHAMBER and body.parent_id is not None:
        council_id = body.parent_id
    else:
        return None
    return Regulation.objects.filter(council_id=council_id).first()


def _parameters(body: Body) -> Regulation:
    """The regulation's parameters, or an unsaved Regulation with the W-REG-4 defaults when there is none."""
    return regulation_for(body) or Regulation()


def _occupying(queryset: MembershipQuerySet, *, on: date) -> MembershipQuerySet:
    """Memberships that still hold or claim a place on day: not ended, and not past their term's end."""
    return queryset.filter(Q(term_end__isnull=True) | Q(term_end__gt=on), status__in=NOT_ENDED)


def _same_council_chambers(body: Body, other: Body) -> bool:
    """W-MEM-6: two different chambers of the same council (a panel besides a chamber is fine)."""
    both_chambers = body.kind == BodyKind.CHAMBER and other.kind == BodyKind.CHAMBER
    return both_chambers and body.pk != other.pk and body.parent_id == other.parent_id


def _eligibility_problems(*, person: Person, body: Body, on: date, exclude: Membership | None) -> list[str]:
    problems: list[str] = []
    if person.is_anonymised:
        problems.append(_("This person has been anonymised."))
    if not body.active:
        problems.append(_("%(body)s is not active.") % {"body": body.name})
    if person.is_employee:
        problems.append(_("Employees of the organisation cannot be members of a council or panel."))
    if person.is_board or (person.user is not None and is_board_member(person.user)):
        problems.append(_("Board and supervisory board members cannot be members of a council or panel."))
    regulation = regulation_for(body)
    if person.client_status == ClientStatus.FORMER and regulation and not regulation.former_clients_eligible:
        problems.append(
            _("The regulation of %(council)s admits current clients only; this person is a former client.")
            % {"council": regulation.council.name}
        )
    others = _occupying(Membership.objects.filter(person=person), on=on).select_related("body")
    # One not-ended membership per person per body, also past its term's end until it is ended (the database
    # keeps this rule too: members_ms_one_open_per_body).
    same_body = Membership.objects.filter(person=person, body=body, status__in=NOT_ENDED)
    if exclude is not None:
        others = others.exclude(pk=exclude.pk)
        same_body = same_body.exclude(pk=exclude.pk)
    if same_body.exists():
        problems.append(_("This person is already a candidate or member of %(body)s.") % {"body": body.name})
    for other in others:
        if other.body_id == body.pk:
            continue
        if _same_council_chambers(body, other.body):
            problems.append(
                _("This person is already in %(other)s; a person may sit in one chamber of a council only.")
                % {"other": other.body.name}
            )
    return problems


def membership_eligibility_problems(*, person: Person, body: Body, on: date) -> list[str]:
    """Why person cannot become a member of body on day (W-MEM-2, W-MEM-3, W-MEM-6); empty when eligible.

    A pure read, for forms that want to show the problems before anything is submitted.
    """
    return _eligibility_problems(person=person, body=body, on=on, exclude=None)


def _refuse_problems(problems: list[str]) -> None:
    if problems:
        raise ValidationError(problems, code="not_eligible")


def _locked(membership: Membership) -> Membership:
    return Membership.objects.select_for_update().select_related("person", "body").get(pk=membership.pk)


def _locked_body(body: Body) -> Body:
    """Lock the body row: seat counts and single roles are then decided one at a time (PostgreSQL)."""
    return Body.objects.select_for_update().get(pk=body.pk)


def _reschedule(membership: Membership) -> None:
    # The earliest moment of the new state, past or not: a trial entered late still gets its reminder (W-MEM-4).
    membership.next_reminder_at = first_reminder_moment(membership)


def _check_single_role(*, membership: Membership, role: str, on: date) -> None:
    """W-MEM-6: at most one chair, vice-chair and secretary per body among its seated memberships."""
    if role not in Role.values:
        raise ValidationError({"role": _("Unknown role.")}, code="invalid")
    if role not in SINGLE_ROLES:
        return
    holders = _occupying(Membership.objects.filter(body=membership.body_id, role=role), on=on)
    holder = holders.exclude(pk=membership.pk).exclude(status=Status.CANDIDATE).select_related("person").first()
    if holder is not None:
        raise ValidationError(
            {
                "role": _("%(body)s already has a %(role)s: %(name)s. Change their role first.")
                % {"body": membership.body.name, "role": Role(role).label.lower(), "name": holder.person.display_name}
            },
            code="role_taken",
        )


def _born(person: Person) -> date:
    """The earliest day person can have been born: 1 January of the birth year."""
    return date(person.birth_year, 1, 1)


def _check_trial_start(membership: Membership, on: date) -> None:
    """W-MEM-4: a trial period starts in the plausible window, not before the person was born, and not before the
    person became a candidate."""
    require_plausible_date(on, field="on")
    person = membership.person
    require_plausible_date(
        on,
        field="on",
        earliest=_born(person),
        too_early=_("The trial period cannot start before %(name)s was born (%(year)s).")
        % {"name": person.display_name, "year": person.birth_year},
    )
    if membership.candidate_on is not None:
        require_plausible_date(
            on,
            field="on",
            earliest=membership.candidate_on,
            too_early=_("The trial period cannot start before %(name)s became a candidate, on %(day)s.")
            % {"name": person.display_name, "day": dutch_day(membership.candidate_on)},
        )


@transaction.atomic
def membership_register_candidate(
    *,
    person: Person,
    body: Body,
    suitability: list[str],
    suitability_notes: str = "",
    open_complaint: bool = False,
    application_text: str = "",
    vacancy: Vacancy | None = None,
    on: date | None = None,
    actor: User | None,
) -> Membership:
    """Register person as a candidate for body, with the suitability criteria seen at intake (W-MEM-1).

    `on` is the day the person became a candidate (default today; earlier for a member entered afterwards): the
    trial period cannot start before it (W-MEM-4). It cannot lie in the future or before the person was born.

    Refused when person is not eligible (W-MEM-2, W-MEM-3, one chamber per council W-MEM-6). An open complaint is
    recorded, not refused: it blocks only the start of the trial while it is open.
    """
    person = Person.objects.select_for_update().get(pk=person.pk)
    suitability = clean_suitability(suitability)
    if vacancy is not None and vacancy.body_id != body.pk:
        raise ValidationError({"vacancy": _("This vacancy is for another body.")}, code="invalid")
    today = timezone.localdate()
    on = on if on is not None else today
    require_plausible_date(
        on,
        field="candidate_on",
        earliest=_born(person),
        latest=today,
        too_early=_("This date lies before %(name)s was born.") % {"name": person.display_name},
        too_late=_("The date a person became a candidate cannot be in the future."),
    )
    _refuse_problems(_eligibility_problems(person=person, body=body, on=today, exclude=None))
    membership = Membership(
        person=person,
        body=body,
        candidate_on=on,
        status=Status.CANDIDATE,
        suitability=suitability,
        suitability_notes=suitability_notes.strip(),
        open_complaint=open_complaint,
        application_text=application_text.strip(),
        vacancy=vacancy,
    )
    save_new(membership, actor=actor, reason=_("Registered as a candidate"))
    return membership


@transaction.atomic
def membership_start_trial(
    *,
    membership: Membership,
    on: date,
    role: str = Role.MEMBER,
    suitability: list[str] | None = None,
    suitability_notes: str | None = None,
    actor: User | None,
) -> Membership:
    """Appoint a candidate for the trial period from day `on` (W-MEM-4), within the seats of the regulation.

    Refused while a complaint procedure is open (W-MEM-1), when the candidate is no longer eligible, and when the
    body's seats are taken (trial and active memberships count). `suitability` and `suitability_notes`, when given,
    record the intake's criteria (W-MEM-1), for example of a candidate who responded to a public vacancy.
    """
    membership = _locked(membership)
    body = _locked_body(membership.body)
    if membership.status != Status.CANDIDATE:
        raise ValidationError(_("Only a candidate can start a trial period."), code="invalid_status")
    _check_trial_start(membership, on)
    if membership.open_complaint:
        raise ValidationError(
            _("%(name)s has an open complaint procedure. The trial period can start once it is closed.")
            % {"name": membership.person.display_name},
            code="open_complaint",
        )
    _refuse_problems(_eligibility_problems(person=membership.person, body=body, on=on, exclude=membership))
    _check_single_role(membership=membership, role=role, on=on)
    regulation = regulation_for(body)
    if regulation is not None and body.kind in (BodyKind.COUNCIL, BodyKind.CHAMBER):
        seated = Membership.objects.filter(body=body).seated().count()
        if seated >= regulation.seats_per_chamber_max:
            raise ValidationError(
                _("All %(seats)s seats of %(body)s are taken. End a membership first, or change the regulation.")
                % {"seats": regulation.seats_per_chamber_max, "body": body.name},
                code="seats_full",
            )
    membership.status = Status.TRIAL
    membership.role = role
    membership.trial_start = on
    membership.trial_end = add_months(on, _parameters(body).trial_months)
    fields = ["status", "role", "trial_start", "trial_end", "next_reminder_at"]
    if suitability is not None:
        membership.suitability = clean_suitability(suitability)
        fields.append("suitability")
    if suitability_notes is not None:
        membership.suitability_notes = suitability_notes.strip()
        fields.append("suitability_notes")
    _reschedule(membership)
    save_fields(membership, fields, actor=actor, reason=_("Trial period started"))
    return membership


@transaction.atomic
def membership_evaluate_trial(
    *,
    membership: Membership,
    held_on: date,
    outcome: str,
    record: str,
    suitability: list[str],
    actor: User | None,
) -> Evaluation:
    """Record the end-of-trial conversation and its outcome (W-MEM-4), with the criteria seen then (W-MEM-1).

    continue: the member is appointed; the first term starts at the trial's start and lasts the regulation's term.
    extend: the trial ends one trial period later; allowed once. end: the membership ends on the day of the
    conversation. Continuing is refused while a complaint procedure is open (it blocks appointment, W-MEM-1).
    """
    membership = _locked(membership)
    if membership.status != Status.TRIAL or membership.trial_start is None or membership.trial_end is None:
        raise ValidationError(_("Only a membership in its trial period can be evaluated."), code="invalid_status")
    if outcome not in EvaluationOutcome.values:
        raise ValidationError({"outcome": _("Choose an outcome.")}, code="invalid")
    record = record.strip()
    if not record:
        raise ValidationError({"record": _("Write a short record of the conversation.")}, code="required")
    if held_on < membership.trial_start:
        raise ValidationError({"held_on": _("The evaluation cannot be before the trial period started.")})
    if held_on > timezone.localdate():
        raise ValidationError({"held_on": _("Record the evaluation once the conversation has been held.")})
    suitability = clean_suitability(suitability)
    parameters = _parameters(membership.body)
    fields = ["status", "suitability", "next_reminder_at"]
    membership.suitability = suitability
    if outcome == EvaluationOutcome.CONTINUE:
        if membership.open_complaint:
            raise ValidationError(
                _("%(name)s has an open complaint procedure; the membership can continue once it is closed.")
                % {"name": membership.person.display_name},
                code="open_complaint",
            )
        membership.status = Status.ACTIVE
        membership.term_start = membership.trial_start
        membership.term_end = add_years(membership.trial_start, parameters.term_years)
        membership.term_number = 1
        fields += ["term_start", "term_end", "term_number"]
        reason = _("Trial evaluated: continues as a member")
    elif outcome == EvaluationOutcome.EXTEND:
        if membership.trial_extended:
            raise ValidationError(
                {"outcome": _("The trial period has already been extended once; continue or end it.")},
                code="already_extended",
            )
        membership.trial_end = add_months(membership.trial_end, parameters.trial_months)
        membership.trial_extended = True
        fields += ["trial_end", "trial_extended"]
        reason = _("Trial evaluated: trial period extended")
    else:
        membership.status = Status.ENDED
        membership.ended_on = held_on
        membership.end_reason = EndReason.TRIAL_NOT_CONTINUED
        fields += ["ended_on", "end_reason"]
        reason = _("Trial evaluated: membership ended")
    _reschedule(membership)
    save_fields(membership, fields, actor=actor, reason=reason)
    evaluation = Evaluation(
        membership=membership, held_on=held_on, outcome=outcome, record=record, suitability=suitability
    )
    save_new(evaluation, actor=actor, reason=reason)
    return evaluation


@transaction.atomic
def membership_reappoint(*, membership: Membership, actor: User | None, reason: str = "") -> Membership:
    """Reappoint an active member for a next term, which starts where the current one ends (W-MEM-5).

    Refused when the member has served the regulation's maximum of consecutive terms (a panel has no maximum).
    """
    membership = _locked(membership)
    if membership.status != Status.ACTIVE or membership.term_end is None:
        raise ValidationError(_("Only an active member can be reappointed."), code="invalid_status")
    regulation = regulation_for(membership.body)
    if regulation is not None and membership.term_number >= regulation.max_consecutive_terms:
        raise ValidationError(
            _(
                "%(name)s has served %(terms)s consecutive terms, the maximum in the regulation of %(council)s; "
                "reappointment is not possible."
            )
            % {
                "name": membership.person.display_name,
                "terms": membership.term_number,
                "council": regulation.council.name,
            },
            code="max_terms",
        )
    membership.term_start = membership.term_end
    membership.term_end = add_years(membership.term_start, _parameters(membership.body).term_years)
    membership.term_number += 1
    _reschedule(membership)
    fields = ["term_start", "term_end", "term_number", "next_reminder_at"]
    save_fields(membership, fields, actor=actor, reason=reason.strip() or _("Reappointed for a next term"))
    return membership


@transaction.atomic
def membership_end(*, membership: Membership, on: date, reason: str, note: str = "", actor: User | None) -> Membership:
    """End a candidacy, trial or membership on day `on` (W-MEM-10: leaving is always possible).

    `on` is the day the person left (today or earlier); a candidate who was not appointed ends with the reason
    "not appointed", which only a candidacy can have.
    """
    membership = _locked(membership)
    if membership.status not in NOT_ENDED:
        raise ValidationError(_("This membership has already ended."), code="invalid_status")
    if reason not in EndReason.values:
        raise ValidationError({"end_reason": _("Choose a reason for leaving.")}, code="invalid")
    if reason == EndReason.NOT_APPOINTED and membership.status != Status.CANDIDATE:
        raise ValidationError(
            {"end_reason": _("Only a candidate can end as not appointed; choose another reason.")}, code="invalid"
        )
    if on > timezone.localdate():
        raise ValidationError({"ended_on": _("Record the leaving on the day itself or later, not in advance.")})
    if membership.trial_start is not None and on < membership.trial_start:
        raise ValidationError({"ended_on": _("A membership cannot end before its trial period started.")})
    membership.status = Status.ENDED
    membership.ended_on = on
    membership.end_reason = reason
    membership.end_note = note.strip()
    membership.next_reminder_at = None
    fields = ["status", "ended_on", "end_reason", "end_note", "next_reminder_at"]
    save_fields(membership, fields, actor=actor, reason=note.strip() or str(EndReason(reason).label))
    return membership


@transaction.atomic
def membership_set_role(*, membership: Membership, role: str, actor: User | None, reason: str = "") -> Membership:
    """Give a member another role in the body (W-MEM-6): one chair, one vice-chair and one secretary per body."""
    membership = _locked(membership)
    _locked_body(membership.body)
    if membership.status not in (Status.TRIAL, Status.ACTIVE):
        raise ValidationError(_("Only a member in trial or active can have a role."), code="invalid_status")
    _check_single_role(membership=membership, role=role, on=timezone.localdate())
    membership.role = role
    save_fields(membership, ["role"], actor=actor, reason=reason.strip() or _("Role changed"))
    return membership


@transaction.atomic
def membership_set_open_complaint(
    *, membership: Membership, open_complaint: bool, actor: User | None, reason: str
) -> Membership:
    """Record that a complaint procedure opened or closed (W-MEM-1: while open, it blocks appointment)."""
    reason = require_reason(reason)
    membership = _locked(membership)
    if membership.status == Status.ENDED:
        raise ValidationError(_("This membership has already ended."), code="invalid_status")
    membership.open_complaint = open_complaint
    save_fields(membership, ["open_complaint"], actor=actor, reason=reason)
    return membership


@transaction.atomic
def membership_transfer(
    *, membership: Membership, to_body: Body, on: date | None = None, actor: User | None, reason: str
) -> Membership:
    """Move a member to another body on day `on` (today when not given), keeping their trial, term and history
    (W-BODY-3: Hollands Kroon's youth part joining the central council; a chamber's members when its council
    becomes a panel).

    The membership in the old body ends on `on` (reason "other", with a note naming the new body), so the old body's
    past stays answerable; a new membership in to_body carries over the status, trial dates, term dates and term
    number, suitability and intake notes. Roles are per body (W-MEM-6): the member starts as an ordinary member.
    Refused when the person is not eligible for to_body, or when its seats are taken (a seated member).
    """
    reason = require_reason(reason)
    on = on or timezone.localdate()
    membership = _locked(membership)
    body = _locked_body(to_body)
    old_body = membership.body
    if membership.status not in NOT_ENDED:
        raise ValidationError(_("This membership has already ended."), code="invalid_status")
    if body.pk == old_body.pk:
        raise ValidationError({"to_body": _("Choose another body than the current one.")}, code="invalid")
    if on > timezone.localdate():
        raise ValidationError({"on": _("Record the move on the day itself or later, not in advance.")})
    if membership.trial_start is not None and on < membership.trial_start:
        raise ValidationError({"on": _("A membership cannot move before its trial period started.")})
    _refuse_problems(_eligibility_problems(person=membership.person, body=body, on=on, exclude=membership))
    regulation = regulation_for(body)
    seated = membership.status in (Status.TRIAL, Status.ACTIVE)
    limit = regulation.seats_per_chamber_max if regulation is not None else None
    counted = seated and limit is not None and body.kind in (BodyKind.COUNCIL, BodyKind.CHAMBER)
    if counted and Membership.objects.filter(body=body).seated().count() >= (limit or 0):
        raise ValidationError(
            _("All %(seats)s seats of %(body)s are taken. End a membership first, or change the regulation.")
            % {"seats": limit, "body": body.name},
            code="seats_full",
        )
    moved = Membership(
        person=membership.person,
        body=body,
        role=Role.MEMBER,
        status=membership.status,
        suitability=list(membership.suitability),
        suitability_notes=membership.suitability_notes,
        application_text=membership.application_text,
        open_complaint=membership.open_complaint,
        trial_start=membership.trial_start,
        trial_end=membership.trial_end,
        trial_extended=membership.trial_extended,
        term_start=membership.term_start,
        term_end=membership.term_end,
        term_number=membership.term_number,
        moved_in_on=on,
    )
    _reschedule(moved)
    save_new(
        moved, actor=actor, reason=_("Moved from %(body)s: %(reason)s") % {"body": old_body.name, "reason": reason}
    )
    membership.status = Status.ENDED
    membership.ended_on = on
    membership.end_reason = EndReason.OTHER
    membership.end_note = _("Moved to %(body)s.") % {"body": body.name}
    membership.next_reminder_at = None
    fields = ["status", "ended_on", "end_reason", "end_note", "next_reminder_at"]
    save_fields(membership, fields, actor=actor, reason=reason)
    return moved


@transaction.atomic
def memberships_transfer(
    *, memberships: list[Membership], to_body: Body, on: date | None = None, actor: User | None, reason: str
) -> list[Membership]:
    """Move several members to to_body at once (membership_transfer each); all or none."""
    if not memberships:
        raise ValidationError({"memberships": _("Choose at least one member.")}, code="required")
    return [
        membership_transfer(membership=membership, to_body=to_body, on=on, actor=actor, reason=reason)
        for membership in memberships
    ]
