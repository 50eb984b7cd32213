"""Permission-matrix entries for the body's public page (issue 8, members/public_urls.py, namespace "public").

Everything here is public: the same status for every role, logged in or not (the vacancy pages of the same
namespace are in tests/test_url_matrix.py). The form takes a POST; a GET shows it on its own page.
"""

from typing import Any

from tests.conftest import Cast
from tests.matrix.common import PUBLIC, Entry


def _adopted_regulation(cast: Cast) -> dict[str, Any]:
    """The cast council's regulation text, adopted (consent granted) through the services; seen via cast-youth."""
    import datetime

    from django.core.files.base import ContentFile

    from councils.models import ConsentStatus
    from councils.services import regulation_document_add, regulation_document_set_consent

    document = regulation_document_add(
        regulation=cast.council.regulation,
        kind="regulation",
        file=ContentFile(b"%PDF-1.4 test", name="regeling.pdf"),
        actor=None,
        reason="test",
    )
    for status, day in ((ConsentStatus.CONSENT_REQUESTED, None), (ConsentStatus.GRANTED, datetime.date(2026, 2, 1))):
        document = regulation_document_set_consent(
            document=document, status=status, consent_date=day, actor=None, reason="test"
        )
    return {"slug": cast.chamber.slug, "kind": document.kind, "version": document.version}


ENTRIES: dict[str, Entry] = {
    "public:body_list": Entry(PUBLIC),
    "public:body_detail": Entry(PUBLIC, {"slug": "cast-youth"}),
    "public:signal_create": Entry(PUBLIC, {"slug": "cast-youth"}),
    # Without a signed reference the receipt says thank you without one (200 for everyone).
    "public:signal_receipt": Entry(PUBLIC, {"slug": "cast-youth"}),
    "public:regulation_document_download": Entry(PUBLIC, _adopted_regulation),
}
