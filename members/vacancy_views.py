"""Supporter pages for a body's vacancies (W-MEM-7): the list with the number of responses, publish, close.

Thin views (DESIGN.md convention 5): the body's gate (councils.permissions.body_for_user with MANAGE: the body's
supporters and administrators), the form, the service (members.services.vacancies), redirect or render. A vacancy
is a child of its body and is reached through the body's gate (convention 4).
"""

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from councils.models import Body
from councils.permissions import BodyAction, body_for_user
from incluzio_mz.lib.forms import add_service_error
from members.models import Vacancy, client_groups_of
from members.public_forms import VacancyCreateForm
from members.services import vacancies


def _vacancy_of(body: Body, uuid: UUID) -> Vacancy:
    vacancy = body.vacancies.filter(uuid=uuid).first()
    if vacancy is None:
        raise Http404
    return vacancy


@login_required
def vacancy_list_view(request: HttpRequest, slug: str) -> HttpResponse:
    body = body_for_user(request.user, slug, BodyAction.MANAGE)
    today = timezone.localdate()
    rows = list(body.vacancies.annotate(response_count=Count("responses")).order_by("-closes_on", "-pk"))
    open_ids = set(Vacancy.objects.open(on=today).filter(body=body).values_list("pk", flat=True))
    context = {
        "body": body,
        "open_vacancies": [v for v in rows if v.pk in open_ids],
        "closed_vacancies": [v for v in rows if v.pk not in open_ids],
    }
    return render(request, "members/vacancy_list.html", context)


@login_required
def vacancy_create_view(request: HttpRequest, slug: str) -> HttpResponse:
    body = body_for_user(request.user, slug, BodyAction.MANAGE)
    form = VacancyCreateForm(request.POST or None, groups=client_groups_of(body, on=timezone.localdate()))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            vacancies.vacancy_publish(
                body=body,
                title=data["title"],
                text=data["text"],
                group=data["group"],
                closes_on=data["closes_on"],
                actor=request.user,  # type: ignore[arg-type]
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The vacancy has been published on the public page."))
            return redirect("members:vacancy_list", slug=body.slug)
    return render(request, "members/vacancy_create.html", {"form": form, "body": body})


@require_POST
@login_required
def vacancy_close_view(request: HttpRequest, slug: str, uuid: UUID) -> HttpResponse:
    body = body_for_user(request.user, slug, BodyAction.MANAGE)
    vacancy = _vacancy_of(body, uuid)
    try:
        vacancies.vacancy_close(vacancy=vacancy, actor=request.user)  # type: ignore[arg-type]
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The vacancy has been closed. It no longer appears on the public page."))
    return redirect("members:vacancy_list", slug=body.slug)
