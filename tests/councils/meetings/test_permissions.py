"""The meetings gate (councils/meetings/permissions.py) for every cast role, action and confidentiality level."""

import uuid

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404

from councils import services as council_services
from councils.meetings import permissions as gate
from councils.meetings import services
from councils.meetings.permissions import DocumentAction, MeetingAction
from councils.models import AgendaItemKind, BodyKind, Confidentiality, Document, Meeting
from tests.conftest import ROLES, Cast
from tests.councils.meetings.conftest import hours_from_now
from tests.factories import make_body, make_document, make_meeting, make_user

# Which meetings each role sees: "chamber" (the member's), "other" (the other chamber's), "joint" (the council's).
SEES_MEETINGS = {
    "anonymous": set(),
    "outsider": set(),
    "member": {"chamber", "joint"},
    "other_member": {"other", "joint"},
    "supporter": {"chamber", "other", "joint"},
    "board": {"chamber", "other", "joint"},
    "administrator": {"chamber", "other", "joint"},
}
# Who manages them: the chamber's supporter manages the chamber only; administrators everything.
MANAGES_MEETINGS = {"supporter": {"chamber"}, "administrator": {"chamber", "other", "joint"}}


@pytest.fixture
def meetings(cast: Cast) -> dict[str, Meeting]:
    return {
        "chamber": make_meeting(body=cast.chamber),
        "other": make_meeting(body=cast.other_chamber),
        "joint": make_meeting(body=cast.council),
    }


@pytest.mark.parametrize("role", ROLES)
def test_meetings_for_user(cast: Cast, meetings: dict[str, Meeting], role: str) -> None:
    user = cast.user(role) or _anonymous()
    seen = set(gate.meetings_for_user(user))
    assert seen == {meetings[name] for name in SEES_MEETINGS[role]}
    managed = set(gate.meetings_for_user(user, MeetingAction.MANAGE))
    assert managed == {meetings[name] for name in MANAGES_MEETINGS.get(role, set())}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", ["chamber", "other", "joint"])
def test_meeting_for_user(cast: Cast, meetings: dict[str, Meeting], role: str, name: str) -> None:
    user = cast.user(role) or _anonymous()
    meeting = meetings[name]
    if name not in SEES_MEETINGS[role]:
        with pytest.raises(Http404):
            gate.meeting_for_user(user, meeting.uuid)
        with pytest.raises(Http404):
            gate.meeting_for_user(user, meeting.uuid, MeetingAction.MANAGE)
        return
    assert gate.meeting_for_user(user, meeting.uuid) == meeting
    if name in MANAGES_MEETINGS.get(role, set()):
        assert gate.meeting_for_user(user, str(meeting.uuid), MeetingAction.MANAGE) == meeting
    else:
        with pytest.raises(PermissionDenied):
            gate.meeting_for_user(user, meeting.uuid, MeetingAction.MANAGE)


@pytest.mark.parametrize("bad", [uuid.uuid4(), "not-a-uuid"])
def test_meeting_for_user_unknown_is_404(cast: Cast, bad: object) -> None:
    with pytest.raises(Http404):
        gate.meeting_for_user(cast.administrator, bad)  # type: ignore[arg-type]


