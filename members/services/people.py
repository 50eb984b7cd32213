"""Writes for people: register, edit, parental consent (W-MEM-8), anonymise and the retention sweep (W-MEM-10).

Privacy by design (DESIGN.md §7): a person who may be under 16 gets contact details only after the consent of a
parent or guardian is recorded; until then a save with an e-mail address or phone number is refused and nothing is
stored. Anonymising clears the contact details (never in the history tables) and replaces the name, also in the
person's history rows; memberships and their history stay, so the body's past composition stays answerable.
"""

from datetime import date, datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import services as account_services
from accounts.models import User
from councils.models import BusinessUnit
from incluzio_mz.lib.dates import require_plausible_birth_year
from incluzio_mz.lib.services import model_update, stamp_history
from members.models import (
    ADULT_AGE,
    ADULT_GROUPS,
    CONSENT_AGE,
    ClientStatus,
    Membership,
    Person,
    PersonQuerySet,
    Status,
)
from members.services._common import add_months, require_reason, save_fields, save_new

# The fields person_update edits. Anonymising and parental consent have services of their own.
PERSON_FIELDS = (
    "display_name",
    "email",
    "phone",
    "birth_year",
    "group",
    "client_status",
    "business_unit",
    "name_public",
    "is_employee",
    "is_board",
    "user",
)

# Statuses of a membership that has not ended: they keep a person's data out of the retention sweep.
NOT_ENDED = (Status.CANDIDATE, Status.TRIAL, Status.ACTIVE)


# The pseudonym is stored data, not UI text: one fixed Dutch word, whatever language the anonymising request used.
PSEUDONYM_PREFIX = "Lid"


def pseudonym_for(person: Person) -> str:
    """W-MEM-10: a stable pseudonym from the person's uuid, e.g. "Lid 7F3A2C" (the same on every run)."""
    return f"{PSEUDONYM_PREFIX} {person.uuid.hex[:6].upper()}"


def _check_details(
    *,
    birth_year: int,
    guardian_consent_on: date | None,
    email: str,
    phone: str,
    today: date,
    name_public: bool = False,
) -> None:
    """W-MEM-8 and a sane birth year; raises before anything is stored. The consent of a parent or guardian is
    needed both for contact details and for publishing the first name of someone who may be under 16."""
    require_plausible_birth_year(birth_year, today=today)
    probe = Person(birth_year=birth_year, guardian_consent_on=guardian_consent_on)
    if name_public and probe.needs_guardian_consent(on=today):
        raise ValidationError(
            {
                "name_public": _(
                    "This person may be under %(age)s. Record the consent of a parent or guardian before you "
                    "publish their first name."
                )
                % {"age": CONSENT_AGE}
            },
            code="guardian_consent_required",
        )
    if (email or phone) and probe.needs_guardian_consent(on=today):
        raise ValidationError(
            {
                "email": _(
                    "This person may be under %(age)s. Record the consent of a parent or guardian before you "
                    "store an e-mail address or phone number."
                )
                % {"age": CONSENT_AGE}
            },
            code="guardian_consent_required",
        )


def _check_group(*, group: str, birth_year: int, today: date) -> None:
    """W-BODY-3: an adult client or the representative of one is an adult (only the birth year is known, so the
    check refuses only who cannot have turned 18 this year)."""
    if group in ADULT_GROUPS and today.year - birth_year < ADULT_AGE:
        raise ValidationError(
            {
                "group": _(
                    "An adult client or a representative of an adult client is %(age)s or older. Check the birth "
                    "year or the client group."
                )
                % {"age": ADULT_AGE}
            },
            code="too_young",
        )


def _locked(person: Person) -> Person:
    return Person.objects.select_for_update().get(pk=person.pk)


def _refuse_anonymised(person: Person) -> None:
    if person.is_anonymised:
        raise ValidationError(_("This person has been anonymised; their details can no longer be changed."))


@transaction.atomic
def person_create(
    *,
    display_name: str,
    birth_year: int,
    group: str,
    client_status: str = ClientStatus.CURRENT,
    business_unit: BusinessUnit | None = None,
    email: str = "",
    phone: str = "",
    name_public: bool = False,
    guardian_consent_on: date | None = None,
    guardian_consent_by: str = "",
    is_employee: bool = False,
    is_board: bool = False,
    user: User | None = None,
    actor: User | None,
    reason: str = "",
) -> Person:
    """Register a person with the minimum of data (DESIGN.md §7). Refused with contact details when the person may
    be under 16 and no parental consent is given (W-MEM-8)."""
    email, phone, guardian_consent_by = email.strip(), phone.strip(), guardian_consent_by.strip()
    if guardian_consent_on is not None and not guardian_consent_by:
        raise ValidationError({"guardian_consent_by": _("Say who gave the consent.")}, code="required")
    _check_details(
        birth_year=birth_year,
        guardian_consent_on=guardian_consent_on,
        email=email,
        phone=phone,
        today=timezone.localdate(),
        name_public=name_public,
    )
    _check_group(group=group, birth_year=birth_year, today=timezone.localdate())
    person = Person(
        display_name=display_name.strip(),
        birth_year=birth_year,
        group=group,
        client_status=client_status,
        business_unit=business_unit,
        email=email,
        phone=phone,
        name_public=name_public,
        guardian_consent_on=guardian_consent_on,
        guardian_consent_by=guardian_consent_by,
        is_employee=is_employee,
        is_board=is_board,
        user=user,
    )
    save_new(person, actor=actor, reason=reason.strip() or _("Person registered"))
    return person


