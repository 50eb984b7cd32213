from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

import segno
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp import match_token
from django_ratelimit.core import is_ratelimited

from accounts import services
from accounts.forms import (
    LoginForm,
    PasswordResetRequestForm,
    ReasonForm,
    TokenForm,
    UserFilterForm,
    UserInviteForm,
    UserRoleAddForm,
    UserRoleRemoveForm,
)
from accounts.middleware import SESSION_ENDED_KEY
from accounts.models import User
from accounts.permissions import role_grants, user_for_user, users_for_user
from accounts.roles import requires_second_factor
from accounts.second_factor import has_confirmed_device, is_verified
from councils.models import BodyQuerySet
from councils.permissions import BodyAction, bodies_for_user
from incluzio_mz.lib.client_ip import client_ip


def _next_url(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return reverse("home")


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        # Guessing many user names from one address: a limit per address over all user names (the lockout itself
        # holds per user name and address, settings.AXES_LOCKOUT_PARAMETERS).
        if request.method == "POST" and is_ratelimited(
            request,
            group="login_address",
            key=lambda _group, request: client_ip(request),
            rate=settings.LOGIN_ADDRESS_RATE,
            method="POST",
            increment=True,
        ):
            return render(request, "accounts/login_ratelimited.html", status=429)
        ended = request.session.pop(SESSION_ENDED_KEY, None) if request.method == "GET" else None
        if ended == "idle":
            messages.info(request, _("You were logged out because you were inactive for a while. Please log in again."))
        elif ended == "max_age":
            messages.info(
                request, _("You were logged out because you were logged in for too long. Please log in again.")
            )
        return super().dispatch(request, *args, **kwargs)

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
        email = form.cleaned_data["email"]
        # Limits per address and per account. Over a limit no mail goes out, but the page says the same as always,
        # so it tells nobody whether the address is known or limited.
        by_address = is_ratelimited(
            request,
            group="password_reset_address",
            key=lambda _group, request: client_ip(request),
            rate=settings.PASSWORD_RESET_ADDRESS_RATE,
            method="POST",
            increment=True,
        )
        by_account = is_ratelimited(
            request,
            group="password_reset_account",
            key=lambda _group, _request: email.strip().lower(),
            rate=settings.PASSWORD_RESET_ACCOUNT_RATE,
            method="POST",
            increment=True,
        )
        if not (by_address or by_account):
            services.password_reset_request(email=email, base_url=request.build_absolute_uri("/"))
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


# ---------------------------------------------------------------------------------------------------------------
# Account management by administrators (the gate: accounts/permissions.py). The order is always: gate, form,
# service, redirect or render. POST-only views put require_POST outermost, so a GET is 405 for everyone.

USERS_PER_PAGE = 50


def _actor(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _active_bodies(request: HttpRequest) -> BodyQuerySet:
    return bodies_for_user(request.user, BodyAction.VIEW).active()


def _detail_forms(request: HttpRequest, target: User) -> dict[str, forms.Form]:
    """The small forms of the detail page, each with its own ids (they share field names such as "reason")."""
    return {
        "role_add_form": UserRoleAddForm(bodies=_active_bodies(request), auto_id="id_role_add_%s"),
        "role_remove_form": UserRoleRemoveForm(grants=role_grants(target), auto_id="id_role_remove_%s"),
        "deactivate_form": ReasonForm(auto_id="id_deactivate_%s"),
        "reactivate_form": ReasonForm(auto_id="id_reactivate_%s"),
        "second_factor_reset_form": ReasonForm(auto_id="id_second_factor_reset_%s"),
    }


def _render_detail(request: HttpRequest, target: User, **bound: forms.Form) -> HttpResponse:
    history = target.history.select_related("history_user").order_by("-history_date", "-history_id")[:100]
    context = {
        "target": target,
        "grants": role_grants(target),
        "history": history,
        "invitation_pending": target.is_active and not target.has_usable_password(),
        **_detail_forms(request, target),
        **bound,
    }
    return render(request, "accounts/user_detail.html", context)


def _done(request: HttpRequest, target: User, message: str) -> HttpResponse:
    messages.success(request, message)
    return redirect("accounts:user_detail", pk=target.pk)


@login_required
def user_list_view(request: HttpRequest) -> HttpResponse:
    users = users_for_user(request.user)
    filter_form = UserFilterForm(request.GET)
    page = Paginator(filter_form.filter(users), USERS_PER_PAGE).get_page(request.GET.get("pagina"))
    rows = [(user, role_grants(user)) for user in page]
    return render(request, "accounts/user_list.html", {"filter_form": filter_form, "page": page, "rows": rows})


@login_required
def user_invite_view(request: HttpRequest) -> HttpResponse:
    users_for_user(request.user)  # the gate: administrators only
    form = UserInviteForm(request.POST or None, bodies=_active_bodies(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = services.user_invite(
                email=data["email"],
                first_name=data["first_name"],
                last_name=data["last_name"],
                username=data["username"] or None,
                roles=form.roles(),
                base_url=request.build_absolute_uri("/"),
                actor=_actor(request),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return _done(request, user, _("The invitation has been sent to %(email)s.") % {"email": user.email})
    return render(request, "accounts/user_invite.html", {"form": form})


@login_required
def user_detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    target = user_for_user(request.user, pk)
    return _render_detail(request, target)


@require_POST
@login_required
def user_role_add_view(request: HttpRequest, pk: int) -> HttpResponse:
    target = user_for_user(request.user, pk)
    form = UserRoleAddForm(request.POST, bodies=_active_bodies(request), auto_id="id_role_add_%s")
    if form.is_valid():
        try:
            services.user_role_add(
                user=target, role=form.cleaned_data["role"], actor=_actor(request), reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return _done(request, target, _("The role has been added."))
    return _render_detail(request, target, role_add_form=form)


@require_POST
@login_required
def user_role_remove_view(request: HttpRequest, pk: int) -> HttpResponse:
    target = user_for_user(request.user, pk)
    form = UserRoleRemoveForm(request.POST, grants=role_grants(target), auto_id="id_role_remove_%s")
    if form.is_valid():
        try:
            services.user_role_remove(
                user=target, role=form.cleaned_data["role"], actor=_actor(request), reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return _done(request, target, _("The role has been removed."))
    return _render_detail(request, target, role_remove_form=form)


def _reason_action(
    request: HttpRequest, pk: int, *, service: Callable[..., User], form_name: str, success: str
) -> HttpResponse:
    """Deactivate, reactivate, reset the second factor: a reason form and one service each."""
    target = user_for_user(request.user, pk)
    form = ReasonForm(request.POST, auto_id=f"id_{form_name.removesuffix('_form')}_%s")
    if form.is_valid():
        try:
            service(user=target, actor=_actor(request), reason=form.cleaned_data["reason"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return _done(request, target, success)
    return _render_detail(request, target, **{form_name: form})


@require_POST
@login_required
def user_deactivate_view(request: HttpRequest, pk: int) -> HttpResponse:
    return _reason_action(
        request,
        pk,
        service=services.user_deactivate,
        form_name="deactivate_form",
        success=_("The account has been deactivated. This person can no longer log in."),
    )


@require_POST
@login_required
def user_reactivate_view(request: HttpRequest, pk: int) -> HttpResponse:
    return _reason_action(
        request,
        pk,
        service=services.user_reactivate,
        form_name="reactivate_form",
        success=_("The account is active again."),
    )


@require_POST
@login_required
def user_second_factor_reset_view(request: HttpRequest, pk: int) -> HttpResponse:
    return _reason_action(
        request,
        pk,
        service=services.user_second_factor_reset,
        form_name="second_factor_reset_form",
        success=_("The second factor has been reset. At the next login, a new authenticator app must be set up."),
    )


@require_POST
@login_required
def user_invite_resend_view(request: HttpRequest, pk: int) -> HttpResponse:
    target = user_for_user(request.user, pk)
    try:
        services.user_invite_resend(user=target, base_url=request.build_absolute_uri("/"), actor=_actor(request))
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("accounts:user_detail", pk=target.pk)
    return _done(request, target, _("The invitation has been sent again to %(email)s.") % {"email": target.email})
