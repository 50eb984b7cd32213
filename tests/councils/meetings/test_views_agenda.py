"""Agenda pages: add and change items, move them up and down (htmx and without JavaScript), link documents."""

import html5lib
from django.urls import reverse

from councils.meetings import services
from councils.models import AgendaItem, AgendaItemKind, Confidentiality, Meeting
from tests.conftest import Cast
from tests.factories import make_document, make_meeting


def _items(meeting: Meeting) -> list[str]:
    return list(AgendaItem.objects.filter(meeting=meeting).order_by("position").values_list("title", flat=True))


def _three(meeting: Meeting) -> list[AgendaItem]:
    return [
        services.agenda_item_add(meeting=meeting, title=title, kind=AgendaItemKind.DISCUSSION, actor=None)
        for title in ("Opening", "Jaarplan", "Rondvraag")
    ]


def test_supporter_adds_an_item_at_the_end(cast: Cast, chamber_meeting: Meeting) -> None:
    _three(chamber_meeting)
    url = reverse("meetings:agenda_item_add", kwargs={"uuid": chamber_meeting.uuid})
    client = cast.client("supporter")
    assert client.get(url).status_code == 200
    data = {
        "title": "Beleidsinformatie",
        "kind": AgendaItemKind.YEARLY_POLICY_INFORMATION,  # W-INF-1
        "description": "De bestuurder vertelt over het beleid.",
        "presenter": "Bestuurder",
        "duration_minutes": "30",
    }
    assert client.post(url, data).status_code == 302
    item = AgendaItem.objects.get(title="Beleidsinformatie")
    assert item.position == 4
    assert item.duration_minutes == 30
    assert item.history.first().history_user == cast.supporter


def test_adding_with_bad_input_is_re_rendered_and_saves_nothing(cast: Cast, chamber_meeting: Meeting) -> None:
    url = reverse("meetings:agenda_item_add", kwargs={"uuid": chamber_meeting.uuid})
    response = cast.client("supporter").post(url, {"title": "", "kind": "gossip", "duration_minutes": "0"})
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"title", "kind", "duration_minutes"}
    assert not AgendaItem.objects.exists()


def test_adding_is_404_for_an_outsider_and_403_for_a_member(cast: Cast, chamber_meeting: Meeting) -> None:
    url = reverse("meetings:agenda_item_add", kwargs={"uuid": chamber_meeting.uuid})
    assert cast.client("outsider").get(url).status_code == 404
    assert cast.client("member").get(url).status_code == 403
    assert cast.client("member").post(url, {"title": "x", "kind": "information"}).status_code == 403
    assert not AgendaItem.objects.exists()


def test_supporter_changes_an_item(cast: Cast, chamber_meeting: Meeting) -> None:
    item = _three(chamber_meeting)[1]
    url = reverse("meetings:agenda_item_update", kwargs={"uuid": chamber_meeting.uuid, "pk": item.pk})
    client = cast.client("supporter")
    page = client.get(url)
    assert page.context["form"].initial["title"] == "Jaarplan"
    parser = html5lib.HTMLParser(strict=True)
    parser.parse(page.content)
    data = {"title": "Jaarplan 2027", "kind": AgendaItemKind.DECISION, "description": "", "presenter": ""}
    assert client.post(url, data).status_code == 302
    item.refresh_from_db()
    assert (item.title, item.kind, item.position) == ("Jaarplan 2027", AgendaItemKind.DECISION, 2)
    bad = client.post(url, {"title": "", "kind": AgendaItemKind.DECISION})
    assert bad.status_code == 200
    assert AgendaItem.objects.get(pk=item.pk).title == "Jaarplan 2027"


def test_an_item_of_another_meeting_is_404(cast: Cast, chamber_meeting: Meeting) -> None:
    other = make_meeting(body=cast.chamber)
    item = _three(other)[0]
    url = reverse("meetings:agenda_item_update", kwargs={"uuid": chamber_meeting.uuid, "pk": item.pk})
    assert cast.client("supporter").get(url).status_code == 404
    assert cast.client("member").get(url).status_code == 403


