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


def _adopted_house_rules(cast: Cast) -> dict[str, Any]:
    """The cast council's house rules with a document, adopted in a meeting yesterday (W-REG-3); seen via cast-youth."""
    import datetime

    from django.core.files.base import ContentFile
    from django.utils import timezone

    from councils.services import house_rules_adopt
    from tests.factories import make_meeting

    rules = house_rules_adopt(
        council=cast.council,
        file=ContentFile(b"%PDF-1.4 test", name="huishoudelijk-reglement.pdf"),
        wishes_inventory="We bezoeken elke locatie.",
        informing_clients="Via de openbare pagina.",
        meeting=make_meeting(body=cast.council, starts_at=timezone.now() - datetime.timedelta(days=1)),
        adopted_on=timezone.localdate(),
        actor=None,
    )
    return {"slug": cast.chamber.slug, "version": rules.version}


ENTRIES: dict[str, Entry] = {
    "public:body_list": Entry(PUBLIC),
    "public:body_detail": Entry(PUBLIC, {"slug": "cast-youth"}),
    "public:signal_create": Entry(PUBLIC, {"slug": "cast-youth"}),
    # Without a signed reference the receipt says thank you without one (200 for everyone).
    "public:signal_receipt": Entry(PUBLIC, {"slug": "cast-youth"}),
    "public:regulation_document_download": Entry(PUBLIC, _adopted_regulation),
    "public:house_rules_download": Entry(PUBLIC, _adopted_house_rules),
}