# Who reads a document of the member's chamber, per level. "body" is the whole council; "chamber" only the body
# itself (its members and the supporters who manage it); "board_and_supporters" never members.
READS_CHAMBER_DOCUMENT = {
    Confidentiality.PUBLIC: {"member", "supporter", "board", "administrator"},
    Confidentiality.BODY: {"member", "other_member", "supporter", "board", "administrator"},
    Confidentiality.CHAMBER: {"member", "supporter", "administrator"},
    Confidentiality.BOARD_AND_SUPPORTERS: {"supporter", "board", "administrator"},
}
# The same for a document of the other chamber (whose supporter the cast's supporter is not).
READS_OTHER_CHAMBER_DOCUMENT = {
    Confidentiality.PUBLIC: {"other_member", "supporter", "board", "administrator"},
    Confidentiality.BODY: {"member", "other_member", "supporter", "board", "administrator"},
    Confidentiality.CHAMBER: {"other_member", "administrator"},
    # Not the supporter of the sibling chamber: only that body's supporters and its council's (issue 15).
    Confidentiality.BOARD_AND_SUPPORTERS: {"board", "administrator"},
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("level", Confidentiality.values)
@pytest.mark.parametrize("which", ["chamber", "other_chamber"])
def test_document_for_user(cast: Cast, role: str, level: str, which: str) -> None:
    document = make_document(body=getattr(cast, which), confidentiality=level)
    user = cast.user(role) or _anonymous()
    expected = (READS_CHAMBER_DOCUMENT if which == "chamber" else READS_OTHER_CHAMBER_DOCUMENT)[Confidentiality(level)]
    if role in expected:
        assert gate.document_for_user(user, document.uuid) == document
        assert gate.document_version_for_user(user, document.uuid, 1).number == 1
    else:
        with pytest.raises(Http404):
            gate.document_for_user(user, document.uuid)
        with pytest.raises(Http404):
            gate.document_version_for_user(user, document.uuid, 1)


@pytest.mark.parametrize("role", ["member", "board", "supporter", "administrator"])
def test_document_for_user_manage(cast: Cast, role: str) -> None:
    document = make_document(body=cast.chamber, confidentiality=Confidentiality.BODY)
    user = cast.user(role)
    assert user is not None
    if role in ("supporter", "administrator"):
        assert gate.document_for_user(user, document.uuid, DocumentAction.MANAGE) == document
    else:
        with pytest.raises(PermissionDenied):
            gate.document_for_user(user, document.uuid, DocumentAction.MANAGE)


def test_a_member_of_the_other_chamber_gets_404_for_a_chamber_only_document(cast: Cast) -> None:
    """The issue's check: lid-jongeren cannot open the ouderraad's confidential paper, by URL or in a list."""
    meeting = make_meeting(body=cast.other_chamber)
    secret = make_document(body=cast.other_chamber, meeting=meeting, confidentiality=Confidentiality.CHAMBER)
    open_paper = make_document(body=cast.other_chamber, meeting=meeting, confidentiality=Confidentiality.BODY)
    with pytest.raises(Http404):
        gate.document_for_user(cast.member, secret.uuid)
    assert list(gate.documents_for_user(cast.member, meeting)) == []  # may not see the meeting at all
    assert list(gate.documents_for_user(cast.member, cast.other_chamber)) == []
    assert set(gate.documents_for_user(cast.other_member, meeting)) == {secret, open_paper}


def test_documents_for_user_lists_the_meeting_papers_by_level(cast: Cast) -> None:
    meeting = make_meeting(body=cast.chamber)
    docs = {
        level: make_document(body=cast.chamber, meeting=meeting, confidentiality=level)
        for level in Confidentiality.values
    }
    # A body document linked to an item (not attached to the meeting itself) is one of the meeting's papers too.
    linked = make_document(body=cast.chamber, confidentiality=Confidentiality.BODY, title="Gekoppeld")
    item = services.agenda_item_add(meeting=meeting, title="Punt", kind=AgendaItemKind.DISCUSSION, actor=None)
    services.agenda_item_link_document(item=item, document=linked, actor=None)
    make_document(body=cast.chamber, confidentiality=Confidentiality.BODY, title="Los")  # the body's, not the meeting's

    def listed(role: str) -> set[Document]:
        user = cast.user(role) or _anonymous()
        return set(gate.documents_for_user(user, meeting))

    assert listed("member") == {docs["public"], docs["body"], docs["chamber"], linked}
    assert listed("board") == {docs["public"], docs["body"], docs["board_and_supporters"], linked}
    assert listed("supporter") == set(docs.values()) | {linked}
    assert listed("administrator") == set(docs.values()) | {linked}
    assert listed("other_member") == set()  # may not see the chamber's meeting
    assert listed("outsider") == listed("anonymous") == set()
    assert len(gate.documents_for_user(cast.member, cast.chamber)) == 5  # the body's documents, "Los" included


def test_minutes_and_attendance_for_user(cast: Cast) -> None:
    meeting = make_meeting(body=cast.chamber, starts_at=hours_from_now(-3))
    services.agenda_item_add(meeting=meeting, title="Punt", kind=AgendaItemKind.DISCUSSION, actor=None)
    services.meeting_publish_agenda(meeting=meeting, actor=None)
    draft = services.minutes_save_draft(meeting=meeting, text="Concept", actor=None)
    assert gate.minutes_for_user(cast.member, meeting) == []
    assert gate.minutes_for_user(cast.supporter, meeting) == [draft]
    services.minutes_share(minutes=draft, actor=None)
    assert gate.minutes_for_user(cast.member, meeting) == [draft]
    services.attendance_record(meeting=meeting, person=cast.member_person, status="present", actor=None)
    assert gate.attendance_for_user(cast.member, meeting) == []
    assert len(gate.attendance_for_user(cast.supporter, meeting)) == 1


def test_board_and_supporters_level_excludes_sibling_chamber_supporters(cast: Cast) -> None:
    """ "Board and supporters" is the board and the supporters of that body, or of the council a chamber belongs to
    (who manage it): never a sibling chamber's supporter, a panel's supporter or another council's supporter."""
    level = Confidentiality.BOARD_AND_SUPPORTERS
    panel = make_body(kind=BodyKind.PANEL, parent=cast.council)
    other_council = make_body(kind=BodyKind.COUNCIL)
    documents = {
        "council": make_document(body=cast.council, confidentiality=level),
        "chamber": make_document(body=cast.chamber, confidentiality=level),
        "other_chamber": make_document(body=cast.other_chamber, confidentiality=level),
        "panel": make_document(body=panel, confidentiality=level),
        "other_council": make_document(body=other_council, confidentiality=level),
    }
    council_supporter = make_user(username="cora-council-supporter")
    council_services.body_supporter_add(body=cast.council, user=council_supporter, actor=None, reason="test")
    panel_supporter = make_user(username="pim-panel-supporter")
    council_services.body_supporter_add(body=panel, user=panel_supporter, actor=None, reason="test")
    reads = {
        cast.supporter: {"chamber"},
        council_supporter: {"council", "chamber", "other_chamber", "panel"},
        panel_supporter: {"panel"},
        cast.board: set(documents),
    }
    for user, expected in reads.items():
        for name, document in documents.items():
            if name in expected:
                assert gate.document_for_user(user, document.uuid) == document, (user, name)
            else:
                with pytest.raises(Http404):
                    gate.document_for_user(user, document.uuid)


def _anonymous() -> AnonymousUser:
    return AnonymousUser()
