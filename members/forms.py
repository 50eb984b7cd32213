"""Forms for the members pages. They only validate input; views pass cleaned_data to members/services/.

Field names follow the model fields the services name in their errors (`ended_on`, `end_reason`, `held_on`), so
incluzio_mz.lib.forms.add_service_error shows a service's error next to the field it is about.
"""

from datetime import date
from decimal import Decimal
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from councils.models import Body, BusinessUnit
from incluzio_mz.lib.dates import birth_year_error
from members.models import (
    AllowanceKind,
    ClientStatus,
    EndReason,
    EvaluationOutcome,
    Group,
    Person,
    Role,
    Status,
    Suitability,
)


def _date_input() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _today() -> date:
    return timezone.localdate()


class ReasonForm(forms.Form):
    """Changes record why (shown in the person's history)."""

    reason = forms.CharField(
        label=_("Reason for this change"),
        help_text=_("Shown in the history, for example “agreed in the meeting of 12 March”."),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


# ---------------------------------------------------------------------------------------------------------------
# The members overview


class PersonFilterForm(forms.Form):
    """Filters of /leden/. Statuses: not ended (the default), one status, or everyone."""

    ALL = "all"

    body = forms.ModelChoiceField(label=_("Council or panel"), queryset=Body.objects.none(), required=False)
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[("", _("Not left")), *Status.choices, (ALL, _("Everyone"))],
        required=False,
    )
    trial_ending = forms.BooleanField(label=_("Trial period ends within 30 days"), required=False)

    def __init__(self, *args: Any, bodies: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = bodies  # type: ignore[attr-defined]


# ---------------------------------------------------------------------------------------------------------------
# People


class PersonDetailsForm(forms.Form):
    """The minimum about a person (DESIGN.md §7): never care or case details."""

    display_name = forms.CharField(
        label=_("Name"), max_length=120, help_text=_("The name as the person wants it shown.")
    )
    birth_year = forms.IntegerField(
        label=_("Birth year"), help_text=_("Only the year: for the representation overview.")
    )
    group = forms.ChoiceField(label=_("Client group"), choices=Group.choices, widget=forms.RadioSelect)
    client_status = forms.ChoiceField(
        label=_("Client"), choices=ClientStatus.choices, initial=ClientStatus.CURRENT, widget=forms.RadioSelect
    )
    business_unit = forms.ModelChoiceField(
        label=_("Business unit"), queryset=BusinessUnit.objects.none(), required=False
    )
    email = forms.EmailField(label=_("E-mail"), required=False)
    phone = forms.CharField(label=_("Phone"), max_length=30, required=False)
    name_public = forms.BooleanField(label=_("First name may appear on the public page"), required=False)
    is_employee = forms.BooleanField(label=_("Works for the organisation"), required=False)
    is_board = forms.BooleanField(label=_("Is a board or supervisory board member"), required=False)

    CONTACT_FIELDS = ("email", "phone")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["business_unit"].queryset = BusinessUnit.objects.active()  # type: ignore[attr-defined]

    def _consent_on(self) -> date | None:
        return self.cleaned_data.get("guardian_consent_on")

    def clean_birth_year(self) -> int:
        """W-MEM-8 needs a real age: a birth year outside the plausible window is refused (incluzio_mz.lib.dates)."""
        year: int = self.cleaned_data["birth_year"]
        message = birth_year_error(year, today=_today())
        if message is not None:
            raise forms.ValidationError(message)
        return year

    def clean(self) -> dict[str, Any]:
        """W-MEM-8: contact details of someone who may be under 16 only with a parent's or guardian's consent."""
        data = super().clean() or {}
        birth_year = data.get("birth_year")
        if birth_year is None:
            return data
        probe = Person(birth_year=birth_year, guardian_consent_on=self._consent_on())
        if probe.needs_guardian_consent(on=_today()):
            message = _(
                "This person may be under 16. Fill in the parental consent below before you store contact details."
            )
            for name in self.CONTACT_FIELDS:
                if data.get(name):
                    self.add_error(name, message)
        return data


class GuardianConsentFields(forms.Form):
    guardian_consent_on = forms.DateField(
        label=_("Parental consent given on"),
        required=False,
        help_text=_("Needed before storing contact details of someone who may be under 16."),
        widget=_date_input(),
    )
    guardian_consent_by = forms.CharField(
        label=_("Consent given by"), max_length=120, required=False, help_text=_("For example: mother, guardian.")
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        on, by = data.get("guardian_consent_on"), (data.get("guardian_consent_by") or "").strip()
        if on is not None and not by:
            self.add_error("guardian_consent_by", _("Say who gave the consent."))
        if by and on is None:
            self.add_error("guardian_consent_on", _("Fill in the date of the consent."))
        if on is not None and on > _today():
            self.add_error("guardian_consent_on", _("The consent cannot be dated in the future."))
        return data


class PersonCreateForm(PersonDetailsForm, GuardianConsentFields):
    """Register a person and their candidacy for a body the supporter manages (W-MEM-1)."""

    body = forms.ModelChoiceField(label=_("Candidate for"), queryset=Body.objects.none())
    suitability = forms.MultipleChoiceField(
        label=_("Suitability criteria met"),
        choices=Suitability.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    suitability_notes = forms.CharField(
        label=_("Notes on suitability"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    open_complaint = forms.BooleanField(
        label=_("Has an open complaint procedure"),
        required=False,
        help_text=_("While it is open, the trial period cannot start."),
    )
    application_text = forms.CharField(
        label=_("What the candidate wrote"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    candidate_on = forms.DateField(
        label=_("Candidate since"),
        required=False,
        initial=_today,
        widget=_date_input(),
        help_text=_(
            "Today, or an earlier day for a member you enter afterwards. The trial period starts on or after it."
        ),
    )

    field_order = [
        "body",
        "candidate_on",
        "display_name",
        "birth_year",
        "group",
        "client_status",
        "business_unit",
        "guardian_consent_on",
        "guardian_consent_by",
        "email",
        "phone",
        "name_public",
        "is_employee",
        "is_board",
        "suitability",
        "suitability_notes",
        "open_complaint",
        "application_text",
    ]

    PERSON_FIELDS = (
        "display_name",
        "birth_year",
        "group",
        "client_status",
        "business_unit",
        "email",
        "phone",
        "name_public",
        "guardian_consent_on",
        "guardian_consent_by",
        "is_employee",
        "is_board",
    )

    def __init__(self, *args: Any, bodies: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = bodies  # type: ignore[attr-defined]


class PersonUpdateForm(PersonDetailsForm, GuardianConsentFields, ReasonForm):
    """Edit a person; recording parental consent (W-MEM-8) is part of the same form."""

    field_order = [
        "display_name",
        "birth_year",
        "group",
        "client_status",
        "business_unit",
        "guardian_consent_on",
        "guardian_consent_by",
        "email",
        "phone",
        "name_public",
        "is_employee",
        "is_board",
        "reason",
    ]

    # What members.services.people.person_update edits (consent has its own service).
    UPDATE_FIELDS = (
        "display_name",
        "birth_year",
        "group",
        "client_status",
        "business_unit",
        "email",
        "phone",
        "name_public",
        "is_employee",
        "is_board",
    )

    @classmethod
    def initial_for(cls, person: Person) -> dict[str, Any]:
        initial = {name: getattr(person, name) for name in cls.UPDATE_FIELDS}
        initial["guardian_consent_on"] = person.guardian_consent_on
        initial["guardian_consent_by"] = person.guardian_consent_by
        return initial


class PersonAnonymiseForm(ReasonForm):
    pass


# ---------------------------------------------------------------------------------------------------------------
# Lifecycle steps of a membership


class MembershipStartTrialForm(forms.Form):
    """The appointment after the intake conversation: the criteria found then are recorded with it (W-MEM-1)."""

    suitability = forms.MultipleChoiceField(
        label=_("Suitability criteria met (intake)"),
        choices=Suitability.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    suitability_notes = forms.CharField(
        label=_("Notes on suitability"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    on = forms.DateField(label=_("Trial period starts on"), initial=_today, widget=_date_input())
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices, initial=Role.MEMBER)


class MembershipEvaluateTrialForm(forms.Form):
    held_on = forms.DateField(label=_("Conversation held on"), initial=_today, widget=_date_input())
    outcome = forms.ChoiceField(label=_("Outcome"), choices=EvaluationOutcome.choices, widget=forms.RadioSelect)
    record = forms.CharField(
        label=_("Short record of the conversation"),
        help_text=_("What the council and the member agreed. No care or case details."),
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    suitability = forms.MultipleChoiceField(
        label=_("Suitability criteria met"),
        choices=Suitability.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )


class MembershipReappointForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for this change"),
        required=False,
        max_length=300,
        help_text=_("Optional, for example the meeting in which the council agreed."),
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class MembershipEndForm(forms.Form):
    ended_on = forms.DateField(label=_("Left on"), initial=_today, widget=_date_input())
    end_reason = forms.ChoiceField(label=_("Reason for leaving"), choices=EndReason.choices)
    end_note = forms.CharField(
        label=_("Note on leaving"), required=False, widget=forms.Textarea(attrs={"rows": 2}), max_length=1000
    )


class MembershipSetRoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    reason = forms.CharField(
        label=_("Reason for this change"), required=False, max_length=300, widget=forms.Textarea(attrs={"rows": 2})
    )


class MembershipSetOpenComplaintForm(ReasonForm):
    open_complaint = forms.BooleanField(
        label=_("Has an open complaint procedure"),
        required=False,
        help_text=_("While it is open, the trial period cannot start and the membership cannot continue."),
    )
    field_order = ["open_complaint", "reason"]


class AllowanceRecordForm(forms.Form):
    """W-MEM-9. The over-the-cap confirmation is shown only when the service warns about this payment."""

    month = forms.DateField(
        label=_("Month"),
        help_text=_("The month the allowance is paid for."),
        input_formats=["%Y-%m", "%Y-%m-%d"],
        widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"),
        initial=_today,
    )
    amount = forms.DecimalField(label=_("Amount (EUR)"), min_value=0, max_digits=8, decimal_places=2)
    kind = forms.ChoiceField(label=_("For"), choices=AllowanceKind.choices, initial=AllowanceKind.MEETING)
    hours = forms.DecimalField(
        label=_("Hours"),
        help_text=_(
            "The hours of volunteer work this payment is for, for example 2.5. Needed for a meeting or an "
            "activity: the tax-free allowance has a cap per hour."
        ),
        required=False,
        min_value=Decimal("0.01"),
        max_digits=5,
        decimal_places=2,
    )
    description = forms.CharField(label=_("Description"), max_length=200, required=False)
    confirm_over_cap = forms.BooleanField(
        label=_("I know this payment passes the tax-free cap, record it anyway"), required=False
    )

    def __init__(self, *args: Any, show_confirm: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not show_confirm:
            del self.fields["confirm_over_cap"]

    def clean_month(self) -> date:
        month: date = self.cleaned_data["month"]
        return month.replace(day=1)
