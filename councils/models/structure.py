"""Business units, participation bodies, and who represents which unit when.

Writes go through councils/services.py (DESIGN.md convention 2); reads are QuerySet methods that take the day as an
argument, with a model twin where a rule applies to one row (convention 3).

Representation periods are half-open: a representation applies on `valid_from` and on every day before
`valid_to`; on `valid_to` itself it no longer applies. A move on day D therefore ends the old row and starts the
new one on the same D, and "who represented unit X on day D" always has one answer per body (W-BODY-5).
"""

from dataclasses import dataclass
from datetime import date
from typing import Any, ClassVar

from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import Cast
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from councils.models.scope import scope_configuration
from councils.scope import Obligation, ServiceKind, Thresholds, council_obligation


def validate_service_kinds(value: Any) -> None:
    """A unit's services are a list of distinct ServiceKind values."""
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ValidationError(_("Services must be a list of kinds of service."), code="invalid")
    unknown = sorted(set(value) - set(ServiceKind.values))
    if unknown:
        raise ValidationError(
            _("Unknown kind of service: %(kinds)s."), code="invalid", params={"kinds": ", ".join(unknown)}
        )
    if len(set(value)) != len(value):
        raise ValidationError(_("Each kind of service may be listed once."), code="invalid")


class RepresentationQuerySet(models.QuerySet["Representation"]):
    def on(self, day: date) -> "RepresentationQuerySet":
        """Representations that apply on day (valid_from <= day < valid_to, or open-ended)."""
        return self.filter(Q(valid_to__isnull=True) | Q(valid_to__gt=day), valid_from__lte=day)

    def open(self) -> "RepresentationQuerySet":
        """Representations without an end date (they may still start in the future)."""
        return self.filter(valid_to__isnull=True)


class BusinessUnitQuerySet(models.QuerySet["BusinessUnit"]):
    def active(self) -> "BusinessUnitQuerySet":
        return self.filter(active=True, archived_at__isnull=True)

    def archived(self) -> "BusinessUnitQuerySet":
        return self.filter(active=False)

    def with_representations_on(self, day: date) -> "BusinessUnitQuerySet":
        """Prefetch the representations that apply on day, with their body, into `representations_on_day`."""
        return self.prefetch_related(
            Prefetch(
                "representations",
                queryset=Representation.objects.on(day).select_related("body").order_by("body__kind", "body__name"),
                to_attr="representations_on_day",
            )
        )

    def with_service(self, kind: str) -> "BusinessUnitQuerySet":
        """Units that offer this kind of service.

        JSONField `contains` does not exist on SQLite (the embedded default), so this matches the quoted value in
        the stored JSON text, which is exact because every kind is a distinct quoted token. See docs/STRUCTURE.md.
        """
        return self.alias(services_text=Cast("services", models.TextField())).filter(
            services_text__contains=f'"{kind}"'
        )

    def represented_by(self, body: "Body", *, on: date) -> "BusinessUnitQuerySet":
        """The units that body represents on day (W-BODY-5: answerable for any past day)."""
        return self.filter(Exists(Representation.objects.on(on).filter(unit=OuterRef("pk"), body=body)))


