"""Pages for people and their memberships (thin views, DESIGN.md convention 5): gate, form, service, redirect.

The gate is members/permissions.py (people, memberships, a body's member pages, notifications); the writes are
members/services/ (people, memberships, allowances) and incluzio_mz.services (notifications).
"""

from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any
from uuid import UUID

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count, F, Prefetch, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from councils.models import Body, BodyKind, Regulation
from councils.permissions import BodyAction, bodies_for_user
from councils.services import body_supporters
from incluzio_mz import services as portal_services
from incluzio_mz.lib.forms import add_service_error
from incluzio_mz.lib.history import history_entries, merged_history
from incluzio_mz.lib.views import acting_user, posted, run_service
from members.forms import (
    AllowanceRecordForm,
    MembershipEndForm,
    MembershipEvaluateTrialForm,
    MembershipReappointForm,
    MembershipSetOpenComplaintForm,
    MembershipSetRoleForm,
    MembershipStartTrialForm,
    PersonAnonymiseForm,
    PersonCreateForm,
    PersonFilterForm,
    PersonUpdateForm,
)
from members.models import (
    AllowancePayment,
    ClientStatus,
    Evaluation,
    Group,
    Membership,
    MembershipQuerySet,
    Person,
    Status,
    Suitability,
    Vacancy,
    client_groups_of,
)
from members.permissions import (
    BodyPeopleAction,
    PersonAction,
    body_people_for_user,
    may_manage_people,
    may_see_schedule,
    membership_for_user,
    memberships_for_user,
    notification_for_user,
    notifications_for_user,
    overview_memberships_for_user,
    own_person,
    person_allows,
    person_for_user,
)
from members.services import allowances, memberships, people

PEOPLE_PER_PAGE = 25
NOTIFICATIONS_PER_PAGE = 25
# What the overview flags (issue 5, item 8): a trial ending within 30 days, a term ending within 60 days.
TRIAL_SOON_DAYS = 30
TERM_SOON_DAYS = 60
# The retirement schedule looks this far ahead for seats that come free.
SCHEDULE_HORIZON_DAYS = 365


# ---------------------------------------------------------------------------------------------------------------
# The members overview


@dataclass(frozen=True)
class Attention:
    code: str
    label: str


def _attention(membership: Membership, today: date) -> list[Attention]:
    """What needs the supporter's attention for one membership (the twins of the overview's counts)."""
    flags: list[Attention] = []
    if membership.status == Status.CANDIDATE:
        flags.append(Attention("candidate", _("Candidate waiting")))
    if membership.trial_overdue(on=today):
        flags.append(Attention("trial_overdue", _("Trial period not evaluated")))
    elif (
        membership.status == Status.TRIAL
        and membership.trial_end is not None
        and membership.trial_end <= today + timedelta(days=TRIAL_SOON_DAYS)
    ):
        flags.append(Attention("trial_soon", _("Trial period ends soon")))
    if (
        membership.status == Status.ACTIVE
        and membership.term_end is not None
        and today <= membership.term_end <= today + timedelta(days=TERM_SOON_DAYS)
    ):
        flags.append(Attention("term_soon", _("Term ends soon")))
    return flags


def _attention_counts(queryset: MembershipQuerySet, today: date) -> dict[str, int]:
    """The overview's counts in one query; the same rules as _attention."""
    trial = Q(status=Status.TRIAL)
    counts: dict[str, int] = queryset.aggregate(
        candidate=Count("pk", filter=Q(status=Status.CANDIDATE)),
        trial_overdue=Count("pk", filter=trial & Q(trial_end__lt=today)),
        trial_soon=Count(
            "pk", filter=trial & Q(trial_end__gte=today, trial_end__lte=today + timedelta(days=TRIAL_SOON_DAYS))
        ),
        term_soon=Count(
            "pk",
            filter=Q(status=Status.ACTIVE, term_end__gte=today, term_end__lte=today + timedelta(days=TERM_SOON_DAYS)),
        ),
    )
    return counts


