"""The decision and action list per body, and on the council's page W-OVL-1 and the board's open commitments."""

import datetime

import html5lib
from django.urls import reverse
from django.utils import timezone

from councils.meetings import services
from councils.models import ActionItem, ActionItemKind, ActionItemStatus, Meeting
from tests.conftest import Cast
from tests.councils.meetings.conftest import hours_from_now
from tests.factories import make_meeting


def _list(slug: str, query: str = "") -> str:
    return reverse("meetings:action_list", kwargs={"slug": slug}) + query


def test_the_list_shows_open_items_first_and_marks_commitments(cast: Cast) -> None:
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    action = services.action_item_create(
        body=cast.chamber, kind=ActionItemKind.ACTION, title="Flyer maken", owner=cast.member_person, actor=None,
        due_on=yesterday,
    )  # fmt: skip
    commitment = services.action_item_create(
        body=cast.chamber, kind=ActionItemKind.COMMITMENT, title="Antwoord over vervoer", actor=None
    )
    done = services.action_item_create(body=cast.chamber, kind=ActionItemKind.DECISION, title="Besluit", actor=None)
    services.action_item_complete(item=done, done_on=timezone.localdate(), actor=None)
    response = cast.client("member").get(_list(cast.chamber.slug))
    assert response.status_code == 200
    assert {row["item"] for row in response.context["rows"]} == {action, commitment}
    assert [row["overdue"] for row in response.context["rows"] if row["item"] == action] == [True]
    assert b'data-testid="commitment"' in response.content
    assert not response.context["may_manage"]
    parser = html5lib.HTMLParser(strict=True)
    parser.parse(response.content)
    assert [
        row["item"] for row in cast.client("member").get(_list(cast.chamber.slug, "?status=done")).context["rows"]
    ] == [done]
    assert len(cast.client("member").get(_list(cast.chamber.slug, "?status=all")).context["rows"]) == 3


def test_the_list_is_404_for_who_does_not_see_the_body(cast: Cast) -> None:
    assert cast.client("outsider").get(_list(cast.chamber.slug)).status_code == 404
    assert cast.client("other_member").get(_list(cast.chamber.slug)).status_code == 404
    assert cast.client("other_member").get(_list(cast.other_chamber.slug)).status_code == 200


def test_supporter_adds_an_action_from_a_meeting(cast: Cast, chamber_meeting: Meeting) -> None:
    url = reverse("meetings:action_item_create", kwargs={"slug": cast.chamber.slug})
    client = cast.client("supporter")
    page = client.get(f"{url}?vergadering={chamber_meeting.uuid}")
    assert page.status_code == 200
    assert list(page.context["form"].fields["owner"].queryset) == [cast.member_person]
    data = {
        "kind": ActionItemKind.ACTION,
        "title": "Flyer maken",
        "owner": str(cast.member_person.uuid),
        "due_on": (timezone.localdate() + datetime.timedelta(days=14)).isoformat(),
        "meeting": str(chamber_meeting.uuid),
    }
    assert client.post(url, data).status_code == 302
    item = ActionItem.objects.get()
    assert (item.owner, item.meeting, item.status) == (cast.member_person, chamber_meeting, ActionItemStatus.OPEN)
    detail = cast.client("member").get(reverse("meetings:meeting_detail", kwargs={"uuid": chamber_meeting.uuid}))
    assert detail.context["action_items"] == [item]


def test_an_action_without_an_owner_is_re_rendered_and_saves_nothing(cast: Cast) -> None:
    url = reverse("meetings:action_item_create", kwargs={"slug": cast.chamber.slug})
    response = cast.client("supporter").post(url, {"kind": ActionItemKind.ACTION, "title": "Iemand doet iets"})
    assert response.status_code == 200
    assert "owner" in response.context["form"].errors
    both = cast.client("supporter").post(
        url,
        {"kind": ActionItemKind.ACTION, "title": "x", "owner": str(cast.member_person.uuid), "owner_is_board": "on"},
    )
    assert "owner" in both.context["form"].errors
    assert not ActionItem.objects.exists()


