"""The panels pages: happy paths, bad input re-rendered with a message, and who gets 403, 404 and 405."""

import datetime

from django.urls import reverse
from django.utils import timezone

from incluzio_mz.models import Notification
from panels.models import Activity, LocalContact, Signal, SignalStatus
from panels.services import activities, signals
from tests.conftest import Cast


def _signal(cast: Cast, **kwargs: object) -> Signal:
    values: dict[str, object] = {
        "body": cast.chamber,
        "title": "Wachtlijst",
        "description": "Te lang.",
        "source": "member",
        "sender_contact": "06 1234",
        "actor": None,
    }
    values.update(kwargs)
    return signals.signal_create(**values)  # type: ignore[arg-type]


def test_activity_create_bad_input_is_shown_again_with_a_message(cast: Cast) -> None:
    url = reverse("panels:activity_create", args=[cast.chamber.slug])
    response = cast.client("supporter").post(url, {"title": "", "method": "focus_group", "held_on": "2026-02-01"})
    assert response.status_code == 200
    assert "This field is required." in response.text
    future = (timezone.localdate() + datetime.timedelta(days=5)).isoformat()
    response = cast.client("supporter").post(
        url, {"title": "Enquête", "method": "survey", "held_on": future, "participants": "5"}
    )
    assert response.status_code == 200
    assert "cannot have participants or an outcome yet" in response.text
    assert not Activity.objects.exists()


def test_activity_pages_for_members_and_outsiders(cast: Cast) -> None:
    activity = activities.activity_create(
        body=cast.chamber, method="survey", title="Enquête", held_on=timezone.localdate(), actor=None
    )
    assert cast.client("member").get(reverse("panels:activity_create", args=[cast.chamber.slug])).status_code == 403
    update = reverse("panels:activity_update", args=[cast.chamber.slug, activity.uuid])
    assert cast.client("member").get(update).status_code == 403
    assert cast.client("outsider").get(update).status_code == 404
    # The activity is reached only under its own body.
    wrong = reverse("panels:activity_detail", args=[cast.council.slug, activity.uuid])
    assert cast.client("supporter").get(wrong).status_code == 404
    response = cast.client("supporter").post(
        update,
        {"title": "Enquête", "method": "survey", "held_on": timezone.localdate().isoformat(), "participants": "40",
         "summary": "Veel reacties.", "follow_up": ""},
    )  # fmt: skip
    assert response.status_code == 302
    activity.refresh_from_db()
    assert activity.participants == 40


def test_signal_create_from_an_activity_and_the_whole_follow_up(cast: Cast) -> None:
    activity = activities.activity_create(
        body=cast.chamber, method="pizza_session", title="Pizzasessie", held_on=timezone.localdate(), actor=None
    )
    client = cast.client("supporter")
    url = reverse("panels:signal_create", args=[cast.chamber.slug])
    form = client.get(url + f"?activiteit={activity.uuid}")
    assert form.status_code == 200
    response = client.post(
        url,
        {"title": "Geen wifi", "description": "Op de groep is geen wifi.", "source": "activity",
         "activity": activity.pk, "theme": "living", "received_on": timezone.localdate().isoformat(),
         "sender_name": "Sam", "sender_contact": "sam@example.org"},
    )  # fmt: skip
    signal = Signal.objects.get()
    assert response.status_code == 302
    assert signal.activity == activity
    assert signal.created_by == cast.supporter
    detail = reverse("panels:signal_detail", args=[signal.uuid])
    assert client.post(reverse("panels:signal_start_handling", args=[signal.uuid])).status_code == 302
    assert client.post(reverse("panels:signal_answer", args=[signal.uuid]), {"response": ""}).status_code == 200
    client.post(reverse("panels:signal_answer", args=[signal.uuid]), {"response": "Wifi wordt aangelegd."})
    client.post(
        reverse("panels:signal_told", args=[signal.uuid]),
        {"told_on": timezone.localdate().isoformat(), "told_how": "Per e-mail"},
    )
    client.post(reverse("panels:signal_close", args=[signal.uuid]))
    signal.refresh_from_db()
    assert signal.status == SignalStatus.CLOSED
    page = client.get(detail)
    assert "Wifi wordt aangelegd." in page.text
    assert "Per e-mail" in page.text
    assert 'data-testid="history"' in page.text
    assert "Being handled" in page.text  # the history shows each step


