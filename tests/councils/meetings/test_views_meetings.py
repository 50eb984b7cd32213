"""Meeting pages: the list, planning, the meeting page, editing, publishing the agenda, cancelling, marking held."""

import datetime

import html5lib
import pytest
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from councils.meetings import services
from councils.models import Confidentiality, Meeting, MeetingKind, MeetingNotice, MeetingStatus
from tests.conftest import Cast
from tests.councils.meetings.conftest import hours_from_now
from tests.factories import PDF_BYTES, make_document, make_meeting


def _detail(meeting: Meeting) -> str:
    return reverse("meetings:meeting_detail", kwargs={"uuid": meeting.uuid})


def _assert_valid_html(content: bytes) -> None:
    parser = html5lib.HTMLParser(strict=True)
    parser.parse(content)
    assert parser.errors == []


def _local(moment: datetime.datetime) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


# ---------------------------------------------------------------------------------------------------------------
# The list


def test_meeting_list_shows_a_member_only_their_bodies(cast: Cast, chamber_meeting: Meeting) -> None:
    joint = make_meeting(body=cast.council, title="Overleg met de bestuurder")
    other = make_meeting(body=cast.other_chamber, title="Ouderraad")
    past = make_meeting(body=cast.chamber, title="Vorige keer", starts_at=hours_from_now(-72))
    response = cast.client("member").get(reverse("meetings:meeting_list"))
    assert response.status_code == 200
    assert set(response.context["upcoming"]) == {chamber_meeting, joint}
    assert response.context["past"] == [past]
    assert response.context["plannable"] == []
    board = cast.client("board").get(reverse("meetings:meeting_list"))
    assert set(board.context["upcoming"]) == {chamber_meeting, joint, other}
    assert cast.client("outsider").get(reverse("meetings:meeting_list")).context["upcoming"] == []
    supporter = cast.client("supporter").get(reverse("meetings:meeting_list"))
    assert supporter.context["plannable"] == [cast.chamber]


@pytest.mark.parametrize("factor", [1, 20])
def test_meeting_list_runs_a_constant_number_of_queries(
    cast: Cast, factor: int, django_assert_num_queries: object
) -> None:
    for number in range(factor):
        make_meeting(body=cast.chamber)
        make_meeting(body=cast.council)
        make_meeting(body=cast.chamber, starts_at=hours_from_now(-24 * (number + 2)))
    client = cast.client("member")
    client.get(reverse("meetings:meeting_list"))
    with django_assert_num_queries(11):  # type: ignore[operator]  # incl. session, user, nav and the body gate
        response = client.get(reverse("meetings:meeting_list"))
    assert response.status_code == 200
    assert len(response.context["upcoming"]) == 2 * factor
    _assert_valid_html(response.content)


def test_meeting_list_is_for_logged_in_users(client: Client, db: None) -> None:
    assert client.get(reverse("meetings:meeting_list")).status_code == 302


# ---------------------------------------------------------------------------------------------------------------
# Planning and editing


def test_supporter_plans_a_chamber_meeting(cast: Cast) -> None:
    url = reverse("meetings:meeting_create", kwargs={"slug": cast.chamber.slug})
    client = cast.client("supporter")
    form = client.get(url).context["form"]
    # Only the kinds that fit a chamber.
    assert [value for value, _label in form.fields["kind"].choices] == [MeetingKind.CHAMBER, MeetingKind.OTHER]
    starts = hours_from_now(24 * 10)
    data = {
        "title": "Jongerenraad december",
        "kind": MeetingKind.CHAMBER,
        "starts_at": _local(starts),
        "ends_at": _local(starts + datetime.timedelta(hours=2)),
        "place": "Kantoor Den Haag",
        "online_link": "",
    }
    response = client.post(url, data)
    meeting = Meeting.objects.get(title="Jongerenraad december")
    assert response.status_code == 302
    assert response["Location"] == _detail(meeting)
    assert meeting.body == cast.chamber
    assert meeting.status == MeetingStatus.PLANNED
    assert meeting.history.first().history_user == cast.supporter


def test_planning_with_bad_input_is_re_rendered_and_saves_nothing(cast: Cast) -> None:
    url = reverse("meetings:meeting_create", kwargs={"slug": cast.chamber.slug})
    starts = hours_from_now(24)
    bad = {
        "title": "Te kort",
        "kind": MeetingKind.JOINT,  # a joint meeting is the council's, not a chamber's
        "starts_at": _local(starts),
        "ends_at": _local(starts - datetime.timedelta(hours=1)),
    }
    response = cast.client("supporter").post(url, bad)
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"kind", "ends_at"}
    assert not Meeting.objects.exists()
    _assert_valid_html(response.content)


def test_planning_is_for_who_manages_the_body(cast: Cast) -> None:
    url = reverse("meetings:meeting_create", kwargs={"slug": cast.chamber.slug})
    assert cast.client("member").get(url).status_code == 403
    assert cast.client("board").post(url, {"title": "x"}).status_code == 403
    assert cast.client("outsider").get(url).status_code == 404
    # The youth chamber's supporter does not plan the council's joint meetings.
    council = reverse("meetings:meeting_create", kwargs={"slug": cast.council.slug})
    assert cast.client("supporter").get(council).status_code == 403


