"""The public form "Laat van je horen" on /openbaar/<slug>/ (issue 8): a signal from anyone, without a login.

It only validates input; panels.services.public.signal_submit_public holds the rules. We ask nobody, young or old,
more than is needed to handle the signal: what it is about and what happened; a name and a way to answer are
optional (docs/PANELS.md, "Public page and signal form"). No birth year is asked: the contact is given once, by
the sender, to get an answer, and the note asks under-16s to ask a parent or carer first.
The texts are plain Dutch at B1 level once translated: short sentences, "je", no jargon.
"""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from panels.models import SignalTheme

# The honeypot: a field people never see (hidden from sight and from assistive technology) and bots fill in. The same
# name as the vacancy form's (members/public_forms.py), so one rule in the docs covers both.
HONEYPOT_FIELD = "website"


class SignalPublicForm(forms.Form):
    # Translators: B1 Dutch, e.g. "Waar gaat het over?"
    title = forms.CharField(
        label=_("What is it about?"),
        max_length=200,
        help_text=_("A few words are enough, for example “Waiting for my appointment”."),
    )
    # Translators: B1 Dutch, e.g. "Vertel wat er is"
    description = forms.CharField(
        label=_("Tell us what happened"),
        help_text=_("What went well or what can be better? Do not write about your care or treatment in detail."),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=4000,
    )
    theme = forms.ChoiceField(
        label=_("Topic (you may skip this)"),
        choices=[("", _("I do not know")), *SignalTheme.choices],
        required=False,
    )
    # Translators: B1 Dutch, e.g. "Je naam (mag je leeg laten)"
    sender_name = forms.CharField(label=_("Your name (you may leave this empty)"), max_length=120, required=False)
    # Translators: B1 Dutch, e.g. "Je e-mail of telefoonnummer (mag je leeg laten)"
    sender_contact = forms.CharField(
        label=_("Your e-mail or phone number (you may leave this empty)"),
        max_length=200,
        required=False,
        # Translators: B1 Dutch: "Wil je antwoord? Laat dan je e-mail of telefoon achter. Ben je jonger dan 16?
        # Vraag eerst je ouder of verzorger."
        help_text=_(
            "Do you want an answer? Then leave your e-mail or phone number. Are you younger than 16? "
            "Ask your parent or carer first."
        ),
    )
    website = forms.CharField(label=_("Leave this field empty"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["sender_name"].widget.attrs["autocomplete"] = "nickname"
        # Either an e-mail address or a phone number: no input type that would refuse one of them.
        self.fields["sender_contact"].widget.attrs["autocomplete"] = "email"
        self.fields[HONEYPOT_FIELD].widget.attrs.update({"autocomplete": "off", "tabindex": "-1"})

    @property
    def person_fields(self) -> list[forms.BoundField]:
        """Every field people see, in order; the honeypot is rendered apart, hidden."""
        return [self[name] for name in self.fields if name != HONEYPOT_FIELD]

    @property
    def honeypot(self) -> forms.BoundField:
        return self[HONEYPOT_FIELD]