def test_adding_is_404_for_an_outsider_and_403_for_a_member(cast: Cast) -> None:
    url = reverse("meetings:action_item_create", kwargs={"slug": cast.chamber.slug})
    assert cast.client("outsider").get(url).status_code == 404
    assert cast.client("member").post(url, {"kind": "decision", "title": "x"}).status_code == 403
    assert not ActionItem.objects.exists()


def test_complete_and_drop(cast: Cast) -> None:
    first = services.action_item_create(body=cast.chamber, kind=ActionItemKind.DECISION, title="A", actor=None)
    second = services.action_item_create(body=cast.chamber, kind=ActionItemKind.DECISION, title="B", actor=None)
    client = cast.client("supporter")
    complete = reverse("meetings:action_item_complete", kwargs={"slug": cast.chamber.slug, "pk": first.pk})
    assert client.get(complete).status_code == 405
    assert cast.client("member").post(complete).status_code == 403
    assert cast.client("outsider").post(complete).status_code == 404
    assert client.post(complete).status_code == 302
    first.refresh_from_db()
    assert (first.status, first.done_on) == (ActionItemStatus.DONE, timezone.localdate())
    drop = reverse("meetings:action_item_drop", kwargs={"slug": cast.chamber.slug, "pk": second.pk})
    assert client.get(drop).status_code == 200
    assert cast.client("member").get(drop).status_code == 403
    assert cast.client("outsider").get(drop).status_code == 404
    assert client.post(drop, {"reason": ""}).status_code == 200
    assert ActionItem.objects.get(pk=second.pk).status == ActionItemStatus.OPEN
    assert client.post(drop, {"reason": "Niet meer nodig"}).status_code == 302
    second.refresh_from_db()
    assert (second.status, second.dropped_reason) == (ActionItemStatus.DROPPED, "Niet meer nodig")


def test_an_item_of_another_body_is_404(cast: Cast) -> None:
    other = services.action_item_create(body=cast.other_chamber, kind=ActionItemKind.DECISION, title="O", actor=None)
    url = reverse("meetings:action_item_drop", kwargs={"slug": cast.chamber.slug, "pk": other.pk})
    assert cast.client("supporter").get(url).status_code == 404


def test_w_ovl_1_the_council_page_counts_joint_meetings_and_lists_open_commitments(cast: Cast) -> None:
    make_meeting(body=cast.council, starts_at=hours_from_now(-2))  # held this year (ended by now)
    make_meeting(body=cast.council)  # planned next week
    commitment = services.action_item_create(
        body=cast.council, kind=ActionItemKind.COMMITMENT, title="Antwoord over vervoer", actor=None
    )
    done = services.action_item_create(body=cast.council, kind=ActionItemKind.COMMITMENT, title="Klaar", actor=None)
    services.action_item_complete(item=done, done_on=timezone.localdate(), actor=None)
    response = cast.client("member").get(reverse("councils:body_detail", kwargs={"slug": cast.council.slug}))
    tally = response.context["joint_tally"]
    this_year = timezone.localdate().year
    held = 1 if timezone.localtime(hours_from_now(-2)).year == this_year else 0
    planned_this_year = timezone.localtime(hours_from_now(24 * 7)).year == this_year
    assert (tally.year, tally.held, tally.target, tally.minimum) == (this_year, held, 8, 1)
    assert tally.scheduled == held + (1 if planned_this_year else 0)
    assert response.context["commitments"] == [commitment]
    assert b'data-testid="joint-meetings"' in response.content
    assert b"Antwoord over vervoer" in response.content
    assert b"Klaar" not in response.content
    parser = html5lib.HTMLParser(strict=True)
    parser.parse(response.content)
    # A chamber's page has no tally.
    chamber = cast.client("member").get(reverse("councils:body_detail", kwargs={"slug": cast.chamber.slug}))
    assert chamber.context["joint_tally"] is None
