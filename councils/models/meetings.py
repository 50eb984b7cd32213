"""Meetings of a body, their agendas, documents, minutes, decision and action list, and attendance (issue 6).

Writes go through councils/meetings/services.py (DESIGN.md convention 2); access goes through
councils/meetings/permissions.py (convention 4: Meeting is the aggregate; agenda items, documents, minutes, action
items and attendance are reached through their meeting or body). Reads are QuerySet methods that take the moment
as an argument (convention 3). Decisions where the issue is silent are in docs/MEETINGS.md.

People are referred to by string ("members.Person"): members.models imports councils.models, so this module must
not import members at load time.
"""

import secrets
import uuid
from dataclasses import dataclass
from datetime import date, datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from councils.models.structure import Body, BodyKind
from incluzio_mz.lib import uploads

# ---------------------------------------------------------------------------------------------------------------
# Meetings


class MeetingKind(models.TextChoices):
    CHAMBER = "chamber", _("Chamber meeting")
    JOINT = "joint", _("Joint meeting of the council with the board")
    PANEL = "panel", _("Panel meeting")
    OTHER = "other", _("Other meeting")


# Which kind of body holds which kind of meeting (OTHER: any body).
MEETING_KIND_BODY = {
    MeetingKind.CHAMBER: BodyKind.CHAMBER,
    MeetingKind.JOINT: BodyKind.COUNCIL,
    MeetingKind.PANEL: BodyKind.PANEL,
}


class MeetingStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    AGENDA_PUBLISHED = "agenda_published", _("Agenda published")
    HELD = "held", _("Held")
    MINUTES_APPROVED = "minutes_approved", _("Minutes approved")
    CANCELLED = "cancelled", _("Cancelled")


class MeetingNotice(models.TextChoices):
    """What the invitees still have to be told (bookkeeping for the notification sweep, docs/MEETINGS.md)."""

    NONE = "", _("Nothing")
    INVITATION = "invitation", _("Invitation")
    UPDATE = "update", _("Update")
    CANCELLATION = "cancellation", _("Cancellation")


# W-OVL-1 [S]: the board meets the council at least once a year.
JOINT_MEETINGS_STATUTORY_MINIMUM = 1


class MeetingQuerySet(models.QuerySet["Meeting"]):
    def not_cancelled(self) -> "MeetingQuerySet":
        return self.exclude(status=MeetingStatus.CANCELLED)

    def upcoming(self, now: datetime) -> "MeetingQuerySet":
        """Meetings that have not ended at `now` (including one in progress), soonest first; cancelled included."""
        return self.filter(ends_at__gt=now).order_by("starts_at", "pk")

    def past(self, now: datetime) -> "MeetingQuerySet":
        """Meetings that ended at or before `now`, latest first; cancelled included."""
        return self.filter(ends_at__lte=now).order_by("-starts_at", "-pk")

    def for_bodies(self, bodies: object) -> "MeetingQuerySet":
        """Meetings of these bodies (a queryset of bodies or of their ids)."""
        return self.filter(body__in=bodies)

    def joint_in_year(self, council: Body, year: int) -> "MeetingQuerySet":
        """W-OVL-1: the council's joint meetings with the board that start in year (local time), not cancelled."""
        tz = timezone.get_current_timezone()
        start = datetime(year, 1, 1, tzinfo=tz)
        end = datetime(year + 1, 1, 1, tzinfo=tz)
        return self.filter(
            body=council, kind=MeetingKind.JOINT, starts_at__gte=start, starts_at__lt=end
        ).not_cancelled()


MeetingManager = models.Manager.from_queryset(MeetingQuerySet)


