from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import connection
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from kombu import Connection

from accounts.roles import role_labels
from incluzio_mz import services
from incluzio_mz.context_processors import organisation_for_request
from incluzio_mz.forms import OrganisationProfileForm
from incluzio_mz.models import HEX_COLOUR
from incluzio_mz.permissions import require_administrator


@login_required
def home_view(request: HttpRequest) -> HttpResponse:
    """The overview: who you are, and per app what needs your attention (advice/dashboard.py, panels/dashboard.py)."""
    from advice import dashboard as advice_dashboard
    from panels import dashboard as panels_dashboard

    context = {
        "roles": role_labels(request.user),
        "advice_attention": advice_dashboard.attention(request.user),
        "panels_attention": panels_dashboard.attention(request.user),
    }
    return render(request, "home.html", context)


def _check_database() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # any failure means "not reachable"; the detail goes to the log, not to the caller
        return "error"
    return "ok"


def _check_broker() -> str:
    options = getattr(settings, "CELERY_BROKER_TRANSPORT_OPTIONS", {})
    try:
        with Connection(settings.CELERY_BROKER_URL, transport_options=options, connect_timeout=2) as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
    except Exception:
        return "error"
    return "ok"


@never_cache
def healthz_view(request: HttpRequest) -> JsonResponse:
    """For load balancers and `make run`: 200 when the database answers, 503 when it does not.

    The broker is reported but does not fail the check: the web part still serves pages without it,
    and queued work waits until the broker is back.
    """
    body: dict[str, Any] = {"database": _check_database(), "broker": _check_broker()}
    body["status"] = "ok" if body["database"] == "ok" else "error"
    return JsonResponse(body, status=200 if body["status"] == "ok" else 503)


def csrf_failure_view(request: HttpRequest, reason: str = "") -> HttpResponse:
    return render(request, "403_csrf.html", status=403)


# ---------------------------------------------------------------------------------------------------------------
# The organisation profile: name, address, logo, letterhead and colours (docs/ARCHITECTURE.md, "Organisation").


@login_required
def organisation_profile_update_view(request: HttpRequest) -> HttpResponse:
    require_administrator(request.user)
    profile = organisation_for_request(request)
    form = OrganisationProfileForm(request.POST or None, request.FILES or None, instance=profile)
    if request.method == "POST" and form.is_valid():
        try:
            services.organisation_profile_update(
                data=form.profile_data(),
                logo=form.cleaned_data["new_logo"],
                remove_logo=form.cleaned_data["remove_logo"],
                actor=request.user,  # type: ignore[arg-type]
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            for field, errors in error.update_error_dict({}).items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, _("The organisation profile has been saved."))
            return redirect("organisation_profile_update")
    history = profile.history.select_related("history_user").order_by("-history_date")[:50]
    return render(
        request,
        "incluzio_mz/organisation_profile_update.html",
        {"form": form, "profile": profile, "history": history},
    )


def _cache_headers[R: HttpResponseBase](request: HttpRequest, response: R, version: str) -> R:
    """Versioned URLs (?v=<version>, which changes with every save) may be cached for a year; others not."""
    if request.GET.get("v") == version:
        response["Cache-Control"] = "public, max-age=31536000, immutable"
    else:
        response["Cache-Control"] = "no-cache"
    return response


@require_safe
def organisation_logo_view(request: HttpRequest) -> FileResponse:
    """The logo, for everyone (it is on every page). Files are never served from a public media URL."""
    profile = organisation_for_request(request)
    if not profile.has_logo:
        raise Http404
    try:
        handle = profile.logo.open("rb")
    except OSError as error:
        raise Http404 from error
    response = FileResponse(handle, content_type=profile.logo_content_type)
    response["Content-Disposition"] = "inline"
    # An SVG opened on its own is a document: sandboxed, it can run nothing even if the upload check missed it.
    response["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'; sandbox"
    return _cache_headers(request, response, profile.version)


_THEME_PRIMARY = (
    "--utrecht-button-primary-action-background-color",
    "--utrecht-button-primary-action-border-color",
    "--utrecht-button-secondary-action-border-color",
    "--utrecht-button-secondary-action-color",
    "--utrecht-nav-bar-background-color",
    "--utrecht-nav-bar-content-background-color",
)
_THEME_PRIMARY_DARKER = (
    "--utrecht-button-primary-action-hover-background-color",
    "--utrecht-button-primary-action-focus-background-color",
    "--utrecht-button-primary-action-active-background-color",
    "--utrecht-button-secondary-action-hover-color",
    "--utrecht-button-secondary-action-hover-border-color",
    "--utrecht-button-secondary-action-active-color",
    "--utrecht-button-secondary-action-active-border-color",
)
_THEME_ON_PRIMARY = (
    "--utrecht-button-primary-action-color",
    "--utrecht-button-primary-action-hover-color",
    "--utrecht-button-primary-action-active-color",
    "--utrecht-nav-bar-color",
    "--utrecht-nav-bar-content-color",
)
_THEME_LINK = (
    "--utrecht-link-color",
    "--utrecht-link-visited-color",
    "--utrecht-link-active-color",
    "--utrecht-link-hover-color",
    "--utrecht-link-focus-color",
)


def theme_css(primary: str, link: str) -> str:
    """The organisation's colours as overrides of the NL Design System (Utrecht) design tokens.

    Both colours passed the WCAG AA contrast check against white when they were saved; darker variants (hover,
    focus) only raise that contrast. Values are checked again here, so nothing but a colour reaches the CSS.
    """
    declarations: list[str] = []
    if HEX_COLOUR.match(primary):
        darker = f"color-mix(in srgb, {primary} 80%, black)"
        declarations += [f"  {token}: {primary};" for token in _THEME_PRIMARY]
        declarations += [f"  {token}: {darker};" for token in _THEME_PRIMARY_DARKER]
        declarations += [f"  {token}: #ffffff;" for token in _THEME_ON_PRIMARY]
    if HEX_COLOUR.match(link):
        declarations += [f"  {token}: {link};" for token in _THEME_LINK]
    if not declarations:
        return "/* No organisation colours: the standard design tokens apply. */\n"
    css = ".utrecht-theme {\n" + "\n".join(declarations) + "\n}\n"
    if HEX_COLOUR.match(primary):
        # Navigation links have no colour of their own; on the coloured bar they take its white text.
        css += ".utrecht-nav-bar .utrecht-nav-list__link {\n  color: inherit;\n}\n"
    return css


@require_safe
def organisation_theme_view(request: HttpRequest) -> HttpResponse:
    """The organisation's colours as a style sheet. A file, not an inline <style>: the CSP allows no inline styles."""
    profile = organisation_for_request(request)
    response = HttpResponse(theme_css(profile.primary_colour, profile.link_colour), content_type="text/css")
    return _cache_headers(request, response, profile.version)


def bad_request_view(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """handler400: a body with too much form data or too many fields says so in Dutch; anything else is 400.html."""
    from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent

    from incluzio_mz.middleware import too_large_response

    if isinstance(exception, RequestDataTooBig | TooManyFieldsSent | TooManyFilesSent):
        return too_large_response(request, status=400)
    return render(request, "400.html", status=400)
