"""advice.services.nullity (W-CON-5): the one-month window for invoking the nullity of a decision without consent."""

import datetime
from datetime import date

import pytest
from django.core.exceptions import ValidationError

from advice.models import ConsentAnswer, NullityWindowStart, RulingEffect, Topic
from advice.services import nullity as services
from tests.advice.dispute_helpers import TODAY, answered_consent, ruled_dispute

pytestmark = pytest.mark.django_db


def _window(cast, start: date, **kwargs):
    values = {
        "council": cast.council,
        "topic": Topic.objects.get(code="CON-e"),
        "decision_description": "Nieuwe klachtenregeling ingevoerd zonder instemming.",
        "window_start_on": start,
        "basis": NullityWindowStart.TOLD_BY_BOARD,
        "actor": cast.supporter,
    }
    values.update(kwargs)
    return services.nullity_window_record(**values)


@pytest.mark.parametrize(
    ("start", "last"),
    [
        (date(2026, 1, 31), date(2026, 2, 28)),
        (date(2024, 1, 31), date(2024, 2, 29)),
        (date(2026, 3, 15), date(2026, 4, 15)),
        (date(2026, 3, 31), date(2026, 4, 30)),
        (date(2025, 12, 10), date(2026, 1, 10)),
    ],
)
def test_w_con_5_one_calendar_month(start: date, last: date) -> None:
    assert services.nullity_last_day(start) == last


def test_w_con_5_invocation_within_the_month(cast) -> None:
    window = _window(cast, date(2026, 1, 31), note="Brief van de bestuurder van 31 januari.")
    assert window.window_start_basis == NullityWindowStart.TOLD_BY_BOARD
    assert window.created_by == cast.supporter
    assert services.window_is_open(window, date(2026, 2, 28))
    # On the last day it still counts.
    invoked = services.nullity_invoke(
        invocation=window, invoked_on=date(2026, 2, 28), text="De raad roept de nietigheid in.", actor=cast.supporter
    )
    assert invoked.invoked_on == date(2026, 2, 28)
    assert invoked.history.first().history_user == cast.supporter
    with pytest.raises(ValidationError, match="already invoked"):
        services.nullity_invoke(invocation=window, invoked_on=date(2026, 2, 20), text="Nog eens.", actor=None)


def test_w_con_5_invocation_after_the_month_is_refused_with_the_last_day(cast) -> None:
    window = _window(cast, date(2026, 1, 31), basis=NullityWindowStart.SAW_CARRIED_OUT)
    with pytest.raises(ValidationError) as error:
        services.nullity_invoke(invocation=window, invoked_on=date(2026, 3, 1), text="Te laat.", actor=None)
    message = error.value.message_dict["invoked_on"][0]
    assert "The last day was 28 February 2026" in message
    assert "31 January 2026" in message
    assert "saw the decision being carried out" in message
    window.refresh_from_db()
    assert window.invoked_on is None
    with pytest.raises(ValidationError, match="only starts"):
        services.nullity_invoke(invocation=window, invoked_on=date(2026, 1, 30), text="Te vroeg.", actor=None)
    with pytest.raises(ValidationError) as error:
        services.nullity_invoke(invocation=window, invoked_on=date(2026, 2, 1), text=" ", actor=None)
    assert "text" in error.value.message_dict


def test_w_con_5_window_needs_a_consent_topic_or_request(cast) -> None:
    with pytest.raises(ValidationError) as error:
        _window(cast, TODAY, topic=None)
    assert "topic" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        _window(cast, TODAY, topic=Topic.objects.get(code="ADV-a"))
    assert "topic" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        _window(cast, TODAY + datetime.timedelta(days=1))
    assert "window_start_on" in error.value.message_dict
    # A refused consent request: the topic comes from the request.
    refused = answered_consent(council=cast.council, board=cast.board, topic_code="CON-b")
    window = _window(cast, TODAY, topic=None, request=refused)
    assert window.topic.code == "CON-b"
    # A granted request, or one whose refusal a ruling replaced, had consent.
    granted = answered_consent(council=cast.council, board=cast.board, consent=ConsentAnswer.GRANTED)
    with pytest.raises(ValidationError, match="granted consent"):
        _window(cast, TODAY, topic=None, request=granted)
    ruled_dispute(council=cast.council, request=refused, effect=RulingEffect.REPLACES_CONSENT)
    with pytest.raises(ValidationError, match="granted consent"):
        _window(cast, TODAY, topic=None, request=refused)
