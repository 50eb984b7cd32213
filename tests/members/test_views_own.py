"""The member's own page ("Mijn lidmaatschap"), the notification list, and the navigation items."""

from datetime import UTC, datetime
from decimal import Decimal

from django.urls import reverse
from django.utils import timezone

from incluzio_mz.models import Notification
from incluzio_mz.services import notification_send
from members.services.allowances import allowance_record
from tests.conftest import Cast

MINE = reverse("members:my_membership")
NOTIFICATIONS = reverse("members:notification_list")


def _notify(cast: Cast, title: str, day: int) -> Notification:
    notification = notification_send(
        recipient=cast.member,
        subject=cast.chamber,
        kind="test",
        due_at=datetime(2026, 3, day, 6, tzinfo=UTC),
        title=title,
        url="/mijn-lidmaatschap/",
    )
    assert notification is not None
    return notification


def test_my_membership_shows_role_dates_allowances_and_how_to_leave(cast: Cast) -> None:
    membership = cast.member_person.memberships.get()
    allowance_record(
        membership=membership,
        month=timezone.localdate(),
        amount=Decimal("25"),
        kind="meeting",
        hours=Decimal("5"),
        actor=None,
    )
    response = cast.client("member").get(MINE)
    assert response.status_code == 200
    (row,) = response.context["rows"]
    assert row["membership"] == membership
    assert [payment.amount for payment in row["allowances"]] == [Decimal("25.00")]
    assert row["supporters"] == [cast.supporter]
    content = response.content.decode()
    assert "Cast youth chamber" in content
    assert "2029" in content  # the term's end, 1 January 2029
    assert 'data-testid="how-to-leave"' in content
    assert cast.supporter.display_name in content


def test_my_membership_without_a_membership_is_a_friendly_page(cast: Cast) -> None:
    for role in ("outsider", "supporter", "board"):
        response = cast.client(role).get(MINE)
        assert response.status_code == 200
        assert 'data-testid="no-membership"' in response.content.decode()


def test_notifications_newest_first_unread_marked_and_marked_read(cast: Cast) -> None:
    older = _notify(cast, "Eerste", 1)
    newer = _notify(cast, "Tweede", 2)
    client = cast.client("member")
    response = client.get(NOTIFICATIONS)
    assert list(response.context["page"].object_list) == [newer, older]
    assert response.content.decode().count(">new<") == 2
    read = reverse("members:notification_read", args=[older.pk])
    assert client.get(read).status_code == 405
    assert cast.client("other_member").post(read).status_code == 404
    response = client.post(read)
    assert response.status_code == 302
    assert response["Location"] == NOTIFICATIONS
    older.refresh_from_db()
    assert older.read_at is not None
    assert client.get(NOTIFICATIONS).content.decode().count(">new<") == 1
    # An outside "next" is ignored; a local one is followed.
    assert client.post(read, {"next": "https://evil.example/"})["Location"] == NOTIFICATIONS
    assert client.post(read, {"next": "/mijn-lidmaatschap/"})["Location"] == "/mijn-lidmaatschap/"


def test_navigation_items_per_role(cast: Cast) -> None:
    _notify(cast, "Eerste", 1)

    def nav(role: str) -> list[str]:
        response = cast.client(role).get("/")
        return [item.url_name for item in response.context["nav_items"]]

    assert "members:person_list" in nav("supporter")
    assert "members:person_list" in nav("administrator")
    assert "members:person_list" not in nav("board")
    assert "members:my_membership" in nav("member")
    assert "members:my_membership" not in nav("outsider")
    assert "members:notification_list" in nav("outsider")
    labels = [str(item.label) for item in cast.client("member").get("/").context["nav_items"]]
    assert any("(1 " in label for label in labels), labels
