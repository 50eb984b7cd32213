"""The organisation's identity as configuration: name, address, logo, letterhead and colours (one row, with history).

The portal carries no organisation's name in code or templates: pages, e-mails and letters read this record, so any
Dutch care provider can run it. Writes go through incluzio_mz/services.py (DESIGN.md convention 2); pages read it
through the `organisation` context processor, once per request (see docs/ARCHITECTURE.md).
"""

import re
from typing import ClassVar
from xml.etree import ElementTree

from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

# ---------------------------------------------------------------------------------------------------------------
# Colours: a design-token value must be a hex colour that white text can sit on, and that is readable on white.

MIN_CONTRAST = 4.5  # WCAG 2.1 AA for normal text (success criterion 1.4.3)
HEX_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")

validate_hex_colour = RegexValidator(
    HEX_COLOUR, _("Enter a colour as # followed by six hexadecimal digits, for example #1b4f8a."), code="colour"
)


def _channel(value: int) -> float:
    srgb = value / 255
    return srgb / 12.92 if srgb <= 0.04045 else ((srgb + 0.055) / 1.055) ** 2.4


def relative_luminance(colour: str) -> float:
    """WCAG 2.1 relative luminance of a #rrggbb colour."""
    red, green, blue = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * _channel(red) + 0.7152 * _channel(green) + 0.0722 * _channel(blue)


def contrast_with_white(colour: str) -> float:
    """WCAG 2.1 contrast ratio between colour and white (1.0 to 21.0)."""
    return 1.05 / (relative_luminance(colour) + 0.05)


def validate_contrast_on_white(value: str) -> None:
    if not HEX_COLOUR.match(value or ""):
        return  # validate_hex_colour reports the format
    ratio = contrast_with_white(value)
    if ratio < MIN_CONTRAST:
        raise ValidationError(
            _(
                "The colour %(colour)s has a contrast of %(ratio)s:1 with white; at least 4.5:1 is needed "
                "(WCAG 2.1 AA). Choose a darker colour."
            ),
            code="contrast",
            params={"colour": value, "ratio": f"{int(ratio * 100) / 100:.2f}"},
        )


# ---------------------------------------------------------------------------------------------------------------
# Logo: PNG, JPEG or SVG, recognised from the bytes (never from the name), at most 1 MB, SVG without active content.

PNG = "image/png"
JPEG = "image/jpeg"
SVG = "image/svg+xml"
LOGO_EXTENSIONS = {PNG: "png", JPEG: "jpg", SVG: "svg"}
MAX_LOGO_BYTES = 1024 * 1024
_SVG_NAMESPACE = "{http://www.w3.org/2000/svg}"
# Elements that run code or embed other documents; a logo needs none of them.
_SVG_FORBIDDEN_ELEMENTS = {"script", "foreignobject", "iframe", "embed", "object", "handler", "listener"}


def _local_name(tag: str) -> str:
    return tag.rsplit("}", 1)[-1].lower()


def _svg_problem(data: bytes) -> str | None:
    """Why these bytes are not an acceptable SVG logo, or None when they are."""
    lowered = data.lower()
    # No DTD at all: it is where entity-expansion attacks live, and a logo needs none (so no defusedxml needed).
    if b"<!doctype" in lowered or b"<!entity" in lowered:
        return "doctype"
    try:
        root = ElementTree.fromstring(data)  # noqa: S314 - DTDs are refused above, so no entity expansion
    except ElementTree.ParseError:
        return "parse"
    if root.tag not in (f"{_SVG_NAMESPACE}svg", "svg"):
        return "root"
    for element in root.iter():
        if not isinstance(element.tag, str) or _local_name(element.tag) in _SVG_FORBIDDEN_ELEMENTS:
            return "element"
        for attribute, value in element.attrib.items():
            name = _local_name(attribute)
            if name.startswith("on"):
                return "event handler"
            # Links only within the file itself: no javascript: URLs, no external resources.
            if name == "href" and not value.strip().startswith("#"):
                return "link"
    return None


def detect_logo_type(file: File) -> str | None:
    """The logo's content type from its bytes: PNG, JPEG or a safe SVG; None otherwise."""
    file.seek(0)
    data = file.read(MAX_LOGO_BYTES + 1)
    file.seek(0)
    if isinstance(data, str):
        data = data.encode()
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if data.startswith(b"\xff\xd8\xff"):
        return JPEG
    head = data.lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"<") and _svg_problem(data) is None:
        return SVG
    return None


def validate_logo(file: File) -> str:
    """Return the logo's content type, or raise a ValidationError that says what is allowed."""
    if file.size is not None and file.size > MAX_LOGO_BYTES:
        raise ValidationError(
            _("The logo is too large: at most %(max)s is allowed."),
            code="too_large",
            params={"max": filesizeformat(MAX_LOGO_BYTES)},
        )
    content_type = detect_logo_type(file)
    if content_type is None:
        raise ValidationError(
            _("The logo must be a PNG, JPG or SVG image. An SVG may not contain scripts, event handlers or links."),
            code="type",
        )
    return content_type


# ---------------------------------------------------------------------------------------------------------------


