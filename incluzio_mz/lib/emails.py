"""E-mail as subject / text / html triplets in templates/emails/, rendered by one helper (healthchecks style)."""

import re
from collections.abc import Sequence
from email.utils import formataddr, parseaddr
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string

from incluzio_mz.models import OrganisationProfile

# Anything a mail program could turn into a link: a scheme ("https://", "mailto:"), "www." or a domain name.
_LINKISH = re.compile(
    r"(?i)\b(?:(?:https?|ftp|mailto|tel|javascript|data|file):|www\.)\S*"
    r"|\b[\w-]+(?:\.[\w-]+)*\.[a-z]{2,24}\b(?:[/:?#]\S*)?"
)
_SCHEME = re.compile(r"(?i)^([a-z]+):")


def _defang(match: re.Match[str]) -> str:
    return _SCHEME.sub(r"\1[:]", match.group(0), count=1).replace(".", "[.]")


def defang_links(text: str) -> str:
    """Text someone outside typed (the public form), made safe to relay by e-mail: every web address, e-mail address
    or domain name stays readable but is no longer a link, e.g. "https://example.org/x" becomes
    "https[:]//example[.]org/x". The HTML e-mail escapes it as always; this keeps mail programs from linkifying it."""
    return _LINKISH.sub(_defang, text)


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
