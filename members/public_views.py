"""Public pages without a login under /openbaar/ (W-MEM-7): a body's open vacancies and the short response form.

The rows shown are public by nature: the active bodies and their open vacancies (Vacancy.objects.open), nothing
else. Spam protection without a third-party service (DESIGN.md §7):
- a rate limit per visitor address (incluzio_mz/lib/client_ip.py) with django-ratelimit on POST (PUBLIC_FORM_RATE,
  counted in the shared cache; over the limit a friendly page with status 429, and nothing is stored);
- a honeypot field, hidden from people and assistive technology: when it is filled in, the visitor sees the
  thank-you page as usual and nothing is stored, so a bot learns nothing.

See docs/MEMBERS.md, "Public vacancy form".
"""

from uuid import UUID

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods
from django_ratelimit.decorators import ratelimit

from councils.models import Body
from incluzio_mz.lib.forms import add_service_error
from members.models import Vacancy, client_groups_of
from members.public_forms import HONEYPOT_FIELD, VacancyRespondForm
from members.services import vacancies

# Submissions of a public form per address per hour, counted on POST (valid or not). A family or a group at a care
# location may share one address, so this is generous for people and still stops a flood.
PUBLIC_FORM_RATE = "10/h"


def public_body(slug: str) -> Body:
    """An active body by slug, for the public pages: 404 for an unknown or inactive one."""
    body = Body.objects.active().filter(slug=slug).first()
    if body is None:
        raise Http404
    return body


def _open_vacancy(body: Body, uuid: UUID) -> Vacancy:
    """One open vacancy of body: 404 when it is unknown, of another body, closed or past its closing date."""
    vacancy = Vacancy.objects.open(on=timezone.localdate()).filter(body=body, uuid=uuid).select_related("body").first()
    if vacancy is None:
        raise Http404
    return vacancy


@require_GET
def vacancy_list_view(request: HttpRequest, slug: str) -> HttpResponse:
    body = public_body(slug)
    open_vacancies = list(Vacancy.objects.open(on=timezone.localdate()).filter(body=body))
    return render(request, "members/public_vacancy_list.html", {"body": body, "vacancies": open_vacancies})


def ratelimited_response(request: HttpRequest, body: Body) -> HttpResponse:
    return render(request, "members/public_ratelimited.html", {"body": body}, status=429)


@require_http_methods(["GET", "POST"])
@ratelimit(group="public_form", key="ip", rate=PUBLIC_FORM_RATE, method="POST", block=False)
def vacancy_respond_view(request: HttpRequest, slug: str, uuid: UUID) -> HttpResponse:
    body = public_body(slug)
    vacancy = _open_vacancy(body, uuid)
    if getattr(request, "limited", False):
        return ratelimited_response(request, body)
    today = timezone.localdate()
    if request.method == "POST" and request.POST.get(HONEYPOT_FIELD, "").strip():
        # A bot: it sees what a person sees, and nothing is stored.
        return redirect("public:vacancy_thanks", slug=body.slug)
    form = VacancyRespondForm(
        request.POST or None,
        today=today,
        groups=client_groups_of(body, on=today),
        initial={"group": vacancy.group},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            vacancies.vacancy_respond(
                vacancy=vacancy,
                display_name=data["display_name"],
                birth_year=data["birth_year"],
                group=data["group"],
                email=data["email"],
                phone=data["phone"],
                message=data["message"],
                guardian_consent_by=data["guardian_consent_by"],
                today=today,
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            return redirect("public:vacancy_thanks", slug=body.slug)
    context = {"body": body, "vacancy": vacancy, "form": form}
    return render(request, "members/public_vacancy_respond.html", context)


@require_GET
def vacancy_thanks_view(request: HttpRequest, slug: str) -> HttpResponse:
    body = public_body(slug)
    return render(request, "members/public_vacancy_thanks.html", {"body": body})
