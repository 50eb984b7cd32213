"""Writes for the project-wide records: the organisation profile (DESIGN.md convention 2)."""

import uuid
from datetime import datetime
from functools import partial
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.db import IntegrityError, models, transaction
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from incluzio_mz.lib.emails import send_templated_email
from incluzio_mz.lib.services import stamp_history
from incluzio_mz.models import LOGO_EXTENSIONS, Notification, OrganisationProfile, validate_logo

# The fields an administrator edits; the logo comes as a file of its own.
PROFILE_FIELDS = (
    "name",
    "short_name",
    "address",
    "contact_email",
    "website",
    "letterhead_lines",
    "primary_colour",
    "link_colour",
)


@transaction.atomic
def organisation_profile_update(
    *,
    data: dict[str, Any],
    logo: File | None = None,
    remove_logo: bool = False,
    actor: User | None,
    reason: str,
) -> OrganisationProfile:
    """Create or change the organisation profile; a new logo is checked by its content, never by its name.

    Nothing changed and no new logo: no save and no history row. Earlier logo files stay in storage, because
    the history rows still point at them (nothing is hard-deleted).
    """
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Say why you make this change.")}, code="required")
    unknown = set(data) - set(PROFILE_FIELDS)
    if unknown:
        raise ValueError(f"Not profile fields: {sorted(unknown)}")
    profile = (
        OrganisationProfile.objects.select_for_update().filter(id=OrganisationProfile.SINGLETON_ID).first()
        or OrganisationProfile.default()
    )
    changed = profile._state.adding
    for field in PROFILE_FIELDS:
        if field in data:
            value = data[field] if data[field] is not None else ""
            if field in ("primary_colour", "link_colour"):
                value = value.strip().lower()
            if getattr(profile, field) != value:
                setattr(profile, field, value)
                changed = True
    content_type = validate_logo(logo) if logo is not None else None
    if content_type is None and remove_logo and profile.logo:
        profile.logo = None
        profile.logo_content_type = ""
        changed = True
    if not changed and content_type is None:
        return profile
    # Validate before the new file is written, so a refused profile leaves no file behind.
    profile.full_clean(exclude=["logo"])
    if logo is not None and content_type is not None:
        # The stored name comes from the detected type, never from the uploaded name.
        name = f"logo-{uuid.uuid4().hex}.{LOGO_EXTENSIONS[content_type]}"
        profile.logo.save(name, logo, save=False)
        profile.logo_content_type = content_type
    stamp_history(profile, actor=actor, reason=reason)
    profile.save()
    return profile


# ---------------------------------------------------------------------------------------------------------------
# Notifications: one row per recipient, subject, kind and due moment (DESIGN.md convention 9).


def _notification_language(recipient: User) -> str:
    """The recipient's language; users have no language of their own yet, so the portal's default (Dutch)."""
    return getattr(recipient, "language", "") or settings.LANGUAGE_CODE


def _notification_email_send(
    *, notification_id: int, recipient: User, template: str, language: str, context: dict[str, Any]
) -> None:
    """Runs after commit: send the e-mail, then record when (bookkeeping: a queryset update, no history)."""
    with translation.override(language):
        send_templated_email(template=template, to=[recipient.email], context=context)
    Notification.objects.filter(pk=notification_id, emailed_at__isnull=True).update(emailed_at=timezone.now())


def notification_send(
    *,
    recipient: User,
    subject: models.Model,
    kind: str,
    due_at: datetime,
    title: "str | Promise",
    url: str = "",
    email_template: str | None = None,
    context: dict[str, Any] | None = None,
) -> Notification | None:
    """Notify recipient about subject once for this due moment; None when that notification already exists.

    The unique constraint (recipient, subject, kind, due_at) decides, not a read before the write: whichever worker
    inserts first sends, the other gets an IntegrityError inside its own savepoint and sends nothing. Pass title as
    a lazy string (gettext_lazy / format_lazy): it is stored as rendered in the recipient's language.

    With email_template, an active recipient with an e-mail address also gets emails/<email_template>_subject.txt,
    _body.txt and _body.html (context plus recipient, notification and url) once the transaction commits, so a
    rolled-back notification never mails; a failing mail server is logged (robust on_commit) and leaves emailed_at
    empty instead of stopping the sweep that called us.
    """
    language = _notification_language(recipient)
    with translation.override(language):
        rendered_title = str(title)
    subject_type = ContentType.objects.get_for_model(subject)
    try:
        with transaction.atomic():
            notification = Notification.objects.create(
                recipient=recipient,
                subject_type=subject_type,
                subject_id=subject.pk,
                kind=kind,
                due_at=due_at,
                title=rendered_title[:300],  # Notification.title.max_length
                url=url,
            )
    except IntegrityError:
        return None  # sent before, by this or another worker: never a second send
    if email_template and recipient.email and recipient.is_active:
        email_context = {**(context or {}), "recipient": recipient, "notification": notification, "url": url}
        transaction.on_commit(
            partial(
                _notification_email_send,
                notification_id=notification.pk,
                recipient=recipient,
                template=email_template,
                language=language,
                context=email_context,
            ),
            robust=True,
        )
    return notification


def notification_mark_read(*, notification: Notification, actor: User | None) -> Notification:
    """Mark a notification read; only its recipient (or the system, actor None) may. Reading twice changes nothing."""
    if actor is not None and actor.pk != notification.recipient_id:
        raise PermissionDenied
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at", "updated_at"])
    return notification
