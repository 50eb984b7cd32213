from collections.abc import Callable
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import resolve, reverse
from django.urls.exceptions import Resolver404
from django.utils import timezone

from accounts.roles import requires_second_factor
from accounts.second_factor import has_confirmed_device, is_verified
from accounts.signals import LAST_SEEN_SESSION_KEY, LOGGED_IN_AT_SESSION_KEY

# Pages a user who still owes the second factor may open: the factor pages themselves, logging out,
# the language switch and the health check.
_ALLOWED_URL_NAMES = {
    "accounts:otp_verify",
    "accounts:otp_setup",
    "accounts:logout",
    "set_language",
    "healthz",
    # The code page shows the organisation's logo and colours.
    "organisation_logo",
    "organisation_theme",
}


class SecondFactorRequiredMiddleware:
    """Administrators and board members must pass a TOTP second factor before they see any portal page.

    Runs after django-otp's OTPMiddleware, which sets request.user.is_verified().
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if user.is_authenticated and requires_second_factor(user) and not is_verified(user):
            try:
                name = resolve(request.path_info).view_name
            except Resolver404:
                name = ""
            if name not in _ALLOWED_URL_NAMES:
                target = "accounts:otp_verify" if has_confirmed_device(user) else "accounts:otp_setup"
                query = urlencode({"next": request.get_full_path()})
                return HttpResponseRedirect(f"{reverse(target)}?{query}")
        return self.get_response(request)


# Why the session ended, kept in the new (anonymous) session for the login page to explain.
SESSION_ENDED_KEY = "accounts_session_ended"


class SessionTimeoutMiddleware:
    """Log out after an idle time (shorter for administrators and board members) and at most SESSION_MAX_HOURS
    after logging in; the login page then says why. Runs right after AuthenticationMiddleware."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if user.is_authenticated:
            now = timezone.now().timestamp()
            session = request.session
            logged_in_at = session.setdefault(LOGGED_IN_AT_SESSION_KEY, now)
            last_seen = session.get(LAST_SEEN_SESSION_KEY, now)
            idle_minutes = (
                settings.SESSION_IDLE_MINUTES_SECOND_FACTOR_ROLES
                if requires_second_factor(user)
                else settings.SESSION_IDLE_MINUTES
            )
            reason = ""
            if now - logged_in_at > settings.SESSION_MAX_HOURS * 3600:
                reason = "max_age"
            elif now - last_seen > idle_minutes * 60:
                reason = "idle"
            if reason:
                logout(request)
                request.session[SESSION_ENDED_KEY] = reason
                query = urlencode({"next": request.get_full_path()})
                return HttpResponseRedirect(f"{reverse('accounts:login')}?{query}")
            if now - last_seen > 30 or LAST_SEEN_SESSION_KEY not in session:
                session[LAST_SEEN_SESSION_KEY] = now  # not on every request: fewer session writes
        return self.get_response(request)
