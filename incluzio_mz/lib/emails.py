"""E-mail as subject / text / html triplets in templates/emails/, rendered by one helper (healthchecks style)."""

from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string


def send_templated_email(*, template: str, to: Sequence[str], context: dict[str, Any]) -> None:
    """Render emails/<template>_subject.txt, _body.txt and _body.html and send them as one message."""
    context = {"site_url": settings.SITE_URL, **context}
    subject = " ".join(render_to_string(f"emails/{template}_subject.txt", context).split())
    text = render_to_string(f"emails/{template}_body.txt", context)
    html = render_to_string(f"emails/{template}_body.html", context)
    message = EmailMultiAlternatives(subject=subject, body=text, from_email=settings.DEFAULT_FROM_EMAIL, to=list(to))
    message.attach_alternative(html, "text/html")
    message.send()
