"""People, their memberships of bodies, trial evaluations, vacancies and allowances (WMCZ.md §4, W-MEM-1..10).

Privacy by design (DESIGN.md §7, W-MEM-8, W-MEM-10): a Person holds the minimum, never care or case details.
Contact details (e-mail, phone) are excluded from the history tables, so removing them removes them everywhere.
A person who may be under 16 gets contact details only after a parent's or guardian's consent is recorded.

Writes go through members/services/ (DESIGN.md convention 2); reads are QuerySet methods that take the day
(convention 3). A member's access to their body follows from `Membership.objects.current(on=day)`: it starts with
the trial and ends with the membership or the term, by itself (DESIGN.md convention 4).
"""

import uuid
from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from councils.models import Body, BusinessUnit
from councils.scope import ServiceKind

# With only a birth year, someone born in year Y is 15 or 16 during year Y + 16: treat them as possibly under 16
# until the year they turn 17 (the safe side of W-MEM-8). See docs/MEMBERS.md.
CONSENT_AGE = 16


class Group(models.TextChoices):
    """A member's client group (W-BODY-3): youth care has young people and their parents or carers; Wmo support
    and household help (HBH, Hollands Kroon) have adult clients and the people who represent them."""

    YOUTH = "youth", _("Young person")
    PARENT = "parent", _("Parent or carer")
    ADULT = "adult", _("Adult client")
    REPRESENTATIVE = "representative", _("Representative of an adult client")


YOUTH_GROUPS = (Group.YOUTH, Group.PARENT)
ADULT_GROUPS = (Group.ADULT, Group.REPRESENTATIVE)
# The kinds of service whose clients are young people (and their parents); every other kind serves adults.
YOUTH_SERVICES = frozenset({ServiceKind.YOUTH_CARE, ServiceKind.YOUTH_WORK})
# Adult clients and their representatives are adults: someone reaching this age this year at the latest.
ADULT_AGE = 18


def client_groups_for_services(services: Iterable[str]) -> list[Group]:
    """What a body represents, from its units' kinds of service (docs/MEMBERS.md, "Client groups").

    Youth care or youth work: young people and parents. Any other kind: adult clients and their representatives.
    Both: all four. Nothing known (no units, no services): all four, so nobody is left out.
    """
    kinds = set(services)
    youth, adult = bool(kinds & YOUTH_SERVICES), bool(kinds - YOUTH_SERVICES)
    if not (youth or adult):
        return list(Group)
    return [group for group in Group if (youth and group in YOUTH_GROUPS) or (adult and group in ADULT_GROUPS)]


def client_groups_of(body: Body, *, on: date) -> list[Group]:
    """The client groups body represents on day: from the units it represents, or (a chamber, a panel without
    units of its own) those of the council it belongs to. Two queries at most."""
    candidates = [body] if body.parent_id is None else [body, body.parent]
    for candidate in candidates:
        if candidate is None:
            continue
        lists = list(BusinessUnit.objects.represented_by(candidate, on=on).values_list("services", flat=True))
        if lists:
            return client_groups_for_services(kind for services in lists for kind in services)
    return list(Group)


class ClientStatus(models.TextChoices):
    CURRENT = "current", _("Current client")
    FORMER = "former", _("Former client")


class PersonQuerySet(models.QuerySet["Person"]):
    def not_anonymised(self) -> "PersonQuerySet":
        return self.filter(anonymised_at__isnull=True)


