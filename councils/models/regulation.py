"""A council's participation regulation (medezeggenschapsregeling) and its versioned documents (W-REG-1..4)."""

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from councils.models.structure import Body, BodyKind


class DisputeCommittee(models.TextChoices):
    OWN = "own", _("The organisation's own committee of confidants")
    NATIONAL = "national", _("The national committee of confidants (LCvV)")


def default_reminder_days() -> list[int]:
    """W-REG-4: reminders 2 weeks and 3 days before a due date."""
    return [14, 3]


def validate_reminder_days(value: Any) -> None:
    if not isinstance(value, list) or not all(isinstance(d, int) and not isinstance(d, bool) for d in value):
        raise ValidationError(_("Reminders must be a list of whole numbers of days."), code="invalid")
    if any(d < 1 for d in value):
        raise ValidationError(_("A reminder must be at least one day before the due date."), code="invalid")
    if len(set(value)) != len(value):
        raise ValidationError(_("Each reminder may be listed once."), code="invalid")


class Regulation(models.Model):
    """A council's participation regulation (medezeggenschapsregeling): its parameters (W-REG-4 [M] defaults).

    Also W-MEM-2 (`former_clients_eligible`, default allowed as the seed proposes), W-MEM-9 (allowance) and W-DIS-1
    (which committee of confidants). The documents themselves are RegulationDocument rows (W-REG-1..3).
    """

    council = models.OneToOneField(
        Body,
        verbose_name=_("client council"),
        on_delete=models.PROTECT,
        related_name="regulation",
        limit_choices_to={"kind": BodyKind.COUNCIL},
    )
    seats_per_chamber_min = models.PositiveSmallIntegerField(_("minimum seats per chamber"), default=5)
    seats_per_chamber_max = models.PositiveSmallIntegerField(_("maximum seats per chamber"), default=10)
    quorum = models.PositiveSmallIntegerField(_("members needed to be quorate"), default=3)
    term_years = models.PositiveSmallIntegerField(_("term (years)"), default=3, validators=[MinValueValidator(1)])
    max_consecutive_terms = models.PositiveSmallIntegerField(
        _("maximum consecutive terms"), default=2, validators=[MinValueValidator(1)]
    )
    trial_months = models.PositiveSmallIntegerField(_("trial period (months)"), default=3)
    advice_response_weeks = models.PositiveSmallIntegerField(
        _("advice response period (weeks)"), default=6, validators=[MinValueValidator(1)]
    )
    consent_response_weeks = models.PositiveSmallIntegerField(
        _("consent response period (weeks)"), default=6, validators=[MinValueValidator(1)]
    )
    unsolicited_response_weeks = models.PositiveSmallIntegerField(
        _("response period for unsolicited advice (weeks)"), default=6, validators=[MinValueValidator(1)]
    )
    reminder_days_before = models.JSONField(
        _("reminders (days before a due date)"), default=default_reminder_days, validators=[validate_reminder_days]
    )
    joint_meetings_target = models.PositiveSmallIntegerField(
        _("target joint meetings with the board per year"),
        default=8,
        validators=[MinValueValidator(8), MaxValueValidator(10)],
    )
    allowance_per_meeting = models.DecimalField(
        _("allowance per meeting (EUR)"),
        max_digits=8,
        decimal_places=2,
        default=0,
        validators=[MinValueValidator(0)],
    )
    former_clients_eligible = models.BooleanField(_("former clients may become members"), default=True)
    dispute_committee = models.CharField(
        _("committee of confidants"), max_length=20, choices=DisputeCommittee.choices, default=DisputeCommittee.OWN
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("participation regulation")
        verbose_name_plural = _("participation regulations")
        ordering = ["council__name"]

    def __str__(self) -> str:
        return str(self.council)

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if self.council_id is not None and self.council.kind != BodyKind.COUNCIL:
            errors["council"] = _("Only a client council has a participation regulation.")
        if self.seats_per_chamber_min > self.seats_per_chamber_max:
            errors["seats_per_chamber_max"] = _("The maximum number of seats cannot be below the minimum.")
        if self.quorum < 1 or self.quorum > self.seats_per_chamber_min:
            errors["quorum"] = _("The quorum must be at least 1 and at most the minimum number of seats.")
        if errors:
            raise ValidationError(errors)

    def effective_version(self) -> "RegulationVersion | None":
        """The parameter version in force now (its values are this row's, W-REG-1)."""
        return self.parameter_versions.filter(status=RegulationVersionStatus.EFFECTIVE).first()

    def pending_proposal(self) -> "RegulationVersion | None":
        """The proposed change waiting for the council's consent, if any (at most one)."""
        return self.parameter_versions.filter(status=RegulationVersionStatus.PROPOSED).first()

    def version_on(self, day: date) -> "RegulationVersion | None":
        """The parameter version that applied on day: the latest one that came into force on or before it."""
        return (
            self.parameter_versions.filter(
                status__in=[RegulationVersionStatus.EFFECTIVE, RegulationVersionStatus.SUPERSEDED],
                valid_from__lte=day,
            )
            .order_by("-valid_from", "-number")
            .first()
        )

    def current_document(self, kind: str) -> "RegulationDocument | None":
        """The latest version of this kind whose consent was granted (W-REG-1), or None."""
        return self.documents.filter(kind=kind, consent_status=ConsentStatus.GRANTED).order_by("-version").first()


class RegulationDocumentKind(models.TextChoices):
    REGULATION = "regulation", _("Participation regulation")
    HOUSE_RULES = "house_rules", _("House rules")


class ConsentStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    CONSENT_REQUESTED = "consent_requested", _("Consent requested")
    GRANTED = "consent_granted", _("Consent granted")
    REFUSED = "consent_refused", _("Consent refused")


def regulation_document_upload_to(instance: "RegulationDocument", filename: str) -> str:
    return f"regulations/{instance.regulation_id}/{instance.kind}-v{instance.version}-{filename}"


class RegulationDocument(models.Model):
    """One version of a council's regulation (W-REG-1, consent topic a) or house rules (W-REG-3).

    A new text is a new version; an earlier version is never changed. Since issue 14 house rules are HouseRules rows
    that the council's supporter records (W-REG-3); older house-rules documents stay here as history.
    """

    regulation = models.ForeignKey(
        Regulation, verbose_name=_("regulation"), on_delete=models.PROTECT, related_name="documents"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=RegulationDocumentKind.choices)
    version = models.PositiveIntegerField(_("version"), validators=[MinValueValidator(1)])
    file = models.FileField(_("file"), upload_to=regulation_document_upload_to, max_length=300)
    consent_status = models.CharField(
        _("consent status"), max_length=20, choices=ConsentStatus.choices, default=ConsentStatus.DRAFT
    )
    consent_date = models.DateField(_("consent date"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("regulation document")
        verbose_name_plural = _("regulation documents")
        ordering = ["regulation", "kind", "version"]
        constraints = [
            models.UniqueConstraint(
                fields=["regulation", "kind", "version"], name="councils_regulationdocument_unique_version"
            ),
            # A decided consent has a date (W-CON-3: the council's decision is recorded, in writing).
            models.CheckConstraint(
                condition=Q(consent_status__in=["draft", "consent_requested"]) | Q(consent_date__isnull=False),
                name="councils_regulationdocument_decision_has_date",
                violation_error_message=_("A granted or refused consent needs a date."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.regulation} - {self.get_kind_display()} v{self.version}"


class RegulationVersionStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed, waiting for the council's consent")
    EFFECTIVE = "effective", _("In force")
    SUPERSEDED = "superseded", _("Replaced by a later version")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class RegulationVersion(models.Model):
    """One version of a council's regulation parameters (W-REG-1, W-BODY-4).

    A change is first a proposed version; it takes effect only when the administrator activates it with the council's
    granted consent request on topic a, or with a standing ruling of the committee of confidants that replaces that
    consent (W-CON-4). Activating copies the values onto the Regulation row, which is what every part of the portal
    reads: until then the old values apply everywhere. The first version of a new council's regulation is set by an
    administrator and is marked as not consented (`consented` False) until a consented version replaces it.
    """

    regulation = models.ForeignKey(
        Regulation, verbose_name=_("regulation"), on_delete=models.PROTECT, related_name="parameter_versions"
    )
    number = models.PositiveIntegerField(_("version"), validators=[MinValueValidator(1)])
    values = models.JSONField(_("settings"))
    status = models.CharField(
        _("status"), max_length=20, choices=RegulationVersionStatus.choices, default=RegulationVersionStatus.PROPOSED
    )
    consented = models.BooleanField(_("with the council's consent"), default=False)
    consent_request = models.ForeignKey(
        "advice.Request",
        verbose_name=_("granted consent request"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    ruling = models.ForeignKey(
        "advice.Dispute",
        verbose_name=_("replacing ruling"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    valid_from = models.DateField(_("in force from"), null=True, blank=True)
    reason = models.CharField(_("reason"), max_length=300)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("regulation version")
        verbose_name_plural = _("regulation versions")
        ordering = ["regulation", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["regulation", "number"], name="councils_regulationversion_unique_number"),
            models.UniqueConstraint(
                fields=["regulation"],
                condition=Q(status="proposed"),
                name="councils_regulationversion_one_proposal",
                violation_error_message=_("This regulation already has a pending proposal."),
            ),
            models.UniqueConstraint(
                fields=["regulation"],
                condition=Q(status="effective"),
                name="councils_regulationversion_one_effective",
            ),
            # A consented version rests on exactly one granted request or replacing ruling; others on neither.
            models.CheckConstraint(
                condition=(
                    Q(consented=True, consent_request__isnull=False, ruling__isnull=True)
                    | Q(consented=True, consent_request__isnull=True, ruling__isnull=False)
                    | Q(consented=False, consent_request__isnull=True, ruling__isnull=True)
                ),
                name="councils_regulationversion_consent_basis",
            ),
            # In force (or once in force) means a first day.
            models.CheckConstraint(
                condition=Q(status__in=["proposed", "withdrawn"]) | Q(valid_from__isnull=False),
                name="councils_regulationversion_effective_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.regulation} v{self.number}"


class HouseRules(models.Model):
    """One version of a council's house rules (huishoudelijk reglement, W-REG-3), adopted by the council itself.

    A supporter of the council records the text (or a document), the meeting in which the council adopted it and the
    date; administrators and the board cannot. The rules state at least how the council inventories clients' wishes
    and opinions and how it informs clients about its work and results. The newest version is the current one; an
    earlier version is never changed.
    """

    council = models.ForeignKey(
        Body,
        verbose_name=_("client council"),
        on_delete=models.PROTECT,
        related_name="house_rules",
        limit_choices_to={"kind": BodyKind.COUNCIL},
    )
    version = models.PositiveIntegerField(_("version"), validators=[MinValueValidator(1)])
    text = models.TextField(_("text"), blank=True)
    file = models.FileField(_("document"), upload_to="house-rules/%Y/", max_length=300, blank=True)
    wishes_inventory = models.TextField(_("how the council inventories clients' wishes and opinions"))
    informing_clients = models.TextField(_("how the council informs clients about its work and results"))
    meeting = models.ForeignKey(
        "councils.Meeting", verbose_name=_("adopted in the meeting"), on_delete=models.PROTECT, related_name="+"
    )
    adopted_on = models.DateField(_("adopted on"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("house rules")
        verbose_name_plural = _("house rules")
        ordering = ["council", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["council", "version"], name="councils_houserules_unique_version"),
            models.CheckConstraint(
                condition=~Q(text="") | ~Q(file=""),
                name="councils_houserules_text_or_file",
                violation_error_message=_("Give the text of the house rules or attach the document."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.council} - v{self.version}"