class BusinessUnit(models.Model):
    """A unit of the organisation (a municipal contract, a location). Implements W-SCOPE-1..4 via scope.py.

    Nothing is deleted: a merged unit is archived with `merged_into`; a closed unit is archived (W-BODY-5).
    `archived_at` is when the archiving was recorded; the effective day is where its representations end.
    """

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    municipality = models.CharField(_("municipality"), max_length=200, blank=True)
    services = models.JSONField(
        _("kinds of service"),
        default=list,
        blank=True,
        validators=[validate_service_kinds],
        help_text=_("A list of kinds of service: youth_care, youth_work, wmo_support, household_help, welfare, "
                    "long_stay."),
    )  # fmt: skip
    ambulatory_first_line = models.BooleanField(_("ambulatory first-line care"), default=False)
    care_provider_count = models.PositiveIntegerField(_("number of persons providing care"), default=0)
    active = models.BooleanField(_("active"), default=True)
    archived_at = models.DateTimeField(_("archived at"), null=True, blank=True)
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="merged_units",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    history = HistoricalRecords()

    objects = BusinessUnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("business unit")
        verbose_name_plural = _("business units")
        ordering = ["name"]
        # The unit list's status filter (active / archived), in the list's order.
        indexes = [models.Index(fields=["active", "name"], name="councils_unit_active_name")]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.merged_into_id is not None and self.merged_into_id == self.pk:
            raise ValidationError({"merged_into": _("A business unit cannot be merged into itself.")})

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None

    def council_obligation(self, *, thresholds: Thresholds | None = None) -> Obligation:
        """Twin of councils.scope.council_obligation for this unit (W-SCOPE-1..3).

        Without `thresholds` it reads the configuration (two queries); lists pass scope_configuration() once.
        """
        if thresholds is None:
            thresholds = scope_configuration()
        return council_obligation(
            services=self.services,
            ambulatory_first_line=self.ambulatory_first_line,
            care_provider_count=self.care_provider_count,
            thresholds=thresholds,
        )


# History pages show the kinds' labels, not their codes (incluzio_mz.lib.history.readable_value).
setattr(BusinessUnit._meta.get_field("services"), "item_choices", ServiceKind.choices)  # noqa: B010


class BodyKind(models.TextChoices):
    COUNCIL = "council", _("Client council")
    CHAMBER = "chamber", _("Chamber")
    PANEL = "panel", _("Client panel")


class BodyQuerySet(models.QuerySet["Body"]):
    def active(self) -> "BodyQuerySet":
        return self.filter(active=True)

    def councils(self) -> "BodyQuerySet":
        return self.filter(kind=BodyKind.COUNCIL)

    def chambers(self) -> "BodyQuerySet":
        return self.filter(kind=BodyKind.CHAMBER)

    def panels(self) -> "BodyQuerySet":
        return self.filter(kind=BodyKind.PANEL)

    def with_current_regulation_flags(self) -> "BodyQuerySet":
        """Annotate `has_regulation` and `has_current_regulation` (a granted regulation document, W-REG-1)."""
        from councils.models.regulation import ConsentStatus, Regulation, RegulationDocument, RegulationDocumentKind

        granted = RegulationDocument.objects.filter(
            regulation__council=OuterRef("pk"),
            kind=RegulationDocumentKind.REGULATION,
            consent_status=ConsentStatus.GRANTED,
        )
        return self.annotate(
            has_regulation=Exists(Regulation.objects.filter(council=OuterRef("pk"))),
            has_current_regulation=Exists(granted),
        )

    def without_current_regulation(self) -> "BodyQuerySet":
        """Councils whose regulation parameters or granted regulation text are missing (compliance overview)."""
        return self.with_current_regulation_flags().filter(Q(has_regulation=False) | Q(has_current_regulation=False))

    def without_supporters(self) -> "BodyQuerySet":
        """Bodies without an active supporter (W-BODY-6: each council, and preferably each chamber, has one)."""
        active_supporters = Count(
            "supporters_group__user", filter=Q(supporters_group__user__is_active=True), distinct=True
        )
        return self.annotate(supporter_count=active_supporters).filter(supporter_count=0)

    def with_unit_count_on(self, day: date) -> "BodyQuerySet":
        """Annotate `unit_count`: the number of units each body represents on day."""
        current = Q(representations__valid_from__lte=day) & (
            Q(representations__valid_to__isnull=True) | Q(representations__valid_to__gt=day)
        )
        return self.annotate(unit_count=Count("representations", filter=current, distinct=True))

    def with_period_on(self, day: date) -> "BodyQuerySet":
        """Annotate `kind_on_day` and `name_on_day`: what each body was on day (W-BODY-5), for lists."""
        periods = BodyPeriod.objects.on(day).filter(body=OuterRef("pk")).order_by("-valid_from")
        return self.annotate(
            kind_on_day=Subquery(periods.values("kind")[:1]), name_on_day=Subquery(periods.values("name")[:1])
        )

    def representing(self, unit: BusinessUnit, *, on: date) -> "BodyQuerySet":
        """The bodies that represent unit on day (W-BODY-5: "which body represented unit X on date D")."""
        return self.filter(Exists(Representation.objects.on(on).filter(body=OuterRef("pk"), unit=unit)))