class Person(models.Model):
    """Someone who is, was or wants to be a member. The minimum: no care or case details (W-MEM-8)."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    display_name = models.CharField(_("name"), max_length=120, help_text=_("The name as the person wants it shown."))
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    birth_year = models.PositiveSmallIntegerField(_("birth year"), validators=[MinValueValidator(1900)])
    group = models.CharField(_("client group"), max_length=20, choices=Group.choices)
    client_status = models.CharField(
        _("client"), max_length=10, choices=ClientStatus.choices, default=ClientStatus.CURRENT
    )
    business_unit = models.ForeignKey(
        BusinessUnit,
        verbose_name=_("business unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="people",
    )
    name_public = models.BooleanField(_("first name may appear on the public page"), default=False)
    # W-MEM-8: the consent of a parent or guardian, recorded before contact details of an under-16 are stored.
    guardian_consent_on = models.DateField(_("parental consent given on"), null=True, blank=True)
    guardian_consent_by = models.CharField(
        _("consent given by"), max_length=120, blank=True, help_text=_("For example: mother, guardian.")
    )
    # W-MEM-3: declared at intake; employees and (supervisory) board members are not eligible.
    is_employee = models.BooleanField(_("works for the organisation"), default=False)
    is_board = models.BooleanField(_("board or supervisory board member"), default=False)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("login account"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="person",
    )
    anonymised_at = models.DateTimeField(_("anonymised at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    # Contact details never enter the history tables (W-MEM-10: removing them removes them everywhere).
    history = HistoricalRecords(excluded_fields=["email", "phone"])

    objects = PersonQuerySet.as_manager()

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["display_name", "pk"]

    def __str__(self) -> str:
        return self.display_name

    def may_be_under(self, age: int, *, on: date) -> bool:
        """Whether the person may be younger than age on day (we only know the birth year)."""
        return on.year - self.birth_year <= age

    def needs_guardian_consent(self, *, on: date) -> bool:
        """W-MEM-8: possibly under 16 and no consent recorded yet."""
        return self.may_be_under(CONSENT_AGE, on=on) and self.guardian_consent_on is None

    @property
    def has_contact_details(self) -> bool:
        return bool(self.email or self.phone)

    @property
    def is_anonymised(self) -> bool:
        return self.anonymised_at is not None


class Role(models.TextChoices):
    CHAIR = "chair", _("Chair")
    VICE_CHAIR = "vice_chair", _("Vice-chair")
    SECRETARY = "secretary", _("Secretary")
    MEMBER = "member", _("Member")


class Status(models.TextChoices):
    CANDIDATE = "candidate", _("Candidate")
    TRIAL = "trial", _("Trial period")
    ACTIVE = "active", _("Member")
    ENDED = "ended", _("Left")


class EndReason(models.TextChoices):
    OWN_WISH = "own_wish", _("Own wish")
    TERM_ENDED = "term_ended", _("End of term")
    TRIAL_NOT_CONTINUED = "trial_not_continued", _("Not continued after the trial period")
    NOT_ELIGIBLE = "not_eligible", _("No longer eligible")
    NOT_APPOINTED = "not_appointed", _("Candidate not appointed")
    OTHER = "other", _("Other")


class Suitability(models.TextChoices):
    """W-MEM-1: the suitability criteria, recorded at intake and at the evaluation."""

    REFLECTS_TARGET_GROUP = "reflects_target_group", _("Helps the council reflect its target group")
    WANTS_TO_IMPROVE = "wants_to_improve", _("Really wants to help improve the support")
    HAS_EXPERIENCE = "has_experience", _("Has positive and/or negative experiences to share")
    RECEIVES_SUPPORT = "receives_support", _("Receives or has received support")
    LOOKS_BEYOND_OWN = "looks_beyond_own", _("Can look beyond their own experience")


class MembershipQuerySet(models.QuerySet["Membership"]):
    def current(self, *, on: date) -> "MembershipQuerySet":
        """Memberships that give access on day: in trial or active, started (and, for a member moved in from another
        body, moved in), and not ended or past the term. For a past day a membership that has ended since counts too,
        so the answer is what was true on that day (W-BODY-5); ended_on never lies in the future."""
        return self.filter(
            Q(term_end__isnull=True) | Q(term_end__gt=on),
            Q(ended_on__isnull=True) | Q(ended_on__gt=on),
            Q(moved_in_on__isnull=True) | Q(moved_in_on__lte=on),
            status__in=[Status.TRIAL, Status.ACTIVE, Status.ENDED],
            trial_start__lte=on,
        )

    def seated(self) -> "MembershipQuerySet":
        """Memberships that take a seat (trial or active): the seats-per-chamber limit counts these."""
        return self.filter(status__in=[Status.TRIAL, Status.ACTIVE])

    def in_trial(self) -> "MembershipQuerySet":
        return self.filter(status=Status.TRIAL)

    def candidates(self) -> "MembershipQuerySet":
        return self.filter(status=Status.CANDIDATE)

    def trial_ending_before(self, day: date) -> "MembershipQuerySet":
        return self.in_trial().filter(trial_end__lt=day)

    def for_bodies(self, bodies: Any) -> "MembershipQuerySet":
        return self.filter(body__in=bodies)


class Membership(models.Model):
    """A person's seat in a body: candidate → trial → active → ended (W-MEM-4..6, W-MEM-10)."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    person = models.ForeignKey(Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="memberships")
    body = models.ForeignKey(Body, verbose_name=_("body"), on_delete=models.PROTECT, related_name="memberships")
    role = models.CharField(_("role"), max_length=12, choices=Role.choices, default=Role.MEMBER)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.CANDIDATE)
    suitability = models.JSONField(_("suitability criteria met"), default=list, blank=True)
    suitability_notes = models.TextField(_("notes on suitability"), blank=True)
    vacancy = models.ForeignKey(
        "Vacancy",
        verbose_name=_("vacancy responded to"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="responses",
    )
    application_text = models.TextField(_("what the candidate wrote"), blank=True)
    # W-MEM-1: an open complaint procedure blocks appointment while it is open.
    open_complaint = models.BooleanField(_("has an open complaint procedure"), default=False)
    # W-MEM-4: the trial period cannot start before this day (set on registering; may lie before the row's creation
    # for a member entered afterwards). Empty only on rows older than this field that had no creation date to copy.
    candidate_on = models.DateField(_("candidate since"), null=True, blank=True)
    trial_start = models.DateField(_("trial starts"), null=True, blank=True)
    # W-BODY-3 / W-BODY-5: a member moved in from another body keeps their trial and term dates, but was a member of
    # this body only from the day of the move (members.services.memberships.membership_transfer).
    moved_in_on = models.DateField(_("moved in from another body on"), null=True, blank=True)
    trial_end = models.DateField(_("trial ends"), null=True, blank=True)
    trial_extended = models.BooleanField(_("trial extended"), default=False)
    term_start = models.DateField(_("term starts"), null=True, blank=True)
    term_end = models.DateField(_("term ends"), null=True, blank=True)
    term_number = models.PositiveSmallIntegerField(_("term number"), default=0)
    ended_on = models.DateField(_("left on"), null=True, blank=True)
    end_reason = models.CharField(_("reason for leaving"), max_length=20, choices=EndReason.choices, blank=True)
    end_note = models.TextField(_("note on leaving"), blank=True)
    # Bookkeeping for the reminder sweep (DESIGN.md convention 9); not history.
    next_reminder_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    history = HistoricalRecords(excluded_fields=["next_reminder_at"])

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["body__name", "person__display_name", "pk"]
        indexes = [
            # The member gate and the seats count: memberships of a body by status.
            models.Index(fields=["body", "status"], name="members_ms_body_status"),
            models.Index(fields=["person", "status"], name="members_ms_person_status"),
            # The supporters' list filter "trial ending" and the overdue check.
            models.Index(fields=["status", "trial_end"], name="members_ms_trial_end"),
            models.Index(fields=["status", "term_end"], name="members_ms_term_end"),
            # The reminder sweep: due rows only (members.services.reminders.membership_reminder_handle_one).
            models.Index(
                fields=["next_reminder_at"],
                name="members_ms_reminder_due",
                condition=Q(next_reminder_at__isnull=False),
            ),
        ]
        # The absolute rules, kept by the database too (issue 15, point 13), so that neither a bug nor the admin
        # can store what the services refuse. "One chamber per person at a time" spans the body's parent and stays
        # a service rule (docs/MEMBERS.md).
        constraints = [
            models.UniqueConstraint(
                fields=["person", "body"],
                condition=~Q(status="ended"),
                name="members_ms_one_open_per_body",
            ),
            models.CheckConstraint(
                condition=Q(term_start__isnull=True) | Q(term_end__isnull=True) | Q(term_end__gt=F("term_start")),
                name="members_ms_term_end_after_start",
            ),
            models.CheckConstraint(
                condition=Q(trial_start__isnull=True) | Q(trial_end__isnull=True) | Q(trial_end__gte=F("trial_start")),
                name="members_ms_trial_end_after_start",
            ),
            models.CheckConstraint(
                condition=~Q(status="ended") | Q(ended_on__isnull=False),
                name="members_ms_ended_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} - {self.body}"

    def is_current(self, *, on: date) -> bool:
        """Twin of Membership.objects.current(on=day)."""
        return (
            self.status in (Status.TRIAL, Status.ACTIVE, Status.ENDED)
            and self.trial_start is not None
            and self.trial_start <= on
            and (self.moved_in_on is None or self.moved_in_on <= on)
            and (self.term_end is None or on < self.term_end)
            and (self.ended_on is None or on < self.ended_on)
        )

    def is_in_trial(self, *, on: date) -> bool:
        return self.status == Status.TRIAL and self.is_current(on=on)

    def trial_overdue(self, *, on: date) -> bool:
        """W-MEM-4: the trial has ended but was not evaluated."""
        return self.status == Status.TRIAL and self.trial_end is not None and self.trial_end < on


# History pages show each criterion by its label (incluzio_mz.lib.history.readable_value), never its code.
setattr(Membership._meta.get_field("suitability"), "item_choices", Suitability.choices)  # noqa: B010


class EvaluationOutcome(models.TextChoices):
    CONTINUE = "continue", _("Continue as a member")
    EXTEND = "extend", _("Extend the trial period once")
    END = "end", _("End the membership")


class Evaluation(models.Model):
    """The end-of-trial conversation between the council and the member (W-MEM-4), with the criteria (W-MEM-1)."""

    membership = models.ForeignKey(
        Membership, verbose_name=_("membership"), on_delete=models.PROTECT, related_name="evaluations"
    )
    held_on = models.DateField(_("held on"))
    outcome = models.CharField(_("outcome"), max_length=10, choices=EvaluationOutcome.choices)
    record = models.TextField(_("short record of the conversation"))
    suitability = models.JSONField(_("suitability criteria met"), default=list, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("trial evaluation")
        verbose_name_plural = _("trial evaluations")
        ordering = ["membership", "held_on", "pk"]

    def __str__(self) -> str:
        return f"{self.membership} ({self.held_on})"


setattr(Evaluation._meta.get_field("suitability"), "item_choices", Suitability.choices)  # noqa: B010


class VacancyQuerySet(models.QuerySet["Vacancy"]):
    def open(self, *, on: date) -> "VacancyQuerySet":
        return self.filter(published=True, closed_at__isnull=True, closes_on__gte=on)


class Vacancy(models.Model):
    """A seat a body wants to fill, published on its public page (W-MEM-7)."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    body = models.ForeignKey(Body, verbose_name=_("body"), on_delete=models.PROTECT, related_name="vacancies")
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("text"), help_text=_("Plain language: what the member does and what you offer."))
    group = models.CharField(_("for"), max_length=20, choices=Group.choices)
    closes_on = models.DateField(_("closing date"))
    published = models.BooleanField(_("published"), default=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    history = HistoricalRecords()

    objects = VacancyQuerySet.as_manager()

    class Meta:
        verbose_name = _("vacancy")
        verbose_name_plural = _("vacancies")
        ordering = ["closes_on", "pk"]
        indexes = [models.Index(fields=["body", "closes_on"], name="members_vacancy_body_closes")]

    def __str__(self) -> str:
        return self.title


class AllowanceKind(models.TextChoices):
    MEETING = "meeting", _("Meeting")
    ACTIVITY = "activity", _("Activity")
    EXPENSES = "expenses", _("Expenses")


class AllowancePayment(models.Model):
    """An allowance paid to a member for a month (W-MEM-9); the caps are configuration (settings.ALLOWANCE_CAPS)."""

    membership = models.ForeignKey(
        Membership, verbose_name=_("membership"), on_delete=models.PROTECT, related_name="allowances"
    )
    month = models.DateField(_("month"), help_text=_("The first day of the month it is paid for."))
    amount = models.DecimalField(_("amount (EUR)"), max_digits=8, decimal_places=2, validators=[MinValueValidator(0)])
    kind = models.CharField(_("for"), max_length=10, choices=AllowanceKind.choices, default=AllowanceKind.MEETING)
    # W-MEM-9: the hourly cap compares amount / hours; required for meeting and activity allowances (services), empty
    # for expenses and for payments recorded before hours were asked.
    hours = models.DecimalField(
        _("hours"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.01"))],
        help_text=_("The hours of volunteer work this payment is for."),
    )
    description = models.CharField(_("description"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("allowance")
        verbose_name_plural = _("allowances")
        ordering = ["month", "pk"]
        indexes = [models.Index(fields=["membership", "month"], name="members_allowance_month")]
        constraints = [
            models.CheckConstraint(condition=Q(month__day=1), name="members_allowance_first_of_month"),
        ]

    def __str__(self) -> str:
        return f"{self.membership} {self.month:%Y-%m}: {self.amount}"