def test_signal_told_rejects_a_future_date(cast: Cast) -> None:
    signal = _signal(cast)
    future = (timezone.localdate() + datetime.timedelta(days=3)).isoformat()
    response = cast.client("supporter").post(
        reverse("panels:signal_told", args=[signal.uuid]), {"told_on": future, "told_how": "Gebeld"}
    )
    assert response.status_code == 200
    assert "cannot be in the future" in response.text


def test_signal_steps_are_post_only_and_gated(cast: Cast) -> None:
    signal = _signal(cast)
    assert cast.client("supporter").get(reverse("panels:signal_close", args=[signal.uuid])).status_code == 405
    assert cast.client("outsider").post(reverse("panels:signal_close", args=[signal.uuid])).status_code == 404
    assert cast.client("member").post(reverse("panels:signal_start_handling", args=[signal.uuid])).status_code == 404
    # Not forwarded: the council's step is refused by the service, with a message on the page.
    response = cast.client("administrator").post(
        reverse("panels:signal_council_answer", args=[signal.uuid]),
        {"council_response": "x", "council_responded_on": timezone.localdate().isoformat()},
    )
    assert response.status_code == 200
    assert "Only a forwarded signal" in response.text


def test_signal_list_filters(cast: Cast) -> None:
    waiting = _signal(cast, title="Nog te doen")
    answered = _signal(cast, title="Beantwoord")
    signals.signal_answer(signal=answered, response="Gedaan.", actor=None)
    client = cast.client("supporter")
    reply = client.get(reverse("panels:signal_list") + "?show=reply").text
    assert "Nog te doen" in reply
    assert "Beantwoord" not in reply
    not_told = client.get(reverse("panels:signal_list") + "?show=not_told").text
    assert "Beantwoord" in not_told
    assert "Nog te doen" not in not_told
    assert waiting.reference in client.get(reverse("panels:signal_list")).text
    # Members and the board see an empty list.
    assert "Nog te doen" not in cast.client("member").get(reverse("panels:signal_list")).text
    assert "Nog te doen" not in cast.client("board").get(reverse("panels:signal_list")).text


def test_home_page_shows_what_needs_attention(cast: Cast) -> None:
    answered = _signal(cast, title="Nog niet teruggekoppeld")
    signals.signal_answer(signal=answered, response="Gedaan.", actor=None)
    _signal(cast, title="Nieuw binnen")
    page = cast.client("supporter").get(reverse("home")).text
    assert 'data-testid="attention-needs-reply"' in page
    assert 'data-testid="attention-not-told"' in page
    assert "Nog niet teruggekoppeld" in page
    assert 'data-testid="panels-attention"' not in cast.client("member").get(reverse("home")).text


def test_contact_create(cast: Cast) -> None:
    url = reverse("panels:contact_create", args=[cast.council.slug])
    client = cast.client("supporter")
    response = client.post(url, {"kind": "working_visit", "held_on": timezone.localdate().isoformat()})
    assert response.status_code == 200
    assert "Choose the unit that was visited." in response.text
    response = client.post(
        url, {"kind": "working_visit", "held_on": timezone.localdate().isoformat(), "unit": cast.unit.pk}
    )
    assert response.status_code == 302
    assert LocalContact.objects.get().unit == cast.unit
    assert cast.client("member").get(url).status_code == 403
    assert cast.client("supporter").get(reverse("panels:contact_list", args=[cast.chamber.slug])).status_code == 404


def test_notifications_name_the_reference_not_the_sender(cast: Cast) -> None:
    signal = _signal(cast, sender_name="Geheime Naam")
    notification = Notification.objects.get(kind=signals.SIGNAL_RECEIVED, recipient=cast.supporter)
    assert signal.reference in notification.title
    assert "Geheime Naam" not in notification.title


def test_signal_form_names_activities_with_dutch_dates(cast: Cast) -> None:
    """The activity choice on the signal form reads "Pizzasessie (4 maart 2026)", never an ISO date."""
    activities.activity_create(
        body=cast.chamber, method="pizza_session", title="Pizzasessie", held_on=datetime.date(2026, 3, 4), actor=None
    )
    client = cast.client("supporter")
    client.cookies["django_language"] = "nl"
    page = client.get(reverse("panels:signal_create", args=[cast.chamber.slug]), headers={"accept-language": "nl"})
    assert "Pizzasessie (4 maart 2026)" in page.text
    assert "2026-03-04" not in page.text
