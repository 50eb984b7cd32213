from collections.abc import Callable
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import resolve, reverse
from django.urls.exceptions import Resolver404

from accounts.roles import requires_second_factor
from accounts.second_factor import has_confirmed_device, is_verified

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