def test_move_without_javascript_redirects_back_to_the_item(cast: Cast, chamber_meeting: Meeting) -> None:
    items = _three(chamber_meeting)
    url = reverse("meetings:agenda_item_move", kwargs={"uuid": chamber_meeting.uuid, "pk": items[2].pk})
    client = cast.client("supporter")
    assert client.get(url).status_code == 405
    response = client.post(url, {"direction": "up"})
    assert response.status_code == 302
    assert response["Location"].endswith(f"#agendapunt-{items[2].pk}")
    assert _items(chamber_meeting) == ["Opening", "Rondvraag", "Jaarplan"]
    # At the top nothing changes; a wrong direction changes nothing either.
    top = reverse("meetings:agenda_item_move", kwargs={"uuid": chamber_meeting.uuid, "pk": items[0].pk})
    client.post(top, {"direction": "up"})
    client.post(top, {"direction": "sideways"})
    assert _items(chamber_meeting) == ["Opening", "Rondvraag", "Jaarplan"]


def test_move_with_htmx_answers_with_the_agenda_fragment(cast: Cast, chamber_meeting: Meeting) -> None:
    items = _three(chamber_meeting)
    url = reverse("meetings:agenda_item_move", kwargs={"uuid": chamber_meeting.uuid, "pk": items[0].pk})
    response = cast.client("supporter").post(url, {"direction": "down"}, headers={"HX-Request": "true"})
    assert response.status_code == 200
    content = response.content.decode()
    assert content.lstrip().startswith('<div id="agenda"')
    assert "<html" not in content
    agenda = content[content.index("<ol") :]
    assert agenda.index("Jaarplan") < agenda.index("Opening")
    # The status (a live region) tells screen-reader users where the item went.
    assert response.context["agenda_status"]
    assert _items(chamber_meeting) == ["Jaarplan", "Opening", "Rondvraag"]
    # The buttons are keyboard-usable and their accessible names name the item.
    assert f'id="move-up-{items[0].pk}"' in content
    assert 'portal-visually-hidden">: Opening</span>' in content
    assert 'data-testid="agenda-status"' in content


def test_move_is_404_for_an_outsider_and_403_for_a_member(cast: Cast, chamber_meeting: Meeting) -> None:
    item = _three(chamber_meeting)[1]
    url = reverse("meetings:agenda_item_move", kwargs={"uuid": chamber_meeting.uuid, "pk": item.pk})
    assert cast.client("outsider").post(url, {"direction": "up"}).status_code == 404
    assert cast.client("member").post(url, {"direction": "up"}).status_code == 403
    assert _items(chamber_meeting) == ["Opening", "Jaarplan", "Rondvraag"]


def test_link_a_document_of_the_body_to_an_item(cast: Cast, chamber_meeting: Meeting) -> None:
    item = _three(chamber_meeting)[1]
    document = make_document(body=cast.chamber, meeting=chamber_meeting, title="Jaarplan 2027")
    other_body = make_document(body=cast.other_chamber, title="Ouderraad stuk")
    url = reverse("meetings:agenda_item_link_document", kwargs={"uuid": chamber_meeting.uuid, "pk": item.pk})
    client = cast.client("supporter")
    assert client.get(url).status_code == 405
    edit = client.get(reverse("meetings:agenda_item_update", kwargs={"uuid": chamber_meeting.uuid, "pk": item.pk}))
    assert list(edit.context["link_form"].fields["document"].queryset) == [document]
    assert client.post(url, {"document": str(other_body.uuid)}).status_code == 302
    assert not item.documents.exists()
    assert client.post(url, {"document": str(document.uuid)}).status_code == 302
    assert list(item.documents.all()) == [document]
    assert cast.client("member").post(url, {"document": str(document.uuid)}).status_code == 403
    assert cast.client("outsider").post(url, {"document": str(document.uuid)}).status_code == 404


def test_a_linked_document_the_member_may_not_read_is_not_shown_with_the_item(
    cast: Cast, chamber_meeting: Meeting
) -> None:
    item = _three(chamber_meeting)[0]
    secret = make_document(body=cast.chamber, confidentiality=Confidentiality.BOARD_AND_SUPPORTERS, title="Geheim")
    services.agenda_item_link_document(item=item, document=secret, actor=None)
    response = cast.client("member").get(reverse("meetings:meeting_detail", kwargs={"uuid": chamber_meeting.uuid}))
    assert response.context["agenda"][0]["documents"] == []
    assert b"Geheim" not in response.content
