"""Pages for supporters: panels, their activities (W-PAN-1), signals and their follow-up (W-PAN-2), and the central
council's working visits and panel contacts (W-SCOPE-5).

Thin views (DESIGN.md convention 5): the gate (panels/permissions.py, councils/permissions.py for bodies), a form
(panels/forms.py), a service (panels.services.*), then a redirect or a page. Mutations are POST-only or behind a
form page. Who sees what is decided in the gate and written down in docs/PANELS.md.
"""

from collections.abc import Callable
from datetime import timedelta
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from councils.models import AgendaItem, BusinessUnit
from councils.permissions import BodyAction, bodies_for_user, body_allows, body_for_user
from incluzio_mz.lib.history import history_entries
from incluzio_mz.lib.views import acting_user, posted, run_service
from panels import queries
from panels.forms import (
    ActivityForm,
    LocalContactForm,
    SignalCouncilAnswerForm,
    SignalFilterForm,
    SignalForm,
    SignalForwardForm,
    SignalLinkForm,
    SignalResponseForm,
    SignalToldForm,
)
from panels.models import OPEN_SIGNAL_STATUSES, Activity, Signal, SignalStatus
from panels.permissions import (
    ActivityAction,
    SignalAction,
    activities_for_user,
    activity_for_user,
    contacts_for_user,
    council_for_contacts,
    may_record_contacts,
    may_record_signals,
    may_see_sender,
    signal_allows,
    signal_bodies_for_user,
    signal_for_user,
    signal_scopes,
    signals_for_user,
)
from panels.services import activities, contacts, signals

PER_PAGE = 50


def _run(request: HttpRequest, call: Callable[[], Any], done: str) -> bool:
    """Run a service for a POST-only button: success or the service's message, shown on the next page."""
    try:
        call()
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return False
    messages.success(request, done)
    return True


# ---------------------------------------------------------------------------------------------------------------
# Panels and their activities


@login_required
def panel_list_view(request: HttpRequest) -> HttpResponse:
    """The panels the user may see, with their number of activities (and open signals, for who handles them)."""
    panels = list(
        bodies_for_user(request.user)
        .panels()
        .annotate(
            activity_count=Count("activities", distinct=True),
            open_signals=Count("signals", filter=Q(signals__status__in=OPEN_SIGNAL_STATUSES), distinct=True),
        )
        .order_by("-active", "name")
    )
    rows = [{"panel": panel, "show_signals": may_record_signals(request.user, panel)} for panel in panels]
    return render(request, "panels/panel_list.html", {"rows": rows})


@login_required
def activity_list_view(request: HttpRequest, slug: str) -> HttpResponse:
    body = body_for_user(request.user, slug)
    page = Paginator(activities_for_user(request.user, body), PER_PAGE).get_page(request.GET.get("pagina"))
    context = {
        "body": body,
        "page": page,
        "activities": list(page.object_list),
        "may_manage": body_allows(request.user, body, BodyAction.MANAGE),
    }
    return render(request, "panels/activity_list.html", context)


@login_required
def activity_create_view(request: HttpRequest, slug: str) -> HttpResponse:
    body = body_for_user(request.user, slug, BodyAction.MANAGE)
    form = ActivityForm(posted(request))
    if request.method == "POST" and form.is_valid():
        result: dict[str, Activity] = {}

        def create() -> None:
            result["activity"] = activities.activity_create(body=body, **form.cleaned_data, actor=acting_user(request))

        if run_service(form, create):
            messages.success(request, _("The activity has been recorded."))
            return redirect("panels:activity_detail", slug=body.slug, uuid=result["activity"].uuid)
    return render(request, "panels/activity_form.html", {"form": form, "body": body, "activity": None})


@login_required
def activity_detail_view(request: HttpRequest, slug: str, uuid: UUID) -> HttpResponse:
    activity = activity_for_user(request.user, slug, uuid)
    body = activity.body
    context = {
        "body": body,
        "activity": activity,
        # Only the signals this user may see (members see the activity, not the individual input).
        "signals": list(signals_for_user(request.user).filter(activity=activity).order_by("-received_on", "-pk")),
        "may_manage": body_allows(request.user, body, BodyAction.MANAGE),
        "may_record_signal": may_record_signals(request.user, body),
    }
    return render(request, "panels/activity_detail.html", context)


@login_required
def activity_update_view(request: HttpRequest, slug: str, uuid: UUID) -> HttpResponse:
    activity = activity_for_user(request.user, slug, uuid, ActivityAction.MANAGE)
    form = ActivityForm(posted(request), initial=ActivityForm.initial_for(activity))
    if request.method == "POST" and form.is_valid():

        def update() -> None:
            activities.activity_update(activity=activity, data=dict(form.cleaned_data), actor=acting_user(request))

        if run_service(form, update):
            messages.success(request, _("The changes have been saved."))
            return redirect("panels:activity_detail", slug=activity.body.slug, uuid=activity.uuid)
    return render(request, "panels/activity_form.html", {"form": form, "body": activity.body, "activity": activity})


# ---------------------------------------------------------------------------------------------------------------
# Signals


