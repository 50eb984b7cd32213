"""Pages for requests for advice and consent (issue 7): the list, the dossier, and a form for each step.

Thin views (DESIGN.md convention 5): the gate (advice/permissions.py), a form (advice/forms.py), a service
(advice.services), then a redirect or a page. Mutations are POST-only or go through a form page. Information
requests have no uuid of their own: they are addressed by key under their request, whose gate is checked first.
Letters (advice/letter_views.py) and disputes (advice/dispute_views.py) have their own modules.
"""

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Model, Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from advice import deadlines
from advice.forms import (
    STATUS_ALL,
    STATUS_OPEN,
    ChamberPositionForm,
    ConsultationLinkForm,
    InformationAnswerForm,
    InformationAskForm,
    RequestDecideForm,
    RequestDocumentForm,
    RequestFilterForm,
    RequestForm,
    RequestPublishForm,
    RequestRespondForm,
    RequestWithdrawForm,
    UnsolicitedAdviceForm,
)
from advice.models import (
    OPEN_STATUSES,
    ChamberPosition,
    Consultation,
    Decision,
    Dispute,
    InformationRequest,
    Letter,
    Request,
    RequestDocument,
    RequestKind,
    RequestStatus,
    Response,
)
from advice.permissions import (
    RequestAction,
    councils_for_user,
    is_board_side,
    request_allows,
    request_documents_for_user,
    request_for_user,
    requests_for_user,
)
from advice.services import answers, decisions, documents, letters, publishing
from advice.services import requests as request_services
from councils.models import Body, BodyKind, Document
from incluzio_mz.lib.history import HistoryEntry, history_entries, merged_history
from incluzio_mz.lib.views import acting_user, posted, run_service

PER_PAGE = 50


def _detail(request_obj: Request, anchor: str = "") -> HttpResponse:
    url = reverse("advice:request_detail", kwargs={"uuid": request_obj.uuid})
    return redirect(f"{url}#{anchor}" if anchor else url)


def _step_page(
    request: HttpRequest, request_obj: Request, form: Any, *, heading: Any, submit: Any, intro: Any = "", **extra: Any
) -> HttpResponse:
    """One form page for a step of the request: the request's facts on top, then the form."""
    context = {"request_obj": request_obj, "form": form, "heading": heading, "submit": submit, "intro": intro}
    context.update(extra)
    return render(request, "advice/request_step.html", context)


def _status_facts(request_obj: Request, today: Any) -> dict[str, Any]:
    """Days left, overdue and paused for one request (the list shows the same for each row)."""
    days_left = deadlines.days_left(request_obj.due_on, on=today) if request_obj.due_on else None
    return {
        "days_left": days_left,
        "overdue": request_obj.is_overdue(today),
        "paused": request_obj.is_paused,
        "running": request_obj.clock_runs,
    }


# ---------------------------------------------------------------------------------------------------------------
# The list and the dossier


@login_required
def request_list_view(request: HttpRequest) -> HttpResponse:
    """The requests the user may see: by default the open ones, with their due date and where they stand."""
    user = request.user
    visible = requests_for_user(user)
    councils = Body.objects.filter(kind=BodyKind.COUNCIL, pk__in=visible.values("council_id")).order_by("name")
    form = RequestFilterForm(request.GET or None, councils=councils)
    rows = visible.select_related("response")  # the status label reads whether the council answered
    status = STATUS_OPEN
    if form.is_valid():
        data = form.cleaned_data
        if data["raad"] is not None:
            rows = rows.filter(council=data["raad"])
        if data["soort"]:
            rows = rows.filter(kind=data["soort"])
        status = data["status"] or STATUS_OPEN
    if status == STATUS_OPEN:
        rows = rows.open().order_by("due_on", "pk")
    elif status != STATUS_ALL:
        rows = rows.filter(status=status).order_by("due_on", "-created_at", "pk")
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("pagina"))
    today = timezone.localdate()
    query = request.GET.copy()
    query.pop("pagina", None)
    context = {
        "form": form,
        "page": page,
        "query": query.urlencode(),
        "rows": [{"request_obj": row, **_status_facts(row, today)} for row in page.object_list],
        "may_create": is_board_side(user),
        "may_unsolicited": bool(councils_for_user(user, RequestAction.COUNCIL)),
        "today": today,
    }
    return render(request, "advice/request_list.html", context)