BodyManager = models.Manager.from_queryset(BodyQuerySet)


class Body(models.Model):
    """One participation body: a council, a chamber of a council, or a panel (DESIGN.md §4).

    A chamber belongs to its council (`parent`); a panel may feed a council. `statutory` marks a formal Wmcz
    council (and its chambers); panels are informal (W-BODY-1, W-BODY-2). Converting a council into a panel is an
    update of this row (W-BODY-4), so members, documents and history stay.
    """

    kind = models.CharField(_("kind"), max_length=20, choices=BodyKind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("part of / feeds"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    statutory = models.BooleanField(_("statutory (Wmcz)"), default=False)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    name = models.CharField(_("name"), max_length=200)
    public_description = models.TextField(_("public description"), blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    active = models.BooleanField(_("active"), default=True)
    # The first day the body no longer exists (ended panel or chamber, dissolved council); None while it exists.
    # An ended body is inactive but keeps its page, periods, representations and history (W-BODY-5).
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    # The group whose members support this body (DESIGN.md convention 4): it holds the django-guardian object
    # permission "support_body" on this row. Created and filled only by councils.services.body_supporter_*.
    supporters_group = models.OneToOneField(
        Group,
        verbose_name=_("supporters group"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.PROTECT,
        related_name="supported_body",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    history = HistoricalRecords()

    objects = BodyManager()

    class Meta:
        verbose_name = _("participation body")
        verbose_name_plural = _("participation bodies")
        ordering = ["name"]
        permissions = [("support_body", _("Can support this body (an object permission, per body)"))]
        indexes = [models.Index(fields=["kind", "active"], name="councils_body_kind_active")]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        """A chamber is part of a council; a panel may feed a council; a council stands alone; panels are informal."""
        parent = self.parent
        if parent is not None and parent.pk is not None and parent.pk == self.pk:
            raise ValidationError({"parent": _("A body cannot be part of itself.")})
        # An ended chamber keeps its council as parent even after that council became a panel (issue 14).
        ended = self.ended_on is not None
        if self.kind == BodyKind.CHAMBER and not ended and (parent is None or parent.kind != BodyKind.COUNCIL):
            raise ValidationError({"parent": _("A chamber must belong to a client council.")})
        if self.kind == BodyKind.PANEL and parent is not None and parent.kind != BodyKind.COUNCIL:
            raise ValidationError({"parent": _("A panel can only feed a client council.")})
        if self.kind == BodyKind.COUNCIL and parent is not None:
            raise ValidationError({"parent": _("A client council cannot be part of another body.")})
        if self.kind == BodyKind.PANEL and self.statutory:
            raise ValidationError({"statutory": _("A panel is informal and cannot be statutory.")})

    def represents(self, unit: BusinessUnit, *, on: date) -> bool:
        """Twin of BusinessUnit.objects.represented_by / Body.objects.representing for one body."""
        return any(r.is_current(on=on) for r in self.representations.all() if r.unit_id == unit.pk)

    @property
    def is_ended(self) -> bool:
        return self.ended_on is not None

    def period_on(self, day: date) -> "BodyPeriod | None":
        """What this body was on day: its kind, name and statutory flag then (W-BODY-5). Uses prefetched
        `periods` when present. None only for a body without periods (never after the data migration)."""
        periods = sorted(self.periods.all(), key=lambda p: p.valid_from or date.min)
        for period in periods:
            if period.is_current(on=day):
                return period
        # Before the first recorded period, the body was what its first period says (bodies created before the
        # periods existed have an open start, so this is only for a day before a body's creation).
        return periods[0] if periods else None

    def kind_on(self, day: date) -> str:
        period = self.period_on(day)
        return period.kind if period is not None else self.kind

    def name_on(self, day: date) -> str:
        period = self.period_on(day)
        return period.name if period is not None else self.name

    def kind_label_on(self, day: date) -> str:
        return str(BodyKind(self.kind_on(day)).label)


class KindManager(BodyManager):
    """The manager of a proxy: only the bodies of one kind, with all of BodyQuerySet's methods."""

    def __init__(self, kind: str) -> None:
        super().__init__()
        self.kind = kind

    def get_queryset(self) -> BodyQuerySet:  # type: ignore[override]  # from_queryset's generic base
        return BodyQuerySet(self.model, using=self._db).filter(kind=self.kind)


# The proxies read one kind; services always write through Body, because simple-history records only saves of the
# concrete model (Django sends post_save with the proxy class as sender).
class Council(Body):
    objects: ClassVar[KindManager] = KindManager(BodyKind.COUNCIL)

    class Meta:
        proxy = True
        verbose_name = _("client council")
        verbose_name_plural = _("client councils")


class Chamber(Body):
    objects: ClassVar[KindManager] = KindManager(BodyKind.CHAMBER)

    class Meta:
        proxy = True
        verbose_name = _("chamber")
        verbose_name_plural = _("chambers")


class Panel(Body):
    objects: ClassVar[KindManager] = KindManager(BodyKind.PANEL)

    class Meta:
        proxy = True
        verbose_name = _("client panel")
        verbose_name_plural = _("client panels")


class Representation(models.Model):
    """A body represents a unit from `valid_from` until (not including) `valid_to` (W-BODY-5, W-SCOPE-5)."""

    body = models.ForeignKey(Body, verbose_name=_("body"), on_delete=models.PROTECT, related_name="representations")
    unit = models.ForeignKey(
        BusinessUnit, verbose_name=_("business unit"), on_delete=models.PROTECT, related_name="representations"
    )
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(
        _("valid until"), null=True, blank=True, help_text=_("The first day it no longer applies.")
    )
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    history = HistoricalRecords()

    objects = RepresentationQuerySet.as_manager()

    class Meta:
        verbose_name = _("representation")
        verbose_name_plural = _("representations")
        ordering = ["valid_from", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="councils_representation_valid_to_after_from",
                violation_error_message=_("The end date cannot be before the start date."),
            )
        ]
        indexes = [
            # Body.objects.representing(unit, on=day): the rows of one unit, by period.
            models.Index(fields=["unit", "valid_from", "valid_to"], name="councils_repr_unit_period"),
            # BusinessUnit.objects.represented_by(body, on=day): the rows of one body, by period.
            models.Index(fields=["body", "valid_from", "valid_to"], name="councils_repr_body_period"),
        ]

    def __str__(self) -> str:
        return f"{self.body} - {self.unit} ({self.valid_from} - {self.valid_to or '...'})"

    def is_current(self, *, on: date) -> bool:
        """Twin of Representation.objects.on(day)."""
        return self.valid_from <= on and (self.valid_to is None or on < self.valid_to)

    def segments(self) -> list["RepresentationSegment"]:
        """This period cut where the body's name or kind changed, each piece with the body as it was then
        (W-BODY-5: a council converted in 2026 was a council in 2019). Uses the body's prefetched `periods`."""
        pieces: list[RepresentationSegment] = []
        periods = sorted(self.body.periods.all(), key=lambda p: p.valid_from or date.min)
        for period in periods:
            start = max(self.valid_from, period.valid_from or date.min)
            ends = [day for day in (self.valid_to, period.valid_to) if day is not None]
            end = min(ends) if ends else None
            if end is not None and end <= start:
                continue
            pieces.append(RepresentationSegment(self, period.name, period.kind, start, end))
        if not pieces:
            pieces.append(RepresentationSegment(self, self.body.name, self.body.kind, self.valid_from, self.valid_to))
        pieces.reverse()  # newest first, as the timeline lists
        return pieces


@dataclass(frozen=True)
class RepresentationSegment:
    """A piece of a representation during which the body had one name and kind."""

    representation: Representation
    name: str
    kind: str
    valid_from: date
    valid_to: date | None

    @property
    def kind_label(self) -> str:
        return str(BodyKind(self.kind).label)


class BodyPeriodQuerySet(models.QuerySet["BodyPeriod"]):
    def on(self, day: date) -> "BodyPeriodQuerySet":
        """The periods that apply on day (valid_from <= day < valid_to; open ends on either side)."""
        return self.filter(
            Q(valid_from__isnull=True) | Q(valid_from__lte=day), Q(valid_to__isnull=True) | Q(valid_to__gt=day)
        )


class BodyPeriod(models.Model):
    """What a body was during a period: its kind, name and statutory flag (W-BODY-5: the past stays the past).

    Half-open like Representation: from `valid_from` (None: since the body has existed) until, not including,
    `valid_to` (None: until now). The periods of one body do not overlap and leave no gap. Written only by the
    services that change a body's kind or name (councils.services.body_create, body_update, council_convert_to_panel);
    `Body.kind` and `Body.name` are the latest values.
    """

    body = models.ForeignKey(Body, verbose_name=_("body"), on_delete=models.PROTECT, related_name="periods")
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(
        _("valid until"), null=True, blank=True, help_text=_("The first day it no longer applies.")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=BodyKind.choices)
    name = models.CharField(_("name"), max_length=200)
    statutory = models.BooleanField(_("statutory (Wmcz)"), default=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    history = HistoricalRecords()

    objects = BodyPeriodQuerySet.as_manager()

    class Meta:
        verbose_name = _("period of a body")
        verbose_name_plural = _("periods of a body")
        ordering = ["body", "valid_from", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_to__gt=models.F("valid_from")),
                name="councils_bodyperiod_valid_to_after_from",
                violation_error_message=_("The end date must be after the start date."),
            )
        ]
        indexes = [models.Index(fields=["body", "valid_from", "valid_to"], name="councils_bodyperiod_period")]

    def __str__(self) -> str:
        return f"{self.name} ({self.kind}, {self.valid_from or '...'} - {self.valid_to or '...'})"

    def is_current(self, *, on: date) -> bool:
        """Twin of BodyPeriod.objects.on(day)."""
        return (self.valid_from is None or self.valid_from <= on) and (self.valid_to is None or on < self.valid_to)

    @property
    def kind_label(self) -> str:
        return str(BodyKind(self.kind).label)


class BodyConversion(models.Model):
    """A council converted into a panel (W-BODY-4), with the consent it was based on.

    Until the consent workflow exists, the consent is a date and a document; that issue adds a link to the granted
    consent request (topic a or k) or the replacing ruling.
    """

    body = models.ForeignKey(Body, verbose_name=_("body"), on_delete=models.PROTECT, related_name="conversions")
    from_kind = models.CharField(_("from kind"), max_length=20, choices=BodyKind.choices)
    to_kind = models.CharField(_("to kind"), max_length=20, choices=BodyKind.choices)
    converted_on = models.DateField(_("converted on"))
    # W-BODY-4 (issue 7): the granted consent request of this council on topic a or k, or the ruling that replaces
    # consent or permits dissolution (W-CON-4, W-BODY-7). consent_date/consent_document are from before the consent
    # workflow existed and stay for those older rows.
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
    consent_date = models.DateField(_("date of the council's consent"), null=True, blank=True)
    consent_document = models.FileField(
        _("consent document"), upload_to="bodies/conversions/%Y/", max_length=300, blank=True
    )
    reason = models.CharField(_("reason"), max_length=300)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("body conversion")
        verbose_name_plural = _("body conversions")
        ordering = ["converted_on", "pk"]

    def __str__(self) -> str:
        return f"{self.body}: {self.from_kind} → {self.to_kind} ({self.converted_on})"
