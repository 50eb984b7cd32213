from urllib.parse import urlencode

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django_otp import login as otp_login
from django_otp import match_token

from accounts import services
from accounts.forms import LoginForm, PasswordResetRequestForm, TokenForm
from accounts.models import User
from accounts.roles import requires_second_factor
from accounts.second_factor import has_confirmed_device, is_verified


def _next_url(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return reverse("home")


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def get_success_url(self) -> str:
        # Administrators and board members continue to the second factor (the middleware enforces it too).
        user = self.request.user
        if requires_second_factor(user):
            step = "accounts:otp_verify" if has_confirmed_device(user) else "accounts:otp_setup"
            return f"{reverse(step)}?{urlencode({'next': super().get_success_url()})}"
        return super().get_success_url()


login_view = sensitive_post_parameters("password")(never_cache(LoginView.as_view()))
logout_view = auth_views.LogoutView.as_view()


@never_cache
@login_required
def otp_verify_view(request: HttpRequest) -> HttpResponse:
    if not has_confirmed_device(request.user):
        return HttpResponseRedirect(f"{reverse('accounts:otp_setup')}?{urlencode({'next': _next_url(request)})}")
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = match_token(request.user, form.cleaned_data["token"])
        if device is not None:
            otp_login(request, device)
            return HttpResponseRedirect(_next_url(request))
        form.add_error("token", _("The code is not correct or has expired. Wait for a new code and try again."))
    return render(request, "accounts/otp_verify.html", {"form": form, "next": _next_url(request)})


@never_cache
@login_required
def otp_setup_view(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    if has_confirmed_device(user) and not is_verified(user):
        # Replacing a device needs the current one first, or a stolen password would be enough.
        return HttpResponseRedirect(f"{reverse('accounts:otp_verify')}?{urlencode({'next': request.get_full_path()})}")
    device = services.totp_device_start(user=user, actor=user)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.totp_device_confirm(request=request, device=device, token=form.cleaned_data["token"], actor=user)
        except ValidationError as error:
            form.add_error("token", error)
        else:
            messages.success(request, _("Your authenticator app is set up. From now on you log in with a code."))
            return HttpResponseRedirect(_next_url(request))
    qr_svg = segno.make(device.config_url, error="m").svg_inline(scale=5, title=_("QR code for your authenticator app"))
    secret = device.config_url.split("secret=")[1].split("&")[0]
    context = {"form": form, "qr_svg": qr_svg, "secret": secret, "next": _next_url(request)}
    return render(request, "accounts/otp_setup.html", context)


@never_cache
def password_reset_view(request: HttpRequest) -> HttpResponse:
    form = PasswordResetRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.password_reset_request(email=form.cleaned_data["email"], base_url=request.build_absolute_uri("/"))
        return redirect("accounts:password_reset_done")
    return render(request, "accounts/password_reset.html", {"form": form})


def password_reset_done_view(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/password_reset_done.html")


password_reset_confirm_view = auth_views.PasswordResetConfirmView.as_view(
    template_name="accounts/password_reset_confirm.html",
    success_url=reverse_lazy("accounts:password_reset_complete"),
)
password_reset_complete_view = auth_views.PasswordResetCompleteView.as_view(
    template_name="accounts/password_reset_complete.html"
)


def locked_out_response(
    request: HttpRequest, response: HttpResponse | None, credentials: dict[str, str]
) -> HttpResponse:
    """django-axes calls this when an account is locked: a plain Dutch page, status 429."""
    context = {
        "failure_limit": settings.AXES_FAILURE_LIMIT,
        "minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
    }
    return render(request, "accounts/locked_out.html", context, status=429)
