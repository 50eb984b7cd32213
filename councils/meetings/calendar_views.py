"""The personal iCal feed, its settings page, and the agenda PDF (issue 6 items 8 and 9). Namespace "calendar".

Thin views (DESIGN.md convention 5): gate, service, response. The feed has no login: its token is the gate (a
missing, forged or renewed token is 404, as is an inactive user's). The agenda PDF goes through the meeting gate.
"""

from typing import cast
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts.models import User
from councils.meetings.calendar import calendar_feed_ics
from councils.meetings.permissions import MeetingAction, meeting_for_user
from councils.meetings.services.calendar_feed import (
    calendar_feed_get_or_create,
    calendar_feed_renew,
    calendar_feed_token,
    calendar_feed_user,
)
from councils.models.meetings import AgendaPdf


@require_GET
def feed_view(request: HttpRequest) -> HttpResponse:
    user = calendar_feed_user(request.GET.get("token", ""))
    if user is None:
        raise Http404
    response = HttpResponse(calendar_feed_ics(user, now=timezone.now()), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="vergaderingen.ics"'
    # Personal: no shared cache may keep it; the URL itself is the secret, so it must not leak through a referrer.
    response["Cache-Control"] = "private, max-age=300"
    response["Referrer-Policy"] = "no-referrer"
    return response


@login_required
def feed_settings_view(request: HttpRequest) -> HttpResponse:
    user = cast(User, request.user)
    feed = calendar_feed_get_or_create(user=user, actor=user)
    url = request.build_absolute_uri(reverse("calendar:feed")) + "?token=" + calendar_feed_token(feed)
    response = render(request, "meetings/calendar_feed_settings.html", {"feed": feed, "feed_url": url})
    response["Referrer-Policy"] = "no-referrer"
    return response


@require_POST
@login_required
def feed_token_renew_view(request: HttpRequest) -> HttpResponse:
    user = cast(User, request.user)
    calendar_feed_renew(user=user, actor=user)
    messages.success(request, _("Your calendar has a new link. The old link no longer works."))
    return redirect("calendar:feed_settings")


@login_required
def agenda_pdf_view(request: HttpRequest, uuid: UUID) -> FileResponse:
    meeting = meeting_for_user(request.user, uuid, MeetingAction.VIEW)
    rendered = AgendaPdf.objects.filter(meeting=meeting, rendered_at__isnull=False).exclude(file="").first()
    if rendered is None:  # not rendered yet (the agenda is not published, or the task has not run yet)
        raise Http404
    return FileResponse(
        rendered.file.open("rb"),
        content_type="application/pdf",
        as_attachment=False,
        filename=f"agenda-{timezone.localtime(meeting.starts_at):%Y-%m-%d}.pdf",
    )
