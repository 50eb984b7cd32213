"""Forms render with NL Design System (Utrecht) markup, without per-form styling code.

The renderer supplies the form and field templates (templates/forms/); the bound field adds the Utrecht class
for each kind of widget. Django itself adds aria-invalid and links help text and errors with aria-describedby.
It leaves out `maxlength`: a text over its limit is refused with the limit in the message, never cut off.
"""

from typing import Any

from django.forms.boundfield import BoundField
from django.forms.renderers import TemplatesSetting
from django.forms.widgets import Widget

_WIDGET_CLASSES = {
    "checkbox": "utrecht-checkbox utrecht-checkbox--html-input",
    "radioselect": "",
    "checkboxselectmultiple": "",
    "select": "utrecht-select utrecht-select--html-select",
    "selectmultiple": "utrecht-select utrecht-select--html-select",
    "nullbooleanselect": "utrecht-select utrecht-select--html-select",
    "textarea": "utrecht-textarea utrecht-textarea--html-textarea",
    "clearablefile": "",
    "file": "",
}
_DEFAULT_CLASS = "utrecht-textbox utrecht-textbox--html-input"


class UtrechtBoundField(BoundField):
    def build_widget_attrs(self, attrs: dict[str, Any], widget: Widget | None = None) -> dict[str, Any]:
        attrs = super().build_widget_attrs(attrs, widget)
        # Issue 14: a browser silently cuts pasted text at maxlength; without it the server refuses a text over the
        # limit with a message that names the limit (Django's MaxLengthValidator), on the field.
        if "maxlength" in (widget or self.field.widget).attrs:
            attrs["maxlength"] = False  # False leaves the attribute out (django/forms/widgets/attrs.html)
        css = _WIDGET_CLASSES.get(self.widget_type, _DEFAULT_CLASS)
        if css:
            if self.errors:
                css += " " + css.split()[0] + "--invalid"
            attrs["class"] = f"{css} {attrs['class']}" if attrs.get("class") else css
        return attrs


class UtrechtFormRenderer(TemplatesSetting):
    form_template_name = "forms/form.html"
    field_template_name = "forms/field.html"
    bound_field_class = UtrechtBoundField


def add_service_error(form: Any, error: Any) -> None:
    """Show a service's ValidationError on the form: on the field it names when the form has it, else on top.

    Services validate with full_clean(), so an error may name a model field that this form does not show.
    """
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)
