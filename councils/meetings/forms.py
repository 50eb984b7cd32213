"""Forms for the meeting pages. They only validate input; views pass cleaned_data to councils.meetings.services.

Rules (the kind fits the body, allowed file types, approval by meeting or chair, ...) live in the services; a form
only offers the choices that can fit, so the service's message is the exception, not the rule.
"""

from datetime import date
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from councils.models import (
    ActionItemKind,
    ActionItemStatus,
    AgendaItemKind,
    AttendanceStatus,
    Body,
    Confidentiality,
    Document,
    Meeting,
    MeetingKind,
)
from councils.models.meetings import MEETING_KIND_BODY

DATETIME_FORMAT = "%Y-%m-%dT%H:%M"


def _today() -> date:
    return timezone.localdate()


def _datetime_field(label: Any) -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label,
        input_formats=[DATETIME_FORMAT, "%Y-%m-%d %H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_FORMAT),
    )


def _date_field(label: Any, **kwargs: Any) -> forms.DateField:
    return forms.DateField(label=label, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"), **kwargs)


def _reason_field(label: Any, required: bool = True) -> forms.CharField:
    return forms.CharField(label=label, max_length=1000, required=required, widget=forms.Textarea(attrs={"rows": 2}))


def meeting_kinds_for(body: Body) -> list[tuple[str, Any]]:
    """The kinds of meeting that fit this body (docs/MEETINGS.md): its own kind, and "other"."""
    return [
        (kind.value, kind.label)
        for kind in MeetingKind
        if kind == MeetingKind.OTHER or MEETING_KIND_BODY.get(kind) == body.kind
    ]


class MeetingForm(forms.Form):
    """Plan or change a meeting. The kind is chosen only when planning (a meeting keeps its kind)."""

    title = forms.CharField(label=_("Title"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind of meeting"))
    starts_at = _datetime_field(_("Starts at"))
    ends_at = _datetime_field(_("Ends at"))
    place = forms.CharField(label=_("Place"), max_length=300, required=False)
    online_link = forms.URLField(
        label=_("Online link"), max_length=500, required=False, help_text=_("For example a Teams or Zoom link.")
    )

    def __init__(self, *args: Any, body: Body, meeting: Meeting | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if meeting is None:
            kind = self.fields["kind"]
            assert isinstance(kind, forms.ChoiceField)
            kind.choices = meeting_kinds_for(body)
        else:
            del self.fields["kind"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        starts, ends = data.get("starts_at"), data.get("ends_at")
        if starts and ends and ends <= starts:
            self.add_error("ends_at", _("A meeting must end after it starts."))
        return data

    @staticmethod
    def initial_for(meeting: Meeting) -> dict[str, Any]:
        return {
            "title": meeting.title,
            "starts_at": timezone.localtime(meeting.starts_at),
            "ends_at": timezone.localtime(meeting.ends_at),
            "place": meeting.place,
            "online_link": meeting.online_link,
        }


class MeetingCancelForm(forms.Form):
    reason = _reason_field(_("Why is the meeting cancelled?"))


class AgendaItemForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind of item"), choices=AgendaItemKind.choices)
    description = forms.CharField(
        label=_("Description"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 4})
    )
    presenter = forms.CharField(label=_("Presented by"), max_length=200, required=False)
    duration_minutes = forms.IntegerField(label=_("Duration (minutes)"), min_value=1, max_value=600, required=False)

    FIELDS = ("title", "kind", "description", "presenter", "duration_minutes")


class AgendaItemMoveForm(forms.Form):
    direction = forms.ChoiceField(choices=[("up", _("Up")), ("down", _("Down"))])


class AgendaItemLinkDocumentForm(forms.Form):
    document = forms.ModelChoiceField(label=_("Document"), queryset=Document.objects.none())

    def __init__(self, *args: Any, documents: QuerySet[Document], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["document"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = documents
        # The document is addressed by its public uuid, not its key.
        field.to_field_name = "uuid"


class DocumentUploadForm(forms.Form):
    """The file's type is checked from its bytes by the service (Dutch message for a wrong type or size)."""

    title = forms.CharField(label=_("Title"), max_length=200)
    confidentiality = forms.ChoiceField(
        label=_("Who may read it"), choices=Confidentiality.choices, initial=Confidentiality.BODY
    )
    file = forms.FileField(
        label=_("File"), help_text=_("PDF, DOCX, ODT, XLSX, PNG or JPG, at most 20 MB."), allow_empty_file=True
    )


class DocumentVersionForm(forms.Form):
    file = forms.FileField(
        label=_("New version"), help_text=_("PDF, DOCX, ODT, XLSX, PNG or JPG, at most 20 MB."), allow_empty_file=True
    )


class MinutesForm(forms.Form):
    text = forms.CharField(label=_("Minutes"), max_length=100_000, widget=forms.Textarea(attrs={"rows": 16}))


class MinutesCorrectForm(MinutesForm):
    reason = _reason_field(_("What is corrected, and why?"))


class MinutesApproveForm(forms.Form):
    """Approved at a later meeting of the body, or by its chair: exactly one of both (the service checks it too)."""

    approved_on = _date_field(_("Approved on"), initial=_today)
    how = forms.ChoiceField(
        label=_("Approved"),
        choices=[("meeting", _("at a later meeting")), ("chair", _("by the chair"))],
        initial="meeting",
    )
    at_meeting = forms.ModelChoiceField(
        label=_("At the meeting"), queryset=Meeting.objects.none(), required=False, to_field_name="uuid"
    )
    chair = forms.ModelChoiceField(label=_("Chair"), queryset=Meeting.objects.none(), required=False)

    def __init__(self, *args: Any, meetings: QuerySet[Meeting], chairs: QuerySet[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        meeting_field, chair_field = self.fields["at_meeting"], self.fields["chair"]
        assert isinstance(meeting_field, forms.ModelChoiceField)
        assert isinstance(chair_field, forms.ModelChoiceField)
        meeting_field.queryset = meetings
        chair_field.queryset = chairs
        chair_field.to_field_name = "uuid"

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("how") == "meeting" and not data.get("at_meeting"):
            self.add_error("at_meeting", _("Choose the meeting at which the minutes were approved."))
        if data.get("how") == "chair" and not data.get("chair"):
            self.add_error("chair", _("Choose the chair who approved the minutes."))
        return data


class AttendanceForm(forms.Form):
    """One choice per invited member (present / excused / absent); empty means not recorded yet."""

    confirm_over_cap = forms.BooleanField(
        label=_("I know these allowances pass the tax-free cap, record them anyway"), required=False
    )

    def __init__(
        self, *args: Any, people: list[Any], board: list[Any] | None = None, show_confirm: bool = False, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.people = people
        self.board = board or []
        for person in people:
            self.fields[self.field_name(person)] = forms.ChoiceField(
                label=person.display_name,
                choices=AttendanceStatus.choices,
                required=False,
                widget=forms.RadioSelect,
            )
        # The board members (users with the board role): their presence makes a meeting of the council a
        # consultation (docs/ADVICE.md); they get no allowance.
        for user in self.board:
            self.fields[self.board_field_name(user)] = forms.ChoiceField(
                label=user.display_name,
                choices=AttendanceStatus.choices,
                required=False,
                widget=forms.RadioSelect,
            )
        if not show_confirm:
            del self.fields["confirm_over_cap"]

    @staticmethod
    def field_name(person: Any) -> str:
        return f"person_{person.uuid.hex}"

    @staticmethod
    def board_field_name(user: Any) -> str:
        return f"board_{user.pk}"

    def rows(self) -> list[tuple[Any, forms.BoundField]]:
        return [(person, self[self.field_name(person)]) for person in self.people]

    def board_rows(self) -> list[tuple[Any, forms.BoundField]]:
        return [(user, self[self.board_field_name(user)]) for user in self.board]


class ActionItemForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=ActionItemKind.choices, initial=ActionItemKind.ACTION)
    title = forms.CharField(label=_("Title"), max_length=300)
    description = forms.CharField(
        label=_("Description"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )
    owner = forms.ModelChoiceField(
        label=_("Owner"),
        queryset=Meeting.objects.none(),
        required=False,
        help_text=_("A member, or tick “the board” below. A commitment is always the board's."),
    )
    owner_is_board = forms.BooleanField(label=_("The board is the owner"), required=False)
    due_on = _date_field(_("Due on"), required=False)
    meeting = forms.ModelChoiceField(
        label=_("From the meeting"), queryset=Meeting.objects.none(), required=False, to_field_name="uuid"
    )

    def __init__(self, *args: Any, owners: QuerySet[Any], meetings: QuerySet[Meeting], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        owner_field, meeting_field = self.fields["owner"], self.fields["meeting"]
        assert isinstance(owner_field, forms.ModelChoiceField)
        assert isinstance(meeting_field, forms.ModelChoiceField)
        owner_field.queryset = owners
        owner_field.to_field_name = "uuid"
        meeting_field.queryset = meetings

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("owner") and data.get("owner_is_board"):
            self.add_error("owner", _("An item is owned by a person or by the board, not both."))
        return data


class ActionItemDropForm(forms.Form):
    reason = _reason_field(_("Why is this item dropped?"))


class ActionItemCompleteForm(forms.Form):
    done_on = _date_field(_("Done on"), required=False)


ACTION_FILTERS = [
    ("open", _("Open")),
    (ActionItemStatus.DONE.value, _("Done")),
    (ActionItemStatus.DROPPED.value, _("Dropped")),
    ("all", _("All")),
]


class ActionItemFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Show"), choices=ACTION_FILTERS, required=False)