@login_required
def person_list_view(request: HttpRequest) -> HttpResponse:
    """/leden/: the members and candidates of the bodies the user manages, with what needs attention."""
    if not may_manage_people(request.user):
        raise PermissionDenied
    today = timezone.localdate()
    rows = overview_memberships_for_user(request.user)
    bodies = bodies_for_user(request.user, BodyAction.MANAGE).order_by("name")
    filters = PersonFilterForm(request.GET or None, bodies=bodies)
    counts = _attention_counts(rows, today)
    status, body, trial_ending = "", None, False
    if filters.is_valid():
        status = filters.cleaned_data["status"]
        body = filters.cleaned_data["body"]
        trial_ending = filters.cleaned_data["trial_ending"]
    if body is not None:
        rows = rows.filter(body=body)
    if status == PersonFilterForm.ALL:
        pass
    elif status:
        rows = rows.filter(status=status)
    else:
        rows = rows.exclude(status=Status.ENDED)
    if trial_ending:
        rows = rows.trial_ending_before(today + timedelta(days=TRIAL_SOON_DAYS + 1))
    page = Paginator(rows.order_by("person__display_name", "body__name", "pk"), PEOPLE_PER_PAGE).get_page(
        request.GET.get("pagina")
    )
    query = request.GET.copy()
    query.pop("pagina", None)
    context = {
        "filters": filters,
        "page": page,
        "rows": [{"membership": m, "attention": _attention(m, today)} for m in page.object_list],
        "counts": counts,
        "query": query.urlencode(),
        "today": today,
    }
    return render(request, "members/person_list.html", context)


# ---------------------------------------------------------------------------------------------------------------
# People


@login_required
def person_create_view(request: HttpRequest) -> HttpResponse:
    """Register a person and their candidacy for a body the user manages (W-MEM-1, W-MEM-8)."""
    if not may_manage_people(request.user):
        raise PermissionDenied
    bodies = bodies_for_user(request.user, BodyAction.MANAGE).active().order_by("name")
    form = PersonCreateForm(posted(request), bodies=bodies)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        result: dict[str, Person] = {}

        def register() -> None:
            # One transaction: a refused candidacy (W-MEM-2, W-MEM-3) stores no person either.
            with transaction.atomic():
                person = people.person_create(
                    **{name: data[name] for name in PersonCreateForm.PERSON_FIELDS},
                    actor=acting_user(request),
                )
                memberships.membership_register_candidate(
                    person=person,
                    body=data["body"],
                    suitability=data["suitability"],
                    suitability_notes=data["suitability_notes"],
                    open_complaint=data["open_complaint"],
                    application_text=data["application_text"],
                    on=data["candidate_on"],
                    actor=acting_user(request),
                )
            result["person"] = person

        if run_service(form, register):
            messages.success(request, _("The person has been registered as a candidate."))
            return redirect("members:person_detail", uuid=result["person"].uuid)
    return render(request, "members/person_create.html", {"form": form})


def _history(person: Person, rows: list[Membership]) -> list[Any]:
    """The person's history with their memberships, evaluations and allowances: who, when, what and why."""
    ids = [membership.pk for membership in rows]
    names = {membership.pk: membership.body.name for membership in rows}
    groups = [history_entries(person.history.select_related("history_user"), subject=person.display_name)]
    by_membership: dict[int, list[Any]] = defaultdict(list)
    for record in Membership.history.filter(id__in=ids).select_related("history_user"):
        by_membership[record.id].append(record)
    for pk, records in by_membership.items():
        groups.append(history_entries(records, subject=_("Membership of %(body)s") % {"body": names[pk]}))
    children = (
        (Evaluation, _("Trial evaluation, %(body)s")),
        (AllowancePayment, _("Allowance, %(body)s")),
    )
    for model, label in children:
        by_object: dict[int, list[Any]] = defaultdict(list)
        records = model.history.filter(membership_id__in=ids).select_related("history_user")
        for record in records:
            by_object[record.id].append(record)
        for object_records in by_object.values():
            subject = label % {"body": names[object_records[0].membership_id]}
            groups.append(history_entries(object_records, subject=subject))
    return merged_history(*groups)


