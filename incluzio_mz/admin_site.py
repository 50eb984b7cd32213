from collections.abc import Callable
from functools import wraps
from typing import Any
from urllib.parse import urlencode

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_otp.admin import OTPAdminSite

from accounts.roles import is_administrator
from incluzio_mz.context_processors import organisation_for_request


class IncluzioAdminSite(OTPAdminSite):
    """Django's admin, for administrators who passed the second factor.

    Everyone logs in through /inloggen/ (one login page, which asks the second factor where the role needs it);
    a logged-in user without the administrator role gets 403, not a second login form.
    """

    # site_header and site_title come from the organisation profile (each_context).
    index_title = _("Administration")

    def __init__(self, name: str = "admin") -> None:
        # django-otp's site is named "otpadmin"; ours replaces Django's default site, so keep the "admin" names.
        super().__init__(name=name)

    def admin_view(self, view: Callable[..., HttpResponse], cacheable: bool = False) -> Callable[..., HttpResponse]:
        inner = super().admin_view(view, cacheable)

        @wraps(view)
        def gate(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            # Logged in without the administrator role: 403 at once, not a detour via the login page.
            if request.user.is_authenticated and not is_administrator(request.user):
                raise PermissionDenied
            return inner(request, *args, **kwargs)

        return gate

    def each_context(self, request: HttpRequest) -> dict[str, Any]:
        context = super().each_context(request)
        portal = organisation_for_request(request).portal_title
        context["site_title"] = portal
        context["site_header"] = _("%(portal)s: administration") % {"portal": portal}
        return context

    def has_permission(self, request: HttpRequest) -> bool:
        return super().has_permission(request) and is_administrator(request.user)

    def login(self, request: HttpRequest, extra_context: dict[str, object] | None = None) -> HttpResponse:
        if request.user.is_authenticated and not is_administrator(request.user):
            raise PermissionDenied
        # Anonymous, or an administrator who has not passed the second factor yet: the portal's login flow.
        target = request.GET.get("next") or reverse("admin:index")
        return HttpResponseRedirect(f"{reverse('accounts:login')}?{urlencode({'next': target})}")
