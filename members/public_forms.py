"""Forms for the vacancy pages: the supporters' "publish a vacancy" and the public response form (W-MEM-7).

They only validate input; the views pass cleaned_data to members.services.vacancies, which holds the rules (an
e-mail address or phone number, a parent's or carer's consent for someone who may be under 16, W-MEM-8).
The public texts are plain Dutch at B1 level once translated: short sentences, "je", no jargon.
"""

from datetime import date
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from incluzio_mz.lib.dates import birth_year_bounds, birth_year_error
from members.models import CONSENT_AGE, Group

# The honeypot: a field people never see (hidden from sight and from assistive technology) and bots fill in.
HONEYPOT_FIELD = "website"


def _today() -> date:
    return timezone.localdate()


def _limit_groups(field: forms.Field, groups: "list[Group] | None") -> None:
    """Offer only the client groups the body represents (W-BODY-3); None: all groups."""
    if groups is not None:
        field.choices = [(group.value, group.label) for group in groups]  # type: ignore[attr-defined]


class VacancyCreateForm(forms.Form):
    title = forms.CharField(
        label=_("Title"), max_length=200, help_text=_("Short and clear, for example “Young people wanted”.")
    )
    text = forms.CharField(
        label=_("Text"),
        help_text=_(
            "In plain Dutch (B1): what a member does, how much time it takes, and what we offer. Short sentences."
        ),
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    group = forms.ChoiceField(label=_("For"), choices=Group.choices, widget=forms.RadioSelect)
    closes_on = forms.DateField(
        label=_("Closing date"),
        help_text=_("The last day on which people can respond."),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def __init__(self, *args: Any, groups: list[Group] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _limit_groups(self.fields["group"], groups)


def may_be_under_consent_age_from(today: date) -> int:
    """The first birth year of people who may be younger than 16 today (we only ask the birth year)."""
    return today.year - CONSENT_AGE


class VacancyRespondForm(forms.Form):
    """The public response: the minimum to reach the person and see who responds (DESIGN.md §7)."""

    display_name = forms.CharField(
        label=_("Your name"), max_length=120, help_text=_("The name you want us to call you by.")
    )
    email = forms.EmailField(label=_("E-mail address"), required=False)
    phone = forms.CharField(
        label=_("Phone number"),
        max_length=30,
        required=False,
        help_text=_("Fill in your e-mail address, your phone number or both."),
    )
    group = forms.ChoiceField(label=_("I am"), choices=Group.choices, widget=forms.RadioSelect)
    birth_year = forms.IntegerField(label=_("Year of birth"), help_text=_("For example 2009."))
    message = forms.CharField(
        label=_("Tell us a bit about yourself"),
        help_text=_("A few lines are enough. Why do you want to join? Do not write about your care or treatment."),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        required=False,
    )
    guardian_consent_by = forms.CharField(
        label=_("Name of your parent or carer who agrees"),
        max_length=120,
        required=False,
    )
    website = forms.CharField(label=_("Leave this field empty"), required=False)

    def __init__(self, *args: Any, today: date, groups: list[Group] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.today = today
        _limit_groups(self.fields["group"], groups)
        first_year = may_be_under_consent_age_from(today)
        self.fields["birth_year"].widget.attrs.update({"inputmode": "numeric", "autocomplete": "bday-year"})
        self.fields["display_name"].widget.attrs["autocomplete"] = "nickname"
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        self.fields["phone"].widget.attrs["autocomplete"] = "tel"
        self.fields["phone"].widget.input_type = "tel"
        self.fields["guardian_consent_by"].help_text = _(
            "Only if you were born in %(year)s or later. Then you may be younger than 16. We may only keep your "
            "details if your parent or carer agrees. Fill in this form together and write down who they are, "
            "for example: my mother, Anna de Vries."
        ) % {"year": first_year}
        self.fields[HONEYPOT_FIELD].widget.attrs.update({"autocomplete": "off", "tabindex": "-1"})

    @property
    def person_fields(self) -> list[forms.BoundField]:
        """Every field people see, in order; the honeypot is rendered apart, hidden."""
        return [self[name] for name in self.fields if name != HONEYPOT_FIELD]

    @property
    def honeypot(self) -> forms.BoundField:
        return self[HONEYPOT_FIELD]

    def clean_birth_year(self) -> int:
        year: int = self.cleaned_data["birth_year"]
        if birth_year_error(year, today=self.today) is not None:
            earliest, latest = birth_year_bounds(self.today)
            raise forms.ValidationError(
                _("Fill in the year you were born, between %(earliest)s and %(latest)s.")
                % {"earliest": earliest, "latest": latest}
            )
        return year