def _steps(membership: Membership) -> list[tuple[str, str]]:
    """The lifecycle steps that fit a membership's status: (URL name, label)."""
    status = membership.status
    steps: list[tuple[str, str]] = []
    if status == Status.CANDIDATE:
        steps.append(("members:membership_start_trial", _("Start the trial period")))
    if status == Status.TRIAL:
        steps.append(("members:membership_evaluate_trial", _("Record the trial evaluation")))
    if status == Status.ACTIVE:
        steps.append(("members:membership_reappoint", _("Reappoint")))
    if status in (Status.TRIAL, Status.ACTIVE):
        steps.append(("members:membership_set_role", _("Change the role")))
    if status != Status.CANDIDATE:
        steps.append(("members:allowance_record", _("Record an allowance")))
    if status != Status.ENDED:
        steps.append(("members:membership_set_open_complaint", _("Complaint procedure")))
        steps.append(("members:membership_end", _("End")))
    return steps


@login_required
def person_detail_view(request: HttpRequest, uuid: UUID) -> HttpResponse:
    person = person_for_user(request.user, uuid)
    today = timezone.localdate()
    rows = list(
        memberships_for_user(request.user)
        .filter(person=person)
        .prefetch_related(
            Prefetch("evaluations", queryset=Evaluation.objects.order_by("held_on", "pk")),
            Prefetch("allowances", queryset=AllowancePayment.objects.order_by("-month", "-pk")),
        )
        .order_by("-created_at", "-pk")
    )
    may_manage = person_allows(request.user, person, PersonAction.MANAGE)
    manageable = {m.pk for m in rows if may_manage and _manages_membership(request.user, person, m)}
    context = {
        "person": person,
        "memberships": [
            {
                "membership": m,
                "attention": _attention(m, today),
                "steps": _steps(m) if m.pk in manageable else [],
                "suitability": _suitability_labels(m.suitability),
                "evaluations": [(e, _suitability_labels(e.suitability)) for e in m.evaluations.all()],
                "allowances": list(m.allowances.all()),
            }
            for m in rows
        ],
        "may_contact": person_allows(request.user, person, PersonAction.CONTACT),
        "may_manage": may_manage,
        "needs_consent": person.needs_guardian_consent(on=today),
        "entries": _history(person, rows),
        # W-MEM-9: where the person stands against the tax-free caps, per year (all their payments: the caps are
        # per person). Seen by whoever may see the person page (the gate above): their supporters and themselves.
        "allowance_years": allowances.allowance_overview(person=person),
        "allowance_scheme_applies": settings.ALLOWANCE_SCHEME_APPLIES,
    }
    return render(request, "members/person_detail.html", context)


def _suitability_labels(values: list[str]) -> list[str]:
    return [str(label) for value, label in Suitability.choices if value in values]


def _manages_membership(user: Any, person: Person, membership: Membership) -> bool:
    try:
        membership_for_user(user, person, membership.uuid, PersonAction.MANAGE)
    except PermissionDenied:
        return False
    return True


class _UpdateForm(PersonUpdateForm):
    """The update form probes W-MEM-8 with the stored consent when the form leaves it empty."""

    def __init__(self, *args: Any, person: Person, **kwargs: Any) -> None:
        self.person = person
        super().__init__(*args, **kwargs)

    def _consent_on(self) -> date | None:
        return self.cleaned_data.get("guardian_consent_on") or self.person.guardian_consent_on


@login_required
def person_update_view(request: HttpRequest, uuid: UUID) -> HttpResponse:
    person = person_for_user(request.user, uuid, PersonAction.MANAGE)
    if person.is_anonymised:
        messages.error(request, _("This person has been anonymised; their details can no longer be changed."))
        return redirect("members:person_detail", uuid=person.uuid)
    form = _UpdateForm(posted(request), person=person, initial=PersonUpdateForm.initial_for(person))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data

        def update() -> None:
            with transaction.atomic():  # consent and details together, or neither
                consent = (data["guardian_consent_on"], data["guardian_consent_by"].strip())
                if consent[0] is not None and consent != (person.guardian_consent_on, person.guardian_consent_by):
                    people.person_record_guardian_consent(
                        person=person,
                        on=consent[0],
                        by=consent[1],
                        actor=acting_user(request),
                    )
                people.person_update(
                    person=person,
                    data={name: data[name] for name in PersonUpdateForm.UPDATE_FIELDS},
                    actor=acting_user(request),
                    reason=data["reason"],
                )

        if run_service(form, update):
            messages.success(request, _("The changes have been saved."))
            return redirect("members:person_detail", uuid=person.uuid)
    return render(request, "members/person_update.html", {"form": form, "person": person})