class OrganisationProfile(models.Model):
    """The one organisation that runs this portal. A single row (pk 1, enforced by a check constraint).

    Until an administrator saves it, `current()` returns an unsaved profile with neutral texts.
    """

    SINGLETON_ID: ClassVar[int] = 1

    id = models.PositiveSmallIntegerField(primary_key=True, default=SINGLETON_ID, editable=False)
    name = models.CharField(_("name"), max_length=200, help_text=_("The organisation's full name."))
    short_name = models.CharField(
        _("short name"),
        max_length=100,
        blank=True,
        help_text=_("Used in page titles and e-mails, for example in “Client participation at …”."),
    )
    address = models.TextField(_("address"), blank=True, help_text=_("One line per line of the address."))
    contact_email = models.EmailField(
        _("contact e-mail address"), blank=True, help_text=_("Shown on every page, for questions about the portal.")
    )
    website = models.URLField(_("website"), blank=True)
    logo = models.FileField(_("logo"), upload_to="organisation/", blank=True, max_length=200)
    # Detected from the bytes when the logo was uploaded; the logo view serves the file with it.
    logo_content_type = models.CharField(_("logo content type"), max_length=50, blank=True, editable=False)
    letterhead_lines = models.TextField(
        _("letterhead lines"),
        blank=True,
        help_text=_("Printed at the top of letters, one line per line (for example the visiting address)."),
    )
    primary_colour = models.CharField(
        _("primary colour"),
        max_length=7,
        blank=True,
        validators=[validate_hex_colour, validate_contrast_on_white],
        help_text=_("Buttons and the navigation bar, with white text. Empty: the standard colour."),
    )
    link_colour = models.CharField(
        _("link colour"),
        max_length=7,
        blank=True,
        validators=[validate_hex_colour, validate_contrast_on_white],
        help_text=_("Links on a white background. Empty: the standard colour."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("organisation profile")
        verbose_name_plural = _("organisation profiles")
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(condition=Q(id=1), name="organisation_profile_single_row"),
        ]

    def __str__(self) -> str:
        return self.name

    @classmethod
    def default(cls) -> "OrganisationProfile":
        """An unsaved profile with neutral texts, for a portal whose administrators have not set one yet."""
        return cls(id=cls.SINGLETON_ID, name=gettext("Client participation"))

    @classmethod
    def current(cls) -> "OrganisationProfile":
        """The saved profile, or the neutral default. Callers that render many times per request cache it
        (incluzio_mz.context_processors.organisation_for_request)."""
        return cls.objects.filter(id=cls.SINGLETON_ID).first() or cls.default()

    @property
    def portal_title(self) -> str:
        """The portal's name in titles and signatures: "Client participation at <short name>"."""
        short = self.short_name or self.name
        if self._state.adding or not short:  # the neutral default
            return gettext("Client participation")
        return gettext("Client participation at %(organisation)s") % {"organisation": short}

    @property
    def is_configured(self) -> bool:
        """False for the neutral default that current() returns before an administrator saved a profile."""
        return not self._state.adding

    @property
    def address_lines(self) -> list[str]:
        return [line.strip() for line in self.address.splitlines() if line.strip()]

    @property
    def letterhead_line_list(self) -> list[str]:
        return [line.strip() for line in self.letterhead_lines.splitlines() if line.strip()]

    @property
    def has_logo(self) -> bool:
        return bool(self.logo) and bool(self.logo_content_type)

    @property
    def version(self) -> str:
        """Changes with every save: appended to the logo and theme URLs, so browsers may cache them for long."""
        return str(int(self.updated_at.timestamp() * 1_000_000)) if self.updated_at else "0"

    @property
    def has_theme(self) -> bool:
        return bool(self.primary_colour or self.link_colour)


# ---------------------------------------------------------------------------------------------------------------
# Notifications: what the portal tells a user (in the portal, and by e-mail), for any app's reminders.


class NotificationQuerySet(models.QuerySet["Notification"]):
    def unread(self) -> "NotificationQuerySet":
        return self.filter(read_at__isnull=True)

    def for_user(self, user: object) -> "NotificationQuerySet":
        return self.filter(recipient=user)


class Notification(models.Model):
    """One message to one user about one object, for one due moment (DESIGN.md convention 9).

    The unique constraint on (recipient, subject, kind, due_at) makes a second send of the same reminder impossible,
    whichever worker tries. The text is stored as sent, in the language of the recipient at that moment.
    """

    recipient = models.ForeignKey(
        "accounts.User", verbose_name=_("recipient"), on_delete=models.PROTECT, related_name="notifications"
    )
    kind = models.CharField(_("kind"), max_length=60)
    subject_type = models.ForeignKey("contenttypes.ContentType", on_delete=models.PROTECT)
    subject_id = models.PositiveBigIntegerField()
    due_at = models.DateTimeField(_("due at"))
    title = models.CharField(_("title"), max_length=300)
    url = models.CharField(_("link"), max_length=300, blank=True)
    emailed_at = models.DateTimeField(_("e-mailed at"), null=True, blank=True)
    # E-mail bookkeeping (incluzio_mz/services.py notification_emails_send): a row with an email_template and no
    # emailed_at still needs its e-mail; email_context is what the template needs beyond the row (JSON, emptied
    # once sent); email_claimed_at is the compare-and-set claim of the worker sending it (and the retry delay after
    # a failure); email_attempts counts failed tries.
    email_template = models.CharField(_("e-mail template"), max_length=100, blank=True, editable=False)
    email_context = models.JSONField(_("e-mail context"), default=dict, blank=True, editable=False)
    email_claimed_at = models.DateTimeField(_("e-mail claimed at"), null=True, blank=True, editable=False)
    email_attempts = models.PositiveSmallIntegerField(_("failed e-mail attempts"), default=0, editable=False)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "subject_type", "subject_id", "kind", "due_at"],
                name="notification_once_per_due_moment",
            )
        ]
        indexes = [
            models.Index(fields=["recipient", "read_at"], name="notification_recipient_unread"),
            # The e-mail task's queue: only the rows whose e-mail is still to go (a handful at any moment).
            models.Index(
                fields=["id"],
                name="notification_email_pending",
                condition=models.Q(emailed_at__isnull=True) & ~models.Q(email_template=""),
            ),
        ]

    def __str__(self) -> str:
        return self.title
