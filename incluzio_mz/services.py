"""Writes for the project-wide records: the organisation profile (DESIGN.md convention 2)."""

import json
import logging
import uuid
from collections import defaultdict
from collections.abc import Iterable
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, connections, models, transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from incluzio_mz.lib.emails import _from_email as email_from_address
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
#
# Writing a notification never sends mail. A row that should be e-mailed gets an email_template and a small JSON
# email_context; the beat task notification_emails_send_task (every minute) claims such rows by compare-and-set on
# email_claimed_at, renders them and sends them in batches over one mail connection (notification_emails_send).
# So a sweep that writes 10,000 notifications is not slowed down by rendering, a rolled-back notification never
# mails (the e-mail task only sees committed rows), and a failing mail server is retried later.

EMAIL_BATCH_SIZE = 100  # e-mails claimed, rendered and sent per round (one mail connection each)
EMAIL_RETRY_AFTER = timedelta(minutes=5)  # a claim older than this is free again: a failure's retry, a dead worker's
EMAIL_MAX_ATTEMPTS = 12  # failed tries before an e-mail is given up (about an hour of retries); it stays listed

logger = logging.getLogger(__name__)


def _notification_language(recipient: User) -> str:
    """The recipient's language; users have no language of their own yet, so the portal's default (Dutch)."""
    return getattr(recipient, "language", "") or settings.LANGUAGE_CODE


def notification_title_template(
    cache: dict[tuple[Any, ...], str], key: tuple[Any, ...], text: "str | Promise", recipient: User
) -> str:
    """text rendered in recipient's language, once per (key, language) for a whole sweep: a reminder sweep builds
    thousands of titles from a handful of translated templates (format them with str.format afterwards)."""
    language = _notification_language(recipient)
    template = cache.get((*key, language))
    if template is None:
        with translation.override(language):
            template = cache[(*key, language)] = str(text)
    return template


_JSON_PLAIN = frozenset({str, int, float, bool, type(None)})