@login_required
def person_anonymise_view(request: HttpRequest, uuid: UUID) -> HttpResponse:
    """W-MEM-10 on request: remove the name and contact details, keep the history under a pseudonym."""
    person = person_for_user(request.user, uuid, PersonAction.MANAGE)
    form = PersonAnonymiseForm(posted(request))
    if request.method == "POST" and form.is_valid():

        def anonymise() -> None:
            people.person_anonymise(
                person=person,
                actor=acting_user(request),
                reason=form.cleaned_data["reason"],
            )

        if run_service(form, anonymise):
            messages.success(request, _("The person's name and contact details have been removed."))
            return redirect("members:person_detail", uuid=person.uuid)
    return render(request, "members/person_anonymise.html", {"form": form, "person": person})


@require_POST
@login_required
def person_account_invite_view(request: HttpRequest, uuid: UUID) -> HttpResponse:
    """Give the member a login: an account is invited by e-mail; their access follows from their memberships."""
    person = person_for_user(request.user, uuid, PersonAction.MANAGE)
    try:
        people.person_account_invite(
            person=person, base_url=request.build_absolute_uri("/"), actor=acting_user(request)
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("An invitation to choose a password has been sent to %(email)s.") % {"email": person.email}
        )
    return redirect("members:person_detail", uuid=person.uuid)


# ---------------------------------------------------------------------------------------------------------------
# Lifecycle steps: each is a page with one form on /leden/<person>/lidmaatschap/<membership>/<step>/.


def _step_view(
    request: HttpRequest,
    uuid: UUID,
    membership_uuid: UUID,
    *,
    form: Callable[[Membership], Any],
    run: Callable[[Membership, dict[str, Any]], Any],
    template: str,
    done: str,
) -> HttpResponse:
    person = person_for_user(request.user, uuid)
    membership = membership_for_user(request.user, person, membership_uuid, PersonAction.MANAGE)
    bound = form(membership)
    if (
        request.method == "POST"
        and bound.is_valid()
        and run_service(bound, lambda: run(membership, bound.cleaned_data))
    ):
        messages.success(request, done)
        return redirect("members:person_detail", uuid=person.uuid)
    return render(request, template, {"form": bound, "person": person, "membership": membership})


@login_required
def membership_start_trial_view(request: HttpRequest, uuid: UUID, membership: UUID) -> HttpResponse:
    return _step_view(
        request,
        uuid,
        membership,
        form=lambda m: MembershipStartTrialForm(
            posted(request), initial={"suitability": m.suitability, "suitability_notes": m.suitability_notes}
        ),
        run=lambda m, data: memberships.membership_start_trial(
            membership=m,
            on=data["on"],
            role=data["role"],
            suitability=data["suitability"],
            suitability_notes=data["suitability_notes"],
            actor=acting_user(request),
        ),
        template="members/membership_start_trial.html",
        done=_("The trial period has started."),
    )


@login_required
def membership_evaluate_trial_view(request: HttpRequest, uuid: UUID, membership: UUID) -> HttpResponse:
    return _step_view(
        request,
        uuid,
        membership,
        form=lambda m: MembershipEvaluateTrialForm(posted(request), initial={"suitability": m.suitability}),
        run=lambda m, data: memberships.membership_evaluate_trial(
            membership=m,
            held_on=data["held_on"],
            outcome=data["outcome"],
            record=data["record"],
            suitability=data["suitability"],
            actor=acting_user(request),
        ),
        template="members/membership_evaluate_trial.html",
        done=_("The evaluation has been recorded."),
    )


