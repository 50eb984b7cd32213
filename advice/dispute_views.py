"""Pages for disputes before a committee of confidants (W-DIS-1, W-CON-4, W-BODY-7) and nullity (W-CON-5).

Thin views (DESIGN.md convention 5): the gate (advice/permissions.py: disputes_for_user, dispute_for_user,
nullity_invocations_for_user, nullity_invocation_for_user), a form (advice/dispute_forms.py), a service
(advice.services.disputes, advice.services.nullity), then a redirect or a page.

Who: either side opens and keeps a dispute (the board side, or the supporters of the council or of one of its
chambers); the council's members and its other supporters read; outsiders get 404. Nullity is the council's side:
its supporters record the window and the invocation, the board reads.
"""

from collections.abc import Callable
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.roles import is_administrator
from advice import dispute_forms as forms
from advice.models import (
    Dispute,
    DisputeCommittee,
    DisputeParty,
    DisputeStatus,
    DisputeSubject,
    NullityInvocation,
    Request,
    RequestKind,
    RequestStatus,
)
from advice.permissions import (
    RequestAction,
    council_side_allows,
    councils_for_user,
    dispute_documents_for_user,
    dispute_for_user,
    disputes_for_user,
    is_board_side,
    nullity_invocation_for_user,
    nullity_invocations_for_user,
    request_for_user,
    requests_for_user,
)
from advice.services import disputes as services
from advice.services import nullity as nullity_services
from incluzio_mz.lib.views import acting_user, posted, run_service

PER_PAGE = 25

SUBJECT_FOR_KIND = {
    RequestKind.REQUESTED_ADVICE: DisputeSubject.ADVICE,
    RequestKind.CONSENT: DisputeSubject.CONSENT,
    RequestKind.UNSOLICITED_ADVICE: DisputeSubject.UNSOLICITED_ADVICE,
}


def _request_url(request_obj: Request | None) -> str:
    """The request's page, when the request pages exist (advice/urls.py)."""
    if request_obj is None:
        return ""
    try:
        return reverse("advice:request_detail", kwargs={"uuid": request_obj.uuid})
    except NoReverseMatch:
        return ""


def _prefill_request(request: HttpRequest, action: RequestAction) -> Request | None:
    """?verzoek=<uuid>: a request the user may act on (404 / 403 through the request gate)."""
    uuid = request.GET.get("verzoek")
    return request_for_user(request.user, uuid, action) if uuid else None


def _detail(dispute: Dispute) -> HttpResponse:
    return redirect("advice:dispute_detail", uuid=dispute.uuid)


# ---------------------------------------------------------------------------------------------------------------
# Disputes


def may_open_dispute(user: Any) -> bool:
    return is_board_side(user) or bool(councils_for_user(user, RequestAction.COUNCIL))


@login_required
def dispute_list_view(request: HttpRequest) -> HttpResponse:
    """The disputes the user may see: every one for the board side, their council's for its supporters and members."""
    disputes = disputes_for_user(request.user).order_by("-opened_on", "-pk")
    status = request.GET.get("status", "")
    if status in DisputeStatus.values:
        disputes = disputes.filter(status=status)
    page = Paginator(disputes, PER_PAGE).get_page(request.GET.get("pagina"))
    context = {
        "page": page,
        "disputes": list(page.object_list),
        "statuses": DisputeStatus.choices,
        "status": status,
        "query": f"status={status}" if status in DisputeStatus.values else "",
        "may_open": may_open_dispute(request.user),
    }
    return render(request, "advice/dispute_list.html", context)