@transaction.atomic
def person_update(*, person: Person, data: dict[str, Any], actor: User | None, reason: str = "") -> Person:
    """Edit a person's fields (model_update style: only what changed is saved, with one history row).

    W-MEM-8 is checked on the result: contact details for a person who may be under 16 need recorded consent.
    """
    unknown = set(data) - set(PERSON_FIELDS)
    if unknown:
        raise ValidationError(
            _("These details cannot be changed here: %(fields)s."), params={"fields": ", ".join(sorted(unknown))}
        )
    person = _locked(person)
    _refuse_anonymised(person)
    data = {key: value.strip() if isinstance(value, str) else value for key, value in data.items()}
    _check_details(
        birth_year=data.get("birth_year", person.birth_year),
        guardian_consent_on=person.guardian_consent_on,
        email=data.get("email", person.email),
        phone=data.get("phone", person.phone),
        today=timezone.localdate(),
        name_public=data.get("name_public", person.name_public),
    )
    _check_group(
        group=data.get("group", person.group),
        birth_year=data.get("birth_year", person.birth_year),
        today=timezone.localdate(),
    )
    stamp_history(person, actor=actor, reason=reason.strip() or _("Details changed"))
    person, _changed = model_update(instance=person, fields=PERSON_FIELDS, data=data)
    return person


@transaction.atomic
def person_record_guardian_consent(*, person: Person, on: date, by: str, actor: User | None) -> Person:
    """W-MEM-8: record that a parent or guardian consented on day `on`; from then on contact details may be stored."""
    person = _locked(person)
    _refuse_anonymised(person)
    by = by.strip()
    if not by:
        raise ValidationError({"guardian_consent_by": _("Say who gave the consent.")}, code="required")
    if on > timezone.localdate():
        raise ValidationError({"guardian_consent_on": _("The consent cannot be dated in the future.")})
    person.guardian_consent_on = on
    person.guardian_consent_by = by
    save_fields(
        person, ["guardian_consent_on", "guardian_consent_by"], actor=actor, reason=_("Parental consent recorded")
    )
    return person


@transaction.atomic
def person_anonymise(*, person: Person, actor: User | None, reason: str) -> Person:
    """W-MEM-10: remove the person's contact details and name, keeping their membership history under a pseudonym.

    Refused while the person still has a membership that has not ended (end it first: leaving is always possible).
    The name and the consent-giver are also rewritten in the person's history rows, with a queryset update (which
    writes no history of its own); those rows never held the contact details, which are excluded from history.
    """
    reason = require_reason(reason)
    person = _locked(person)
    if person.is_anonymised:
        raise ValidationError(_("This person has already been anonymised."))
    if person.memberships.filter(status__in=NOT_ENDED).exists():
        raise ValidationError(
            _("%(name)s still has a membership or candidacy. End it before anonymising."),
            params={"name": person.display_name},
        )
    pseudonym = pseudonym_for(person)
    person.display_name = pseudonym
    person.email = ""
    person.phone = ""
    person.guardian_consent_by = ""
    person.name_public = False
    person.anonymised_at = timezone.now()
    fields = ["display_name", "email", "phone", "guardian_consent_by", "name_public", "anonymised_at"]
    save_fields(person, fields, actor=actor, reason=reason)
    Person.history.filter(id=person.pk).update(display_name=pseudonym, guardian_consent_by="")
    # What the person wrote when responding to a vacancy is theirs: remove it from the memberships and their history.
    person.memberships.update(application_text="")
    Membership.history.filter(person_id=person.pk).update(application_text="")
    return person


@transaction.atomic
def person_account_invite(*, person: Person, base_url: str, actor: User | None) -> Person:
    """Give a member a login: an account is created and invited by e-mail (a link to choose a password).

    The member then sees "Mijn lidmaatschap" and their body's pages, for as long as their membership lasts (the
    member's access follows from their memberships, DESIGN.md convention 4, not from the account).
    """
    person = _locked(person)
    _refuse_anonymised(person)
    if person.user_id is not None:
        raise ValidationError(_("%(name)s already has a login account."), params={"name": person.display_name})
    if not person.email:
        raise ValidationError(_("Record an e-mail address first: the invitation is sent there."))
    user = account_services.user_invite(
        email=person.email,
        first_name=person.display_name,
        last_name="",
        roles=[],
        base_url=base_url,
        actor=actor,
    )
    person.user = user
    save_fields(person, ["user"], actor=actor, reason=_("Login account invited"))
    return person


def people_due_for_retention(*, now: datetime) -> PersonQuerySet:
    """People whose memberships all ended before the retention period (W-MEM-10), not yet anonymised.

    Only ended memberships count: a candidacy, trial or active membership (even past its term end, until a
    supporter ends it) keeps the person's details. People without any membership are left alone.
    """
    cutoff = add_months(timezone.localtime(now).date(), -settings.MEMBER_RETENTION_MONTHS)
    memberships = Membership.objects.filter(person=OuterRef("pk"))
    return (
        Person.objects.not_anonymised()
        .filter(Exists(memberships))
        .exclude(Exists(memberships.filter(status__in=NOT_ENDED)))
        .exclude(Exists(memberships.filter(ended_on__isnull=True)))
        .exclude(Exists(memberships.filter(ended_on__gte=cutoff)))
    )


def people_retention_sweep(*, now: datetime, actor: User | None = None) -> int:
    """Anonymise everyone whose last membership ended more than MEMBER_RETENTION_MONTHS months before now.

    Each person in a transaction of their own, so a long run keeps its progress; returns how many were anonymised.
    A missed run catches up: the cutoff is a comparison, never an exact day.
    """
    count = 0
    for person in people_due_for_retention(now=now).order_by("pk"):
        person_anonymise(
            person=person,
            actor=actor,
            reason=_("Retention period of %(months)s months passed") % {"months": settings.MEMBER_RETENTION_MONTHS},
        )
        count += 1
    return count