def test_update_changes_the_time_and_tells_the_invitees_after_publishing(cast: Cast, chamber_meeting: Meeting) -> None:
    services.agenda_item_add(meeting=chamber_meeting, title="Opening", kind="information", actor=None)
    services.meeting_publish_agenda(meeting=chamber_meeting, actor=None)
    Meeting.objects.filter(pk=chamber_meeting.pk).update(pending_notice=MeetingNotice.NONE)  # invitation sent
    url = reverse("meetings:meeting_update", kwargs={"uuid": chamber_meeting.uuid})
    client = cast.client("supporter")
    assert client.get(url).context["form"].initial["title"] == chamber_meeting.title
    later = chamber_meeting.starts_at + datetime.timedelta(hours=1)
    data = {
        "title": chamber_meeting.title,
        "starts_at": _local(later),
        "ends_at": _local(later + datetime.timedelta(hours=1)),
        "place": "Online",
        "online_link": "https://example.org/vergadering",
    }
    assert client.post(url, data).status_code == 302
    chamber_meeting.refresh_from_db()
    assert chamber_meeting.starts_at == later
    assert chamber_meeting.pending_notice == MeetingNotice.UPDATE
    assert chamber_meeting.ics_sequence == 1


def test_update_with_bad_input_saves_nothing(cast: Cast, chamber_meeting: Meeting) -> None:
    url = reverse("meetings:meeting_update", kwargs={"uuid": chamber_meeting.uuid})
    data = {"title": "", "starts_at": "morgen", "ends_at": _local(chamber_meeting.ends_at)}
    response = cast.client("supporter").post(url, data)
    assert response.status_code == 200
    assert {"title", "starts_at"} <= set(response.context["form"].errors)
    assert Meeting.objects.get(pk=chamber_meeting.pk).title == chamber_meeting.title


def test_update_is_404_for_an_outsider_and_403_for_a_member(cast: Cast, chamber_meeting: Meeting) -> None:
    url = reverse("meetings:meeting_update", kwargs={"uuid": chamber_meeting.uuid})
    assert cast.client("outsider").get(url).status_code == 404
    assert cast.client("other_member").get(url).status_code == 404
    assert cast.client("member").get(url).status_code == 403


# ---------------------------------------------------------------------------------------------------------------
# The meeting page


def test_detail_shows_the_numbered_agenda_documents_and_no_drafts_to_members(
    cast: Cast, chamber_meeting: Meeting
) -> None:
    first = services.agenda_item_add(meeting=chamber_meeting, title="Opening", kind="information", actor=None)
    services.agenda_item_add(meeting=chamber_meeting, title="Jaarplan", kind="discussion", actor=None)
    document = make_document(body=cast.chamber, meeting=chamber_meeting, title="Jaarplan 2027")
    services.agenda_item_link_document(item=first, document=document, actor=None)
    hidden = make_document(
        body=cast.chamber, meeting=chamber_meeting, confidentiality=Confidentiality.BOARD_AND_SUPPORTERS
    )
    response = cast.client("member").get(_detail(chamber_meeting))
    assert response.status_code == 200
    assert [row["item"].title for row in response.context["agenda"]] == ["Opening", "Jaarplan"]
    assert response.context["agenda"][0]["documents"] == [document]
    assert response.context["documents"] == [document]
    assert hidden.title.encode() not in response.content
    assert not response.context["may_manage"]
    assert b'data-testid="move-up"' not in response.content
    supporter = cast.client("supporter").get(_detail(chamber_meeting))
    assert set(supporter.context["documents"]) == {document, hidden}
    assert supporter.content.count(b'data-testid="move-up"') == 1
    _assert_valid_html(supporter.content)
    _assert_valid_html(response.content)


def test_detail_of_the_other_chamber_is_404_for_a_member(cast: Cast) -> None:
    other = make_meeting(body=cast.other_chamber)
    assert cast.client("member").get(_detail(other)).status_code == 404
    assert cast.client("outsider").get(_detail(other)).status_code == 404
    assert cast.client("other_member").get(_detail(other)).status_code == 200


def test_detail_shows_the_latest_minutes_the_user_may_read(cast: Cast, past_chamber_meeting: Meeting) -> None:
    services.agenda_item_add(meeting=past_chamber_meeting, title="Opening", kind="information", actor=None)
    services.meeting_publish_agenda(meeting=past_chamber_meeting, actor=None)
    draft = services.minutes_save_draft(meeting=past_chamber_meeting, text="Concepttekst", actor=None)
    member = cast.client("member").get(_detail(past_chamber_meeting))
    assert member.context["minutes"] is None
    assert b"Concepttekst" not in member.content
    assert cast.client("supporter").get(_detail(past_chamber_meeting)).context["minutes"] == draft
    services.minutes_share(minutes=draft, actor=None)
    assert cast.client("member").get(_detail(past_chamber_meeting)).context["minutes"] == draft