def _history(model: type[Model], subject: Any, **filters: Any) -> list[HistoryEntry]:
    records = (
        model.history.filter(**filters)  # type: ignore[attr-defined]
        .select_related("history_user")
        .order_by("-history_date", "-history_id")
    )
    return history_entries(records, subject=str(subject))


def _timeline(request_obj: Request, readable: list[Document]) -> list[HistoryEntry]:
    """Every step of the dossier, newest first, with who and when (simple-history): the request's own changes and
    those of its rows. Documents the user may not read are left out (board-only titles stay hidden from members)."""
    pk = request_obj.pk
    return merged_history(
        _history(Request, gettext_lazy("Request"), id=pk),
        _history(InformationRequest, gettext_lazy("Information request"), request_id=pk),
        _history(ChamberPosition, gettext_lazy("Chamber position"), request_id=pk),
        _history(Response, gettext_lazy("The council's answer"), request_id=pk),
        _history(Consultation, gettext_lazy("Consultation"), request_id=pk),
        _history(Decision, gettext_lazy("Decision"), request_id=pk),
        _history(
            RequestDocument,
            gettext_lazy("Document"),
            request_id=pk,
            document_id__in=[document.pk for document in readable],
        ),
        _history(Letter, gettext_lazy("Decision letter"), request_id=pk),
        _history(Dispute, gettext_lazy("Dispute"), request_id=pk),
    )


def _one(queryset: Any) -> Any:
    return queryset.first()


@login_required
def request_detail_view(request: HttpRequest, uuid: UUID) -> HttpResponse:
    """The whole dossier on one page, with a fixed number of queries (prefetched rows)."""
    user = request.user
    request_obj = request_for_user(user, uuid)
    request_obj = (
        Request.objects.filter(pk=request_obj.pk)
        .select_related("council", "topic", "responsible")
        .prefetch_related(
            "information_requests",
            Prefetch("chamber_positions", queryset=ChamberPosition.objects.select_related("chamber")),
            Prefetch(
                "consultations",
                queryset=Consultation.objects.select_related("agenda_item__meeting__body").order_by(
                    "agenda_item__meeting__starts_at", "pk"
                ),
            ),
            "letters",
            "disputes",
        )
        .get()
    )
    today = timezone.localdate()
    readable = list(request_documents_for_user(user, request_obj))
    response = _one(Response.objects.filter(request=request_obj))
    decision = _one(
        Decision.objects.filter(request=request_obj).select_related("decided_by", "consultation__agenda_item__meeting")
    )
    information = list(request_obj.information_requests.all())
    chambers = list(Body.objects.filter(parent_id=request_obj.council_id, kind=BodyKind.CHAMBER).order_by("name"))
    positions = {position.chamber_id: position for position in request_obj.chamber_positions.all()}
    may_board = request_allows(user, request_obj, RequestAction.BOARD)
    may_council = request_allows(user, request_obj, RequestAction.COUNCIL)
    status = request_obj.status
    context = {
        "request_obj": request_obj,
        **_status_facts(request_obj, today),
        "today": today,
        "documents": readable,
        "response": response,
        "decision": decision,
        "decision_position": letters.decision_position(request_obj, decision, response)[1] if decision else "",
        "information": [
            {
                "info": info,
                "paused_days": (info.answered_on - info.asked_on).days if info.answered_on is not None else None,
            }
            for info in information
        ],
        "open_information": next((info for info in information if info.answered_on is None), None),
        "chamber_rows": [{"chamber": chamber, "position": positions.get(chamber.pk)} for chamber in chambers],
        "consultations": list(request_obj.consultations.all()),
        "timeline": _timeline(request_obj, readable),
        "late_warning": status in OPEN_STATUSES and request_obj.due_after_planned_decision(),
        "may_board": may_board,
        "may_council": may_council,
        "may_dispute": request_allows(user, request_obj, RequestAction.DISPUTE),
        "may_document": status != RequestStatus.WITHDRAWN and request_allows(user, request_obj, RequestAction.DOCUMENT),
        "is_draft": status == RequestStatus.DRAFT,
        "council_working": status == RequestStatus.SUBMITTED,
        "council_preparing": status in (RequestStatus.SUBMITTED, RequestStatus.INFORMATION_REQUESTED),
        "may_withdraw": status in (RequestStatus.DRAFT, *OPEN_STATUSES),
        "may_consult": status in OPEN_STATUSES,
        "awaiting_decision": status == RequestStatus.ANSWERED
        and not (response is not None and response.no_answer and request_obj.kind == RequestKind.CONSENT),
        "period_passed": status == RequestStatus.SUBMITTED
        and request_obj.due_on is not None
        and request_obj.due_on < today,
    }
    return render(request, "advice/request_detail.html", context)


