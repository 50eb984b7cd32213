"""/signalen/, /panels/, activities, local contacts and the council's page run a constant number of queries at 1x
and 20x data (performance is measured: the count must not depend on the number of rows)."""

import datetime
from collections.abc import Callable

from django.urls import reverse
from django.utils import timezone

from councils import services as council_services
from councils.models import BodyKind
from panels.services import activities, contacts, signals
from tests.conftest import Cast
from tests.factories import make_body, make_business_unit
from tests.helpers import assert_constant_queries, count_queries


def _grow_signals(cast: Cast) -> Callable[[int], None]:
    panel = make_body(kind=BodyKind.PANEL, parent=cast.council)

    def grow(count: int) -> None:
        for n in range(count):
            own = signals.signal_create(
                body=cast.chamber,
                title=f"Signaal {n}",
                description="d",
                source="member",
                sender_contact="a@example.org" if n % 2 else "",
                actor=None,
            )
            if n % 3 == 0:
                signals.signal_answer(signal=own, response="Besproken.", actor=None)
            forwarded = signals.signal_create(
                body=panel, title=f"Lokaal {n}", description="d", source="member", actor=None
            )
            signals.signal_forward(signal=forwarded, council=cast.council, actor=None)

    return grow


def test_signal_list(cast: Cast) -> None:
    assert_constant_queries(cast.client("supporter"), reverse("panels:signal_list"), _grow_signals(cast))


def test_signal_list_all_for_the_administrator(cast: Cast) -> None:
    assert_constant_queries(
        cast.client("administrator"), reverse("panels:signal_list") + "?show=all", _grow_signals(cast)
    )


def test_home_attention_block(cast: Cast) -> None:
    assert_constant_queries(cast.client("supporter"), reverse("home"), _grow_signals(cast))


def test_panel_list(cast: Cast) -> None:
    def grow(count: int) -> None:
        for _n in range(count):
            panel = make_body(kind=BodyKind.PANEL, parent=cast.council)
            activities.activity_create(
                body=panel, method="survey", title="Enquête", held_on=timezone.localdate(), actor=None
            )

    assert_constant_queries(cast.client("supporter"), reverse("panels:panel_list"), grow)


def test_activity_list(cast: Cast) -> None:
    def grow(count: int) -> None:
        for n in range(count):
            activities.activity_create(
                body=cast.chamber,
                method="focus_group",
                title=f"Focusgroep {n}",
                held_on=timezone.localdate(),
                actor=None,
            )

    assert_constant_queries(cast.client("member"), reverse("panels:activity_list", args=[cast.chamber.slug]), grow)


def test_council_page_and_local_contacts(cast: Cast) -> None:
    """W-SCOPE-5's block on the council's page and the contact list: per unit, without a query per unit."""
    start = datetime.date(2025, 1, 1)

    def grow(count: int) -> None:
        for _n in range(count):
            unit = make_business_unit()
            council_services.representation_start(body=cast.council, unit=unit, on=start, actor=None, reason="t")
            panel = make_body(kind=BodyKind.PANEL, parent=cast.council)
            council_services.representation_start(body=panel, unit=unit, on=start, actor=None, reason="t")
            day = timezone.localdate()
            contacts.local_contact_create(
                council=cast.council, kind="working_visit", unit=unit, held_on=day, actor=None
            )
            contacts.local_contact_create(
                council=cast.council, kind="panel_contact", panel=panel, held_on=day, actor=None
            )
            signals.signal_create(body=panel, title="s", description="d", source="member", actor=None)

    grow(1)
    client = cast.client("supporter")
    for url in (
        reverse("councils:body_detail", args=[cast.council.slug]),
        reverse("panels:contact_list", args=[cast.council.slug]),
    ):
        once = count_queries(client, url)
        grow(5)
        assert count_queries(client, url) == once, url
