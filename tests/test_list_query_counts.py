"""List pages not covered by their own files run a constant number of queries at 1x and 20x data.

Each test grows the data twentyfold and asserts the page needs exactly as many queries as before (performance is
measured, not guessed: the count must not depend on the number of rows).
"""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from councils.meetings import services as meeting_services
from councils.models.meetings import ActionItemKind
from incluzio_mz.services import notification_send
from tests.conftest import Cast
from tests.factories import make_body, make_business_unit
from tests.helpers import assert_constant_queries


def test_action_list(cast: Cast) -> None:
    def grow(count: int) -> None:
        for n in range(count):
            meeting_services.action_item_create(
                body=cast.chamber,
                kind=ActionItemKind.ACTION if n % 2 else ActionItemKind.DECISION,
                title=f"Actie {n}",
                owner=cast.member_person,
                due_on=timezone.localdate() + timedelta(days=n),
                actor=None,
            )

    assert_constant_queries(cast.client("supporter"), reverse("meetings:action_list", args=[cast.chamber.slug]), grow)


def test_notification_list(cast: Cast) -> None:
    counter = iter(range(1000))

    def grow(count: int) -> None:
        for _ in range(count):
            n = next(counter)
            notification_send(
                recipient=cast.supporter,
                subject=cast.chamber,
                kind=f"test_{n}",
                due_at=timezone.now(),
                title=f"Melding {n}",
                url="/raden/",
            )

    assert_constant_queries(cast.client("supporter"), reverse("members:notification_list"), grow)


def test_compliance_overview(cast: Cast) -> None:
    def grow(count: int) -> None:
        for _ in range(count):
            make_business_unit()  # required, represented by no body: a row on the overview
            make_body()  # a council without regulation or supporter: two more rows

    assert_constant_queries(cast.client("board"), reverse("councils:compliance_overview"), grow)
