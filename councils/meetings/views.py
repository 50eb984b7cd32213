"""Pages for meetings: list, detail, agenda, documents, minutes, attendance and the action list (issue 6).

Thin views (DESIGN.md convention 5): the gate (councils/meetings/permissions.py for meetings and documents,
councils/permissions.py for a body's action list), a form (councils/meetings/forms.py), a service
(councils.meetings.services), then a redirect or a page. Mutations are POST-only. Agenda items and action items
have no uuid of their own: they are addressed by key under their meeting or body, whose gate is checked first.
"""

from collections.abc import Callable
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Prefetch, QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from councils.meetings import services
from councils.meetings.forms import (
    ActionItemCompleteForm,
    ActionItemDropForm,
    ActionItemFilterForm,
    ActionItemForm,
    AgendaItemForm,
    AgendaItemLinkDocumentForm,
    AgendaItemMoveForm,
    AttendanceForm,
    DocumentUploadForm,
    DocumentVersionForm,
    MeetingCancelForm,
    MeetingForm,
    MinutesApproveForm,
    MinutesCorrectForm,
    MinutesForm,
)
from councils.meetings.permissions import (
    DocumentAction,
    MeetingAction,
    attendance_for_user,
    board_attendance_for_user,
    document_for_user,
    document_version_for_user,
    documents_for_user,
    meeting_allows,
    meeting_for_user,
    meetings_for_user,
    minutes_for_user,
)
from councils.models import (
    ActionItem,
    ActionItemStatus,
    AgendaItem,
    AttendanceStatus,
    Body,
    BodyKind,
    Document,
    Meeting,
    Minutes,
    MinutesStatus,
)
from councils.permissions import BodyAction, bodies_for_user, body_allows, body_for_user
from incluzio_mz.lib.views import acting_user, posted, run_service

PAST_PER_PAGE = 25
ACTIONS_PER_PAGE = 50


def _run(request: HttpRequest, call: Callable[[], Any], done: str) -> bool:
    """Run a service for a POST-only button: success or the service's message, shown on the next page."""
    try:
        call()
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return False
    messages.success(request, done)
    return True


def _detail(meeting: Meeting, anchor: str = "") -> HttpResponse:
    url = reverse("meetings:meeting_detail", kwargs={"uuid": meeting.uuid})
    return redirect(f"{url}#{anchor}" if anchor else url)


# ---------------------------------------------------------------------------------------------------------------
# Meetings


@login_required
def meeting_list_view(request: HttpRequest) -> HttpResponse:
    """Upcoming and past meetings the user may see (a member: their own bodies and their council's joint ones)."""
    now = timezone.now()
    meetings = meetings_for_user(request.user)
    past = Paginator(meetings.past(now), PAST_PER_PAGE).get_page(request.GET.get("pagina"))
    context = {
        "upcoming": list(meetings.upcoming(now)),
        "page": past,
        "past": list(past.object_list),
        # The bodies this user may plan a meeting for (supporters, administrators).
        "plannable": list(bodies_for_user(request.user, BodyAction.MANAGE).filter(active=True).order_by("name")),
    }
    return render(request, "meetings/meeting_list.html", context)


@login_required
def meeting_create_view(request: HttpRequest, slug: str) -> HttpResponse:
    body = body_for_user(request.user, slug, BodyAction.MANAGE)
    form = MeetingForm(posted(request), body=body)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        result: dict[str, Meeting] = {}

        def create() -> None:
            result["meeting"] = services.meeting_create(
                body=body,
                kind=data["kind"],
                title=data["title"],
                starts_at=data["starts_at"],
                ends_at=data["ends_at"],
                place=data["place"],
                online_link=data["online_link"],
                actor=acting_user(request),
            )

        if run_service(form, create):
            messages.success(request, _("The meeting has been planned. Add the agenda items next."))
            return _detail(result["meeting"])
    return render(request, "meetings/meeting_form.html", {"form": form, "body": body, "meeting": None})


