from typing import Any

from django import forms
from django.core.files import File
from django.utils.translation import gettext_lazy as _

from incluzio_mz.models import OrganisationProfile, validate_logo


class OrganisationProfileForm(forms.ModelForm):
    """The profile's fields, a new logo (checked by its content), and why the change is made.

    It never saves: the view passes cleaned_data to incluzio_mz.services.organisation_profile_update.
    """

    new_logo = forms.FileField(
        label=_("New logo"),
        required=False,
        help_text=_("PNG, JPG or SVG, at most 1 MB. Leave empty to keep the current logo."),
        widget=forms.FileInput(attrs={"accept": "image/png,image/jpeg,image/svg+xml"}),
    )
    remove_logo = forms.BooleanField(label=_("Remove the current logo"), required=False)
    reason = forms.CharField(
        label=_("Reason for the change"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Shown in the history of changes."),
    )

    class Meta:
        model = OrganisationProfile
        fields = [
            "name",
            "short_name",
            "address",
            "contact_email",
            "website",
            "letterhead_lines",
            "primary_colour",
            "link_colour",
        ]
        widgets = {
            "address": forms.Textarea(attrs={"rows": 3}),
            "letterhead_lines": forms.Textarea(attrs={"rows": 4}),
            "primary_colour": forms.TextInput(attrs={"placeholder": "#1b4f8a", "maxlength": 7}),
            "link_colour": forms.TextInput(attrs={"placeholder": "#1b4f8a", "maxlength": 7}),
        }

    def clean_new_logo(self) -> File | None:
        logo: File | None = self.cleaned_data.get("new_logo")
        if logo:
            validate_logo(logo)
        return logo

    def profile_data(self) -> dict[str, Any]:
        return {field: self.cleaned_data[field] for field in self.Meta.fields}