@login_required
def dispute_create_view(request: HttpRequest) -> HttpResponse:
    """W-DIS-1: either side brings a dispute (optionally about ?verzoek=<uuid>)."""
    user = request.user
    board = is_board_side(user)
    side_councils = councils_for_user(user, RequestAction.COUNCIL)
    parties = ([DisputeParty.BOARD.value] if board else []) + ([DisputeParty.COUNCIL.value] if side_councils else [])
    if not parties:
        raise PermissionDenied
    councils = councils_for_user(user, RequestAction.BOARD) if board else side_councils
    about = _prefill_request(request, RequestAction.DISPUTE)
    initial: dict[str, Any] = {}
    if about is not None:
        initial = {"council": about.council, "request": about, "subject": SUBJECT_FOR_KIND[RequestKind(about.kind)]}
    form = forms.DisputeOpenForm(
        posted(request),
        initial=initial,
        councils=councils,
        requests=requests_for_user(user, RequestAction.DISPUTE).exclude(status=RequestStatus.DRAFT),
        parties=parties,
        council_side_ids=None if is_administrator(user) else frozenset(council.pk for council in side_councils),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        result: dict[str, Dispute] = {}

        def open_dispute() -> None:
            result["dispute"] = services.dispute_open(
                council=data["council"],
                request=data["request"],
                subject=data["subject"],
                brought_by=data["brought_by"],
                description=data["description"],
                opened_on=data["opened_on"],
                actor=acting_user(request),
            )

        if run_service(form, open_dispute):
            messages.success(request, _("The dispute has been recorded. The other side has been told."))
            return _detail(result["dispute"])
    return render(request, "advice/dispute_create.html", {"form": form, "about": about})


def _steps(dispute: Dispute, member_count: int) -> dict[str, bool]:
    """Which dossier steps fit the dispute's status now (the services check again)."""
    status = dispute.status
    closed = status == DisputeStatus.CLOSED
    appeal_pending = status == DisputeStatus.APPEALED and dispute.appeal_decided_on is None
    return {
        "member": not closed and (dispute.committee == DisputeCommittee.NATIONAL or member_count < 3),
        "document": not closed,
        "mediation": status in (DisputeStatus.OPEN, DisputeStatus.MEDIATION),
        "ruling": status in (DisputeStatus.OPEN, DisputeStatus.MEDIATION),
        "appeal": status == DisputeStatus.RULED,
        "appeal_decision": appeal_pending,
        "close": not closed and not appeal_pending,
    }


@login_required
def dispute_detail_view(request: HttpRequest, uuid: UUID) -> HttpResponse:
    dispute = dispute_for_user(request.user, uuid)
    members = list(dispute.committee_members.all())
    documents = list(dispute_documents_for_user(request.user, dispute))
    may_act = is_board_side(request.user) or council_side_allows(request.user, dispute.council)
    context = {
        "dispute": dispute,
        "members": members,
        "documents": documents,
        "may_act": may_act,
        "steps": _steps(dispute, len(members)) if may_act else {},
        "request_url": _request_url(dispute.request),
    }
    return render(request, "advice/dispute_detail.html", context)


def _dispute_step(
    request: HttpRequest,
    uuid: UUID,
    *,
    form_class: Callable[..., Any],
    heading: str,
    intro: str = "",
    done: str,
    call: Callable[[Dispute, dict[str, Any]], Any],
    with_dispute: bool = False,
    files: bool = False,
) -> HttpResponse:
    """One step of the dossier: gate (either side), form, service, back to the dispute."""
    dispute = dispute_for_user(request.user, uuid, RequestAction.DISPUTE)
    kwargs: dict[str, Any] = {"dispute": dispute} if with_dispute else {}
    if files:
        form = form_class(posted(request), request.FILES or None, **kwargs)
    else:
        form = form_class(posted(request), **kwargs)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if run_service(form, lambda: call(dispute, data)):
            messages.success(request, done)
            return _detail(dispute)
    context = {"form": form, "dispute": dispute, "heading": heading, "intro": intro, "files": files}
    return render(request, "advice/dispute_step.html", context)


@login_required
def dispute_member_add_view(request: HttpRequest, uuid: UUID) -> HttpResponse:
    return _dispute_step(
        request,
        uuid,
        form_class=forms.CommitteeMemberForm,
        with_dispute=True,
        heading=_("Add a committee member"),
        intro=_(
            "The organisation's own committee has three members: one appointed by the board, one by the client "
            "council, and a chair appointed by those two."
        ),
        done=_("The committee member has been added."),
        call=lambda dispute, data: services.dispute_committee_member_add(
            dispute=dispute, name=data["name"], appointed_by=data["appointed_by"], actor=acting_user(request)
        ),
    )


@login_required
def dispute_document_add_view(request: HttpRequest, uuid: UUID) -> HttpResponse:
    return _dispute_step(
        request,
        uuid,
        form_class=forms.DisputeDocumentForm,
        files=True,
        heading=_("Add a document to the dossier"),
        done=_("The document has been added."),
        call=lambda dispute, data: services.dispute_document_add(
            dispute=dispute,
            title=data["title"],
            confidentiality=data["confidentiality"],
            file=data["file"],
            actor=acting_user(request),
        ),
    )


@login_required
def dispute_mediation_view(request: HttpRequest, uuid: UUID) -> HttpResponse:
    return _dispute_step(
        request,
        uuid,
        form_class=forms.MediationForm,
        heading=_("Record the mediation"),
        done=_("The mediation has been recorded."),
        call=lambda dispute, data: services.dispute_mediation_record(
            dispute=dispute,
            mediation_on=data["mediation_on"],
            outcome=data["outcome"],
            settled=data["settled"],
            actor=acting_user(request),
        ),
    )


@login_required
def dispute_ruling_view(request: HttpRequest, uuid: UUID) -> HttpResponse:
    return _dispute_step(
        request,
        uuid,
        form_class=forms.RulingForm,
        with_dispute=True,
        heading=_("Record the ruling"),
        intro=_(
            "A ruling that replaces the council's consent lets the board take the decision (article 13 Wmcz "
            "2018); one that permits dissolving the council allows converting or dissolving it (article 13(5) Wmcz "
            "2018). Both count as long as no appeal overturns them."
        ),
        done=_("The ruling has been recorded."),
        call=lambda dispute, data: services.dispute_rule(
            dispute=dispute,
            ruled_on=data["ruled_on"],
            ruling=data["ruling"],
            effect=data["effect"],
            actor=acting_user(request),
        ),
    )


@login_required
def dispute_appeal_view(request: HttpRequest, uuid: UUID) -> HttpResponse:
    return _dispute_step(
        request,
        uuid,
        form_class=forms.AppealForm,
        heading=_("Record an appeal to the Ondernemingskamer"),
        done=_("The appeal has been recorded."),
        call=lambda dispute, data: services.dispute_appeal_record(
            dispute=dispute,
            appealed_on=data["appealed_on"],
            appealed_by=data["appealed_by"],
            actor=acting_user(request),
        ),
    )


@login_required
def dispute_appeal_decide_view(request: HttpRequest, uuid: UUID) -> HttpResponse:
    return _dispute_step(
        request,
        uuid,
        form_class=forms.AppealDecisionForm,
        heading=_("Record the decision on the appeal"),
        done=_("The decision on the appeal has been recorded."),
        call=lambda dispute, data: services.dispute_appeal_decide(
            dispute=dispute,
            decided_on=data["decided_on"],
            outcome=data["outcome"],
            overturned=data["overturned"],
            actor=acting_user(request),
        ),
    )


@login_required
def dispute_close_view(request: HttpRequest, uuid: UUID) -> HttpResponse:
    return _dispute_step(
        request,
        uuid,
        form_class=forms.DisputeCloseForm,
        heading=_("Close the dispute"),
        intro=_("A ruling keeps its effect after the dispute is closed."),
        done=_("The dispute has been closed."),
        call=lambda dispute, data: services.dispute_close(
            dispute=dispute, closed_on=data["closed_on"], actor=acting_user(request)
        ),
    )


# ---------------------------------------------------------------------------------------------------------------
# Nullity (W-CON-5)


@login_required
def nullity_list_view(request: HttpRequest) -> HttpResponse:
    invocations = nullity_invocations_for_user(request.user).order_by("-window_start_on", "-pk")
    page = Paginator(invocations, PER_PAGE).get_page(request.GET.get("pagina"))
    today = timezone.localdate()
    rows = [
        {
            "invocation": invocation,
            "last_day": nullity_services.nullity_last_day(invocation.window_start_on),
            "open": nullity_services.window_is_open(invocation, today),
        }
        for invocation in page.object_list
    ]
    context = {
        "page": page,
        "rows": rows,
        "may_record": bool(councils_for_user(request.user, RequestAction.COUNCIL)),
    }
    return render(request, "advice/nullity_list.html", context)


@login_required
def nullity_create_view(request: HttpRequest) -> HttpResponse:
    """W-CON-5: the council's side records a decision taken without consent and when the month starts."""
    councils = councils_for_user(request.user, RequestAction.COUNCIL)
    if not councils:
        raise PermissionDenied
    about = _prefill_request(request, RequestAction.COUNCIL)
    initial = {"council": about.council, "request": about} if about is not None else {}
    form = forms.NullityWindowForm(
        posted(request),
        initial=initial,
        councils=councils,
        requests=requests_for_user(request.user, RequestAction.COUNCIL).filter(kind=RequestKind.CONSENT),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        result: dict[str, NullityInvocation] = {}

        def record() -> None:
            result["invocation"] = nullity_services.nullity_window_record(
                council=data["council"],
                request=data["request"],
                topic=data["topic"],
                decision_description=data["decision_description"],
                window_start_on=data["window_start_on"],
                basis=data["window_start_basis"],
                note=data["note"],
                actor=acting_user(request),
            )

        if run_service(form, record):
            messages.success(request, _("The decision has been recorded. Invoke the nullity within the month."))
            return redirect("advice:nullity_detail", uuid=result["invocation"].uuid)
    return render(request, "advice/nullity_create.html", {"form": form})


@login_required
def nullity_detail_view(request: HttpRequest, uuid: UUID) -> HttpResponse:
    invocation = nullity_invocation_for_user(request.user, uuid)
    today = timezone.localdate()
    context = {
        "invocation": invocation,
        "last_day": nullity_services.nullity_last_day(invocation.window_start_on),
        "open": nullity_services.window_is_open(invocation, today),
        "may_invoke": invocation.invoked_on is None and council_side_allows(request.user, invocation.council),
        "request_url": _request_url(invocation.request),
    }
    return render(request, "advice/nullity_detail.html", context)


@login_required
def nullity_invoke_view(request: HttpRequest, uuid: UUID) -> HttpResponse:
    """W-CON-5: the written invocation; after the month the service refuses it and the form says why."""
    invocation = nullity_invocation_for_user(request.user, uuid, RequestAction.COUNCIL)
    form = forms.NullityInvokeForm(posted(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data

        def invoke() -> None:
            nullity_services.nullity_invoke(
                invocation=invocation, invoked_on=data["invoked_on"], text=data["text"], actor=acting_user(request)
            )

        if run_service(form, invoke):
            messages.success(request, _("The invocation of the nullity has been recorded."))
            return redirect("advice:nullity_detail", uuid=invocation.uuid)
    context = {
        "form": form,
        "invocation": invocation,
        "last_day": nullity_services.nullity_last_day(invocation.window_start_on),
    }
    return render(request, "advice/nullity_invoke.html", context)
