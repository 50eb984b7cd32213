"""What the public form "Laat van je horen" writes: a signal from /openbaar/<slug>/ (issue 8, W-PAN-2).

The sender is the public, so there is no actor (None): a logged-in visitor who uses the public form acts as a
member of the public, and nothing is done with their account. That is also why the form needs no CSRF cookie; a
signed form token keeps other sites from posting it (docs/SECURITY.md, "Abuse of the public forms").
"""

import re

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext as _

from councils.models import Body
from panels.models import Signal, SignalSource, SignalTheme
from panels.services import signals

# A phone number: digits with the usual separators, at least 8 digits (06 12345678, +31 6 1234 5678, 070-1234567).
_PHONE_CHARS = re.compile(r"^\+?[\d\s().-]+$")
_PHONE_MIN_DIGITS = 8


def _clean_contact(contact: str) -> str:
    """An e-mail address or a phone number, or empty; anything else is refused (we could not answer it)."""
    contact = contact.strip()
    if not contact:
        return ""
    if "@" in contact:
        try:
            validate_email(contact)
        except ValidationError:
            raise ValidationError(
                {"sender_contact": _("This is not a correct e-mail address. Check it, or leave this field empty.")},
                code="contact",
            ) from None
        return contact
    if _PHONE_CHARS.match(contact) and sum(ch.isdigit() for ch in contact) >= _PHONE_MIN_DIGITS:
        return contact
    raise ValidationError(
        {"sender_contact": _("Fill in an e-mail address or a phone number, or leave this field empty.")},
        code="contact",
    )


@transaction.atomic
def signal_submit_public(
    *,
    body: Body,
    title: str,
    description: str,
    theme: str = "",
    sender_name: str = "",
    sender_contact: str = "",
) -> Signal:
    """Record a signal sent through a body's public page; its supporters are notified (by signals.signal_create).

    Only an active body takes signals. Name and contact are optional (an anonymous signal is closed without telling
    anyone, W-PAN-2); a contact must be an e-mail address or a phone number so that someone can answer.
    """
    if not body.active:
        raise ValidationError(_("This body no longer takes signals."), code="inactive")
    title = title.strip()
    description = description.strip()
    errors: dict[str, str] = {}
    if not title:
        errors["title"] = _("Write in a few words what it is about.")
    if not description:
        errors["description"] = _("Tell us what happened.")
    if errors:
        raise ValidationError(errors, code="required")
    contact = _clean_contact(sender_contact)
    return signals.signal_create(
        body=body,
        title=title,
        description=description,
        source=SignalSource.PUBLIC_FORM,
        theme=theme if theme in SignalTheme.values else SignalTheme.OTHER,
        sender_name=sender_name.strip(),
        sender_contact=contact,
        actor=None,
    )
