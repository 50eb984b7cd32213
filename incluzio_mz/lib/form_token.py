"""A signed, short-lived token in a public form that has no CSRF cookie (docs/SECURITY.md, "Abuse of the public forms").

The public pages set no cookie, so a shared cache may keep them; Django's CSRF protection needs a cookie. Instead
the form carries the time it was shown, signed with the SECRET_KEY for one purpose (one body's form): a form built on
another site has no valid token, and a token from one body's form does not fit another's. The token is refused when
it is missing or tampered with, older than MAX_AGE (the form stood open too long, or a token was harvested) or younger
than MIN_AGE (no person fills in a form that fast; bots do). The view then shows the form again, with what was
typed and a fresh token. Together with the honeypot, the rate limit per visitor and the Origin check.
"""

import time

from django.conf import settings
from django.core import signing
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

FORM_TOKEN_FIELD = "form_token"  # noqa: S105 - a field name, not a secret
SALT = "incluzio_mz.form_token"
MIN_AGE = 3  # seconds
MAX_AGE = 2 * 3600  # seconds

MESSAGE_INVALID = _("We could not check that this form comes from our website. Please send it again.")
MESSAGE_EXPIRED = _("The form was open for a long time. Please send it again.")
MESSAGE_TOO_FAST = _("That went very fast. Please wait a moment and send the form again.")


def _signer(purpose: str) -> signing.Signer:
    return signing.Signer(salt=f"{SALT}:{purpose}")


def form_token_new(purpose: str, *, issued_at: float | None = None) -> str:
    """A token for the form with this purpose, issued now (or at issued_at, for tests)."""
    issued = int(time.time() if issued_at is None else issued_at)
    return _signer(purpose).sign(str(issued))


def form_token_error(token: str, purpose: str, *, now: float | None = None) -> str | None:
    """None when token is a valid token for purpose, else the message to show on the form."""
    try:
        issued = int(_signer(purpose).unsign(token or ""))
    except (signing.BadSignature, ValueError):
        return str(MESSAGE_INVALID)
    age = (time.time() if now is None else now) - issued
    if age > MAX_AGE:
        return str(MESSAGE_EXPIRED)
    if age < MIN_AGE:
        return str(MESSAGE_TOO_FAST)
    return None


def cross_site_post(request: HttpRequest) -> bool:
    """True when the browser says the form was posted from another site: an Origin header for another host (not in
    CSRF_TRUSTED_ORIGINS), or Sec-Fetch-Site "cross-site". Browsers send at least one of them on every form POST;
    without either (an old browser, a script) the token alone decides."""
    if request.headers.get("Sec-Fetch-Site", "") == "cross-site":
        return True
    origin = request.headers.get("Origin")
    if origin is None:
        return False
    host = request.get_host()
    return origin not in (f"https://{host}", f"http://{host}", *settings.CSRF_TRUSTED_ORIGINS)