# ---------------------------------------------------------------------------------------------------------------
# The board's side: draft, submit, withdraw, answer an information request, decide


@login_required
def request_create_view(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not is_board_side(user):
        raise PermissionDenied
    form = RequestForm(
        posted(request),
        councils=councils_for_user(user, RequestAction.BOARD),
        initial={"responsible": user.pk if user.is_authenticated else None},
    )
    if request.method == "POST" and form.is_valid():
        result: dict[str, Request] = {}

        def create() -> None:
            data = {name: form.cleaned_data[name] for name in RequestForm.FIELDS}
            result["request"] = request_services.request_create(**data, actor=acting_user(request))

        if run_service(form, create):
            messages.success(request, _("The draft has been saved. Add the documents, then submit it to the council."))
            return _detail(result["request"])
    return render(request, "advice/request_form.html", {"form": form, "request_obj": None})


@login_required
def request_update_view(request: HttpRequest, uuid: UUID) -> HttpResponse:
    request_obj = request_for_user(request.user, uuid, RequestAction.BOARD)
    form = RequestForm(
        posted(request),
        councils=councils_for_user(request.user, RequestAction.BOARD),
        initial=RequestForm.initial_for(request_obj),
    )
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in RequestForm.FIELDS}
        if run_service(
            form, lambda: request_services.request_update(request=request_obj, data=data, actor=acting_user(request))
        ):
            messages.success(request, _("The changes have been saved."))
            return _detail(request_obj)
    return render(request, "advice/request_form.html", {"form": form, "request_obj": request_obj})


@require_POST
@login_required
def request_submit_view(request: HttpRequest, uuid: UUID) -> HttpResponse:
    """Send the draft to the council; a W-ADV-2 warning (the period ends after the planned decision) is shown."""
    request_obj = request_for_user(request.user, uuid, RequestAction.BOARD)
    try:
        result = request_services.request_submit(request=request_obj, actor=acting_user(request))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return _detail(request_obj)
    messages.success(request, _("The request has been sent to the council. Its supporters have been notified."))
    for warning in result.warnings:
        messages.warning(request, warning)
    return _detail(request_obj)


@require_POST
@login_required
def request_no_answer_view(request: HttpRequest, uuid: UUID) -> HttpResponse:
    """The council let its period pass: the board records "no answer within the period" in the dossier."""
    request_obj = request_for_user(request.user, uuid, RequestAction.BOARD)
    try:
        decisions.request_record_no_answer(request=request_obj, actor=acting_user(request))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return _detail(request_obj)
    if request_obj.kind == RequestKind.CONSENT:
        messages.success(
            request,
            _(
                "Recorded: the council gave no consent within the period. Silence is never consent: withdraw the "
                "request or ask the council again."
            ),
        )
    else:
        messages.success(request, _("Recorded: the council gave no advice within the period. The board can decide."))
    return _detail(request_obj, "antwoord")


@login_required
def request_withdraw_view(request: HttpRequest, uuid: UUID) -> HttpResponse:
    request_obj = request_for_user(request.user, uuid, RequestAction.BOARD)
    form = RequestWithdrawForm(posted(request))
    if request.method == "POST" and form.is_valid():
        reason = form.cleaned_data["reason"]
        if run_service(
            form,
            lambda: request_services.request_withdraw(request=request_obj, reason=reason, actor=acting_user(request)),
        ):
            messages.success(request, _("The request has been withdrawn."))
            return _detail(request_obj)
    return _step_page(
        request,
        request_obj,
        form,
        heading=_("Withdraw the request"),
        submit=_("Withdraw"),
        intro=_("The request and its dossier stay; the reason is kept in its history."),
    )


