"""The demo meetings (issue 6 item 11), through the meetings gate as the demo accounts see them."""

from typing import Any

import pytest
from django.http import Http404
from django.utils import timezone

from accounts.models import User
from councils.meetings.permissions import document_for_user, documents_for_user, meetings_for_user
from councils.models import Body
from councils.models.meetings import ActionItemStatus, Confidentiality, Document, Meeting, MeetingKind, MeetingStatus
from incluzio_mz.demo import load_demo_data


@pytest.fixture
def demo(settings: Any, db: None) -> None:
    settings.DEMO_MODE = True
    load_demo_data()


def _user(username: str) -> User:
    return User.objects.get(username=username)


def test_joint_meeting_next_week_with_published_agenda_and_documents(demo: None) -> None:
    joint = Meeting.objects.get(kind=MeetingKind.JOINT, title="Overleg met de bestuurder")
    assert joint.status == MeetingStatus.AGENDA_PUBLISHED
    assert 6 <= (joint.starts_at.date() - timezone.localdate()).days <= 7
    assert joint.items.count() >= 3
    assert Document.objects.filter(meeting=joint).count() == 2
    # Both chambers' members see the joint meeting; the board-and-supporters budget is not theirs.
    mika = _user("lid-jongeren")
    assert joint in meetings_for_user(mika)
    assert joint in meetings_for_user(_user("lid-ouders"))
    titles = {document.title for document in documents_for_user(mika, joint)}
    assert titles == {"Beleidsplan jeugd 2027 (samenvatting)"}
    assert {d.title for d in documents_for_user(_user("bestuurder"), joint)} >= {"Begroting 2027"}


def test_chamber_meetings_and_past_meetings_with_approved_minutes(demo: None) -> None:
    youth, parents = Body.objects.get(slug="jongerenraad"), Body.objects.get(slug="ouderraad")
    evening = Meeting.objects.get(body=youth, title__startswith="Jongerenraad: maandelijkse")
    assert evening.starts_at.astimezone(timezone.get_current_timezone()).hour == 19
    daytime = Meeting.objects.get(body=parents)
    assert daytime.starts_at.astimezone(timezone.get_current_timezone()).hour == 10
    past = Meeting.objects.filter(body=youth, status=MeetingStatus.MINUTES_APPROVED)
    assert past.count() == 2
    statuses = set(youth.action_items.values_list("status", flat=True))
    assert statuses == {ActionItemStatus.OPEN, ActionItemStatus.DONE}
    council = Body.objects.get(slug="centrale-klantenraad-jeugd")
    assert council.action_items.commitments().open().count() == 1


def test_chamber_only_documents_stay_in_their_chamber(demo: None) -> None:
    for slug in ("jongerenraad", "ouderraad"):
        assert Document.objects.filter(body__slug=slug, confidentiality=Confidentiality.CHAMBER).count() == 1
    parents_only = Document.objects.get(body__slug="ouderraad", confidentiality=Confidentiality.CHAMBER)
    with pytest.raises(Http404):
        document_for_user(_user("lid-jongeren"), parents_only.uuid)
    assert document_for_user(_user("lid-ouders"), parents_only.uuid) == parents_only
    assert document_for_user(_user("ondersteuner-ouders"), parents_only.uuid) == parents_only
