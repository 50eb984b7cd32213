"""Forms for the request pages. They only validate input; views pass cleaned_data to advice.services.

Rules (a consent topic for a consent request, reasons for a refusal or a deviation, a consultation before a
deviating decision) live in the services; a form offers the choices that can fit, so a service's message is the
exception, not the rule.
"""

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from accounts.roles import Role
from advice.models import (
    CONSULTATION_ITEM_KIND,
    ConsentAnswer,
    DecisionOutcome,
    Request,
    RequestKind,
    RequestStatus,
    Response,
    Topic,
)
from councils.models import AgendaItem, Body, BodyKind, Confidentiality

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _text(label: Any, *, required: bool = True, rows: int = 4, help_text: Any = "") -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        max_length=20_000,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows}),
    )


def _choice_field(form: forms.Form, name: str) -> forms.ModelChoiceField:
    field = form.fields[name]
    assert isinstance(field, forms.ModelChoiceField)
    return field


class TopicChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj)  # the title and its article (Topic.__str__), never the catalogue code


class UserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.display_name)


def board_members() -> QuerySet[User]:
    return User.objects.filter(groups__name=Role.BOARD, is_active=True).order_by("first_name", "username").distinct()


class RequestForm(forms.Form):
    """A draft request of the board (art. 7 or 8), and its changes while it is a draft."""

    kind = forms.ChoiceField(
        label=_("Kind of request"),
        choices=[(k.value, k.label) for k in (RequestKind.REQUESTED_ADVICE, RequestKind.CONSENT)],
    )
    council = forms.ModelChoiceField(label=_("Client council"), queryset=Body.objects.none())
    topic = TopicChoiceField(
        label=_("Topic"),
        queryset=Topic.objects.all(),
        required=False,
        empty_label=_("Another topic (advice only)"),
        help_text=_("The statutory topic; a consent request always has a consent topic."),
    )
    title = forms.CharField(label=_("Title"), max_length=200)
    summary = _text(_("Summary of the intended decision"), required=False, rows=6)
    responsible = UserChoiceField(label=_("Responsible board member"), queryset=User.objects.none(), required=False)
    planned_decision_on = forms.DateField(
        label=_("Planned decision date"),
        required=False,
        widget=DATE_WIDGET,
        help_text=_("Needed to submit: the portal warns when the council's period ends after it."),
    )

    FIELDS = ("kind", "council", "topic", "title", "summary", "responsible", "planned_decision_on")

    def __init__(self, *args: Any, councils: list[Body], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choice_field(self, "council").queryset = Body.objects.filter(pk__in=[c.pk for c in councils]).order_by("name")
        _choice_field(self, "responsible").queryset = board_members()

    @staticmethod
    def initial_for(request: Request) -> dict[str, Any]:
        return {name: getattr(request, name) for name in RequestForm.FIELDS}


class RequestWithdrawForm(forms.Form):
    reason = _text(_("Why is the request withdrawn?"), rows=3)


class InformationAskForm(forms.Form):
    question = _text(_("What does the council want to know?"))


class InformationAnswerForm(forms.Form):
    answer = _text(_("The board's answer"))


class ChamberPositionForm(forms.Form):
    chamber = forms.ModelChoiceField(label=_("Chamber"), queryset=Body.objects.none())
    position = _text(_("The chamber's position"))

    def __init__(self, *args: Any, council: Body, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choice_field(self, "chamber").queryset = Body.objects.filter(parent=council, kind=BodyKind.CHAMBER).order_by(
            "name"
        )


class AgendaItemChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        meeting = obj.meeting
        return f"{meeting.title} ({meeting.starts_at:%d-%m-%Y}): {obj.title}"


class ConsultationLinkForm(forms.Form):
    agenda_item = AgendaItemChoiceField(
        label=_("Agenda item"),
        queryset=AgendaItem.objects.none(),
        help_text=_(
            "An item of the fitting kind on a meeting of the council or one of its chambers. Only a meeting of the "
            "council itself with a board member present counts as the discussion with the board."
        ),
    )

    def __init__(self, *args: Any, request_obj: Request, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        council = request_obj.council
        _choice_field(self, "agenda_item").queryset = (
            AgendaItem.objects.filter(
                kind=CONSULTATION_ITEM_KIND[RequestKind(request_obj.kind)],
                meeting__body__in=Body.objects.filter(pk=council.pk) | Body.objects.filter(parent=council),
            )
            .select_related("meeting")
            .order_by("-meeting__starts_at", "position")
        )


class RequestRespondForm(forms.Form):
    """The council's one answer; the consent choice only for a consent request, the advice text for the others."""

    advice = _text(_("The council's advice"), required=False, rows=8)
    consent = forms.ChoiceField(label=_("Consent"), choices=[("", "---------"), *ConsentAnswer.choices], required=False)
    reasons = _text(_("Reasons"), required=False, help_text=_("Required when the council refuses consent."))

    def __init__(self, *args: Any, request_obj: Request, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if request_obj.kind == RequestKind.CONSENT:
            self.fields["consent"].required = True
        else:
            del self.fields["consent"]
            self.fields["advice"].required = True


class RequestDecideForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=DecisionOutcome.choices)
    text = _text(_("The decision"), rows=6)
    reasons = _text(
        _("Reasons"), required=False, help_text=_("Required when the decision does not (fully) follow the advice.")
    )
    no_consultation_reason = _text(
        _("Why no consultation was reasonably possible"),
        required=False,
        rows=3,
        help_text=_("Only for unsolicited advice that is not followed without a consultation."),
    )
    effective_on = forms.DateField(label=_("Effective date"), required=False, widget=DATE_WIDGET)

    def __init__(self, *args: Any, request_obj: Request, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        outcome = self.fields["outcome"]
        assert isinstance(outcome, forms.ChoiceField)
        response = Response.objects.filter(request=request_obj).first()
        if request_obj.kind == RequestKind.CONSENT:
            outcome.choices = [(DecisionOutcome.FOLLOWS.value, _("The decision consented to"))]
        elif response is not None and response.no_answer:
            outcome.choices = [(DecisionOutcome.NO_ADVICE.value, DecisionOutcome.NO_ADVICE.label)]
        else:
            outcome.choices = [(value, label) for value, label in DecisionOutcome.choices if value != "no_advice"]
        if request_obj.kind != RequestKind.UNSOLICITED_ADVICE:
            del self.fields["no_consultation_reason"]


class RequestDocumentForm(forms.Form):
    """The file's type is checked from its bytes by the service (Dutch message for a wrong type or size)."""

    title = forms.CharField(label=_("Title"), max_length=200)
    confidentiality = forms.ChoiceField(
        label=_("Who may read it"),
        choices=Confidentiality.choices,
        initial=Confidentiality.BODY,
        help_text=_("“Board and supporters only” is never shown to the council's members."),
    )
    file = forms.FileField(
        label=_("File"), help_text=_("PDF, DOCX, ODT, XLSX, PNG or JPG, at most 20 MB."), allow_empty_file=True
    )


class RequestPublishForm(forms.Form):
    is_public = forms.BooleanField(label=_("Show the result on the council's public page"), required=False)
    public_summary = _text(_("Summary for the public page"), required=False, rows=4)


class UnsolicitedAdviceForm(forms.Form):
    council = forms.ModelChoiceField(label=_("Client council"), queryset=Body.objects.none())
    topic = TopicChoiceField(
        label=_("Topic"),
        queryset=Topic.objects.all(),
        required=False,
        empty_label=_("Another topic"),
        help_text=_(
            "On a consent topic the board may take a different decision only with the council's consent, through a "
            "consent request."
        ),
    )
    title = forms.CharField(label=_("Title"), max_length=200)
    summary = _text(_("Summary"), required=False, rows=3)
    advice = _text(_("The council's advice"), rows=8)

    def __init__(self, *args: Any, councils: list[Body], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choice_field(self, "council").queryset = Body.objects.filter(pk__in=[c.pk for c in councils]).order_by("name")
        if len(councils) == 1:
            self.fields["council"].initial = councils[0].pk


STATUS_OPEN = "open"
STATUS_ALL = "all"


class RequestFilterForm(forms.Form):
    """Filters of /verzoeken/: by default the open requests (waiting for the council or the board)."""

    raad = forms.ModelChoiceField(
        label=_("Client council"), queryset=Body.objects.none(), required=False, empty_label=_("All councils")
    )
    soort = forms.ChoiceField(label=_("Kind"), choices=[("", _("All kinds")), *RequestKind.choices], required=False)
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[(STATUS_OPEN, _("Open")), *RequestStatus.choices, (STATUS_ALL, _("All"))],
        required=False,
    )

    def __init__(self, *args: Any, councils: QuerySet[Body], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = _choice_field(self, "raad")
        field.queryset = councils
        field.to_field_name = "slug"