@login_required
def membership_reappoint_view(request: HttpRequest, uuid: UUID, membership: UUID) -> HttpResponse:
    return _step_view(
        request,
        uuid,
        membership,
        form=lambda m: MembershipReappointForm(posted(request)),
        run=lambda m, data: memberships.membership_reappoint(
            membership=m,
            actor=acting_user(request),
            reason=data["reason"],
        ),
        template="members/membership_reappoint.html",
        done=_("The member has been reappointed for a next term."),
    )


@login_required
def membership_end_view(request: HttpRequest, uuid: UUID, membership: UUID) -> HttpResponse:
    return _step_view(
        request,
        uuid,
        membership,
        form=lambda m: MembershipEndForm(posted(request)),
        run=lambda m, data: memberships.membership_end(
            membership=m,
            on=data["ended_on"],
            reason=data["end_reason"],
            note=data["end_note"],
            actor=acting_user(request),
        ),
        template="members/membership_end.html",
        done=_("The membership has ended."),
    )


@login_required
def membership_set_role_view(request: HttpRequest, uuid: UUID, membership: UUID) -> HttpResponse:
    return _step_view(
        request,
        uuid,
        membership,
        form=lambda m: MembershipSetRoleForm(posted(request), initial={"role": m.role}),
        run=lambda m, data: memberships.membership_set_role(
            membership=m,
            role=data["role"],
            actor=acting_user(request),
            reason=data["reason"],
        ),
        template="members/membership_set_role.html",
        done=_("The role has been changed."),
    )


@login_required
def membership_set_open_complaint_view(request: HttpRequest, uuid: UUID, membership: UUID) -> HttpResponse:
    return _step_view(
        request,
        uuid,
        membership,
        form=lambda m: MembershipSetOpenComplaintForm(posted(request), initial={"open_complaint": m.open_complaint}),
        run=lambda m, data: memberships.membership_set_open_complaint(
            membership=m,
            open_complaint=data["open_complaint"],
            actor=acting_user(request),
            reason=data["reason"],
        ),
        template="members/membership_set_open_complaint.html",
        done=_("The complaint procedure has been recorded."),
    )


@login_required
def allowance_record_view(request: HttpRequest, uuid: UUID, membership: UUID) -> HttpResponse:
    """W-MEM-9: the confirmation checkbox appears when the service warns that the payment passes a cap."""
    person = person_for_user(request.user, uuid)
    target = membership_for_user(request.user, person, membership, PersonAction.MANAGE)
    # The checkbox stays once it was ticked; otherwise it appears when the service answers "over_cap".
    form = AllowanceRecordForm(posted(request), show_confirm=bool(request.POST.get("confirm_over_cap")))
    warning: str | None = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            allowances.allowance_record(
                membership=target,
                month=data["month"],
                amount=data["amount"],
                kind=data["kind"],
                hours=data["hours"],
                description=data["description"],
                confirm_over_cap=data.get("confirm_over_cap", False),
                actor=acting_user(request),
            )
        except ValidationError as error:
            if getattr(error, "code", None) == "over_cap":
                # Ask again, now with the checkbox; the amounts the supporter typed stay.
                warning = " ".join(error.messages)
                form = AllowanceRecordForm(request.POST, show_confirm=True)
                form.is_valid()
                form.add_error("confirm_over_cap", _("Confirm that you want to record a payment above the cap."))
            else:
                add_service_error(form, error)
        else:
            messages.success(request, _("The allowance has been recorded."))
            return redirect("members:person_detail", uuid=person.uuid)
    context = {"form": form, "person": person, "membership": target, "warning": warning}
    return render(request, "members/allowance_record.html", context)


# ---------------------------------------------------------------------------------------------------------------
# A body's member pages: retirement schedule (W-MEM-5) and representation overview (counts only).


def _bodies_with_chambers(body: Body) -> list[Body]:
    """A council's pages cover its own memberships and its chambers'; a chamber or panel only its own."""
    if body.kind != BodyKind.COUNCIL:
        return [body]
    return [body, *Body.objects.filter(parent=body, kind=BodyKind.CHAMBER).order_by("name")]