@pytest.mark.parametrize("role", ["member", "supporter"])
def test_detail_with_30_items_and_50_documents_runs_a_constant_number_of_queries(
    cast: Cast, chamber_meeting: Meeting, role: str, django_assert_num_queries: object
) -> None:
    client = cast.client(role)
    documents = [make_document(body=cast.chamber, meeting=chamber_meeting)]
    first = services.agenda_item_add(meeting=chamber_meeting, title="Opening", kind="information", actor=None)
    services.agenda_item_link_document(item=first, document=documents[0], actor=None)
    client.get(_detail(chamber_meeting))
    with django_assert_num_queries(DETAIL_QUERIES[role]):  # type: ignore[operator]
        assert client.get(_detail(chamber_meeting)).status_code == 200
    documents += [make_document(body=cast.chamber, meeting=chamber_meeting) for _ in range(49)]
    for number in range(1, 30):
        item = services.agenda_item_add(meeting=chamber_meeting, title=f"Punt {number}", kind="discussion", actor=None)
        services.agenda_item_link_document(item=item, document=documents[number], actor=None)
        services.agenda_item_link_document(item=item, document=documents[number + 20], actor=None)
    services.document_add_version(document=documents[0], file=ContentFile(PDF_BYTES, name="v2.pdf"), actor=None)
    services.action_item_create(body=cast.chamber, meeting=chamber_meeting, kind="decision", title="B", actor=None)
    with django_assert_num_queries(DETAIL_QUERIES[role]):  # type: ignore[operator]
        response = client.get(_detail(chamber_meeting))
    assert len(response.context["agenda"]) == 30
    assert len(response.context["documents"]) == 50
    assert all(len(row["documents"]) == 2 for row in response.context["agenda"][1:])


# The same with one item and one document and with 30 items and 50 documents: session, user, nav, the gates, agenda,
# documents with their versions, minutes, attendance (supporter) and action items.
DETAIL_QUERIES = {"member": 18, "supporter": 19}


# ---------------------------------------------------------------------------------------------------------------
# Publishing, cancelling, marking held


def test_publish_agenda(cast: Cast, chamber_meeting: Meeting) -> None:
    url = reverse("meetings:meeting_publish_agenda", kwargs={"uuid": chamber_meeting.uuid})
    client = cast.client("supporter")
    assert client.get(url).status_code == 405
    # Without items the service refuses; the message is shown on the meeting page.
    response = client.post(url, follow=True)
    assert response.redirect_chain[-1][0] == _detail(chamber_meeting)
    assert Meeting.objects.get(pk=chamber_meeting.pk).status == MeetingStatus.PLANNED
    services.agenda_item_add(meeting=chamber_meeting, title="Opening", kind="information", actor=None)
    assert client.post(url).status_code == 302
    published = Meeting.objects.get(pk=chamber_meeting.pk)
    assert published.status == MeetingStatus.AGENDA_PUBLISHED
    assert published.pending_notice == MeetingNotice.INVITATION


def test_publish_agenda_is_404_for_an_outsider_and_403_for_a_member(cast: Cast, chamber_meeting: Meeting) -> None:
    url = reverse("meetings:meeting_publish_agenda", kwargs={"uuid": chamber_meeting.uuid})
    assert cast.client("outsider").post(url).status_code == 404
    assert cast.client("member").post(url).status_code == 403
    assert cast.client("board").post(url).status_code == 403


def test_cancel_needs_a_reason(cast: Cast, chamber_meeting: Meeting) -> None:
    url = reverse("meetings:meeting_cancel", kwargs={"uuid": chamber_meeting.uuid})
    client = cast.client("supporter")
    assert client.get(url).status_code == 200
    response = client.post(url, {"reason": " "})
    assert response.status_code == 200
    assert "reason" in response.context["form"].errors
    assert Meeting.objects.get(pk=chamber_meeting.pk).status == MeetingStatus.PLANNED
    assert client.post(url, {"reason": "Te weinig aanmeldingen"}).status_code == 302
    cancelled = Meeting.objects.get(pk=chamber_meeting.pk)
    assert cancelled.status == MeetingStatus.CANCELLED
    assert cancelled.cancelled_reason == "Te weinig aanmeldingen"
    assert cast.client("member").get(url).status_code == 403
    assert cast.client("outsider").get(url).status_code == 404


def test_mark_held_only_once_started(cast: Cast, chamber_meeting: Meeting, past_chamber_meeting: Meeting) -> None:
    client = cast.client("supporter")
    future = reverse("meetings:meeting_mark_held", kwargs={"uuid": chamber_meeting.uuid})
    assert client.get(future).status_code == 405
    client.post(future)
    assert Meeting.objects.get(pk=chamber_meeting.pk).status == MeetingStatus.PLANNED
    past = reverse("meetings:meeting_mark_held", kwargs={"uuid": past_chamber_meeting.uuid})
    assert cast.client("member").post(past).status_code == 403
    assert cast.client("outsider").post(past).status_code == 404
    assert client.post(past).status_code == 302
    assert Meeting.objects.get(pk=past_chamber_meeting.pk).status == MeetingStatus.HELD
