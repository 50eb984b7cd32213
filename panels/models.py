"""Panels and the public face (issue 8): participation activities (W-PAN-1), signals and their follow-up (W-PAN-2),
and the central council's working visits and panel contacts (W-SCOPE-5).

Writes go through panels/services.py (DESIGN.md convention 2); reads are QuerySet methods that take the day as an
argument (convention 3). Access: panels/permissions.py (convention 4). Decisions: docs/PANELS.md.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from councils.models import Body, BusinessUnit


class ActivityMethod(models.TextChoices):
    FOCUS_GROUP = "focus_group", _("Focus group")
    SURVEY = "survey", _("Survey")
    WORK_SESSION = "work_session", _("Work session")
    CLIENT_JOURNEY = "client_journey", _("Client journey")
    EXPERIENCE_CAFE = "experience_cafe", _("Experience café")
    PIZZA_SESSION = "pizza_session", _("Pizza session")
    WORKING_VISIT = "working_visit", _("Working visit")
    SOCIAL_MEDIA_POLL = "social_media_poll", _("Social-media poll")
    OTHER = "other", _("Other")


class Activity(models.Model):
    """A participation activity of a panel (or any body): how it collected experiences and what came out (W-PAN-1)."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    body = models.ForeignKey(Body, verbose_name=_("body"), on_delete=models.PROTECT, related_name="activities")
    method = models.CharField(_("method"), max_length=20, choices=ActivityMethod.choices)
    title = models.CharField(_("title"), max_length=200)
    held_on = models.DateField(_("date"))
    participants = models.PositiveIntegerField(_("number of participants"), default=0)
    youth = models.BooleanField(_("with young people"), default=False)
    parents = models.BooleanField(_("with parents"), default=False)
    summary = models.TextField(_("what came out"), blank=True)
    follow_up = models.TextField(_("follow-up"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["-held_on", "-pk"]
        indexes = [models.Index(fields=["body", "held_on"], name="panels_activity_body_held")]

    def __str__(self) -> str:
        return f"{self.title} ({date_format(self.held_on, 'j F Y')})"


class SignalSource(models.TextChoices):
    ACTIVITY = "activity", _("Panel activity")
    PUBLIC_FORM = "public_form", _("Public form")
    MEMBER = "member", _("Member")
    SUPPORTER = "supporter", _("Supporter")


class SignalTheme(models.TextChoices):
    CARE = "care", _("Care and support")
    COMMUNICATION = "communication", _("Contact and communication")
    SAFETY = "safety", _("Safety")
    LIVING = "living", _("Living and daily life")
    SCHOOL_WORK = "school_work", _("School, work and leisure")
    WAITING = "waiting", _("Waiting times and access")
    PARTICIPATION = "participation", _("Participation")
    OTHER = "other", _("Other")


class SignalStatus(models.TextChoices):
    RECEIVED = "received", _("Received")
    IN_PROGRESS = "in_progress", _("Being handled")
    ANSWERED = "answered", _("Answered")
    CLOSED = "closed", _("Closed")


OPEN_SIGNAL_STATUSES = (SignalStatus.RECEIVED, SignalStatus.IN_PROGRESS, SignalStatus.ANSWERED)


class Signal(models.Model):
    """Input from a client, parent, panel member or supporter, and what was done with it (W-PAN-2).

    A signal belongs to the body that received it; it can be forwarded to the central council (`forwarded_to`),
    whose supporters then answer it (`council_response`) while the receiving body keeps following it. It cannot be
    closed before the person who raised it was told (`told_on`), unless it was anonymous (no contact given).
    `reference` is what the sender gets on the receipt page.
    """

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    reference = models.CharField(_("reference"), max_length=20, unique=True, editable=False)
    body = models.ForeignKey(Body, verbose_name=_("body"), on_delete=models.PROTECT, related_name="signals")
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"))
    source = models.CharField(_("source"), max_length=20, choices=SignalSource.choices)
    activity = models.ForeignKey(
        Activity, verbose_name=_("activity"), null=True, blank=True, on_delete=models.PROTECT, related_name="signals"
    )
    theme = models.CharField(_("theme"), max_length=20, choices=SignalTheme.choices, default=SignalTheme.OTHER)
    status = models.CharField(_("status"), max_length=20, choices=SignalStatus.choices, default=SignalStatus.RECEIVED)
    received_on = models.DateField(_("received on"))
    # The sender: all optional (a public signal may be anonymous). Not kept in history (privacy).
    sender_name = models.CharField(_("name"), max_length=120, blank=True)
    sender_contact = models.CharField(_("e-mail or phone"), max_length=200, blank=True)
    # What was done with it, and when the person who raised it was told.
    response = models.TextField(_("what was done with it"), blank=True)
    told_on = models.DateField(_("person told on"), null=True, blank=True)
    told_how = models.CharField(_("how the person was told"), max_length=200, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    # W-PAN-2: forwarded to the central council, and what the council did with it.
    forwarded_to = models.ForeignKey(
        Body,
        verbose_name=_("forwarded to"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="forwarded_signals",
    )
    forwarded_on = models.DateField(_("forwarded on"), null=True, blank=True)
    council_response = models.TextField(_("what the council did with it"), blank=True)
    council_responded_on = models.DateField(_("council answered on"), null=True, blank=True)
    # Links to where it was taken up.
    agenda_item = models.ForeignKey(
        "councils.AgendaItem",
        verbose_name=_("agenda item"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="signals",
    )
    request = models.ForeignKey(
        "advice.Request",
        verbose_name=_("request"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="signals",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    history = HistoricalRecords(excluded_fields=["sender_name", "sender_contact"])

    class Meta:
        verbose_name = _("signal")
        verbose_name_plural = _("signals")
        ordering = ["-received_on", "-pk"]
        indexes = [
            models.Index(fields=["body", "status"], name="panels_signal_body_status"),
            models.Index(fields=["forwarded_to", "status"], name="panels_signal_forwarded"),
            models.Index(fields=["body", "received_on"], name="panels_signal_body_received"),
        ]
        constraints = [
            # W-PAN-2: closed only after the person was told, unless anonymous (no contact to tell).
            models.CheckConstraint(
                condition=~Q(status="closed") | Q(told_on__isnull=False) | Q(sender_contact=""),
                name="panels_signal_closed_after_told",
                violation_error_message=_("Record when the person who raised the signal was told before closing it."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"

    @property
    def is_anonymous(self) -> bool:
        return not self.sender_contact


class ContactKind(models.TextChoices):
    WORKING_VISIT = "working_visit", _("Working visit to the unit")
    PANEL_CONTACT = "panel_contact", _("Contact with a panel")


class LocalContact(models.Model):
    """W-SCOPE-5: the central council's connection to local practice: a working visit to a unit, or a contact with
    a panel (which then also counts for the units the panel represents)."""

    council = models.ForeignKey(
        Body, verbose_name=_("client council"), on_delete=models.PROTECT, related_name="local_contacts"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=ContactKind.choices)
    unit = models.ForeignKey(
        BusinessUnit,
        verbose_name=_("business unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="local_contacts",
    )
    panel = models.ForeignKey(
        Body, verbose_name=_("panel"), null=True, blank=True, on_delete=models.PROTECT, related_name="council_contacts"
    )
    held_on = models.DateField(_("date"))
    notes = models.TextField(_("notes"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("working visit or panel contact")
        verbose_name_plural = _("working visits and panel contacts")
        ordering = ["-held_on", "-pk"]
        indexes = [
            models.Index(fields=["council", "unit", "held_on"], name="panels_contact_unit"),
            models.Index(fields=["council", "panel", "held_on"], name="panels_contact_panel"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(Q(kind="working_visit") & Q(unit__isnull=False))
                | (Q(kind="panel_contact") & Q(panel__isnull=False)),
                name="panels_contact_has_target",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.council}: {self.get_kind_display()} ({date_format(self.held_on, 'j F Y')})"
