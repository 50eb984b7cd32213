"""The personal iCal feed's secret (issue 6 item 8): create, renew (revokes the old URL), and look up.

The URL carries `token = signing.Signer(salt="calendar-feed").sign(key)`: the random key stored in CalendarFeed plus
an HMAC with SECRET_KEY. The feed page can show the URL again (it is derived from the stored key), while the
database alone is not enough to open a feed. A lookup checks the signature first (constant time), then the key
(unique index). Renewing stores a new key, so the old token no longer finds a row: 404.
"""

import secrets

from django.core import signing
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from councils.models.meetings import CalendarFeed
from incluzio_mz.lib.services import stamp_history

SALT = "calendar-feed"


def _new_key() -> str:
    return secrets.token_urlsafe(24)


def calendar_feed_token(feed: CalendarFeed) -> str:
    """The secret for the feed's URL (/agenda.ics?token=...)."""
    return signing.Signer(salt=SALT).sign(feed.key)


def calendar_feed_get_or_create(*, user: User, actor: User | None) -> CalendarFeed:
    """The user's feed, created on first use."""
    feed = CalendarFeed.objects.filter(user=user).first()
    if feed is not None:
        return feed
    try:
        with transaction.atomic():
            feed = CalendarFeed(user=user, key=_new_key())
            stamp_history(feed, actor=actor, reason=_("Calendar link created"))
            feed.save(force_insert=True)
    except IntegrityError:  # created meanwhile by another request of the same user
        return CalendarFeed.objects.get(user=user)
    return feed


@transaction.atomic
def calendar_feed_renew(*, user: User, actor: User | None) -> CalendarFeed:
    """Give the user a new feed URL; the old one stops working at once."""
    feed = CalendarFeed.objects.select_for_update().filter(user=user).first()
    if feed is None:
        return calendar_feed_get_or_create(user=user, actor=actor)
    feed.key = _new_key()
    feed.renewed_at = timezone.now()
    stamp_history(feed, actor=actor, reason=_("Calendar link renewed"))
    feed.save(update_fields=["key", "renewed_at", "updated_at"])
    return feed


def calendar_feed_user(token: str) -> User | None:
    """The active user whose current feed token this is; None for a missing, forged, renewed (revoked) token."""
    if not token:
        return None
    try:
        key = signing.Signer(salt=SALT).unsign(token)
    except signing.BadSignature:
        return None
    feed = CalendarFeed.objects.select_related("user").filter(key=key).first()
    if feed is None or not feed.user.is_active:
        return None
    return feed.user