def _agenda_context(request: HttpRequest, meeting: Meeting, documents: list[Document] | None = None) -> dict[str, Any]:
    """The agenda with each item's linked documents, only those the user may read (a fixed number of queries)."""
    readable = documents if documents is not None else list(documents_for_user(request.user, meeting))
    by_pk = {document.pk: document for document in readable}
    items = (
        AgendaItem.objects.filter(meeting=meeting)
        .order_by("position")
        .prefetch_related(Prefetch("documents", queryset=Document.objects.only("pk").order_by("title", "pk")))
    )
    rows = [{"item": item, "documents": [by_pk[d.pk] for d in item.documents.all() if d.pk in by_pk]} for item in items]
    may_manage = meeting_allows(request.user, meeting, MeetingAction.MANAGE)
    return {
        "meeting": meeting,
        "agenda": rows,
        "may_manage": may_manage,
        "may_edit_agenda": may_manage and meeting.agenda_is_open,
    }


@login_required
def meeting_detail_view(request: HttpRequest, uuid: UUID) -> HttpResponse:
    meeting = meeting_for_user(request.user, uuid)
    now = timezone.now()
    documents = list(documents_for_user(request.user, meeting))
    context = _agenda_context(request, meeting, documents)
    minutes = minutes_for_user(request.user, meeting)
    latest = minutes[-1] if minutes else None
    context.update(
        {
            "documents": documents,
            "minutes": latest,
            "earlier_minutes": [m for m in minutes[:-1] if m.status == MinutesStatus.APPROVED],
            "attendance": attendance_for_user(request.user, meeting),
            "board_attendance": board_attendance_for_user(request.user, meeting),
            "action_items": list(meeting.action_items.select_related("owner").order_by("due_on", "pk")),
            "has_started": meeting.starts_at <= now,
            "today": timezone.localdate(),
        }
    )
    return render(request, "meetings/meeting_detail.html", context)


@login_required
def meeting_update_view(request: HttpRequest, uuid: UUID) -> HttpResponse:
    meeting = meeting_for_user(request.user, uuid, MeetingAction.MANAGE)
    form = MeetingForm(posted(request), body=meeting.body, meeting=meeting, initial=MeetingForm.initial_for(meeting))
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in ("title", "starts_at", "ends_at", "place", "online_link")}
        result: dict[str, services.MeetingUpdate] = {}

        def update() -> None:
            result["update"] = services.meeting_update(meeting=meeting, data=data, actor=acting_user(request))

        if run_service(form, update):
            if result["update"].attendees_need_update:
                messages.success(
                    request, _("The changes have been saved. The invitees will get the new time or place.")
                )
            else:
                messages.success(request, _("The changes have been saved."))
            return _detail(meeting)
    return render(request, "meetings/meeting_form.html", {"form": form, "body": meeting.body, "meeting": meeting})


@require_POST
@login_required
def meeting_publish_agenda_view(request: HttpRequest, uuid: UUID) -> HttpResponse:
    meeting = meeting_for_user(request.user, uuid, MeetingAction.MANAGE)
    done = (
        _("The agenda has been published. The meeting has already started, so no invitations are sent.")
        if services.has_started(meeting)
        else _("The agenda has been published. The invitees will get the invitation.")
    )
    _run(request, lambda: services.meeting_publish_agenda(meeting=meeting, actor=acting_user(request)), done)
    return _detail(meeting)


@login_required
def meeting_cancel_view(request: HttpRequest, uuid: UUID) -> HttpResponse:
    meeting = meeting_for_user(request.user, uuid, MeetingAction.MANAGE)
    form = MeetingCancelForm(posted(request))
    if request.method == "POST" and form.is_valid():
        reason = form.cleaned_data["reason"]
        if run_service(
            form, lambda: services.meeting_cancel(meeting=meeting, reason=reason, actor=acting_user(request))
        ):
            messages.success(request, _("The meeting has been cancelled."))
            return _detail(meeting)
    return render(request, "meetings/meeting_cancel.html", {"form": form, "meeting": meeting})


@require_POST
@login_required
def meeting_mark_held_view(request: HttpRequest, uuid: UUID) -> HttpResponse:
    meeting = meeting_for_user(request.user, uuid, MeetingAction.MANAGE)
    _run(
        request,
        lambda: services.meeting_mark_held(meeting=meeting, actor=acting_user(request)),
        _("The meeting has been marked as held."),
    )
    return _detail(meeting)


# ---------------------------------------------------------------------------------------------------------------
# Agenda


def _item(meeting: Meeting, pk: int) -> AgendaItem:
    """An item of a meeting the user passed the gate for; 404 for another meeting's item."""
    item = AgendaItem.objects.filter(meeting=meeting, pk=pk).first()
    if item is None:
        raise Http404
    item.meeting = meeting
    return item