def _regulation(body: Body) -> Regulation | None:
    return memberships.regulation_for(body)


def _seated(bodies: list[Body]) -> MembershipQuerySet:
    """Memberships that hold a seat (trial or active) and have not left."""
    return Membership.objects.filter(body__in=bodies, ended_on__isnull=True).seated()


@dataclass
class ScheduleRow:
    membership: Membership
    leaves_on: date | None
    may_be_reappointed: bool


@dataclass
class SeatCount:
    body: Body
    seated: int
    seats_min: int | None
    seats_max: int | None
    rows: list[ScheduleRow] = field(default_factory=list)

    @property
    def free(self) -> int | None:
        return None if self.seats_max is None else max(self.seats_max - self.seated, 0)


@login_required
def body_retirement_schedule_view(request: HttpRequest, slug: str) -> HttpResponse:
    """W-MEM-5: who leaves when (by term end), whether reappointment is possible, and the seats that come free."""
    body = body_people_for_user(request.user, slug, BodyPeopleAction.SCHEDULE)
    today = timezone.localdate()
    bodies = _bodies_with_chambers(body)
    regulation = _regulation(body)
    statutory = {BodyKind.COUNCIL, BodyKind.CHAMBER}
    sections = {
        b.pk: SeatCount(
            body=b,
            seated=0,
            seats_min=regulation.seats_per_chamber_min if regulation and b.kind in statutory else None,
            seats_max=regulation.seats_per_chamber_max if regulation and b.kind in statutory else None,
        )
        for b in bodies
    }
    seated = (
        _seated(bodies)
        .select_related("person")
        .order_by(F("term_end").asc(nulls_last=True), F("trial_end").asc(nulls_last=True), "person__display_name")
    )
    max_terms = regulation.max_consecutive_terms if regulation is not None else None
    horizon = today + timedelta(days=SCHEDULE_HORIZON_DAYS)
    leaving: list[ScheduleRow] = []
    for m in seated:
        leaves_on = m.term_end if m.status == Status.ACTIVE else None
        row = ScheduleRow(
            membership=m,
            leaves_on=leaves_on,
            may_be_reappointed=m.status == Status.ACTIVE and (max_terms is None or m.term_number < max_terms),
        )
        section = sections[m.body_id]
        section.seated += 1
        section.rows.append(row)
        if leaves_on is not None and leaves_on <= horizon and not row.may_be_reappointed:
            leaving.append(row)
    vacancies = list(Vacancy.objects.open(on=today).filter(body__in=bodies).select_related("body"))
    context = {
        "body": body,
        "sections": list(sections.values()),
        "leaving": leaving,
        "vacancies": vacancies,
        "regulation": regulation,
        "horizon": horizon,
        "today": today,
    }
    return render(request, "members/body_retirement_schedule.html", context)


# Age bands of the representation overview, by the age a person reaches this year (only the birth year is known).
AGE_BANDS: tuple[tuple[int, int | None], ...] = ((0, 15), (16, 17), (18, 23), (24, 44), (45, 64), (65, None))


def _age_band(age: int) -> str:
    for low, high in AGE_BANDS:
        if high is None:
            if age >= low:
                return _("%(low)s and older") % {"low": low}
        elif low <= age <= high:
            return _("younger than %(next)s") % {"next": high + 1} if low == 0 else f"{low}-{high}"
    return "-"


@dataclass
class Composition:
    body: Body
    seated: int
    seats_min: int | None
    seats_max: int | None
    groups: list[tuple[str, int]]
    ages: list[tuple[str, int]]
    clients: list[tuple[str, int]]
    units: list[tuple[str, int]]


