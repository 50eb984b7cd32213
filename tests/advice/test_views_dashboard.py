"""The home page's "needs attention" block for requests, per role (advice/dashboard.py)."""

import datetime

from django.urls import reverse
from django.utils import timezone

from advice.dashboard import attention
from advice.services import answers, requests
from tests.conftest import Cast
from tests.factories import make_advice_request


def test_attention_per_role(cast: Cast) -> None:
    today = timezone.localdate()
    waiting = make_advice_request(council=cast.council, responsible=cast.board, submitted_on=today)
    late = make_advice_request(
        council=cast.council, responsible=cast.board, submitted_on=today - datetime.timedelta(weeks=8)
    )
    asked = make_advice_request(council=cast.council, responsible=cast.board, submitted_on=today)
    info = requests.request_information_ask(request=asked, question="Vraag", actor=None)
    answered = make_advice_request(council=cast.council, responsible=cast.board, submitted_on=today)
    answers.request_respond(request=answered, advice="Doen.", actor=None)
    unsolicited = answers.unsolicited_advice_submit(
        council=cast.council, topic=None, title="Ongevraagd", advice="Advies.", actor=None
    )

    supporter = attention(cast.supporter)
    council_rows = {row["request_obj"].pk: row for row in supporter["council"]}
    assert set(council_rows) == {waiting.pk, late.pk, asked.pk}
    assert council_rows[late.pk]["overdue"]
    assert council_rows[asked.pk]["paused"]
    assert council_rows[waiting.pk]["days_left"] == 42

    board = attention(cast.board)
    assert [row["request_obj"].pk for row in board["to_decide"]] == [answered.pk]
    assert [row["request_obj"].pk for row in board["unsolicited"]] == [unsolicited.pk]
    assert board["questions"] == [info]
    assert "council" not in board

    member = attention(cast.member)
    assert {row["request_obj"].pk for row in member["member"]} == {
        waiting.pk,
        late.pk,
        asked.pk,
        answered.pk,
        unsolicited.pk,
    }
    assert attention(cast.outsider) == {}


def test_home_page_shows_the_block_only_when_there_is_something(cast: Cast) -> None:
    page = cast.client("supporter").get(reverse("home")).content.decode()
    assert 'data-testid="advice-attention"' not in page
    request = make_advice_request(council=cast.council, responsible=cast.board, submitted_on=timezone.localdate())
    page = cast.client("supporter").get(reverse("home")).content.decode()
    assert 'data-testid="advice-attention"' in page
    assert request.reference in page
    title = page.split("<title>", 1)[1].split("</title>", 1)[0]
    assert "advice-attention" not in title