@login_required
def agenda_item_add_view(request: HttpRequest, uuid: UUID) -> HttpResponse:
    meeting = meeting_for_user(request.user, uuid, MeetingAction.MANAGE)
    form = AgendaItemForm(posted(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data

        def add() -> None:
            services.agenda_item_add(
                meeting=meeting,
                title=data["title"],
                kind=data["kind"],
                description=data["description"],
                presenter=data["presenter"],
                duration_minutes=data["duration_minutes"],
                actor=acting_user(request),
            )

        if run_service(form, add):
            messages.success(request, _("The item has been added to the agenda."))
            return _detail(meeting, "agenda")
    return render(request, "meetings/agenda_item_form.html", {"form": form, "meeting": meeting, "item": None})


def _linkable_documents(request: HttpRequest, item: AgendaItem) -> QuerySet[Document]:
    """Documents of the meeting's body that the user may read and that are not linked to this item yet."""
    return documents_for_user(request.user, item.meeting.body).exclude(agenda_items=item)


@login_required
def agenda_item_update_view(request: HttpRequest, uuid: UUID, pk: int) -> HttpResponse:
    meeting = meeting_for_user(request.user, uuid, MeetingAction.MANAGE)
    item = _item(meeting, pk)
    initial = {name: getattr(item, name) for name in AgendaItemForm.FIELDS}
    form = AgendaItemForm(posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in AgendaItemForm.FIELDS}
        if run_service(form, lambda: services.agenda_item_update(item=item, data=data, actor=acting_user(request))):
            messages.success(request, _("The changes have been saved."))
            return _detail(meeting, f"agendapunt-{item.pk}")
    context = {
        "form": form,
        "meeting": meeting,
        "item": item,
        "link_form": AgendaItemLinkDocumentForm(documents=_linkable_documents(request, item)),
        "linked": list(documents_for_user(request.user, meeting.body).filter(agenda_items=item)),
    }
    return render(request, "meetings/agenda_item_form.html", context)


@require_POST
@login_required
def agenda_item_move_view(request: HttpRequest, uuid: UUID, pk: int) -> HttpResponse:
    """Move an item one place up or down: the keyboard alternative to dragging. htmx gets the agenda back."""
    meeting = meeting_for_user(request.user, uuid, MeetingAction.MANAGE)
    item = _item(meeting, pk)
    form = AgendaItemMoveForm(request.POST)
    status = ""
    try:
        if not form.is_valid():
            raise ValidationError(_("Move an item up or down."))
        moved = services.agenda_item_move(
            item=item, direction=form.cleaned_data["direction"], actor=acting_user(request)
        )
    except ValidationError as error:
        status = " ".join(error.messages)
        if not request.htmx:  # type: ignore[attr-defined]
            messages.error(request, status)
    else:
        status = _("“%(title)s” is now item %(number)s.") % {"title": moved.title, "number": moved.position}
        if not request.htmx:  # type: ignore[attr-defined]
            messages.success(request, status)
    if request.htmx:  # type: ignore[attr-defined]
        context = {**_agenda_context(request, meeting), "agenda_status": status}
        return render(request, "meetings/meeting_detail.html#agenda", context)
    return _detail(meeting, f"agendapunt-{item.pk}")


@require_POST
@login_required
def agenda_item_link_document_view(request: HttpRequest, uuid: UUID, pk: int) -> HttpResponse:
    meeting = meeting_for_user(request.user, uuid, MeetingAction.MANAGE)
    item = _item(meeting, pk)
    form = AgendaItemLinkDocumentForm(request.POST, documents=_linkable_documents(request, item))
    if form.is_valid():
        document = form.cleaned_data["document"]
        _run(
            request,
            lambda: services.agenda_item_link_document(item=item, document=document, actor=acting_user(request)),
            _("The document has been linked to the item."),
        )
    else:
        messages.error(request, _("Choose a document of this body."))
    return redirect("meetings:agenda_item_update", uuid=meeting.uuid, pk=item.pk)


# ---------------------------------------------------------------------------------------------------------------
# Documents


@login_required
def document_upload_view(request: HttpRequest, uuid: UUID) -> HttpResponse:
    """A new document of the meeting; the service checks the file's type from its bytes before storing it."""
    meeting = meeting_for_user(request.user, uuid, MeetingAction.MANAGE)
    form = DocumentUploadForm(posted(request), request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data

        def upload() -> None:
            services.document_create(
                body=meeting.body,
                meeting=meeting,
                title=data["title"],
                confidentiality=data["confidentiality"],
                file=data["file"],
                actor=acting_user(request),
            )

        if run_service(form, upload):
            messages.success(request, _("The document has been added."))
            return _detail(meeting, "documenten")
    return render(request, "meetings/document_upload.html", {"form": form, "meeting": meeting})


@login_required
def document_add_version_view(request: HttpRequest, uuid: UUID) -> HttpResponse:
    document = document_for_user(request.user, uuid, DocumentAction.MANAGE)
    form = DocumentVersionForm(posted(request), request.FILES or None)
    if request.method == "POST" and form.is_valid():
        file = form.cleaned_data["file"]
        if run_service(
            form, lambda: services.document_add_version(document=document, file=file, actor=acting_user(request))
        ):
            messages.success(request, _("The new version has been added. Earlier versions stay available."))
            if document.meeting is not None:
                return _detail(document.meeting, "documenten")
            return redirect("councils:body_detail", slug=document.body.slug)
    versions = sorted(document.versions.all(), key=lambda version: -version.number)
    return render(
        request, "meetings/document_add_version.html", {"form": form, "document": document, "versions": versions}
    )


@login_required
def document_download_view(request: HttpRequest, uuid: UUID, number: int) -> FileResponse:
    """Files are served only through the gate (404 for who may not read the document), never from a media URL."""
    version = document_version_for_user(request.user, uuid, number)
    return FileResponse(
        version.file.open("rb"),
        as_attachment=True,
        filename=version.original_filename,
        content_type=version.content_type,
    )


# ---------------------------------------------------------------------------------------------------------------
# Minutes


def _latest_minutes(request: HttpRequest, meeting: Meeting) -> Minutes | None:
    versions = minutes_for_user(request.user, meeting)
    return versions[-1] if versions else None


def _minutes_in(request: HttpRequest, meeting: Meeting, status: str) -> Minutes:
    """The latest minutes when they have status; else there is nothing to approve or correct here (404)."""
    latest = _latest_minutes(request, meeting)
    if latest is None or latest.status != status:
        raise Http404
    return latest


@login_required
def minutes_edit_view(request: HttpRequest, uuid: UUID) -> HttpResponse:
    """Write or change the draft minutes (the latest version, while it is not approved)."""
    meeting = meeting_for_user(request.user, uuid, MeetingAction.MANAGE)
    latest = _latest_minutes(request, meeting)
    initial = {"text": latest.text} if latest is not None and not latest.is_approved else {}
    form = MinutesForm(posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        text = form.cleaned_data["text"]
        if run_service(
            form, lambda: services.minutes_save_draft(meeting=meeting, text=text, actor=acting_user(request))
        ):
            messages.success(request, _("The draft minutes have been saved."))
            return _detail(meeting, "notulen")
    return render(request, "meetings/minutes_edit.html", {"form": form, "meeting": meeting, "latest": latest})


@require_POST
@login_required
def minutes_share_view(request: HttpRequest, uuid: UUID) -> HttpResponse:
    meeting = meeting_for_user(request.user, uuid, MeetingAction.MANAGE)
    latest = _latest_minutes(request, meeting)
    if latest is None:
        messages.error(request, _("There are no minutes to share yet."))
    else:
        _run(
            request,
            lambda: services.minutes_share(minutes=latest, actor=acting_user(request)),
            _("The minutes have been shared with the members."),
        )
    return _detail(meeting, "notulen")


def _chairs(body: Body) -> QuerySet[Any]:
    """The people who chair the body today (the chair may approve the minutes)."""
    from members.models import Membership, Person
    from members.models import Role as MemberRole

    chairs = Membership.objects.current(on=timezone.localdate()).filter(body=body, role=MemberRole.CHAIR)
    return Person.objects.filter(pk__in=chairs.values("person_id")).order_by("display_name")


@login_required
def minutes_approve_view(request: HttpRequest, uuid: UUID) -> HttpResponse:
    meeting = meeting_for_user(request.user, uuid, MeetingAction.MANAGE)
    minutes = _minutes_in(request, meeting, MinutesStatus.SHARED)
    later = (
        meetings_for_user(request.user)
        .filter(body=meeting.body, starts_at__gt=meeting.starts_at)
        .not_cancelled()
        .order_by("starts_at")
    )
    form = MinutesApproveForm(posted(request), meetings=later, chairs=_chairs(meeting.body))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        by_meeting = data["how"] == "meeting"

        def approve() -> None:
            services.minutes_approve(
                minutes=minutes,
                approved_on=data["approved_on"],
                at_meeting=data["at_meeting"] if by_meeting else None,
                by_chair=None if by_meeting else data["chair"],
                actor=acting_user(request),
            )

        if run_service(form, approve):
            messages.success(request, _("The minutes have been approved. They can no longer change."))
            return _detail(meeting, "notulen")
    return render(request, "meetings/minutes_approve.html", {"form": form, "meeting": meeting, "minutes": minutes})


@login_required
def minutes_correct_view(request: HttpRequest, uuid: UUID) -> HttpResponse:
    """A correction of approved minutes is a new draft version; the approved one stays as it was."""
    meeting = meeting_for_user(request.user, uuid, MeetingAction.MANAGE)
    minutes = _minutes_in(request, meeting, MinutesStatus.APPROVED)
    form = MinutesCorrectForm(posted(request), initial={"text": minutes.text})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data

        def correct() -> None:
            services.minutes_correct(
                minutes=minutes, text=data["text"], reason=data["reason"], actor=acting_user(request)
            )

        if run_service(form, correct):
            messages.success(request, _("The correction has been saved as a new draft version."))
            return _detail(meeting, "notulen")
    return render(request, "meetings/minutes_correct.html", {"form": form, "meeting": meeting, "minutes": minutes})


# ---------------------------------------------------------------------------------------------------------------
# Attendance


def _invited_people(meeting: Meeting) -> list[Any]:
    """The invited bodies' current members on the meeting's day (board members and guests are not listed)."""
    day = timezone.localdate(meeting.starts_at)
    return [invitee.person for invitee in services.meeting_invitees(meeting, on=day) if invitee.role == "member"]


def _board_members() -> list[Any]:
    """The active board members, whose presence at a meeting can be recorded (not invitees: no allowance)."""
    from accounts.models import User
    from accounts.roles import Role

    return list(
        User.objects.filter(groups__name=Role.BOARD, is_active=True).order_by("first_name", "username").distinct()
    )


@login_required
def attendance_record_view(request: HttpRequest, uuid: UUID) -> HttpResponse:
    """Present / excused / absent per member; a present member's allowance over a tax-free cap needs a confirmation
    (W-MEM-9): the attendance is saved, the warning shown, and the supporter confirms by saving again."""
    meeting = meeting_for_user(request.user, uuid, MeetingAction.MANAGE)
    people = _invited_people(meeting)
    board = _board_members()
    recorded = {attendance.person_id: attendance.status for attendance in attendance_for_user(request.user, meeting)}
    initial = {AttendanceForm.field_name(person): recorded.get(person.pk, "") for person in people}
    board_recorded = {row.user_id: row.status for row in board_attendance_for_user(request.user, meeting)}
    initial.update({AttendanceForm.board_field_name(user): board_recorded.get(user.pk, "") for user in board})
    confirming = bool(request.POST.get("confirm_over_cap"))
    form = AttendanceForm(posted(request), people=people, board=board, initial=initial, show_confirm=confirming)
    cap_warnings: list[str] = []
    if request.method == "POST" and form.is_valid():
        confirm = form.cleaned_data.get("confirm_over_cap", False)
        notes: list[str] = []

        def record() -> None:
            with transaction.atomic():
                for person in people:
                    status = form.cleaned_data[AttendanceForm.field_name(person)]
                    if not status:
                        continue
                    result = services.attendance_record(
                        meeting=meeting,
                        person=person,
                        status=status,
                        confirm_over_cap=confirm,
                        actor=acting_user(request),
                    )
                    if result.warning is None:
                        continue
                    line = f"{person.display_name}: {result.warning}"
                    over_cap = result.attendance.allowance_id is None and status == AttendanceStatus.PRESENT
                    (cap_warnings if over_cap else notes).append(line)
                for user in board:
                    status = form.cleaned_data[AttendanceForm.board_field_name(user)]
                    if status:
                        services.board_attendance_record(
                            meeting=meeting, user=user, status=status, actor=acting_user(request)
                        )

        if run_service(form, record):
            for note in notes:
                messages.warning(request, note)
            if not cap_warnings:
                messages.success(request, _("The attendance has been saved."))
                return _detail(meeting, "aanwezigheid")
            # Saved, but the allowance above the cap waits for the supporter's confirmation.
            form = AttendanceForm(request.POST, people=people, board=board, initial=initial, show_confirm=True)
            form.is_valid()
    context = {
        "form": form,
        "meeting": meeting,
        "cap_warnings": cap_warnings,
        "has_started": meeting.starts_at <= timezone.now(),
    }
    return render(request, "meetings/attendance_record.html", context)


# ---------------------------------------------------------------------------------------------------------------
# Decision and action list of a body


def _owners(body: Body) -> QuerySet[Any]:
    """People who can own an action: today's members of the body (for a council: also of its chambers)."""
    from members.models import Membership, Person

    bodies = [body.pk]
    if body.kind == BodyKind.COUNCIL:
        bodies += list(Body.objects.filter(parent=body, kind=BodyKind.CHAMBER).values_list("pk", flat=True))
    current = Membership.objects.current(on=timezone.localdate()).filter(body_id__in=bodies)
    return Person.objects.filter(pk__in=current.values("person_id"), anonymised_at__isnull=True).order_by(
        "display_name"
    )


def _action_item(body: Body, pk: int) -> ActionItem:
    item = ActionItem.objects.for_body(body).filter(pk=pk).first()
    if item is None:
        raise Http404
    return item


@login_required
def action_list_view(request: HttpRequest, slug: str) -> HttpResponse:
    """The body's decisions and actions, with the board's commitments ("toezeggingen") marked."""
    body = body_for_user(request.user, slug)
    filters = ActionItemFilterForm(request.GET or None)
    status = (filters.cleaned_data["status"] if filters.is_valid() else "") or "open"
    items = ActionItem.objects.for_body(body).select_related("owner", "meeting")
    if status != "all":
        items = items.filter(status=ActionItemStatus.OPEN if status == "open" else status)
    page = Paginator(items.order_by("due_on", "pk"), ACTIONS_PER_PAGE).get_page(request.GET.get("pagina"))
    today = timezone.localdate()
    query = request.GET.copy()
    query.pop("pagina", None)
    context = {
        "body": body,
        "filters": filters,
        "status": status,
        "page": page,
        "rows": [{"item": item, "overdue": item.is_overdue(today)} for item in page.object_list],
        "query": query.urlencode(),
        "may_manage": body_allows(request.user, body, BodyAction.MANAGE),
    }
    return render(request, "meetings/action_list.html", context)


@login_required
def action_item_create_view(request: HttpRequest, slug: str) -> HttpResponse:
    body = body_for_user(request.user, slug, BodyAction.MANAGE)
    meetings = meetings_for_user(request.user).filter(body=body).not_cancelled().order_by("-starts_at")
    initial = {"meeting": request.GET.get("vergadering")} if request.GET.get("vergadering") else {}
    form = ActionItemForm(posted(request), owners=_owners(body), meetings=meetings, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data

        def create() -> None:
            services.action_item_create(
                body=body,
                kind=data["kind"],
                title=data["title"],
                description=data["description"],
                meeting=data["meeting"],
                owner=data["owner"],
                owner_is_board=data["owner_is_board"],
                due_on=data["due_on"],
                actor=acting_user(request),
            )

        if run_service(form, create):
            messages.success(request, _("The item has been added to the action list."))
            return redirect("meetings:action_list", slug=body.slug)
    return render(request, "meetings/action_item_create.html", {"form": form, "body": body})


@require_POST
@login_required
def action_item_complete_view(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    body = body_for_user(request.user, slug, BodyAction.MANAGE)
    item = _action_item(body, pk)
    form = ActionItemCompleteForm(request.POST)
    done_on = (form.cleaned_data["done_on"] if form.is_valid() else None) or timezone.localdate()
    _run(
        request,
        lambda: services.action_item_complete(item=item, done_on=done_on, actor=acting_user(request)),
        _("“%(title)s” is done.") % {"title": item.title},
    )
    return redirect("meetings:action_list", slug=body.slug)


@login_required
def action_item_drop_view(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    body = body_for_user(request.user, slug, BodyAction.MANAGE)
    item = _action_item(body, pk)
    form = ActionItemDropForm(posted(request))
    if request.method == "POST" and form.is_valid():
        reason = form.cleaned_data["reason"]
        if run_service(form, lambda: services.action_item_drop(item=item, reason=reason, actor=acting_user(request))):
            messages.success(request, _("The item has been dropped."))
            return redirect("meetings:action_list", slug=body.slug)
    return render(request, "meetings/action_item_drop.html", {"form": form, "body": body, "item": item})
