"""A body's public page without a login (issue 8): /openbaar/ and /openbaar/<slug>/, the form "Laat van je horen",
its receipt, and the download of the regulation and house rules the council adopted (W-REG-2).

What is shown is public by nature and read here, not through a gate: active bodies, the first names of current
members who allowed it (never contact details), the supporters' shared address, the council's regulation and its
adopted documents, open vacancies (W-MEM-7) and the results the council chose to publish. Each page reads a fixed
number of rows whatever the data (tests/panels/test_public_body_detail.py counts the queries).

Caching (docs/PANELS.md, "Public page and signal form"): for anonymous visitors the pages are "public,
max-age=300" and set no cookie, so a shared cache may keep them. The language form of base.html would call
get_token() and set the CSRF cookie; for anonymous visitors the pages render without a CSRF token (the form "Laat
van je horen" is CSRF-exempt and carries a signed, short-lived form token instead: see signal_create_view).
Logged-in users see their name in the header: their pages are private and never cached.

Spam protection like the vacancy form (members/public_views.py): django-ratelimit per visitor address on POST (behind
TRUSTED_PROXY_COUNT proxies, incluzio_mz/lib/client_ip.py) with the same rate and group, a friendly page with status
429 that keeps what was typed, a honeypot, and the form token (docs/SECURITY.md, "Abuse of the public forms").
"""

import time
from typing import Any

from django.core import signing
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers, patch_cache_control, patch_vary_headers
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods
from django_ratelimit.decorators import ratelimit

from advice.models import Request, RequestStatus
from councils.models import (
    Body,
    BodyKind,
    ConsentStatus,
    HouseRules,
    Regulation,
    RegulationDocument,
    RegulationDocumentKind,
)
from incluzio_mz.lib.form_token import (
    FORM_TOKEN_FIELD,
    MESSAGE_INVALID,
    MIN_AGE,
    cross_site_post,
    form_token_error,
    form_token_new,
)
from incluzio_mz.lib.views import run_service
from members.models import CONSENT_AGE, Membership, Vacancy
from members.public_views import PUBLIC_FORM_RATE
from panels.public_forms import HONEYPOT_FIELD, SignalPublicForm
from panels.services import public as public_services

# How long a shared cache (or the browser) may keep an anonymous public page: a new member, vacancy or result shows
# within five minutes.
PUBLIC_MAX_AGE = 300
RECENT_RESULTS = 5
# The receipt's link carries the reference signed, so the page needs no session and no database row lookup; the link
# works for a week (long enough to bookmark or print it right away).
RECEIPT_SALT = "panels.signal_receipt"
RECEIPT_MAX_AGE = 7 * 24 * 3600


# ---------------------------------------------------------------------------------------------------------------
# Reads for the public page: each one query, whatever the number of rows.


def council_of(body: Body) -> Body | None:
    """The council whose regulation and results apply: the body itself, a chamber's council, or none (a panel)."""
    if body.kind == BodyKind.COUNCIL:
        return body
    if body.kind == BodyKind.CHAMBER:
        return body.parent
    return None


def public_members(body: Body, *, on: Any) -> list[dict[str, str]]:
    """Current members of body who allowed their first name on the public page: the first name and role only.

    Only these two columns are read, so no contact detail can reach the page by mistake. Someone who may be under
    16 is shown only with a parent's or guardian's consent (W-MEM-8; the services refuse name_public without it, this
    also holds for rows stored before that rule).
    """
    rows = (
        Membership.objects.current(on=on)
        .filter(body=body, person__name_public=True, person__anonymised_at__isnull=True)
        .exclude(person__birth_year__gte=on.year - CONSENT_AGE, person__guardian_consent_on__isnull=True)
        .order_by("role", "person__display_name", "pk")
        .values_list("person__display_name", "role")
    )
    labels = dict(Membership._meta.get_field("role").choices or [])
    return [{"first_name": (name.split() or [""])[0], "role": str(labels.get(role, role))} for name, role in rows]


def public_regulation(council: Body) -> Regulation | None:
    return Regulation.objects.filter(council=council).first()


def public_regulation_documents(council: Body) -> list[RegulationDocument]:
    """The current consented version of the regulation text, where there is one (W-REG-2).

    House rules are the council's own HouseRules rows (W-REG-3, public_house_rules), not documents with consent.
    """
    document = (
        RegulationDocument.objects.filter(
            regulation__council=council,
            kind=RegulationDocumentKind.REGULATION,
            consent_status=ConsentStatus.GRANTED,
        )
        .order_by("-version")
        .first()
    )
    return [document] if document is not None else []


