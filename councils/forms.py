"""Forms for the structure pages. They only validate input; views pass cleaned_data to councils/services.py."""

from datetime import date
from typing import Any

from django import forms
from django.db.models import Q
from django.utils import formats, timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from councils.models import Body, BodyKind, BusinessUnit, ConsentStatus, Regulation, RegulationDocumentKind
from councils.scope import DEFAULT_BASIS, ServiceKind, ThresholdKey, Thresholds
from councils.services import REGULATION_FIELDS
from incluzio_mz.lib.uploads import validate_document

# Slugs that are paths of their own under /organisatie/ and /raden/.
RESERVED_SLUGS = frozenset({"nieuw", "naleving"})


def _today() -> date:
    return timezone.localdate()


class ReasonForm(forms.Form):
    """Every structure change records why (shown in the history)."""

    reason = forms.CharField(
        label=_("Reason for this change"),
        help_text=_("Shown in the history, for example “decision of the board of 12 March”."),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class DatedReasonForm(ReasonForm):
    on = forms.DateField(
        label=_("Takes effect on"),
        initial=_today,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    field_order = ["on", "reason"]


def _check_slug(slug: str) -> str:
    if slug in RESERVED_SLUGS:
        raise forms.ValidationError(_("This web address is reserved. Choose another one."))
    return slug


class BusinessUnitForm(ReasonForm):
    name = forms.CharField(label=_("Name"), max_length=200)
    slug = forms.SlugField(
        label=_("Web address"), max_length=100, help_text=_("Lower-case letters, digits and hyphens, e.g. den-haag.")
    )
    municipality = forms.CharField(label=_("Municipality"), max_length=200, required=False)
    services = forms.MultipleChoiceField(
        label=_("Kinds of service"), choices=ServiceKind.choices, widget=forms.CheckboxSelectMultiple, required=False
    )
    ambulatory_first_line = forms.BooleanField(label=_("Only ambulatory first-line care"), required=False)
    care_provider_count = forms.IntegerField(
        label=_("Number of persons providing care"),
        min_value=0,
        help_text=_("Employees and others who provide care; decides whether a client council is required."),
    )
    field_order = ["name", "slug", "municipality", "services", "ambulatory_first_line", "care_provider_count"]

    def __init__(self, *args: Any, unit: BusinessUnit | None = None, **kwargs: Any) -> None:
        self.unit = unit
        super().__init__(*args, **kwargs)

    def clean_slug(self) -> str:
        slug = _check_slug(self.cleaned_data["slug"])
        taken = BusinessUnit.objects.filter(slug=slug)
        if self.unit is not None:
            taken = taken.exclude(pk=self.unit.pk)
        if taken.exists():
            raise forms.ValidationError(_("Another business unit already uses this web address."))
        return slug

    @classmethod
    def initial_for(cls, unit: BusinessUnit) -> dict[str, Any]:
        fields = ["name", "slug", "municipality", "services", "ambulatory_first_line", "care_provider_count"]
        return {name: getattr(unit, name) for name in fields}


class BusinessUnitMergeForm(DatedReasonForm):
    target = forms.ModelChoiceField(label=_("Merge into"), queryset=BusinessUnit.objects.none())
    field_order = ["target", "on", "reason"]

    def __init__(self, *args: Any, unit: BusinessUnit, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["target"].queryset = BusinessUnit.objects.active().exclude(pk=unit.pk)  # type: ignore[attr-defined]


class BusinessUnitMoveForm(DatedReasonForm):
    body = forms.ModelChoiceField(
        label=_("Represented from then on by"),
        queryset=Body.objects.none(),
        help_text=_("Only a body of the same kind is replaced: a unit moved to another council keeps its panel."),
    )
    field_order = ["body", "on", "reason"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = Body.objects.active().exclude(kind=BodyKind.CHAMBER)  # type: ignore[attr-defined]


class RepresentationStartForm(DatedReasonForm):
    unit = forms.ModelChoiceField(label=_("Business unit"), queryset=BusinessUnit.objects.none())
    field_order = ["unit", "on", "reason"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = BusinessUnit.objects.active()  # type: ignore[attr-defined]


class BodyManageForm(ReasonForm):
    """What a supporter may change: the public text and the contact address."""

    public_description = forms.CharField(
        label=_("What this body does (public text)"),
        help_text=_("Plain language, for young people and parents."),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    contact_email = forms.EmailField(label=_("Contact e-mail"), required=False)
    field_order = ["public_description", "contact_email", "reason"]

    FIELDS: tuple[str, ...] = ("public_description", "contact_email")

    def __init__(self, *args: Any, body: Body | None = None, **kwargs: Any) -> None:
        self.body = body
        super().__init__(*args, **kwargs)

    @classmethod
    def initial_for(cls, body: Body) -> dict[str, Any]:
        return {name: getattr(body, name) for name in cls.FIELDS}


class BodyForm(BodyManageForm):
    """What an administrator may change as well: name, address and place in the structure."""

    name = forms.CharField(label=_("Name"), max_length=200)
    slug = forms.SlugField(label=_("Web address"), max_length=100)
    parent = forms.ModelChoiceField(
        label=_("Part of / feeds"),
        queryset=Body.objects.none(),
        required=False,
        help_text=_("A chamber is part of a council; a panel may feed a council."),
    )
    field_order = ["name", "slug", "parent", "public_description", "contact_email", "reason"]

    FIELDS = ("name", "slug", "parent", "public_description", "contact_email")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        councils = Body.objects.councils().active()
        if self.body is not None:
            councils = councils.exclude(pk=self.body.pk)
        self.fields["parent"].queryset = councils  # type: ignore[attr-defined]

    def clean_slug(self) -> str:
        slug = _check_slug(self.cleaned_data["slug"])
        taken = Body.objects.filter(slug=slug)
        if self.body is not None:
            taken = taken.exclude(pk=self.body.pk)
        if taken.exists():
            raise forms.ValidationError(_("Another body already uses this web address."))
        return slug


class BodyCreateForm(BodyForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=[c for c in BodyKind.choices if c[0] != BodyKind.CHAMBER])
    field_order = ["kind", "name", "slug", "parent", "public_description", "contact_email", "reason"]


class ChamberCreateForm(BodyForm):
    """A chamber's parent is the council whose page it is created from."""

    field_order = ["name", "slug", "public_description", "contact_email", "reason"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["parent"]


class CouncilConvertForm(DatedReasonForm):
    """W-BODY-4: the conversion rests on the council's granted consent (topic a or k) or on a standing ruling."""

    consent_request: "forms.ModelChoiceField[Any]" = forms.ModelChoiceField(
        label=_("The council's granted consent"),
        help_text=_("A consent request of this council on topic a or k that the council granted."),
        queryset=None,
        required=False,
        empty_label=_("(none)"),
    )
    ruling: "forms.ModelChoiceField[Any]" = forms.ModelChoiceField(
        label=_("Or: the ruling of the committee of confidants"),
        help_text=_("A standing ruling that replaces the council's consent or permits dissolving the council."),
        queryset=None,
        required=False,
        empty_label=_("(none)"),
    )
    field_order = ["consent_request", "ruling", "on", "reason"]

    def __init__(self, *args: Any, council: Body, **kwargs: Any) -> None:
        from advice.services.disputes import conversion_consents, conversion_rulings

        super().__init__(*args, **kwargs)
        consent_field: Any = self.fields["consent_request"]
        consent_field.queryset = conversion_consents(council)
        consent_field.label_from_instance = lambda request: (
            _("%(reference)s %(title)s (granted on %(day)s)")
            % {
                "reference": request.reference,
                "title": request.title,
                "day": formats.date_format(request.response.given_on, "j F Y"),
            }
        )
        ruling_field: Any = self.fields["ruling"]
        ruling_field.queryset = conversion_rulings(council)
        ruling_field.label_from_instance = lambda dispute: (
            _("%(effect)s (ruling of %(day)s)")
            % {
                "effect": dispute.get_ruling_effect_display(),
                "day": formats.date_format(dispute.ruled_on, "j F Y"),
            }
        )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if (cleaned.get("consent_request") is None) == (cleaned.get("ruling") is None) and not self.errors:
            raise forms.ValidationError(
                _("Choose either the council's granted consent or the ruling of the committee of confidants.")
            )
        return cleaned


class RegulationForm(ReasonForm):
    """The regulation's parameters (W-REG-4); model validation runs in the service."""

    reminder_days_before = forms.CharField(
        label=_("Reminders (days before a due date)"),
        help_text=_("Whole numbers separated by commas, e.g. 14, 3."),
        max_length=100,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in REGULATION_FIELDS:
            if name == "reminder_days_before":
                continue
            self.fields[name] = Regulation._meta.get_field(name).formfield()  # type: ignore[union-attr,assignment]
        self.order_fields([*REGULATION_FIELDS, "reason"])

    def clean_reminder_days_before(self) -> list[int]:
        raw = self.cleaned_data["reminder_days_before"]
        try:
            days = [int(part) for part in raw.replace(";", ",").split(",") if part.strip()]
        except ValueError:
            raise forms.ValidationError(_("Enter whole numbers separated by commas, e.g. 14, 3.")) from None
        return days  # the model's validator checks the values (at least 1 day, each once)

    @staticmethod
    def initial_for(regulation: Regulation) -> dict[str, Any]:
        initial = {name: getattr(regulation, name) for name in REGULATION_FIELDS}
        initial["reminder_days_before"] = ", ".join(str(d) for d in regulation.reminder_days_before)
        return initial


class RegulationVersionActivateForm(ReasonForm):
    """W-REG-1: a proposed change takes effect with the council's granted consent on topic a, or a replacing ruling."""

    consent_request: "forms.ModelChoiceField[Any]" = forms.ModelChoiceField(
        label=_("The council's granted consent"),
        help_text=_("A consent request of this council on topic a (the participation regulation) that it granted."),
        queryset=None,
        required=False,
        empty_label=_("(none)"),
    )
    ruling: "forms.ModelChoiceField[Any]" = forms.ModelChoiceField(
        label=_("Or: the ruling of the committee of confidants"),
        help_text=_("A standing ruling that replaces the council's consent on a topic a request."),
        queryset=None,
        required=False,
        empty_label=_("(none)"),
    )
    field_order = ["consent_request", "ruling", "reason"]

    def __init__(self, *args: Any, council: Body, **kwargs: Any) -> None:
        from advice.services.disputes import regulation_consents, regulation_rulings

        super().__init__(*args, **kwargs)
        consent_field: Any = self.fields["consent_request"]
        consent_field.queryset = regulation_consents(council)
        consent_field.label_from_instance = lambda request: (
            _("%(reference)s %(title)s (granted on %(day)s)")
            % {"reference": request.reference, "title": request.title, "day": date_format(request.response.given_on)}
        )
        ruling_field: Any = self.fields["ruling"]
        ruling_field.queryset = regulation_rulings(council)
        ruling_field.label_from_instance = lambda dispute: (
            _("%(effect)s (ruling of %(day)s)")
            % {"effect": dispute.get_ruling_effect_display(), "day": date_format(dispute.ruled_on)}
        )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if (cleaned.get("consent_request") is None) == (cleaned.get("ruling") is None) and not self.errors:
            raise forms.ValidationError(
                _("Choose either the council's granted consent or the ruling of the committee of confidants.")
            )
        return cleaned


class HouseRulesForm(forms.Form):
    """W-REG-3: the house rules the council adopted, recorded by its supporter."""

    text = forms.CharField(
        label=_("Text of the house rules"),
        help_text=_("Type or paste the text, or attach the document below."),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    file = forms.FileField(label=_("Document"), required=False, help_text=_("PDF, DOCX or ODT, at most 20 MB."))
    wishes_inventory = forms.CharField(
        label=_("How does the council find out what clients want and think?"),
        help_text=_("For example: a visit to each location twice a year, a short survey."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    informing_clients = forms.CharField(
        label=_("How does the council tell clients about its work and results?"),
        help_text=_("For example: the public page, a newsletter, the notice board at the location."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    meeting: "forms.ModelChoiceField[Any]" = forms.ModelChoiceField(
        label=_("Meeting in which the council adopted them"), queryset=None
    )
    adopted_on = forms.DateField(
        label=_("Adopted on"), initial=_today, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )

    def __init__(self, *args: Any, council: Body, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from councils.models import Meeting, MeetingStatus

        meeting_field: Any = self.fields["meeting"]
        meeting_field.queryset = (
            Meeting.objects.filter(Q(body=council) | Q(body__parent=council), starts_at__lte=timezone.now())
            .exclude(status=MeetingStatus.CANCELLED)
            .order_by("-starts_at", "-pk")
        )
        meeting_field.label_from_instance = lambda meeting: (
            f"{meeting.title} ({date_format(timezone.localtime(meeting.starts_at).date())})"
        )

    def clean_file(self) -> Any:
        file = self.cleaned_data.get("file")
        if file:
            validate_document(file)
        return file


class RegulationDocumentForm(ReasonForm):
    # House rules are the council's own (W-REG-3, HouseRulesForm); administrators add regulation texts only.
    kind = forms.ChoiceField(
        label=_("Document"),
        choices=[c for c in RegulationDocumentKind.choices if c[0] == RegulationDocumentKind.REGULATION],
    )
    file = forms.FileField(label=_("File"), help_text=_("PDF, DOCX or ODT, at most 20 MB."))
    field_order = ["kind", "file", "reason"]

    def clean_file(self) -> Any:
        file = self.cleaned_data["file"]
        validate_document(file)
        return file


class RegulationDocumentConsentForm(ReasonForm):
    status = forms.ChoiceField(
        label=_("New status"), choices=[c for c in ConsentStatus.choices if c[0] != ConsentStatus.DRAFT]
    )
    consent_date = forms.DateField(
        label=_("Date of the council's decision"),
        required=False,
        help_text=_("Required when consent is granted or refused."),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    field_order = ["status", "consent_date", "reason"]


class BusinessUnitFilterForm(forms.Form):
    """The unit list's filters (GET)."""

    STATUS_CHOICES = [("active", _("Active")), ("archived", _("Archived")), ("all", _("All"))]

    status = forms.ChoiceField(label=_("Status"), choices=STATUS_CHOICES, required=False)
    service = forms.ChoiceField(
        label=_("Kind of service"), choices=[("", _("All kinds")), *ServiceKind.choices], required=False
    )


class RepresentedOnForm(forms.Form):
    """“Which body represented this unit on day D?” (W-BODY-5)."""

    on = forms.DateField(
        label=_("Represented on"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )


class CouncilDissolveForm(CouncilConvertForm):
    """W-BODY-4 / W-BODY-7: dissolving rests on the council's granted consent on topic k or a permitting ruling."""

    def __init__(self, *args: Any, council: Body, **kwargs: Any) -> None:
        from django.db.models import Q

        from advice.models import DisputeSubject
        from councils.services import DISSOLUTION_TOPIC_CODE

        super().__init__(*args, council=council, **kwargs)
        consent_field: Any = self.fields["consent_request"]
        consent_field.queryset = consent_field.queryset.filter(topic__code=DISSOLUTION_TOPIC_CODE)
        consent_field.help_text = _("A consent request of this council on topic k that the council granted.")
        ruling_field: Any = self.fields["ruling"]
        ruling_field.queryset = ruling_field.queryset.filter(
            Q(subject=DisputeSubject.DISSOLUTION) | Q(request__topic__code=DISSOLUTION_TOPIC_CODE)
        )
        ruling_field.help_text = _("A standing ruling that permits dissolving the council.")


class MembersTransferForm(DatedReasonForm):
    """W-BODY-3: move members of this body to another body, keeping their trial and term."""

    memberships: "forms.ModelMultipleChoiceField[Any]" = forms.ModelMultipleChoiceField(
        label=_("Members to move"), queryset=None, widget=forms.CheckboxSelectMultiple
    )
    to_body = forms.ModelChoiceField(label=_("Move to"), queryset=Body.objects.none())
    field_order = ["memberships", "to_body", "on", "reason"]

    def __init__(self, *args: Any, body: Body, **kwargs: Any) -> None:
        from members.models import Membership
        from members.services.memberships import NOT_ENDED

        super().__init__(*args, **kwargs)
        field: Any = self.fields["memberships"]
        field.queryset = (
            Membership.objects.filter(body=body, status__in=NOT_ENDED).select_related("person").order_by("pk")
        )
        field.label_from_instance = lambda membership: (
            f"{membership.person.display_name} ({membership.get_status_display().lower()})"
        )
        self.fields["to_body"].queryset = Body.objects.active().exclude(pk=body.pk).order_by("name")  # type: ignore[attr-defined]


class ScopeConfigurationForm(ReasonForm):
    """The obligation check's configuration: the two thresholds (W-SCOPE-1) and, per kind of service, whether it
    falls under the Wmcz and why (W-SCOPE-3). Fields `threshold_<key>`, `under_<kind>` and `basis_<kind>`."""

    def __init__(self, *args: Any, current: Thresholds, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.kind_rows: list[tuple[str, str, str]] = []
        fields: dict[str, forms.Field] = {}
        values = {
            ThresholdKey.GENERAL: current.general,
            ThresholdKey.AMBULATORY_FIRST_LINE: current.ambulatory_first_line,
        }
        for key, label in ThresholdKey.choices:
            fields[f"threshold_{key}"] = forms.IntegerField(
                label=_("Threshold: %(applies_to)s") % {"applies_to": label},
                min_value=1,
                max_value=100_000,
                initial=values[ThresholdKey(key)],
                help_text=_("A client council is required when more than this number of persons provide care."),
            )
        for kind, label in ServiceKind.choices:
            fields[f"under_{kind}"] = forms.BooleanField(
                label=_("%(kind)s falls under the Wmcz") % {"kind": label},
                required=False,
                initial=current.under_wmcz.get(kind, False),
            )
            fields[f"basis_{kind}"] = forms.CharField(
                label=_("Basis: %(kind)s") % {"kind": label},
                required=False,
                max_length=1000,
                initial=current.basis.get(kind, ""),
                help_text=_("Empty: the standard text (%(text)s)") % {"text": DEFAULT_BASIS.get(kind, "")},
                widget=forms.Textarea(attrs={"rows": 2}),
            )
            self.kind_rows.append((kind, f"under_{kind}", f"basis_{kind}"))
        reason = self.fields.pop("reason")
        self.fields.update(fields)
        self.fields["reason"] = reason

    def thresholds(self) -> dict[str, int]:
        return {key: self.cleaned_data[f"threshold_{key}"] for key in ThresholdKey.values}

    def kinds(self) -> dict[str, tuple[bool, str]]:
        return {
            kind: (self.cleaned_data[f"under_{kind}"], self.cleaned_data[f"basis_{kind}"])
            for kind in ServiceKind.values
        }
