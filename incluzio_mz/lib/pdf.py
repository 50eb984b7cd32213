"""PDF rendering. The only module that imports WeasyPrint (DESIGN.md convention 8 and 13)."""

from typing import Any

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils.functional import SimpleLazyObject

from incluzio_mz.models import OrganisationProfile


def _static_fetcher(url: str, *args: Any, **kwargs: Any) -> dict[str, Any]:
    """Resolve static: URLs from the static finders, so PDFs never fetch anything over the network."""
    import weasyprint

    if url.startswith("static:"):
        path = finders.find(url.removeprefix("static:"))
        if not path:
            raise ValueError(f"Static file not found: {url}")
        with open(path, "rb") as handle:
            return {"string": handle.read(), "filename": path}
    if url.startswith("data:"):
        return weasyprint.default_url_fetcher(url)
    raise ValueError(f"PDFs may only use static: and data: URLs, not {url}")


def render_pdf(*, template: str, context: dict[str, Any]) -> bytes:
    """Render a template (templates/<app>/pdf/...) to PDF bytes, with `organisation` (the profile) in its context."""
    import weasyprint

    # Letters carry the organisation's name, address and letterhead lines from its profile.
    organisation = context.get("organisation") or SimpleLazyObject(OrganisationProfile.current)
    html = render_to_string(template, {"settings_site_url": settings.SITE_URL, **context, "organisation": organisation})
    document = weasyprint.HTML(string=html, url_fetcher=_static_fetcher, base_url="static:")
    return document.write_pdf()
