"""A council's participation regulation (medezeggenschapsregeling) and its versioned documents (W-REG-1..4)."""

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

    A new text is a new version; an earlier version is never changed. For house rules, which the council sets
    itself, "consent granted" records that the council adopted them.
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