def _composition(
    body: Body,
    rows: list[tuple[str, int, str, str | None]],
    regulation: Regulation | None,
    year: int,
    represented: list[Group],
) -> Composition:
    """One body's counts. The client groups are those the body represents (W-BODY-3), and any other group a
    seated member still has, so every member is counted."""
    groups = Counter(group for group, _birth, _client, _unit in rows)
    shown = [group for group in Group if group in represented or groups.get(group.value)]
    ages = Counter(_age_band(year - birth) for _group, birth, _client, _unit in rows)
    clients = Counter(client for _group, _birth, client, _unit in rows)
    units = Counter(unit or _("not recorded") for _group, _birth, _client, unit in rows)
    statutory = regulation is not None and body.kind in (BodyKind.COUNCIL, BodyKind.CHAMBER)
    band_order = [_age_band(low) for low, _high in AGE_BANDS]
    return Composition(
        body=body,
        seated=len(rows),
        seats_min=regulation.seats_per_chamber_min if statutory and regulation else None,
        seats_max=regulation.seats_per_chamber_max if statutory and regulation else None,
        groups=[(str(group.label), groups.get(group.value, 0)) for group in shown],
        ages=[(band, ages[band]) for band in band_order if ages.get(band)],
        clients=[(str(label), clients.get(value, 0)) for value, label in ClientStatus.choices],
        units=sorted(units.items()),
    )


@login_required
def body_composition_view(request: HttpRequest, slug: str) -> HttpResponse:
    """The representation overview: client groups, age bands, units, current/former clients, against the seats.

    Counts only, never names: everyone who may see the body may see this page.
    """
    body = body_people_for_user(request.user, slug, BodyPeopleAction.COMPOSITION)
    today = timezone.localdate()
    bodies = _bodies_with_chambers(body)
    regulation = _regulation(body)
    per_body: dict[int, list[tuple[str, int, str, str | None]]] = {b.pk: [] for b in bodies}
    values = _seated(bodies).values_list(
        "body_id", "person__group", "person__birth_year", "person__client_status", "person__business_unit__name"
    )
    for body_id, group, birth_year, client_status, unit in values:
        per_body[body_id].append((group, birth_year, client_status, unit))
    # What the body represents decides which client groups are shown (its chambers represent the same units).
    represented = client_groups_of(body, on=today)
    sections = [_composition(b, per_body[b.pk], regulation, today.year, represented) for b in bodies]
    # A council with chambers whose own seats are empty shows only the chambers.
    if len(sections) > 1 and sections[0].seated == 0:
        sections = sections[1:]
    context = {
        "body": body,
        "sections": sections,
        "today": today,
        "may_see_schedule": may_see_schedule(request.user, body),
    }
    return render(request, "members/body_composition.html", context)


# ---------------------------------------------------------------------------------------------------------------
# The member's own page and notifications


@login_required
def my_membership_view(request: HttpRequest) -> HttpResponse:
    """ "Mijn lidmaatschap": the member's bodies, role, trial and term dates, allowances, and how to leave."""
    person = own_person(request.user)
    today = timezone.localdate()
    rows: list[dict[str, Any]] = []
    if person is not None:
        own = (
            Membership.objects.filter(person=person)
            .select_related("body", "body__parent")
            .prefetch_related(Prefetch("allowances", queryset=AllowancePayment.objects.order_by("-month", "-pk")))
            .order_by("-created_at", "-pk")
        )
        for m in own:
            rows.append(
                {
                    "membership": m,
                    "current": m.is_current(on=today),
                    "in_trial": m.status == Status.TRIAL,
                    "allowances": list(m.allowances.all()),
                    "supporters": body_supporters(m.body) if m.status != Status.ENDED else [],
                }
            )
    context = {"person": person, "rows": rows, "today": today}
    return render(request, "members/my_membership.html", context)


@login_required
def notification_list_view(request: HttpRequest) -> HttpResponse:
    notifications = notifications_for_user(request.user).order_by("-created_at", "-pk")
    page = Paginator(notifications, NOTIFICATIONS_PER_PAGE).get_page(request.GET.get("pagina"))
    return render(request, "members/notification_list.html", {"page": page, "query": ""})


@require_POST
@login_required
def notification_read_view(request: HttpRequest, pk: int) -> HttpResponse:
    notification = notification_for_user(request.user, pk)
    portal_services.notification_mark_read(notification=notification, actor=acting_user(request))
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect("members:notification_list")
