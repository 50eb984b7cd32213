"""Writes for vacancies: publish, close, and the public response that becomes a candidate (WMCZ.md W-MEM-7).

A response comes from the public form without a login (actor None). A responder who may be under 16 fills in the
form together with a parent or carer, who is named in it: that is the recorded consent (W-MEM-8) that lets the
contact details be kept. Without it nothing is stored.
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import User
from councils.models import Body
from councils.services import body_supporters
from incluzio_mz.lib.dates import add_years_safe, require_plausible_date
from incluzio_mz.services import notification_send
from members.models import CONSENT_AGE, Membership, Person, Vacancy, client_groups_of
from members.services import memberships, people
from members.services._common import save_fields, save_new


@transaction.atomic
def vacancy_publish(*, body: Body, title: str, text: str, group: str, closes_on: date, actor: User | None) -> Vacancy:
    """Publish a vacancy for body on its public page until closes_on (included)."""
    if not body.active:
        raise ValidationError(_("%(body)s is not active.") % {"body": body.name})
    today = timezone.localdate()
    if closes_on < today:
        raise ValidationError({"closes_on": _("The closing date cannot be in the past.")}, code="invalid")
    # A vacancy is open for at most a year (issue 14: no closing date in 2200).
    require_plausible_date(closes_on, field="closes_on", earliest=today, latest=add_years_safe(today, 1))
    if group not in client_groups_of(body, on=timezone.localdate()):
        raise ValidationError({"group": _("Choose one of the client groups this body represents.")}, code="invalid")
    vacancy = Vacancy(body=body, title=title.strip(), text=text.strip(), group=group, closes_on=closes_on)
    save_new(vacancy, actor=actor, reason=_("Vacancy published"))
    return vacancy


@transaction.atomic
def vacancy_close(*, vacancy: Vacancy, actor: User | None) -> Vacancy:
    """Close a vacancy before its closing date; it no longer appears and accepts no responses."""
    vacancy = Vacancy.objects.select_for_update().get(pk=vacancy.pk)
    if vacancy.closed_at is not None:
        raise ValidationError(_("This vacancy is already closed."), code="invalid_status")
    vacancy.closed_at = timezone.now()
    save_fields(vacancy, ["closed_at"], actor=actor, reason=_("Vacancy closed"))
    return vacancy


@transaction.atomic
def vacancy_respond(
    *,
    vacancy: Vacancy,
    display_name: str,
    birth_year: int,
    group: str,
    email: str = "",
    phone: str = "",
    message: str = "",
    guardian_consent_by: str = "",
    today: date,
) -> Membership:
    """A public response to an open vacancy: a new person and a candidate membership for the vacancy's body.

    Requires an e-mail address or phone number. When the responder may be under 16, guardian_consent_by (the
    parent or carer who fills in the form with them) is required and recorded as consent given today (W-MEM-8).
    """
    # Fresh rows: the body's supporters group may have been created after the caller loaded the vacancy.
    open_vacancy = Vacancy.objects.open(on=today).select_related("body__parent").filter(pk=vacancy.pk).first()
    if open_vacancy is None:
        raise ValidationError(_("This vacancy is closed; responding is no longer possible."), code="closed")
    vacancy = open_vacancy
    if group not in client_groups_of(vacancy.body, on=today):
        raise ValidationError({"group": _("Choose one of the groups in the list.")}, code="invalid")
    email, phone, guardian_consent_by = email.strip(), phone.strip(), guardian_consent_by.strip()
    if not email and not phone:
        raise ValidationError(
            {"email": _("Give an e-mail address or a phone number, so that we can reach you.")}, code="required"
        )
    may_be_minor = Person(birth_year=birth_year).may_be_under(CONSENT_AGE, on=today)
    if may_be_minor and not guardian_consent_by:
        raise ValidationError(
            {
                "guardian_consent_by": _(
                    "You may be younger than %(age)s. Fill in this form together with a parent or carer, and write "
                    "down who they are (for example: my mother)."
                )
                % {"age": CONSENT_AGE}
            },
            code="guardian_consent_required",
        )
    person = people.person_create(
        display_name=display_name,
        birth_year=birth_year,
        group=group,
        email=email,
        phone=phone,
        guardian_consent_on=today if may_be_minor else None,
        guardian_consent_by=guardian_consent_by if may_be_minor else "",
        actor=None,
        reason=_("Responded to the vacancy %(title)s") % {"title": vacancy.title},
    )
    membership = memberships.membership_register_candidate(
        person=person,
        body=vacancy.body,
        suitability=[],
        application_text=message,
        vacancy=vacancy,
        actor=None,
    )
    _notify_supporters(membership=membership, vacancy=vacancy)
    return membership


def _notify_supporters(*, membership: Membership, vacancy: Vacancy) -> None:
    """Tell the supporters of the body (and of its council, who manage its chambers too) about the new candidate.

    In the portal only; the title names the vacancy, never the person, because a notification keeps its text after
    the person is anonymised.
    """
    body = vacancy.body
    recipients = {user.pk: user for user in body_supporters(body)}
    if body.parent is not None:
        recipients.update({user.pk: user for user in body_supporters(body.parent)})
    title = format_lazy(gettext_lazy("New response to the vacancy “{title}”"), title=vacancy.title)
    url = reverse("members:person_detail", kwargs={"uuid": membership.person.uuid})
    for recipient in recipients.values():
        notification_send(
            recipient=recipient,
            subject=membership,
            kind="vacancy_response",
            due_at=membership.created_at,
            title=title,
            url=url,
        )