class Meeting(models.Model):
    """A meeting of one body: planned → agenda published → held → minutes approved, or cancelled.

    A joint meeting (the council with the board, W-OVL-1) belongs to the council and invites both chambers.
    `ics_sequence` is the SEQUENCE of the meeting's .ics event, whose UID is derived from `uuid`: every change that
    attendees must hear about (time, place, cancellation) raises it.
    """

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    body = models.ForeignKey(Body, verbose_name=_("body"), on_delete=models.PROTECT, related_name="meetings")
    kind = models.CharField(_("kind"), max_length=10, choices=MeetingKind.choices)
    title = models.CharField(_("title"), max_length=200)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    place = models.CharField(_("place"), max_length=300, blank=True)
    online_link = models.URLField(_("online link"), max_length=500, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=MeetingStatus.choices, default=MeetingStatus.PLANNED)
    ics_sequence = models.PositiveIntegerField(_("calendar sequence"), default=0, editable=False)
    agenda_published_at = models.DateTimeField(_("agenda published at"), null=True, blank=True)
    held_at = models.DateTimeField(_("marked as held at"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    cancelled_reason = models.TextField(_("reason for cancelling"), blank=True)
    # Bookkeeping for the notification sweep (DESIGN.md convention 9); not history.
    pending_notice = models.CharField(
        max_length=20, choices=MeetingNotice.choices, default=MeetingNotice.NONE, blank=True, editable=False
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    history = HistoricalRecords(excluded_fields=["pending_notice"])

    objects = MeetingManager()

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")),
                name="councils_meeting_ends_after_start",
                violation_error_message=_("A meeting must end after it starts."),
            )
        ]
        indexes = [
            # The meetings list per body (for_bodies) by time, and a body's upcoming / past meetings.
            models.Index(fields=["body", "starts_at"], name="councils_meeting_body_start"),
            # upcoming(now) / past(now) over all bodies (board, administrators, the iCal feed).
            models.Index(fields=["ends_at"], name="councils_meeting_ends_at"),
            # joint_in_year (W-OVL-1): per council and kind, by start.
            models.Index(fields=["body", "kind", "starts_at"], name="councils_meeting_body_kind"),
            models.Index(fields=["status", "starts_at"], name="councils_meeting_status"),
            # The notification sweep: only meetings with something still to send.
            models.Index(
                fields=["pending_notice"],
                name="councils_meeting_notice_due",
                condition=~Q(pending_notice=""),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({timezone.localtime(self.starts_at):%Y-%m-%d %H:%M})"

    def clean(self) -> None:
        errors: dict[str, object] = {}
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = _("A meeting must end after it starts.")
        expected = MEETING_KIND_BODY.get(MeetingKind(self.kind)) if self.kind in MeetingKind.values else None
        if expected is not None and self.body_id is not None and self.body.kind != expected:
            messages = {
                MeetingKind.CHAMBER: _("A chamber meeting is held by a chamber."),
                MeetingKind.JOINT: _("A joint meeting with the board is held by a client council."),
                MeetingKind.PANEL: _("A panel meeting is held by a client panel."),
            }
            errors["kind"] = messages[MeetingKind(self.kind)]
        if errors:
            raise ValidationError(errors)

    @property
    def is_cancelled(self) -> bool:
        return self.status == MeetingStatus.CANCELLED

    @property
    def agenda_is_open(self) -> bool:
        """Whether the agenda may still change (until the meeting is held or cancelled)."""
        return self.status in (MeetingStatus.PLANNED, MeetingStatus.AGENDA_PUBLISHED)

    def is_upcoming(self, now: datetime) -> bool:
        """Twin of Meeting.objects.upcoming(now)."""
        return self.ends_at > now

    def is_past(self, now: datetime) -> bool:
        """Twin of Meeting.objects.past(now)."""
        return self.ends_at <= now

    @property
    def ics_uid(self) -> str:
        """The .ics UID: stable for the meeting's life, so updates and the cancellation replace the invitation."""
        return f"meeting-{self.uuid}@incluzio-mz"


@dataclass(frozen=True)
class JointMeetingTally:
    """W-OVL-1 for one council and year: joint meetings held and scheduled against the minimum and the target."""

    year: int
    held: int
    scheduled: int
    target: int
    minimum: int = JOINT_MEETINGS_STATUTORY_MINIMUM

    @property
    def meets_minimum(self) -> bool:
        return self.held >= self.minimum

    @property
    def meets_target(self) -> bool:
        return self.held >= self.target


def joint_meeting_tally(council: Body, *, year: int, now: datetime) -> JointMeetingTally:
    """Count the council's joint meetings in year (W-OVL-1): held (ended by now) and scheduled (all not cancelled).

    The target comes from the council's regulation (joint_meetings_target, 8-10); without one, the default 8.
    """
    from councils.models.regulation import Regulation

    meetings = Meeting.objects.joint_in_year(council, year)
    target = Regulation.objects.filter(council=council).values_list("joint_meetings_target", flat=True).first()
    return JointMeetingTally(
        year=year,
        held=meetings.filter(ends_at__lte=now).count(),
        scheduled=meetings.count(),
        target=target if target is not None else 8,
    )


# ---------------------------------------------------------------------------------------------------------------
# Documents


class Confidentiality(models.TextChoices):
    PUBLIC = "public", _("Public")
    BODY = "body", _("The whole council (both chambers)")
    CHAMBER = "chamber", _("Only this body")
    BOARD_AND_SUPPORTERS = "board_and_supporters", _("Board and supporters only")


# Meeting documents: PDF, DOCX, ODT, XLSX, PNG and JPG, at most 20 MB (issue 6), checked from the bytes.
MEETING_DOCUMENT_TYPES = uploads.MEETING_DOCUMENTS
MEETING_DOCUMENT_MAX_BYTES = uploads.MAX_DOCUMENT_BYTES

EXTENSIONS = {
    uploads.PDF: "pdf",
    uploads.DOCX: "docx",
    uploads.XLSX: "xlsx",
    uploads.ODT: "odt",
    uploads.PNG: "png",
    uploads.JPEG: "jpg",
}


class DocumentQuerySet(models.QuerySet["Document"]):
    def for_meeting(self, meeting: "Meeting") -> "DocumentQuerySet":
        """The meeting's documents: attached to it, or linked to one of its agenda items."""
        return self.filter(Q(meeting=meeting) | Q(agenda_items__meeting=meeting)).distinct()

    def for_body(self, body: Body) -> "DocumentQuerySet":
        return self.filter(body=body)


DocumentManager = models.Manager.from_queryset(DocumentQuerySet)


class Document(models.Model):
    """A document of a body (optionally of one of its meetings), with versions and a confidentiality level.

    The file itself lives in DocumentVersion rows: a new upload is a new version, older versions stay.
    """

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    body = models.ForeignKey(Body, verbose_name=_("body"), on_delete=models.PROTECT, related_name="documents")
    meeting = models.ForeignKey(
        Meeting,
        verbose_name=_("meeting"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="documents",
    )
    title = models.CharField(_("title"), max_length=200)
    confidentiality = models.CharField(_("who may read it"), max_length=30, choices=Confidentiality.choices)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    history = HistoricalRecords()

    objects = DocumentManager()

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["title", "pk"]
        indexes = [
            # documents_for_user(user, body): a body's documents by confidentiality (the gate's filter).
            models.Index(fields=["body", "confidentiality"], name="councils_doc_body_conf"),
            models.Index(fields=["meeting", "title"], name="councils_doc_meeting"),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        meeting = self.meeting if self.meeting_id is not None else None
        if meeting is not None and self.body_id is not None and meeting.body_id != self.body_id:
            raise ValidationError({"meeting": _("The document and the meeting must belong to the same body.")})

    def latest_version(self) -> "DocumentVersion | None":
        """The newest version (uses prefetched versions when present)."""
        versions = list(self.versions.all())
        return max(versions, key=lambda v: v.number) if versions else None


def document_version_upload_to(instance: "DocumentVersion", filename: str) -> str:
    """A path nobody can guess: random folder and name; the original name is kept in the row, not in the path.

    MEDIA_URL is unset, so nothing under MEDIA_ROOT is served directly; downloads go through the gate.
    """
    extension = EXTENSIONS.get(instance.content_type, "bin")
    return f"meeting-documents/{secrets.token_hex(16)}/{secrets.token_hex(16)}.{extension}"


class DocumentVersion(models.Model):
    """One uploaded file of a document; immutable once stored (a new upload is a new version)."""

    document = models.ForeignKey(
        Document, verbose_name=_("document"), on_delete=models.PROTECT, related_name="versions"
    )
    number = models.PositiveIntegerField(_("version"), validators=[MinValueValidator(1)])
    file = models.FileField(_("file"), upload_to=document_version_upload_to, max_length=300)
    content_type = models.CharField(_("content type"), max_length=100, editable=False)
    size = models.PositiveBigIntegerField(_("size (bytes)"), editable=False)
    original_filename = models.CharField(_("original file name"), max_length=255)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("document version")
        verbose_name_plural = _("document versions")
        ordering = ["document", "number"]
        constraints = [
            models.UniqueConstraint(fields=["document", "number"], name="councils_docversion_unique_number"),
        ]

    def __str__(self) -> str:
        return f"{self.document} v{self.number}"


# ---------------------------------------------------------------------------------------------------------------
# Agenda


class AgendaItemKind(models.TextChoices):
    INFORMATION = "information", _("Information")
    DISCUSSION = "discussion", _("Discussion")
    ADVICE_REQUEST = "advice_request", _("Advice request")
    CONSENT_REQUEST = "consent_request", _("Consent request")
    DECISION = "decision", _("Decision")
    # W-INF-1: at least once a year the organisation gives general information on its policy.
    YEARLY_POLICY_INFORMATION = "yearly_policy_information", _("Yearly policy information")


class AgendaItem(models.Model):
    """An item on a meeting's agenda; positions are 1, 2, 3, … per meeting (kept dense by the services)."""

    meeting = models.ForeignKey(Meeting, verbose_name=_("meeting"), on_delete=models.PROTECT, related_name="items")
    position = models.PositiveIntegerField(_("number"), validators=[MinValueValidator(1)])
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    kind = models.CharField(_("kind"), max_length=30, choices=AgendaItemKind.choices)
    presenter = models.CharField(_("presented by"), max_length=200, blank=True)
    duration_minutes = models.PositiveSmallIntegerField(
        _("duration (minutes)"), null=True, blank=True, validators=[MinValueValidator(1)]
    )
    documents = models.ManyToManyField(Document, verbose_name=_("documents"), blank=True, related_name="agenda_items")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["meeting", "position"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "position"], name="councils_agendaitem_unique_pos"),
        ]
        indexes = [
            # W-INF-1: yearly policy information items per kind.
            models.Index(fields=["kind"], name="councils_agendaitem_kind"),
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.title}"


# ---------------------------------------------------------------------------------------------------------------
# Minutes


class MinutesStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SHARED = "shared", _("Shared with the body")
    APPROVED = "approved", _("Approved")


class MinutesQuerySet(models.QuerySet["Minutes"]):
    def approved(self) -> "MinutesQuerySet":
        return self.filter(status=MinutesStatus.APPROVED)

    def shared_or_approved(self) -> "MinutesQuerySet":
        return self.filter(status__in=[MinutesStatus.SHARED, MinutesStatus.APPROVED])


MinutesManager = models.Manager.from_queryset(MinutesQuerySet)


class Minutes(models.Model):
    """One version of a meeting's minutes: draft → shared → approved, then immutable.

    A correction of approved minutes is a new version (`corrects` points at the version it corrects); the
    current minutes are the approved version with the highest number.
    """

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.PROTECT, related_name="minutes_versions"
    )
    version = models.PositiveIntegerField(_("version"), validators=[MinValueValidator(1)])
    text = models.TextField(_("minutes"))
    status = models.CharField(_("status"), max_length=10, choices=MinutesStatus.choices, default=MinutesStatus.DRAFT)
    corrects = models.ForeignKey(
        "self",
        verbose_name=_("corrects"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="corrections",
    )
    correction_reason = models.TextField(_("reason for the correction"), blank=True)
    shared_at = models.DateTimeField(_("shared at"), null=True, blank=True)
    approved_on = models.DateField(_("approved on"), null=True, blank=True)
    approved_at_meeting = models.ForeignKey(
        Meeting,
        verbose_name=_("approved at meeting"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="approved_minutes",
    )
    approved_by_chair = models.ForeignKey(
        "members.Person",
        verbose_name=_("approved by the chair"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approval recorded by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    history = HistoricalRecords()

    objects = MinutesManager()

    class Meta:
        verbose_name = _("minutes")
        verbose_name_plural = _("minutes")
        ordering = ["meeting", "version"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "version"], name="councils_minutes_unique_version"),
            # Approved minutes say when, and either at which meeting or by the chair (not both).
            models.CheckConstraint(
                condition=~Q(status="approved")
                | (
                    Q(approved_on__isnull=False)
                    & (
                        Q(approved_at_meeting__isnull=False, approved_by_chair__isnull=True)
                        | Q(approved_at_meeting__isnull=True, approved_by_chair__isnull=False)
                    )
                ),
                name="councils_minutes_approval",
                violation_error_message=_("Approved minutes need a date and either a meeting or the chair."),
            ),
        ]
        indexes = [models.Index(fields=["meeting", "status"], name="councils_minutes_status")]

    def __str__(self) -> str:
        return f"{self.meeting} - v{self.version}"

    @property
    def is_approved(self) -> bool:
        return self.status == MinutesStatus.APPROVED


# ---------------------------------------------------------------------------------------------------------------
# Decision and action list


class ActionItemKind(models.TextChoices):
    ACTION = "action", _("Action")
    DECISION = "decision", _("Decision")
    # "Toezegging": a commitment the board made to the council; always owned by the board.
    COMMITMENT = "commitment", _("Board commitment")


class ActionItemStatus(models.TextChoices):
    OPEN = "open", _("Open")
    DONE = "done", _("Done")
    DROPPED = "dropped", _("Dropped")


class ActionItemQuerySet(models.QuerySet["ActionItem"]):
    def open(self) -> "ActionItemQuerySet":
        return self.filter(status=ActionItemStatus.OPEN)

    def overdue(self, on: date) -> "ActionItemQuerySet":
        """Open items whose due date has passed on day."""
        return self.open().filter(due_on__lt=on)

    def commitments(self) -> "ActionItemQuerySet":
        return self.filter(kind=ActionItemKind.COMMITMENT)

    def for_body(self, body: Body) -> "ActionItemQuerySet":
        return self.filter(body=body)

    def reminder_due(self, now: datetime) -> "ActionItemQuerySet":
        """Items whose overdue reminder is due (the sweep; matches <= now so a missed run catches up)."""
        return self.filter(next_reminder_at__lte=now)


ActionItemManager = models.Manager.from_queryset(ActionItemQuerySet)


class ActionItem(models.Model):
    """A line of a body's decision and action list ("besluiten- en actielijst"), or a board commitment."""

    body = models.ForeignKey(Body, verbose_name=_("body"), on_delete=models.PROTECT, related_name="action_items")
    meeting = models.ForeignKey(
        Meeting,
        verbose_name=_("from meeting"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="action_items",
    )
    kind = models.CharField(_("kind"), max_length=12, choices=ActionItemKind.choices, default=ActionItemKind.ACTION)
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    owner = models.ForeignKey(
        "members.Person",
        verbose_name=_("owner"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="action_items",
    )
    owner_is_board = models.BooleanField(_("the board is the owner"), default=False)
    due_on = models.DateField(_("due on"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ActionItemStatus.choices, default=ActionItemStatus.OPEN
    )
    done_on = models.DateField(_("done on"), null=True, blank=True)
    dropped_reason = models.TextField(_("reason for dropping"), blank=True)
    # Bookkeeping for the overdue-reminder sweep (DESIGN.md convention 9); not history. Cleared once reminded.
    next_reminder_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    history = HistoricalRecords(excluded_fields=["next_reminder_at"])

    objects = ActionItemManager()

    class Meta:
        verbose_name = _("action item")
        verbose_name_plural = _("action items")
        ordering = ["due_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(owner_is_board=True, owner__isnull=False),
                name="councils_actionitem_one_owner",
                violation_error_message=_("An item is owned by a person or by the board, not both."),
            ),
        ]
        indexes = [
            # The action list per body: open first, by due date; the council page's open commitments.
            models.Index(fields=["body", "status", "due_on"], name="councils_action_body_status"),
            models.Index(fields=["body", "kind", "status"], name="councils_action_body_kind"),
            models.Index(fields=["status", "due_on"], name="councils_action_status_due"),
            # The overdue-reminder sweep (councils.meetings.services.action_item_claim_overdue): due rows only.
            models.Index(
                fields=["next_reminder_at"],
                name="councils_action_reminder_due",
                condition=Q(next_reminder_at__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def is_overdue(self, on: date) -> bool:
        """Twin of ActionItem.objects.overdue(on)."""
        return self.status == ActionItemStatus.OPEN and self.due_on is not None and self.due_on < on


# ---------------------------------------------------------------------------------------------------------------
# Attendance


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", _("Present")
    EXCUSED = "excused", _("Excused")
    ABSENT = "absent", _("Absent")


class Attendance(models.Model):
    """Whether a person was at a meeting; a present member's meeting allowance is linked once recorded (W-MEM-9)."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.PROTECT, related_name="attendances"
    )
    person = models.ForeignKey(
        "members.Person", verbose_name=_("person"), on_delete=models.PROTECT, related_name="attendances"
    )
    status = models.CharField(_("attendance"), max_length=10, choices=AttendanceStatus.choices)
    allowance = models.OneToOneField(
        "members.AllowancePayment",
        verbose_name=_("allowance"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="attendance",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        ordering = ["meeting", "person__display_name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "person"], name="councils_attendance_unique"),
        ]
        indexes = [models.Index(fields=["person", "status"], name="councils_attendance_person")]

    def __str__(self) -> str:
        return f"{self.person} - {self.meeting}: {self.get_status_display()}"


class BoardAttendance(models.Model):
    """Whether a board member (a user with the board role) was at a meeting. A consultation with the council counts
    only when the board was there (W-ADV-4, W-CON-2, W-UNS-1; docs/ADVICE.md). No allowance: board members are
    not members of the body."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.PROTECT, related_name="board_attendances"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("board member"), on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(_("attendance"), max_length=10, choices=AttendanceStatus.choices)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("attendance of the board")
        verbose_name_plural = _("attendance of the board")
        ordering = ["meeting", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "user"], name="councils_board_attendance_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user} - {self.meeting}: {self.get_status_display()}"


# ---------------------------------------------------------------------------------------------------------------
# Calendar feed and agenda PDF (issue 6 items 8 and 9; councils/meetings/calendar.py and agenda_pdf.py)


class CalendarFeed(models.Model):
    """A user's personal iCal feed (/agenda.ics?token=...): `key` is the random half of the secret in the URL.

    The URL's token is the key signed with SECRET_KEY (django.core.signing, salt "calendar-feed"), so the feed page
    can show the URL again while a copy of the database alone opens no feed. Renewing replaces the key, which
    revokes the old URL. Written only by councils.meetings.calendar (calendar_feed_get_or_create / _renew).
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.PROTECT, related_name="calendar_feed"
    )
    key = models.CharField(max_length=64, unique=True, editable=False)
    renewed_at = models.DateTimeField(_("renewed at"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    # History shows when a feed was created and renewed, never the secret.
    history = HistoricalRecords(excluded_fields=["key"])

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.user}"


def agenda_pdf_upload_to(instance: "AgendaPdf", filename: str) -> str:
    """A path nobody can guess; served only through the meeting gate (calendar:agenda_pdf)."""
    return f"meeting-agendas/{secrets.token_hex(16)}/agenda.pdf"


class AgendaPdf(models.Model):
    """The rendered agenda of a meeting (one row per meeting, the newest rendering; a derived file, not history).

    Written only by councils.meetings.agenda_pdf: requested when the agenda is published or changed, rendered by
    meeting_agenda_pdf_render_task. `failed_at` records a rendering that failed after its retries.
    """

    meeting = models.OneToOneField(
        Meeting, verbose_name=_("meeting"), on_delete=models.PROTECT, related_name="agenda_pdf"
    )
    file = models.FileField(_("file"), upload_to=agenda_pdf_upload_to, max_length=300, blank=True)
    rendered_at = models.DateTimeField(_("rendered at"), null=True, blank=True)
    failed_at = models.DateTimeField(_("rendering failed at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("agenda PDF")
        verbose_name_plural = _("agenda PDFs")
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.meeting}"
