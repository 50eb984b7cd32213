"""Pages for the decision letter (W-LET-1, W-LET-2): the PDF, its state on the request page, retry and correction.

Thin views (DESIGN.md convention 5). The gate is advice/permissions.py: the PDF through `letter_for_user` (404 when
there is no ready letter or the user may not see the request), the state through `request_for_user` (VIEW), retry
and correction through `request_for_user(..., RequestAction.BOARD)`. Writes through advice.services.letters.
"""

from typing import Any
from uuid import UUID

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from advice.models import Letter, LetterStatus, Request
from advice.permissions import RequestAction, letter_for_user, request_allows, request_for_user
from advice.services import letters
from incluzio_mz.lib.views import acting_user, posted, run_service

PARTIAL = "advice/_letter.html"


class LetterCorrectForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("What is corrected, and why?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


def _pdf_response(letter: Letter) -> FileResponse:
    """Inline, as application/pdf, never sniffed; named after the request's reference (besluit-MZ-2026-014.pdf)."""
    filename = f"besluit-{letter.request.reference}.pdf"
    if letter.number > 1:
        filename = f"besluit-{letter.request.reference}-versie-{letter.number}.pdf"
    response = FileResponse(
        letter.file.open("rb"), content_type="application/pdf", as_attachment=False, filename=filename
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_GET
def letter_pdf_view(request: HttpRequest, uuid: UUID) -> FileResponse:
    """The newest ready letter of the request (a correction replaces the letter it corrects)."""
    return _pdf_response(letter_for_user(request.user, uuid))


@login_required
@require_GET
def letter_version_pdf_view(request: HttpRequest, uuid: UUID, number: int) -> FileResponse:
    """One version of the letter, also one that a correction replaced: the dossier keeps them all."""
    return _pdf_response(letter_for_user(request.user, uuid, number))


def _partial_context(request: HttpRequest, request_obj: Request) -> dict[str, Any]:
    return {"request_obj": request_obj, "may_board": request_allows(request.user, request_obj, RequestAction.BOARD)}


@login_required
@require_GET
def letter_status_view(request: HttpRequest, uuid: UUID) -> HttpResponse:
    """The letters' state, the fragment that the request page polls (htmx) while a letter is being made."""
    request_obj = request_for_user(request.user, uuid)
    return render(request, PARTIAL, _partial_context(request, request_obj))


def _back(request: HttpRequest, request_obj: Request) -> HttpResponse:
    if request.htmx:  # type: ignore[attr-defined]
        return render(request, PARTIAL, _partial_context(request, request_obj))
    url = letters.request_page_url(request_obj)
    return redirect(url) if url else redirect("advice:letter_status", uuid=request_obj.uuid)


@require_POST
@login_required
def letter_retry_view(request: HttpRequest, uuid: UUID, number: int) -> HttpResponse:
    request_obj = request_for_user(request.user, uuid, RequestAction.BOARD)
    letter = request_obj.letters.filter(number=number).first()
    if letter is None:
        raise Http404
    try:
        letters.letter_retry(letter=letter, actor=acting_user(request))
    except ValidationError as error:  # not failed (any more): say why, change nothing
        messages.error(request, " ".join(error.messages))
    else:
        # With htmx the swapped-in fragment shows the new state; a message would linger until the next page.
        if not request.htmx:  # type: ignore[attr-defined]
            messages.success(request, _("The letter is being made again."))
    return _back(request, request_obj)


@login_required
def letter_correct_view(request: HttpRequest, uuid: UUID) -> HttpResponse:
    """A correction is a new version of the letter that names the one it replaces (W-LET-2)."""
    request_obj = request_for_user(request.user, uuid, RequestAction.BOARD)
    replaced = request_obj.letters.filter(status=LetterStatus.READY).order_by("-number").first()
    if replaced is None:
        raise Http404
    form = LetterCorrectForm(posted(request))
    if request.method == "POST" and form.is_valid():
        reason = form.cleaned_data["reason"]
        if run_service(
            form, lambda: letters.letter_correct(request=request_obj, reason=reason, actor=acting_user(request))
        ):
            messages.success(request, _("The corrected letter is being made. The earlier version stays available."))
            return _back(request, request_obj)
    return render(
        request,
        "advice/letter_correct.html",
        {
            "form": form,
            "request_obj": request_obj,
            "replaced": replaced,
            "back_url": letters.request_page_url(request_obj),
        },
    )