def _information(request_obj: Request, pk: int) -> InformationRequest:
    """An information request of this request (whose gate was checked); 404 for another request's."""
    info = request_obj.information_requests.filter(pk=pk).first()
    if info is None:
        raise Http404
    return info


@login_required
def information_answer_view(request: HttpRequest, uuid: UUID, pk: int) -> HttpResponse:
    request_obj = request_for_user(request.user, uuid, RequestAction.BOARD)
    info = _information(request_obj, pk)
    form = InformationAnswerForm(posted(request))
    if request.method == "POST" and form.is_valid():
        answer = form.cleaned_data["answer"]
        if run_service(
            form,
            lambda: request_services.request_information_answer(info=info, answer=answer, actor=acting_user(request)),
        ):
            messages.success(request, _("The answer has been recorded. The council's clock runs again."))
            return _detail(request_obj, "informatie")
    return _step_page(
        request,
        request_obj,
        form,
        heading=_("Answer the council's question"),
        submit=_("Send the answer"),
        info=info,
    )


@login_required
def request_decide_view(request: HttpRequest, uuid: UUID) -> HttpResponse:
    """The board's decision. A deviation without a qualifying consultation is refused by the service (W-ADV-4):
    the form comes back with that message and nothing is saved."""
    request_obj = request_for_user(request.user, uuid, RequestAction.BOARD)
    form = RequestDecideForm(posted(request), request_obj=request_obj)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data

        def decide() -> None:
            decisions.request_decide(
                request=request_obj,
                outcome=data["outcome"],
                text=data["text"],
                reasons=data["reasons"],
                no_consultation_reason=data.get("no_consultation_reason", ""),
                effective_on=data["effective_on"],
                actor=acting_user(request),
            )

        if run_service(form, decide):
            messages.success(request, _("The decision has been recorded."))
            return _detail(request_obj, "besluit")
    return _step_page(
        request,
        request_obj,
        form,
        heading=_("Record the decision"),
        submit=_("Record the decision"),
        intro=_(
            "A decision that does not (fully) follow the advice needs its reasons and a discussion with the board: "
            "a meeting of the council itself, after the advice, with a board member present, this request on its "
            "agenda, and minutes."
        ),
        response=_one(Response.objects.filter(request=request_obj)),
    )


# ---------------------------------------------------------------------------------------------------------------
# The council's side (its supporters record what the council decided)


@login_required
def information_ask_view(request: HttpRequest, uuid: UUID) -> HttpResponse:
    request_obj = request_for_user(request.user, uuid, RequestAction.COUNCIL)
    form = InformationAskForm(posted(request))
    if request.method == "POST" and form.is_valid():
        question = form.cleaned_data["question"]
        if run_service(
            form,
            lambda: request_services.request_information_ask(
                request=request_obj, question=question, actor=acting_user(request)
            ),
        ):
            messages.success(request, _("The question has been recorded. The clock is paused until the answer."))
            return _detail(request_obj, "informatie")
    return _step_page(
        request,
        request_obj,
        form,
        heading=_("Ask the board for information"),
        submit=_("Ask"),
        intro=_("While the council waits for the answer, its response period is paused."),
    )


@login_required
def chamber_position_record_view(request: HttpRequest, uuid: UUID) -> HttpResponse:
    request_obj = request_for_user(request.user, uuid, RequestAction.COUNCIL)
    form = ChamberPositionForm(posted(request), council=request_obj.council)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if run_service(
            form,
            lambda: answers.chamber_position_record(
                request=request_obj, chamber=data["chamber"], position=data["position"], actor=acting_user(request)
            ),
        ):
            messages.success(request, _("The chamber's position has been recorded."))
            return _detail(request_obj, "kamers")
    return _step_page(
        request,
        request_obj,
        form,
        heading=_("Record a chamber's position"),
        submit=_("Save"),
        intro=_("Each chamber's position is kept; the council still gives one answer."),
    )