def public_house_rules(council: Body) -> HouseRules | None:
    """The current version of the house rules the council adopted (W-REG-3), with the meeting's title."""
    return HouseRules.objects.filter(council=council).select_related("meeting").order_by("-version").first()


def public_regulation_document(council: Body, kind: str, version: int) -> RegulationDocument:
    """One document for the public download: only the current adopted version of its kind, else 404."""
    for document in public_regulation_documents(council):
        if document.kind == kind and document.version == version:
            return document
    raise Http404


def public_results(council: Body) -> list[Request]:
    """The newest decided requests the council chose to show, with their public summary and decision date."""
    return list(
        Request.objects.filter(council=council, is_public=True, status=RequestStatus.DECIDED)
        .exclude(public_summary="")
        .select_related("decision")
        .order_by("-decision__decided_on", "-pk")[:RECENT_RESULTS]
    )


# ---------------------------------------------------------------------------------------------------------------
# Caching helpers.


def _anonymous_context(request: HttpRequest, context: dict[str, Any]) -> dict[str, Any]:
    """Without a login no form on the page needs a CSRF token: leaving it out keeps get_token() from setting the
    CSRF cookie, so the page stays the same for every anonymous visitor and may be cached.

    An empty value, not Django's "NOTPROVIDED" marker: in Django 6.1 {% csrf_token %} raises a TypeError on that
    marker (format_html("") without arguments). With DEBUG on, Django warns that the token is missing; harmless."""
    if not request.user.is_authenticated:
        context["csrf_token"] = ""
    return context