def _filtered(request: HttpRequest, rows: Any, show: str) -> Any:
    handled, councils = signal_scopes(request.user)
    if show == "reply":
        return queries.needs_reply(rows, handled)
    if show == "council":
        return queries.awaiting_council(rows, councils)
    if show == "not_told":
        return queries.not_told(rows, handled)
    if show == "closed":
        return rows.filter(status=SignalStatus.CLOSED)
    if show == "all":
        return rows
    return rows.filter(status__in=OPEN_SIGNAL_STATUSES)


@login_required
def signal_list_view(request: HttpRequest) -> HttpResponse:
    """The signals of the user's bodies and those forwarded to their council, filtered by what needs doing.

    A fixed number of queries, whatever the number of signals (tests/panels/test_signal_list_queries.py).
    """
    filters = SignalFilterForm(request.GET or None)
    show = (filters.cleaned_data.get("show") if filters.is_valid() else "") or "open"
    rows = _filtered(request, signals_for_user(request.user), show)
    page = Paginator(rows.order_by("-received_on", "-pk"), PER_PAGE).get_page(request.GET.get("pagina"))
    context = {
        "filters": filters,
        "show": show,
        "page": page,
        "rows": [
            {"signal": signal, "ours": may_record_signals(request.user, signal.body)} for signal in page.object_list
        ],
        "recordable": list(signal_bodies_for_user(request.user)),
    }
    return render(request, "panels/signal_list.html", context)


@login_required
def signal_create_view(request: HttpRequest, slug: str) -> HttpResponse:
    body = body_for_user(request.user, slug)
    if not may_record_signals(request.user, body):
        raise PermissionDenied
    body_activities = Activity.objects.filter(body=body).order_by("-held_on", "-pk")
    initial: dict[str, Any] = {}
    chosen = request.GET.get("activiteit")
    if chosen:
        activity = body_activities.filter(uuid=chosen).first() if _is_uuid(chosen) else None
        if activity is not None:
            initial = {"activity": activity, "source": "activity"}
    form = SignalForm(posted(request), activities=body_activities, initial=initial)
    if request.method == "POST" and form.is_valid():
        result: dict[str, Signal] = {}

        def create() -> None:
            result["signal"] = signals.signal_create(body=body, **form.cleaned_data, actor=acting_user(request))

        if run_service(form, create):
            messages.success(
                request,
                _("The signal has been recorded with reference %(reference)s.")
                % {"reference": result["signal"].reference},
            )
            return redirect("panels:signal_detail", uuid=result["signal"].uuid)
    return render(request, "panels/signal_form.html", {"form": form, "body": body})


def _is_uuid(value: str) -> bool:
    try:
        UUID(value)
    except ValueError:
        return False
    return True


@login_required
def signal_detail_view(request: HttpRequest, uuid: UUID) -> HttpResponse:
    signal = signal_for_user(request.user, uuid)
    today = timezone.localdate()
    may_handle = signal_allows(request.user, signal, SignalAction.HANDLE)
    is_open = signal.status in OPEN_SIGNAL_STATUSES
    context = {
        "signal": signal,
        "may_handle": may_handle,
        "may_council": signal_allows(request.user, signal, SignalAction.COUNCIL),
        "show_sender": may_see_sender(request.user, signal),
        "is_open": is_open,
        "may_forward": may_handle
        and is_open
        and signal.forwarded_to_id is None
        and bool(signals.forward_targets(signal.body, on=today)),
        "close_blocked": signal.told_on is None and not signal.is_anonymous,
        "history": history_entries(signal.history.select_related("history_user"), subject=signal.reference),
    }
    return render(request, "panels/signal_detail.html", context)


def _to_signal(signal: Signal) -> HttpResponse:
    return redirect("panels:signal_detail", uuid=signal.uuid)


@require_POST
@login_required
def signal_start_handling_view(request: HttpRequest, uuid: UUID) -> HttpResponse:
    signal = signal_for_user(request.user, uuid, SignalAction.HANDLE)
    _run(
        request,
        lambda: signals.signal_start_handling(signal=signal, actor=acting_user(request)),
        _("The signal is being handled."),
    )
    return _to_signal(signal)


@require_POST
@login_required
def signal_close_view(request: HttpRequest, uuid: UUID) -> HttpResponse:
    signal = signal_for_user(request.user, uuid, SignalAction.HANDLE)
    _run(request, lambda: signals.signal_close(signal=signal, actor=acting_user(request)), _("The signal is closed."))
    return _to_signal(signal)


def _step(
    request: HttpRequest,
    signal: Signal,
    form: Any,
    call: Callable[[dict[str, Any]], Any],
    *,
    heading: str,
    submit: str,
    done: str,
    intro: str = "",
) -> HttpResponse:
    """A step with a small form on its own page: validate, call the service, back to the signal."""
    if request.method == "POST" and form.is_valid() and run_service(form, lambda: call(form.cleaned_data)):
        messages.success(request, done)
        return _to_signal(signal)
    context = {"signal": signal, "form": form, "heading": heading, "submit": submit, "intro": intro}
    return render(request, "panels/signal_step.html", context)


