"""House rules are the council's (W-REG-3): a supporter of that council records the text or document, the meeting in
which the council adopted them and the date; administrators and the board cannot."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from councils import services
from councils.meetings import services as meeting_services
from councils.models import Body, HouseRules
from tests.conftest import Cast
from tests.factories import PDF_BYTES, make_body, make_meeting, make_user
from tests.helpers import login_verified

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def _past_meeting(body: Body, days: int = 3):
    return make_meeting(body=body, starts_at=timezone.now() - datetime.timedelta(days=days))


def _adopt(council: Body, **overrides):
    values = {
        "council": council,
        "text": "Wij vergaderen elke maand.",
        "wishes_inventory": "We bezoeken elke locatie.",
        "informing_clients": "Via de openbare pagina.",
        "meeting": _past_meeting(council),
        "adopted_on": TODAY,
        "actor": None,
    }
    values.update(overrides)
    return services.house_rules_adopt(**values)


@pytest.fixture
def council_supporter(cast: Cast):
    user = make_user(username="ria-raadsondersteuner")
    services.body_supporter_add(body=cast.council, user=user, actor=None, reason="test")
    return user


def test_w_reg_3_house_rules_are_versioned_with_meeting_and_date(cast: Cast) -> None:
    first = _adopt(cast.council)
    second = _adopt(cast.council, text="", file=SimpleUploadedFile("regels.pdf", PDF_BYTES))
    assert (first.version, second.version) == (1, 2)
    assert second.meeting.body == cast.council
    assert second.adopted_on == TODAY
    # A meeting of one of the council's chambers counts as the council's.
    assert _adopt(cast.council, meeting=_past_meeting(cast.chamber)).version == 3


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"text": " "}, "text"),
        ({"wishes_inventory": ""}, "wishes_inventory"),
        ({"informing_clients": "  "}, "informing_clients"),
        ({"adopted_on": TODAY + datetime.timedelta(days=1)}, "adopted_on"),
        ({"adopted_on": TODAY - datetime.timedelta(days=10)}, "adopted_on"),  # before the meeting
    ],
)
def test_w_reg_3_house_rules_state_what_the_law_asks(cast: Cast, overrides, field: str) -> None:
    with pytest.raises(ValidationError) as error:
        _adopt(cast.council, **overrides)
    assert field in error.value.message_dict
    assert not HouseRules.objects.exists()


def test_w_reg_3_meeting_must_be_the_councils_and_not_cancelled(cast: Cast) -> None:
    other = make_body(name="Andere raad", slug="andere-raad")
    with pytest.raises(ValidationError) as error:
        _adopt(cast.council, meeting=_past_meeting(other))
    assert "meeting" in error.value.message_dict
    future = make_meeting(body=cast.council)
    meeting_services.meeting_cancel(meeting=future, reason="geen quorum", actor=None)
    with pytest.raises(ValidationError):
        _adopt(cast.council, meeting=future)
    with pytest.raises(ValidationError, match="Only a client council"):
        _adopt(cast.chamber, meeting=_past_meeting(cast.chamber))
    assert not HouseRules.objects.exists()


def test_w_reg_3_only_council_supporter_adopts_house_rules(cast: Cast, council_supporter) -> None:
    url = reverse("councils:house_rules_adopt", args=["cast-council"])
    meeting = _past_meeting(cast.council)
    data = {
        "text": "Wij vergaderen elke maand.",
        "wishes_inventory": "We bezoeken elke locatie.",
        "informing_clients": "Via de openbare pagina.",
        "meeting": meeting.pk,
        "adopted_on": TODAY.isoformat(),
    }
    # Administrators, the board, a chamber's supporter and members may not; outsiders do not see the council.
    for role in ("administrator", "board", "supporter", "member"):
        client = login_verified(Client(), getattr(cast, role))
        assert client.get(url).status_code == 403
        assert client.post(url, data).status_code == 403
    assert login_verified(Client(), cast.outsider).get(url).status_code == 404
    assert not HouseRules.objects.exists()
    # A chamber has no house rules of its own: its council's supporter gets 403 there too.
    client = login_verified(Client(), council_supporter)
    assert client.get(reverse("councils:house_rules_adopt", args=["cast-youth"])).status_code == 403

    assert client.get(url).status_code == 200
    response = client.post(url, data)
    assert response.status_code == 302
    rules = HouseRules.objects.get()
    assert (rules.council, rules.meeting, rules.adopted_on, rules.version) == (cast.council, meeting, TODAY, 1)
    assert rules.history.first().history_user == council_supporter
    # The council's page (and a chamber's) shows them; only the council's supporter gets the link to record more.
    page = client.get(reverse("councils:body_detail", args=["cast-council"]))
    assert 'data-testid="house-rules"' in page.text
    assert url in page.text
    admin_page = login_verified(Client(), cast.administrator).get(reverse("councils:body_detail", args=["cast-youth"]))
    assert "We bezoeken elke locatie." in admin_page.text
    assert url not in admin_page.text


def test_w_reg_3_form_errors_are_shown_and_nothing_is_saved(cast: Cast, council_supporter) -> None:
    url = reverse("councils:house_rules_adopt", args=["cast-council"])
    client = login_verified(Client(), council_supporter)
    meeting = _past_meeting(cast.council)
    response = client.post(
        url,
        {
            "text": "",
            "wishes_inventory": "x",
            "informing_clients": "y",
            "meeting": meeting.pk,
            "adopted_on": TODAY.isoformat(),
        },
    )
    assert response.status_code == 200
    assert "Give the text of the house rules or attach the document." in response.text
    bad_file = client.post(
        url,
        {
            "file": SimpleUploadedFile("regels.pdf", b"not a pdf"),
            "wishes_inventory": "x",
            "informing_clients": "y",
            "meeting": meeting.pk,
            "adopted_on": TODAY.isoformat(),
        },
    )
    assert bad_file.status_code == 200
    assert not HouseRules.objects.exists()
    # Another council's meeting is not offered.
    other = _past_meeting(make_body(name="Andere raad", slug="andere-raad"))
    response = client.post(
        url,
        {
            "text": "Regels",
            "wishes_inventory": "x",
            "informing_clients": "y",
            "meeting": other.pk,
            "adopted_on": TODAY.isoformat(),
        },
    )
    assert response.status_code == 200
    assert not HouseRules.objects.exists()


def test_w_reg_3_house_rules_page_404_and_405(cast: Cast, council_supporter) -> None:
    url = reverse("councils:house_rules_adopt", args=["cast-council"])
    client = login_verified(Client(), council_supporter)
    assert client.get(reverse("councils:house_rules_adopt", args=["no-such-council"])).status_code == 404
    assert client.put(url).status_code == 405
    assert client.delete(url).status_code == 405
    assert not HouseRules.objects.exists()


def test_w_reg_3_pages_are_valid_html5(cast: Cast, council_supporter) -> None:
    """The matrix gives nobody in the cast this page (the cast supporter supports a chamber): checked here, with the
    council page showing house rules and a pending regulation proposal."""
    from tests.test_html_matrix import _errors

    _adopt(cast.council)
    services.regulation_change_propose(
        regulation=cast.council.regulation, data={"trial_months": 6}, actor=None, reason="p"
    )
    client = login_verified(Client(), council_supporter)
    for url in (
        reverse("councils:house_rules_adopt", args=["cast-council"]),
        reverse("councils:body_detail", args=["cast-council"]),
        reverse("public:body_detail", args=["cast-council"]),
    ):
        response = client.get(url)
        assert response.status_code == 200
        assert _errors(response.content, fragment=False) == []
    invalid = client.post(reverse("councils:house_rules_adopt", args=["cast-council"]), {"text": ""})
    assert invalid.status_code == 200
    assert _errors(invalid.content, fragment=False) == []
