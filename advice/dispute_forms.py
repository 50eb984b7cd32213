"""Forms for the dispute and nullity pages. They only validate input; views pass cleaned_data to
advice.services.disputes and advice.services.nullity, which check the rules (W-DIS-1, W-CON-4, W-CON-5, W-BODY-7).

A form offers only the choices that can fit (the councils and requests the user may act for, the ruling effects
that fit the subject, the appointers that fit the committee), so a service's message is the exception.
"""

from datetime import date
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from advice.models import (
    CommitteeAppointer,
    Dispute,
    DisputeCommittee,
    DisputeParty,
    DisputeSubject,
    NullityWindowStart,
    Request,
    RulingEffect,
    Topic,
    TopicKind,
)
from advice.services.disputes import OWN_COMMITTEE_APPOINTERS, effects_for
from councils.models import Body, Confidentiality


def _today() -> date:
    return timezone.localdate()


def _date_field(label: Any, **kwargs: Any) -> forms.DateField:
    return forms.DateField(
        label=label, initial=_today, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"), **kwargs
    )


def _text_field(label: Any, rows: int = 5, **kwargs: Any) -> forms.CharField:
    return forms.CharField(label=label, max_length=20_000, widget=forms.Textarea(attrs={"rows": rows}), **kwargs)


def _request_label(request: Request) -> str:
    return f"{request.reference} {request.title}"


class DisputeOpenForm(forms.Form):
    """W-DIS-1: who brings the dispute is limited to the sides the user acts for; councils and requests to theirs."""

    council = forms.ModelChoiceField(label=_("Client council"), queryset=Body.objects.none())
    subject = forms.ChoiceField(label=_("What is the dispute about?"), choices=DisputeSubject.choices)
    request = forms.ModelChoiceField(
        label=_("Request"),
        help_text=_("Required for a dispute about advice, consent or unsolicited advice."),
        queryset=Request.objects.none(),
        required=False,
    )
    brought_by = forms.ChoiceField(label=_("Brought by"), choices=DisputeParty.choices)
    description = _text_field(_("What the dispute is about"))
    opened_on = _date_field(_("Submitted to the committee on"))

    def __init__(
        self,
        *args: Any,
        councils: list[Body],
        requests: "QuerySet[Request]",
        parties: list[str],
        council_side_ids: frozenset[int] | None,
        **kwargs: Any,
    ) -> None:
        """council_side_ids: the councils the user may bring a dispute for on the council's side (None: every one)."""
        super().__init__(*args, **kwargs)
        self.council_side_ids = council_side_ids
        council_field: Any = self.fields["council"]
        council_field.queryset = Body.objects.filter(pk__in=[council.pk for council in councils]).order_by("name")
        request_field: Any = self.fields["request"]
        request_field.queryset = requests.order_by("-created_at")
        request_field.label_from_instance = _request_label
        party_field: Any = self.fields["brought_by"]
        party_field.choices = [(value, label) for value, label in DisputeParty.choices if value in parties]
        if len(parties) == 1:
            party_field.initial = parties[0]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        council, request = cleaned.get("council"), cleaned.get("request")
        if council is not None and request is not None and request.council_id != council.pk:
            self.add_error("request", _("The request must be one of this council."))
        if (
            council is not None
            and cleaned.get("brought_by") == DisputeParty.COUNCIL
            and self.council_side_ids is not None
            and council.pk not in self.council_side_ids
        ):
            self.add_error("brought_by", _("You cannot bring a dispute on behalf of this council."))
        return cleaned


class CommitteeMemberForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120)
    appointed_by = forms.ChoiceField(label=_("Appointed by"), choices=CommitteeAppointer.choices)

    def __init__(self, *args: Any, dispute: Dispute, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        allowed = (
            (CommitteeAppointer.NATIONAL,)
            if dispute.committee == DisputeCommittee.NATIONAL
            else tuple(OWN_COMMITTEE_APPOINTERS)
        )
        field: Any = self.fields["appointed_by"]
        field.choices = [(value, label) for value, label in CommitteeAppointer.choices if value in allowed]


class DisputeDocumentForm(forms.Form):
    """The file's type is checked from its bytes by the service (a wrong type or size is shown on the form)."""

    title = forms.CharField(label=_("Title"), max_length=200)
    confidentiality = forms.ChoiceField(
        label=_("Who may read it"), choices=Confidentiality.choices, initial=Confidentiality.BODY
    )
    file = forms.FileField(
        label=_("File"), help_text=_("PDF, DOCX, ODT, XLSX, PNG or JPG, at most 20 MB."), allow_empty_file=True
    )


class MediationForm(forms.Form):
    mediation_on = _date_field(_("Mediation on"))
    outcome = _text_field(_("Outcome of the mediation"))
    settled = forms.BooleanField(label=_("The dispute was settled through mediation"), required=False)


class RulingForm(forms.Form):
    ruled_on = _date_field(_("Ruling on"))
    ruling = _text_field(_("Ruling"), rows=8)
    effect = forms.ChoiceField(label=_("Effect of the ruling"), choices=RulingEffect.choices)

    def __init__(self, *args: Any, dispute: Dispute, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        allowed = effects_for(dispute.subject)
        field: Any = self.fields["effect"]
        field.choices = [(value, label) for value, label in RulingEffect.choices if value in allowed]


class AppealForm(forms.Form):
    appealed_on = _date_field(_("Appealed on"))
    appealed_by = forms.ChoiceField(label=_("Appealed by"), choices=DisputeParty.choices)


class AppealDecisionForm(forms.Form):
    decided_on = _date_field(_("The Ondernemingskamer decided on"))
    outcome = _text_field(_("Decision on the appeal"))
    overturned = forms.BooleanField(label=_("The appeal overturned the ruling"), required=False)


class DisputeCloseForm(forms.Form):
    closed_on = _date_field(_("Closed on"))


class NullityWindowForm(forms.Form):
    """W-CON-5: the decision taken without consent, and when and why the one-month window starts."""

    council = forms.ModelChoiceField(label=_("Client council"), queryset=Body.objects.none())
    request = forms.ModelChoiceField(
        label=_("Consent request"),
        help_text=_("The consent request the decision was about, if the board submitted one."),
        queryset=Request.objects.none(),
        required=False,
    )
    topic = forms.ModelChoiceField(
        label=_("Consent topic"),
        help_text=_("When the board asked no consent: the consent topic the decision falls under."),
        queryset=Topic.objects.filter(kind=TopicKind.CONSENT),
        required=False,
    )
    decision_description = _text_field(_("The decision taken without consent"))
    window_start_on = _date_field(_("Start of the one-month window"))
    window_start_basis = forms.ChoiceField(
        label=_("Why the window starts then"), choices=NullityWindowStart.choices, widget=forms.RadioSelect
    )
    note = _text_field(_("Explanation"), rows=3, required=False)

    def __init__(self, *args: Any, councils: list[Body], requests: "QuerySet[Request]", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        council_field: Any = self.fields["council"]
        council_field.queryset = Body.objects.filter(pk__in=[council.pk for council in councils]).order_by("name")
        request_field: Any = self.fields["request"]
        request_field.queryset = requests.order_by("-created_at")
        request_field.label_from_instance = _request_label


class NullityInvokeForm(forms.Form):
    invoked_on = _date_field(_("Nullity invoked on"))
    text = _text_field(_("The council's written invocation"), rows=8)
