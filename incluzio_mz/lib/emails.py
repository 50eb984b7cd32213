"""E-mail as subject / text / html triplets in templates/emails/, rendered by one helper (healthchecks style)."""

from collections.abc import Sequence
from email.utils import formataddr, parseaddr
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string

from incluzio_mz.models import OrganisationProfile


def _from_email(organisation: OrganisationProfile) -> str:
    """DEFAULT_FROM_EMAIL, with the portal's name as display name unless the setting has one of its own."""
    name, address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    return settings.DEFAULT_FROM_EMAIL if name or not address else formataddr((organisation.portal_title, address))


def send_templated_email(
    *,
    template: str,
    to: Sequence[str],
    context: dict[str, Any],
    attachments: Sequence[tuple[str, str | bytes, str]] = (),
) -> None:
    """Render emails/<template>_subject.txt, _body.txt and _body.html and send them as one message.

    attachments: (file name, content, MIME type) each, e.g. a meeting's .ics invitation.

    Every e-mail gets `organisation` (the organisation profile: name, address, contact e-mail) in its context;
    replies go to the profile's contact address when it has one.
    """
    organisation = context.get("organisation") or OrganisationProfile.current()
    context = {"site_url": settings.SITE_URL, **context, "organisation": organisation}
    subject = " ".join(render_to_string(f"emails/{template}_subject.txt", context).split())
    text = render_to_string(f"emails/{template}_body.txt", context)
    html = render_to_string(f"emails/{template}_body.html", context)
    message = EmailMultiAlternatives(
        subject=subject,
        body=text,
        from_email=_from_email(organisation),
        to=list(to),
        reply_to=[organisation.contact_email] if organisation.contact_email else None,
    )
    message.attach_alternative(html, "text/html")
    for filename, content, mimetype in attachments:
        message.attach(filename, content, mimetype)
    message.send()