def _cacheable(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    """Anonymous: public for five minutes. Logged in (the header shows the user): private, never cached."""
    if request.user.is_authenticated:
        add_never_cache_headers(response)
    else:
        patch_cache_control(response, public=True, max_age=PUBLIC_MAX_AGE)
    # The language comes from the cookie or the browser; the login from the session cookie.
    patch_vary_headers(response, ["Cookie", "Accept-Language"])
    return response


def _render_public(request: HttpRequest, template: str, context: dict[str, Any], status: int = 200) -> HttpResponse:
    response = render(request, template, _anonymous_context(request, context), status=status)
    return _cacheable(request, response)


# ---------------------------------------------------------------------------------------------------------------
# Views.


@require_GET
def body_list_view(request: HttpRequest) -> HttpResponse:
    bodies = list(Body.objects.active().select_related("parent").order_by("kind", "name"))
    councils = [b for b in bodies if b.kind == BodyKind.COUNCIL]
    chambers = [b for b in bodies if b.kind == BodyKind.CHAMBER]
    panels = [b for b in bodies if b.kind == BodyKind.PANEL]
    groups = [
        {"council": council, "chambers": [c for c in chambers if c.parent_id == council.pk]} for council in councils
    ]
    context = {"groups": groups, "panels": panels}
    return _render_public(request, "public/body_list.html", context)


def signal_form_purpose(body: Body) -> str:
    """The form token of one body's form "Laat van je horen" fits only that body's form."""
    return f"panels.signal_create:{body.pk}"


def _signal_form_context(body: Body, form: SignalPublicForm, *, shown_before: bool = False) -> dict[str, Any]:
    """The form and a fresh form token. shown_before: the form comes back after a post with a valid token (e.g. a
    contact to correct): the person already took their time, so the new token may be sent again right away."""
    issued_at = time.time() - MIN_AGE if shown_before else None
    return {"body": body, "form": form, "form_token": form_token_new(signal_form_purpose(body), issued_at=issued_at)}


def _body_context(body: Body) -> dict[str, Any]:
    today = timezone.localdate()
    council = council_of(body)
    context: dict[str, Any] = {
        "body": body,
        "council": council,
        "members": public_members(body, on=today),
        "vacancies": list(Vacancy.objects.open(on=today).filter(body=body).only("title", "group", "closes_on")),
        "regulation": None,
        "documents": [],
        "house_rules": None,
        "results": [],
    }
    if council is not None:
        context["regulation"] = public_regulation(council)
        context["documents"] = public_regulation_documents(council)
        context["house_rules"] = public_house_rules(council)
        context["results"] = public_results(council)
    return context


def _public_body(slug: str) -> Body:
    """An active body by slug with its council (a chamber's page names it and reads its regulation); else 404."""
    body = Body.objects.active().select_related("parent").filter(slug=slug).first()
    if body is None:
        raise Http404
    return body


@require_GET
def body_detail_view(request: HttpRequest, slug: str) -> HttpResponse:
    body = _public_body(slug)
    context = _body_context(body)
    context.update(_signal_form_context(body, SignalPublicForm()))
    return _render_public(request, "public/body_detail.html", context)


def receipt_url(body: Body, reference: str) -> str:
    token = signing.dumps(reference, salt=RECEIPT_SALT)
    return f"{reverse('public:signal_receipt', args=[body.slug])}?ref={token}"


# CSRF-exempt on purpose (docs/PANELS.md): Django's CSRF token needs a cookie, which would make the public page
# uncacheable. Instead the form carries a signed, short-lived form token (incluzio_mz/lib/form_token.py) and a post the
# browser marks as coming from another site is refused, so no other site can make visitors' browsers send the form
# (docs/SECURITY.md, "Abuse of the public forms"); the rate limit and the honeypot stop floods.
@csrf_exempt
@require_http_methods(["GET", "POST"])
@ratelimit(group="public_form", key="ip", rate=PUBLIC_FORM_RATE, method="POST", block=False)
def signal_create_view(request: HttpRequest, slug: str) -> HttpResponse:
    body = _public_body(slug)
    if request.method == "GET":
        return _render_public(request, "public/signal_create.html", _signal_form_context(body, SignalPublicForm()))
    form = SignalPublicForm(request.POST)
    if getattr(request, "limited", False):
        # Keep what was typed (the form is shown again, without errors) and say why it was not taken in.
        context = {**_signal_form_context(body, SignalPublicForm(initial=request.POST.dict())), "limited": True}
        response = render(request, "public/signal_create.html", _anonymous_context(request, context), status=429)
        add_never_cache_headers(response)
        return response
    if request.POST.get(HONEYPOT_FIELD, "").strip():
        # A bot: it sees what a person sees (a receipt, without a reference), and nothing is stored.
        return redirect("public:signal_receipt", slug=body.slug)
    token_error = str(MESSAGE_INVALID) if cross_site_post(request) else None
    token_error = token_error or form_token_error(request.POST.get(FORM_TOKEN_FIELD, ""), signal_form_purpose(body))
    signal = None
    if token_error is not None:
        # Shown again with what was typed and a fresh token; nothing is stored.
        form.is_valid()
        form.add_error(None, token_error)
    elif form.is_valid():
        data = form.cleaned_data

        def submit() -> None:
            nonlocal signal
            signal = public_services.signal_submit_public(
                body=body,
                title=data["title"],
                description=data["description"],
                theme=data["theme"],
                sender_name=data["sender_name"],
                sender_contact=data["sender_contact"],
            )

        if run_service(form, submit) and signal is not None:
            return redirect(receipt_url(body, signal.reference))
    context = _signal_form_context(body, form, shown_before=token_error is None)
    response = render(request, "public/signal_create.html", _anonymous_context(request, context))
    add_never_cache_headers(response)
    return response


@require_GET
def signal_receipt_view(request: HttpRequest, slug: str) -> HttpResponse:
    body = _public_body(slug)
    reference = ""
    try:
        reference = signing.loads(request.GET.get("ref", ""), salt=RECEIPT_SALT, max_age=RECEIPT_MAX_AGE)
    except signing.BadSignature:
        reference = ""
    context = {"body": body, "reference": reference if isinstance(reference, str) else ""}
    response = render(request, "public/signal_receipt.html", _anonymous_context(request, context))
    # The reference is the sender's own: no shared cache keeps this page.
    add_never_cache_headers(response)
    return response


@require_GET
def regulation_document_download_view(request: HttpRequest, slug: str, kind: str, version: int) -> FileResponse:
    """The adopted regulation or house rules of the body's council, current version only (W-REG-2)."""
    council = council_of(_public_body(slug))
    if council is None:
        raise Http404
    document = public_regulation_document(council, kind, version)
    name = document.file.name or ""
    suffix = name[name.rfind(".") :] if name.rfind(".") > name.rfind("/") else ""
    response = FileResponse(
        document.file.open("rb"),
        as_attachment=True,
        filename=f"{council.slug}-{document.kind}-v{document.version}{suffix}",
    )
    # A version never changes; public for everyone, logged in or not (the file does not show who asks).
    patch_cache_control(response, public=True, max_age=PUBLIC_MAX_AGE)
    return response


@require_GET
def house_rules_download_view(request: HttpRequest, slug: str, version: int) -> FileResponse:
    """The document of the council's current house rules (W-REG-3), when one was attached; else 404."""
    council = council_of(_public_body(slug))
    if council is None:
        raise Http404
    rules = public_house_rules(council)
    if rules is None or rules.version != version or not rules.file:
        raise Http404
    name = rules.file.name or ""
    suffix = name[name.rfind(".") :] if name.rfind(".") > name.rfind("/") else ""
    response = FileResponse(
        rules.file.open("rb"), as_attachment=True, filename=f"{council.slug}-house_rules-v{rules.version}{suffix}"
    )
    patch_cache_control(response, public=True, max_age=PUBLIC_MAX_AGE)
    return response