@login_required
def signal_answer_view(request: HttpRequest, uuid: UUID) -> HttpResponse:
    signal = signal_for_user(request.user, uuid, SignalAction.HANDLE)
    form = SignalResponseForm(posted(request), initial={"response": signal.response})
    return _step(
        request,
        signal,
        form,
        lambda data: signals.signal_answer(signal=signal, response=data["response"], actor=acting_user(request)),
        heading=_("What was done with it"),
        submit=_("Save the answer"),
        done=_("The answer has been saved. Let the person who raised it know."),
    )


@login_required
def signal_forward_view(request: HttpRequest, uuid: UUID) -> HttpResponse:
    signal = signal_for_user(request.user, uuid, SignalAction.HANDLE)
    councils = signals.forward_targets(signal.body, on=timezone.localdate())
    form = SignalForwardForm(posted(request), councils=councils)
    return _step(
        request,
        signal,
        form,
        lambda data: signals.signal_forward(signal=signal, council=data["council"], actor=acting_user(request)),
        heading=_("Forward to the central council"),
        submit=_("Forward"),
        done=_("The signal has been forwarded. You will see here what the council did with it."),
        intro=_(
            "The council's supporters see the signal with where it came from, not the contact details of the "
            "person who raised it."
        ),
    )


@login_required
def signal_council_answer_view(request: HttpRequest, uuid: UUID) -> HttpResponse:
    signal = signal_for_user(request.user, uuid, SignalAction.COUNCIL)
    form = SignalCouncilAnswerForm(
        posted(request),
        initial={"council_response": signal.council_response, "council_responded_on": signal.council_responded_on},
    )
    return _step(
        request,
        signal,
        form,
        lambda data: signals.signal_council_answer(
            signal=signal,
            response=data["council_response"],
            responded_on=data["council_responded_on"],
            actor=acting_user(request),
        ),
        heading=_("What the council did with it"),
        submit=_("Save"),
        done=_("Saved. The panel's supporters have been told."),
    )


@login_required
def signal_told_view(request: HttpRequest, uuid: UUID) -> HttpResponse:
    signal = signal_for_user(request.user, uuid, SignalAction.HANDLE)
    form = SignalToldForm(posted(request))
    return _step(
        request,
        signal,
        form,
        lambda data: signals.signal_told(
            signal=signal, told_on=data["told_on"], told_how=data["told_how"], actor=acting_user(request)
        ),
        heading=_("The person who raised it was told"),
        submit=_("Save"),
        done=_("Saved. You can close the signal now."),
    )


@login_required
def signal_link_view(request: HttpRequest, uuid: UUID) -> HttpResponse:
    from advice.permissions import requests_for_user  # advice builds on councils: import at use
    from councils.meetings.permissions import meetings_for_user

    signal = signal_for_user(request.user, uuid, SignalAction.HANDLE)
    allowed = signals.link_body_ids(signal)
    since = timezone.now() - timedelta(days=365)
    meetings = meetings_for_user(request.user).filter(body_id__in=allowed, starts_at__gte=since).values("pk")
    agenda_items = (
        AgendaItem.objects.filter(meeting__in=meetings)
        .select_related("meeting")
        .order_by("-meeting__starts_at", "position")
    )
    requests = requests_for_user(request.user).filter(council_id__in=allowed).order_by("-pk")
    form = SignalLinkForm(posted(request), agenda_items=agenda_items, requests=requests)
    return _step(
        request,
        signal,
        form,
        lambda data: signals.signal_link(
            signal=signal, agenda_item=data["agenda_item"], request=data["request"], actor=acting_user(request)
        ),
        heading=_("Link to an agenda item or a request"),
        submit=_("Link"),
        done=_("The link has been saved."),
    )


# ---------------------------------------------------------------------------------------------------------------
# The central council's working visits and panel contacts (W-SCOPE-5)


@login_required
def contact_list_view(request: HttpRequest, slug: str) -> HttpResponse:
    council = council_for_contacts(request.user, slug)
    today = timezone.localdate()
    page = Paginator(contacts_for_user(request.user, council), PER_PAGE).get_page(request.GET.get("pagina"))
    context = {
        "council": council,
        "page": page,
        "contacts": list(page.object_list),
        "connection": queries.local_connection(council, on=today),
        "may_record": may_record_contacts(request.user, council),
    }
    return render(request, "panels/contact_list.html", context)


@login_required
def contact_create_view(request: HttpRequest, slug: str) -> HttpResponse:
    council = council_for_contacts(request.user, slug, record=True)
    today = timezone.localdate()
    units = BusinessUnit.objects.represented_by(council, on=today).order_by("name")
    form = LocalContactForm(posted(request), units=units, panels=contacts.contact_panels(council, on=today))
    if request.method == "POST" and form.is_valid():

        def create() -> None:
            contacts.local_contact_create(council=council, **form.cleaned_data, actor=acting_user(request))

        if run_service(form, create):
            messages.success(request, _("The contact has been recorded."))
            return redirect(reverse("panels:contact_list", kwargs={"slug": council.slug}))
    return render(request, "panels/contact_form.html", {"form": form, "council": council})
