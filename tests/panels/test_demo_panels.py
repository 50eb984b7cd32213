"""The demo activities, signals and working visits (issue 8 item 6), as the demo accounts see them."""

from typing import Any

import pytest
from django.utils import timezone

from accounts.models import User
from councils.models import Body
from incluzio_mz.demo import load_demo_data
from panels.models import Activity, LocalContact, Signal, SignalStatus
from panels.permissions import may_see_sender, signals_for_user
from panels.queries import local_connection


@pytest.fixture
def demo(settings: Any, db: None) -> None:
    settings.DEMO_MODE = True
    load_demo_data()


def test_panels_have_activities_and_signals(demo: None) -> None:
    kracht = Body.objects.get(slug="klantenpanel-kracht")
    tim = Body.objects.get(slug="klantenpanel-tim-stichtse-vecht")
    assert Activity.objects.filter(body=kracht).count() == 2
    assert Activity.objects.filter(body=tim).count() == 2
    forwarded = Signal.objects.get(body=kracht, forwarded_to__slug="centrale-klantenraad-jeugd")
    assert forwarded.council_response
    closed = Signal.objects.get(body=tim, status=SignalStatus.CLOSED)
    assert closed.told_on is not None
    assert closed.sender_contact
    # The parents chamber's supporter follows TIM (with the sender) and sees Kracht's forwarded signal (without).
    jesse = User.objects.get(username="ondersteuner-ouders")
    visible = set(signals_for_user(jesse))
    assert {closed, forwarded} <= visible
    assert may_see_sender(jesse, closed)
    assert not may_see_sender(jesse, forwarded)
    # Members and the board see none.
    for username in ("lid-jongeren", "bestuurder"):
        assert not signals_for_user(User.objects.get(username=username)).exists()


def test_working_visits_and_the_council_page(demo: None) -> None:
    council = Body.objects.get(slug="centrale-klantenraad-jeugd")
    assert LocalContact.objects.filter(council=council).count() == 2
    connection = local_connection(council, on=timezone.localdate())
    by_unit = {row.unit.slug: row for row in connection["units"]}
    assert by_unit["kracht"].last_visit is not None
    assert by_unit["tim-stichtse-vecht"].last_panel_contact is not None
    assert by_unit["kracht"].connected
    assert by_unit["tim-stichtse-vecht"].connected


def test_a_second_run_adds_nothing(demo: None) -> None:
    assert not [line for line in load_demo_data() if "signal" in line or "activity" in line]