def _email_context_json(value: Any) -> Any:
    """An e-mail context as JSON: plain values only; dates and datetimes tagged so they come back as such."""
    if type(value) in _JSON_PLAIN:  # the common case first: the sweep converts thousands of contexts at once
        return value
    if isinstance(value, dict):
        return {str(key): _email_context_json(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_email_context_json(item) for item in value]
    if isinstance(value, datetime):
        return {"$datetime": value.isoformat()}
    if isinstance(value, date):
        return {"$date": value.isoformat()}
    if isinstance(value, Promise):
        return str(value)
    if isinstance(value, str | int | float | bool):
        return value
    raise TypeError(
        f"An e-mail context holds plain values only, not {type(value).__name__}: pass e.g. {{'name': body.name}}."
    )


def _email_context_revived(value: Any) -> Any:
    """The inverse of _email_context_json."""
    if isinstance(value, dict):
        if len(value) == 1 and "$date" in value:
            return date.fromisoformat(value["$date"])
        if len(value) == 1 and "$datetime" in value:
            return datetime.fromisoformat(value["$datetime"])
        return {key: _email_context_revived(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_email_context_revived(item) for item in value]
    return value


def notification_build(
    *,
    recipient: User,
    subject_type: ContentType,
    subject_id: int,
    kind: str,
    due_at: datetime,
    title: "str | Promise",
    url: str = "",
    email_template: str | None = None,
    context: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """The column values (by attname) of an unsaved notification, its title rendered in the recipient's language,
    queued for e-mail when it should be.

    For writers of many notifications at once (notifications_create), which hand in plain values because building
    a model instance per row took a fifth of a large sweep; notification_send is the one-off path. The e-mail is
    queued only with email_template and for an active recipient with an e-mail address; context must be JSON-able
    plain values (dates are fine), because it waits in the row until the e-mail task sends it.
    """
    language = _notification_language(recipient)
    if isinstance(title, Promise) and translation.get_language() != language:
        with translation.override(language):
            title = str(title)
    wants_email = bool(email_template and recipient.email and recipient.is_active)
    return {
        "recipient_id": recipient.pk,
        "subject_type_id": subject_type.pk,
        "subject_id": subject_id,
        "kind": kind,
        "due_at": due_at,
        "title": str(title)[:300],  # Notification.title.max_length
        "url": url,
        "email_template": (email_template or "") if wants_email else "",
        "email_context": _email_context_json(context or {}) if wants_email else {},
    }


def notifications_create(notifications: list[dict[str, Any]]) -> None:
    """Insert notifications (notification_build's values) in bulk; those that exist already (same recipient,
    subject, kind, due moment) are skipped by the database (the unique constraint decides, as in
    notification_send), so none is sent twice. Columns not given get the model's default.

    What bulk_create(ignore_conflicts=True) does, written out because bulk_create puts one placeholder per value in
    the query, and with fifteen columns preparing and parsing those took longer than the insert itself (0.8 s for
    10,000 rows in scripts/bench_reminders.py, on PostgreSQL and SQLite alike). Here PostgreSQL gets one array per
    column (INSERT ... SELECT FROM unnest), sent in binary (see below), and SQLite one short statement run for
    every row (executemany).
    """
    if not notifications:
        return
    connection = connections[Notification.objects.db]
    now = timezone.now()
    fields = [field for field in Notification._meta.concrete_fields if not field.primary_key]
    postgresql = connection.vendor == "postgresql"
    adapted: dict[Any, Any] = {}  # SQLite's text for a datetime, once per value: a batch shares a few due moments
    columns: list[list[Any]] = []
    for field in fields:
        values: list[Any]
        if isinstance(field, models.DateTimeField) and (field.auto_now or field.auto_now_add):
            values = [now] * len(notifications)
        elif field.attname not in notifications[0]:
            values = [field.get_default()] * len(notifications)
        else:
            values = [row[field.attname] for row in notifications]
        if isinstance(field, models.JSONField):
            values = [json.dumps(value, cls=field.encoder) for value in values]
        if isinstance(field, models.DateTimeField) and not postgresql:
            for value in set(values) - adapted.keys():
                adapted[value] = connection.ops.adapt_datetimefield_value(value)
            values = [adapted[value] for value in values]
        columns.append(values)
    quote = connection.ops.quote_name
    # Only names and types from the model's own fields go into the text; every value is a parameter.
    table = quote(str(Notification._meta.db_table))
    names = ", ".join(quote(str(field.column)) for field in fields)
    if postgresql:
        # %b: the arrays go in binary, bound by the server. Django's cursor binds on the client, quoting every
        # element of a text array in Python (a quarter of a sweep of 10,000). The cursor is still Django's wrapper,
        # so the query is logged and counted like any other.
        import psycopg  # only with PostgreSQL

        arrays = ", ".join(f"%b::{field.db_type(connection)}[]" for field in fields)
        sql = f"INSERT INTO {table} ({names}) SELECT * FROM unnest({arrays}) ON CONFLICT DO NOTHING"  # noqa: S608
        connection.ensure_connection()
        raw: Any = psycopg.Cursor(connection.connection)  # the stubs take only Django cursors here
        wrapped = connection.make_debug_cursor(raw) if connection.queries_logged else connection.make_cursor(raw)
        with wrapped as cursor:
            cursor.execute(sql, columns)
    else:
        placeholders = ", ".join(["%s"] * len(fields))
        sql = f"INSERT INTO {table} ({names}) VALUES ({placeholders}) ON CONFLICT DO NOTHING"  # noqa: S608
        with connection.cursor() as cursor:
            cursor.executemany(sql, list(zip(*columns, strict=True)))


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
    _body.txt and _body.html (context plus recipient, notification and url): the row is queued, and the e-mail task
    (notification_emails_send, every minute) sends it once the transaction has committed. A rolled-back
    notification therefore never mails. context holds plain values only (see notification_build).
    """
    notification = Notification(
        **notification_build(
            recipient=recipient,
            subject_type=ContentType.objects.get_for_model(subject),
            subject_id=subject.pk,
            kind=kind,
            due_at=due_at,
            title=title,
            url=url,
            email_template=email_template,
            context=context,
        )
    )
    try:
        with transaction.atomic():
            notification.save(force_insert=True)
    except IntegrityError:
        return None  # sent before, by this or another worker: never a second send
    return notification


def reminder_superseded(following: datetime | None, *, now: datetime) -> bool:
    """Whether a claimed reminder gives way to the same object's next one (the reminder sweeps, convention 9).

    A sweep that catches up (worker down, a state entered late) finds past moments that were never sent. Each is
    sent once, at the next sweep, in words that fit the day it goes out (days counted from that day), unless the
    object's following reminder falls on the sweep's day or earlier: then that one is the relevant message and the
    earlier one is claimed and skipped ("ends in 14 days" found after the end: only "overdue" goes). Days are local
    (Europe/Amsterdam), so "ends in 14 days" found at 06:00 on the last day gives way to "ends today" at 07:00.
    """
    return following is not None and timezone.localdate(following) <= timezone.localdate(now)


class _GroupPartlyTaken(Exception):
    """Inside claim_by_compare_and_set: rolls back a group's UPDATE that matched fewer rows than it should."""


def claim_by_compare_and_set(
    queryset: "models.QuerySet[Any]", field: str, changes: Iterable[tuple[Any, Any, Any]]
) -> set[Any]:
    """Move field from old to new on each (pk, old, new), only where it still holds old; returns the pks moved here.

    The sort of optimistic lock of DESIGN.md convention 9, for a batch: rows sharing (old, new) are claimed with one
    UPDATE. When that matches fewer rows than the group holds, someone else changed some of them since they were
    read; the UPDATE is undone (its savepoint rolled back) and the group is claimed row by row, so every pk returned
    is a row whose value this call moved itself, and no row is acted on by two workers. Runs inside the caller's
    transaction, which should also hold the work done for the claimed rows (a crash rolls the claim back).
    """
    if not transaction.get_connection(queryset.db).in_atomic_block:
        raise RuntimeError("claim_by_compare_and_set runs inside a transaction (transaction.atomic).")
    groups: dict[tuple[Any, Any], list[Any]] = defaultdict(list)
    for pk, old, new in changes:
        groups[(old, new)].append(pk)
    claimed: set[Any] = set()
    for (old, new), pks in groups.items():
        still = {f"{field}__isnull": True} if old is None else {field: old}
        try:
            with transaction.atomic(using=queryset.db):  # a savepoint: undone when the group was partly taken
                if queryset.filter(pk__in=pks, **still).update(**{field: new}) != len(pks):
                    raise _GroupPartlyTaken
        except _GroupPartlyTaken:
            pass
        else:
            claimed.update(pks)
            continue
        for pk in pks:
            if queryset.filter(pk=pk, **still).update(**{field: new}) == 1:
                claimed.add(pk)
    return claimed


def _emails_pending() -> "models.QuerySet[Notification]":
    """Rows whose e-mail is still to go (the partial index notification_email_pending holds exactly these)."""
    return Notification.objects.filter(emailed_at__isnull=True).exclude(email_template="")


def _notification_emails_claim(*, now: datetime, batch_size: int) -> list[Notification] | None:
    """Claim up to batch_size e-mails that are free; None when none is (the e-mail sweep stops)."""
    free = _emails_pending().filter(
        Q(email_claimed_at__isnull=True) | Q(email_claimed_at__lte=now - EMAIL_RETRY_AFTER),
        email_attempts__lt=EMAIL_MAX_ATTEMPTS,
    )
    rows = list(free.order_by("pk").values_list("pk", "email_claimed_at")[:batch_size])
    if not rows:
        return None
    with transaction.atomic():
        mine = claim_by_compare_and_set(_emails_pending(), "email_claimed_at", [(pk, old, now) for pk, old in rows])
    return list(Notification.objects.filter(pk__in=mine).select_related("recipient").order_by("pk"))


def _notification_email_message(
    notification: Notification, organisation: OrganisationProfile
) -> EmailMultiAlternatives:
    """The e-mail of a notification, in the recipient's language (as incluzio_mz.lib.emails.send_templated_email)."""
    recipient = notification.recipient
    template = notification.email_template
    context = {
        "site_url": settings.SITE_URL,
        **_email_context_revived(notification.email_context),
        "recipient": recipient,
        "notification": notification,
        "url": notification.url,
        "organisation": organisation,
    }
    with translation.override(_notification_language(recipient)):
        subject = " ".join(render_to_string(f"emails/{template}_subject.txt", context).split())
        text = render_to_string(f"emails/{template}_body.txt", context)
        html = render_to_string(f"emails/{template}_body.html", context)
    message = EmailMultiAlternatives(
        subject=subject,
        body=text,
        from_email=email_from_address(organisation),
        to=[recipient.email],
        reply_to=[organisation.contact_email] if organisation.contact_email else None,
    )
    message.attach_alternative(html, "text/html")
    return message


def _notification_emails_deliver(notifications: list[Notification], *, organisation: OrganisationProfile) -> int:
    """Render and send claimed e-mails over one connection, then record the outcome per row; returns how many went.

    A failure (the mail server, or a template) is logged and counted in email_attempts; the claim stays, so the row
    is tried again by the first run after EMAIL_RETRY_AFTER, up to EMAIL_MAX_ATTEMPTS times. A recipient who has
    been deactivated or lost their address meanwhile gets no e-mail: the row leaves the queue.
    """
    sent: list[int] = []
    failed: list[int] = []
    dropped: list[int] = []
    connection = mail.mailers.default
    try:
        connection.open()
    except Exception:
        logger.exception(
            "Notification e-mails: the mail server could not be reached; %d retried later", len(notifications)
        )
        failed = [notification.pk for notification in notifications]
    else:
        try:
            for notification in notifications:
                recipient = notification.recipient
                if not (recipient.is_active and recipient.email):
                    dropped.append(notification.pk)
                    continue
                try:
                    connection.send_messages([_notification_email_message(notification, organisation)])
                except Exception:
                    logger.exception("Notification e-mail %s failed; retried later", notification.pk)
                    failed.append(notification.pk)
                else:
                    sent.append(notification.pk)
        finally:
            connection.close()
    if sent:
        # Bookkeeping: queryset updates, no history. The context was only kept for the e-mail; it goes with it.
        Notification.objects.filter(pk__in=sent).update(emailed_at=timezone.now(), email_context={})
    if dropped:
        Notification.objects.filter(pk__in=dropped).update(email_template="", email_context={})
    if failed:
        Notification.objects.filter(pk__in=failed).update(email_attempts=F("email_attempts") + 1)
        given_up = Notification.objects.filter(pk__in=failed, email_attempts__gte=EMAIL_MAX_ATTEMPTS)
        for pk in given_up.values_list("pk", flat=True):
            logger.error("Notification e-mail %s given up after %d attempts", pk, EMAIL_MAX_ATTEMPTS)
    return len(sent)


def notification_emails_send(*, now: datetime, batch_size: int = EMAIL_BATCH_SIZE) -> int:
    """Send the e-mails of notifications that are queued (the e-mail task's service); returns how many were sent.

    Exactly once: a row is sent only by the worker whose compare-and-set moved its email_claimed_at, and leaves the
    queue (emailed_at) once sent. Only a worker that dies, or stalls longer than EMAIL_RETRY_AFTER, between sending
    and recording could let a row be sent again, by the run that finds its claim expired.
    """
    organisation = OrganisationProfile.current()
    sent = 0
    while (claimed := _notification_emails_claim(now=now, batch_size=batch_size)) is not None:
        if claimed:
            sent += _notification_emails_deliver(claimed, organisation=organisation)
    return sent


def notification_mark_read(*, notification: Notification, actor: User | None) -> Notification:
    """Mark a notification read; only its recipient (or the system, actor None) may. Reading twice changes nothing."""
    if actor is not None and actor.pk != notification.recipient_id:
        raise PermissionDenied
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at", "updated_at"])
    return notification
