"""Fixtures for the meetings tests (English messages come from tests/councils/conftest.py)."""

import datetime

import pytest
from django.utils import timezone

from councils.models import Meeting
from tests.conftest import Cast
from tests.factories import make_meeting


def hours_from_now(hours: float) -> datetime.datetime:
    return timezone.now().replace(microsecond=0) + datetime.timedelta(hours=hours)


@pytest.fixture
def chamber_meeting(cast: Cast) -> Meeting:
    """A chamber meeting of the member's chamber next week."""
    return make_meeting(body=cast.chamber, title="Jongerenraad november")


@pytest.fixture
def joint_meeting(cast: Cast) -> Meeting:
    """A joint meeting of the council with the board next week."""
    return make_meeting(body=cast.council, title="Overleg met de bestuurder")


@pytest.fixture
def past_chamber_meeting(cast: Cast) -> Meeting:
    """A chamber meeting that took place two days ago (agenda not published)."""
    starts = hours_from_now(-48)
    return make_meeting(body=cast.chamber, title="Jongerenraad vorige week", starts_at=starts)