@login_required
def consultation_link_view(request: HttpRequest, uuid: UUID) -> HttpResponse:
    request_obj = request_for_user(request.user, uuid, RequestAction.COUNCIL)
    form = ConsultationLinkForm(posted(request), request_obj=request_obj)
    if request.method == "POST" and form.is_valid():
        item = form.cleaned_data["agenda_item"]
        if run_service(
            form,
            lambda: answers.consultation_link(request=request_obj, agenda_item=item, actor=acting_user(request)),
        ):
            messages.success(request, _("The agenda item has been linked to the request."))
            return _detail(request_obj, "overleg")
    return _step_page(
        request,
        request_obj,
        form,
        heading=_("Link a discussion with the council"),
        submit=_("Link"),
        intro=_(
            "Choose the agenda item in which the request is discussed. Plan the meeting and add the item on the "
            "meeting's page first."
        ),
    )


@login_required
def request_respond_view(request: HttpRequest, uuid: UUID) -> HttpResponse:
    request_obj = request_for_user(request.user, uuid, RequestAction.COUNCIL)
    form = RequestRespondForm(posted(request), request_obj=request_obj)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if run_service(
            form,
            lambda: answers.request_respond(
                request=request_obj,
                advice=data["advice"],
                consent=data.get("consent", ""),
                reasons=data["reasons"],
                actor=acting_user(request),
            ),
        ):
            messages.success(request, _("The council's answer has been recorded. The board decides next."))
            return _detail(request_obj, "antwoord")
    return _step_page(
        request,
        request_obj,
        form,
        heading=_("Record the council's answer"),
        submit=_("Record the answer"),
        intro=_("The council gives one answer, also when its chambers differ."),
    )


@login_required
def request_publish_view(request: HttpRequest, uuid: UUID) -> HttpResponse:
    request_obj = request_for_user(request.user, uuid, RequestAction.COUNCIL)
    form = RequestPublishForm(
        posted(request), initial={"is_public": request_obj.is_public, "public_summary": request_obj.public_summary}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if run_service(
            form,
            lambda: publishing.request_publish(
                request=request_obj,
                public_summary=data["public_summary"],
                is_public=data["is_public"],
                actor=acting_user(request),
            ),
        ):
            messages.success(request, _("The public summary has been saved."))
            return _detail(request_obj)
    return _step_page(
        request,
        request_obj,
        form,
        heading=_("Show the result on the public page"),
        submit=_("Save"),
        intro=_("Write for clients and parents, in plain language. Nothing confidential."),
    )


@login_required
def unsolicited_advice_create_view(request: HttpRequest) -> HttpResponse:
    """The council's unsolicited advice (art. 9), submitted by its supporter on its behalf."""
    councils = councils_for_user(request.user, RequestAction.COUNCIL)
    if not councils:
        raise PermissionDenied
    form = UnsolicitedAdviceForm(posted(request), councils=councils)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        result: dict[str, Request] = {}

        def submit() -> None:
            result["request"] = answers.unsolicited_advice_submit(
                council=data["council"],
                topic=data["topic"],
                title=data["title"],
                summary=data["summary"],
                advice=data["advice"],
                actor=acting_user(request),
            )

        if run_service(form, submit):
            messages.success(request, _("The unsolicited advice has been sent to the board."))
            return _detail(result["request"])
    return render(request, "advice/unsolicited_advice_create.html", {"form": form})


# ---------------------------------------------------------------------------------------------------------------
# Documents (either side)


@login_required
def request_document_add_view(request: HttpRequest, uuid: UUID) -> HttpResponse:
    request_obj = request_for_user(request.user, uuid, RequestAction.DOCUMENT)
    form = RequestDocumentForm(request.POST if request.method == "POST" else None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if run_service(
            form,
            lambda: documents.request_document_add(
                request=request_obj,
                title=data["title"],
                confidentiality=data["confidentiality"],
                file=data["file"],
                actor=acting_user(request),
            ),
        ):
            messages.success(request, _("The document has been added."))
            return _detail(request_obj, "documenten")
    return _step_page(
        request,
        request_obj,
        form,
        heading=_("Add a document"),
        submit=_("Upload"),
        intro=_("Only the people the level allows can open the document; it is never on a public web address."),
        multipart=True,
    )
