"""Forms for the panels pages. They only validate input; views pass cleaned_data to panels.services.

The rules (an activity's outcome not before it was held, closing only after the person was told, where a signal
can be forwarded to) live in the services; a form offers only the choices that can fit.
"""

from datetime import date
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from councils.models import AgendaItem, Body, BusinessUnit
from panels.models import Activity, ActivityMethod, ContactKind, SignalSource, SignalTheme


def _today() -> date:
    return timezone.localdate()


def _date_field(label: Any, **kwargs: Any) -> forms.DateField:
    return forms.DateField(label=label, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"), **kwargs)


def _text(label: Any, *, required: bool = True, rows: int = 4, help_text: Any = "") -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        max_length=5000,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows}),
    )


class ActivityForm(forms.Form):
    """Record or change a participation activity (W-PAN-1)."""

    title = forms.CharField(label=_("Title"), max_length=200)
    method = forms.ChoiceField(label=_("Method"), choices=ActivityMethod.choices)
    held_on = _date_field(_("Date"), initial=_today)
    participants = forms.IntegerField(label=_("Number of participants"), min_value=0, max_value=100000, initial=0)
    youth = forms.BooleanField(label=_("Young people took part"), required=False)
    parents = forms.BooleanField(label=_("Parents took part"), required=False)
    summary = _text(_("What came out"), required=False, rows=6)
    follow_up = _text(_("Follow-up"), required=False, help_text=_("What is done with it, by whom, and when."))

    @staticmethod
    def initial_for(activity: Activity) -> dict[str, Any]:
        return {name: getattr(activity, name) for name in ActivityForm.base_fields}


# Who recorded it in the portal: the public form has its own page (panels/public_views.py).
STAFF_SOURCES = [(value, label) for value, label in SignalSource.choices if value != SignalSource.PUBLIC_FORM]


class SignalForm(forms.Form):
    """A supporter records a signal from a panel activity, a member or themselves (W-PAN-2)."""

    title = forms.CharField(label=_("Title"), max_length=200)
    description = _text(_("What is it about?"), rows=6)
    source = forms.ChoiceField(label=_("Where does it come from?"), choices=STAFF_SOURCES)
    activity = forms.ModelChoiceField(label=_("Activity"), queryset=Activity.objects.none(), required=False)
    theme = forms.ChoiceField(label=_("Theme"), choices=SignalTheme.choices, initial=SignalTheme.OTHER)
    received_on = _date_field(_("Received on"), initial=_today)
    sender_name = forms.CharField(label=_("Name of the person who raised it"), max_length=120, required=False)
    sender_contact = forms.CharField(
        label=_("Their e-mail or phone"),
        max_length=200,
        required=False,
        help_text=_("Leave empty when the person wants to stay anonymous. Then nobody needs to be told."),
    )

    def __init__(self, *args: Any, activities: QuerySet[Activity], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        activity = self.fields["activity"]
        assert isinstance(activity, forms.ModelChoiceField)
        activity.queryset = activities


class SignalResponseForm(forms.Form):
    response = _text(_("What was done with it"), rows=6)


class SignalCouncilAnswerForm(forms.Form):
    council_response = _text(_("What the council did with it"), rows=6)
    council_responded_on = _date_field(_("Answered on"), initial=_today)


class SignalToldForm(forms.Form):
    told_on = _date_field(_("Told on"), initial=_today)
    told_how = forms.CharField(
        label=_("How"), max_length=200, help_text=_("For example: by phone, by e-mail, in the panel meeting.")
    )


class SignalForwardForm(forms.Form):
    council = forms.ModelChoiceField(label=_("Central council"), queryset=Body.objects.none(), empty_label=None)

    def __init__(self, *args: Any, councils: list[Body], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        council = self.fields["council"]
        assert isinstance(council, forms.ModelChoiceField)
        council.queryset = Body.objects.filter(pk__in=[c.pk for c in councils]).order_by("name")


class AgendaItemChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        day = date_format(timezone.localdate(obj.meeting.starts_at), "j F Y")
        return f"{obj.meeting.title} ({day}): {obj.title}"


class RequestChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.reference}: {obj.title}"


class SignalLinkForm(forms.Form):
    agenda_item = AgendaItemChoiceField(label=_("Agenda item"), queryset=AgendaItem.objects.none(), required=False)
    request = RequestChoiceField(label=_("Request"), queryset=Body.objects.none(), required=False)

    def __init__(self, *args: Any, agenda_items: QuerySet[Any], requests: QuerySet[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        agenda_item = self.fields["agenda_item"]
        request = self.fields["request"]
        assert isinstance(agenda_item, forms.ModelChoiceField)
        assert isinstance(request, forms.ModelChoiceField)
        agenda_item.queryset = agenda_items
        request.queryset = requests

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("agenda_item") and not data.get("request"):
            raise forms.ValidationError(_("Choose an agenda item or a request to link."))
        return data


SIGNAL_FILTERS = [
    ("open", _("Open")),
    ("reply", _("Needs a reply")),
    ("council", _("Forwarded, waiting for the council")),
    ("not_told", _("Answered, person not told yet")),
    ("closed", _("Closed")),
    ("all", _("All")),
]


class SignalFilterForm(forms.Form):
    show = forms.ChoiceField(label=_("Show"), choices=SIGNAL_FILTERS, required=False)


class LocalContactForm(forms.Form):
    """A working visit to a unit, or a contact with a panel (W-SCOPE-5)."""

    kind = forms.ChoiceField(label=_("Kind"), choices=ContactKind.choices, widget=forms.RadioSelect)
    held_on = _date_field(_("Date"), initial=_today)
    unit = forms.ModelChoiceField(
        label=_("Business unit"),
        queryset=BusinessUnit.objects.none(),
        required=False,
        help_text=_("For a working visit."),
    )
    panel = forms.ModelChoiceField(
        label=_("Panel"), queryset=Body.objects.none(), required=False, help_text=_("For a contact with a panel.")
    )
    notes = _text(_("Notes"), required=False, help_text=_("Who you spoke to and what came up. No names of clients."))

    def __init__(self, *args: Any, units: QuerySet[BusinessUnit], panels: list[Body], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        unit = self.fields["unit"]
        panel = self.fields["panel"]
        assert isinstance(unit, forms.ModelChoiceField)
        assert isinstance(panel, forms.ModelChoiceField)
        unit.queryset = units
        panel.queryset = Body.objects.filter(pk__in=[p.pk for p in panels]).order_by("name")
