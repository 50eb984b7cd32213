"""Permission-matrix entries for panels, activities, signals and local contacts (merged by tests/test_url_matrix.py).

Around the cast (tests/conftest.py): activities and a signal of cast-youth, recorded through the services; and a
panel feeding cast-council whose signal was forwarded to the council. Signals are for the receiving side and the
council it went to only (panels/permissions.py): the cast's supporter supports cast-youth, so they handle its
signal, and as a supporter of one of the council's chambers they answer for the council, but they do not handle the
panel's own steps (403). Members and the board see no signals (404: existence not revealed).
"""

from typing import Any

from tests.conftest import Cast
from tests.matrix.common import BODY_MANAGE, LOGGED_IN, POST_ONLY, YOUTH_VIEW, Entry, profile

SIGNAL = profile(404, anonymous=302, supporter=200, administrator=200)
# The panel's signal forwarded to cast-council: the council's side sees it, but the panel's steps are not theirs.
FORWARDED_PANEL_STEP = profile(404, anonymous=302, supporter=403, administrator=200)
COUNCIL_VIEW = profile(200, anonymous=302, outsider=404)
COUNCIL_RECORD = profile(403, anonymous=302, outsider=404, supporter=200, administrator=200)


def _activity(cast: Cast) -> dict[str, Any]:
    from django.utils import timezone

    from panels.services.activities import activity_create

    activity = activity_create(
        body=cast.chamber,
        method="focus_group",
        title="Focusgroep wachttijden",
        held_on=timezone.localdate(),
        participants=8,
        youth=True,
        summary="Wachten duurt te lang.",
        actor=None,
    )
    return {"slug": cast.chamber.slug, "uuid": activity.uuid}


def _signal(cast: Cast) -> dict[str, Any]:
    from panels.services.signals import signal_create

    signal = signal_create(
        body=cast.chamber,
        title="Lange wachttijd",
        description="Ik wacht al lang.",
        source="member",
        sender_contact="kim@example.org",
        actor=None,
    )
    return {"uuid": signal.uuid}


def _forwarded(cast: Cast) -> dict[str, Any]:
    from councils.models import Body, BodyKind
    from panels.services.signals import signal_create, signal_forward
    from tests.factories import make_body

    # The kwargs are made once per role: the panel is made once.
    panel = Body.objects.filter(slug="cast-panel").first() or make_body(
        kind=BodyKind.PANEL, name="Cast panel", slug="cast-panel", parent=cast.council
    )
    signal = signal_create(
        body=panel, title="Busvervoer", description="De bus komt niet.", source="activity", actor=None
    )
    signal_forward(signal=signal, council=cast.council, actor=None)
    return {"uuid": signal.uuid}


ENTRIES: dict[str, Entry] = {
    "panels:panel_list": Entry(LOGGED_IN),
    # Activities follow the body gate: who sees cast-youth reads them, who manages it records them.
    "panels:activity_list": Entry(YOUTH_VIEW, {"slug": "cast-youth"}),
    "panels:activity_create": Entry(BODY_MANAGE, {"slug": "cast-youth"}),
    "panels:activity_detail": Entry(YOUTH_VIEW, _activity),
    "panels:activity_update": Entry(BODY_MANAGE, _activity),
    # Signals: an outsider gets an empty list; recording is for who handles the body's signals (members: 403).
    "panels:signal_list": Entry(LOGGED_IN),
    "panels:signal_create": Entry(BODY_MANAGE, {"slug": "cast-youth"}),
    "panels:signal_detail": Entry(SIGNAL, _signal),
    "panels:signal_answer": Entry(SIGNAL, _signal),
    "panels:signal_forward": Entry(SIGNAL, _signal),
    "panels:signal_link": Entry(SIGNAL, _signal),
    "panels:signal_told": Entry(FORWARDED_PANEL_STEP, _forwarded),
    "panels:signal_council_answer": Entry(SIGNAL, _forwarded),
    "panels:signal_start_handling": Entry(POST_ONLY, _signal),
    "panels:signal_close": Entry(POST_ONLY, _signal),
    # The central council's working visits and panel contacts: who sees the council reads them; its side records.
    "panels:contact_list": Entry(COUNCIL_VIEW, {"slug": "cast-council"}),
    "panels:contact_create": Entry(COUNCIL_RECORD, {"slug": "cast-council"}),
}
