"""The regulation changes only with the council's consent (W-REG-1, W-BODY-4): proposed versions, activation with a
granted consent request on topic a or a replacing ruling, the old values in force until then, no admin bypass."""

import datetime

import pytest
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.roles import Role
from advice.models import ConsentAnswer, RulingEffect
from councils import services
from councils.models import (
    Body,
    HouseRules,
    Regulation,
    RegulationDocument,
    RegulationVersion,
    RegulationVersionStatus,
)
from members.services.memberships import regulation_for
from tests.advice.dispute_helpers import answered_consent, ruled_dispute
from tests.conftest import Cast
from tests.factories import make_body, make_user
from tests.helpers import login_verified

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


@pytest.fixture
def council() -> Body:
    council = make_body(name="Klantenraad HBH", slug="klantenraad-hbh")
    services.regulation_create_for_council(council=council, actor=None, reason="new council")
    return council


@pytest.fixture
def board():
    return make_user(username="bestuurder", roles=[Role.BOARD])


def _regulation(council: Body) -> Regulation:
    return Regulation.objects.get(council=council)


def _granted(council: Body, board, code: str = "CON-a"):
    return answered_consent(council=council, board=board, consent=ConsentAnswer.GRANTED, topic_code=code)


def test_w_reg_1_first_regulation_is_marked_not_consented(council: Body) -> None:
    regulation = _regulation(council)
    [first] = regulation.parameter_versions.all()
    assert (first.number, first.status, first.consented, first.valid_from) == (
        1,
        RegulationVersionStatus.EFFECTIVE,
        False,
        TODAY,
    )
    assert first.values["joint_meetings_target"] == 8
    assert regulation.effective_version() == first


def test_w_reg_1_change_needs_consent(council: Body, board) -> None:
    regulation = _regulation(council)
    admin_user = make_user(username="admin", roles=[Role.ADMINISTRATOR])
    proposal = services.regulation_change_propose(
        regulation=regulation, data={"trial_months": 6, "term_years": 4}, actor=admin_user, reason="new regulation"
    )
    assert proposal.status == RegulationVersionStatus.PROPOSED
    assert proposal.number == 2
    # Without a basis, or with a consent on another topic, a refused one, or another council's: refused.
    other = make_body(name="Andere raad", slug="andere-raad")
    refused = answered_consent(council=council, board=board, consent=ConsentAnswer.REFUSED, topic_code="CON-a")
    cases = [
        {},
        {"consent_request": _granted(council, board, "CON-k")},
        {"consent_request": refused},
        {"consent_request": _granted(other, board)},
        {"ruling": ruled_dispute(council=council, request=refused, effect=RulingEffect.UPHOLDS_REFUSAL)},
    ]
    for basis in cases:
        with pytest.raises(ValidationError):
            services.regulation_version_activate(version=proposal, actor=admin_user, reason="try", **basis)
    assert _regulation(council).trial_months == 3

    consent = _granted(council, board)
    version = services.regulation_version_activate(
        version=proposal, consent_request=consent, actor=admin_user, reason="council consented"
    )
    regulation = _regulation(council)
    assert (regulation.trial_months, regulation.term_years) == (6, 4)
    assert (version.status, version.consented, version.consent_request, version.valid_from) == (
        RegulationVersionStatus.EFFECTIVE,
        True,
        consent,
        TODAY,
    )
    assert regulation.parameter_versions.get(number=1).status == RegulationVersionStatus.SUPERSEDED
    assert regulation.history.first().history_user == admin_user
    assert regulation.history.first().history_change_reason == "council consented"
    # One consent brings one version into force.
    again = services.regulation_change_propose(
        regulation=regulation, data={"trial_months": 2}, actor=None, reason="again"
    )
    with pytest.raises(ValidationError, match="already brought"):
        services.regulation_version_activate(version=again, consent_request=consent, actor=None, reason="again")


def test_w_reg_1_replacing_ruling_allows_the_change(council: Body, board) -> None:
    """W-CON-4: a standing ruling that replaces the council's refused consent on topic a brings the change in."""
    proposal = services.regulation_change_propose(
        regulation=_regulation(council), data={"joint_meetings_target": 10}, actor=None, reason="more meetings"
    )
    refused = answered_consent(council=council, board=board, consent=ConsentAnswer.REFUSED, topic_code="CON-a")
    ruling = ruled_dispute(council=council, request=refused, effect=RulingEffect.REPLACES_CONSENT)
    version = services.regulation_version_activate(version=proposal, ruling=ruling, actor=None, reason="ruling")
    assert version.ruling == ruling
    assert _regulation(council).joint_meetings_target == 10


def test_w_reg_1_old_values_apply_until_consent(council: Body, board) -> None:
    regulation = _regulation(council)
    services.regulation_change_propose(
        regulation=regulation,
        data={"trial_months": 6, "former_clients_eligible": False, "consent_response_weeks": 8},
        actor=None,
        reason="proposal",
    )
    # Everything that reads the regulation still sees the old values.
    fresh = _regulation(council)
    assert (fresh.trial_months, fresh.former_clients_eligible, fresh.consent_response_weeks) == (3, True, 6)
    read_by_members = regulation_for(council)  # what the membership services read
    assert read_by_members is not None
    assert read_by_members.trial_months == 3
    in_force, on_today = fresh.effective_version(), fresh.version_on(TODAY)
    assert in_force is not None
    assert on_today is not None
    assert (in_force.number, on_today.number) == (1, 1)
    # A withdrawn proposal never takes effect.
    pending = fresh.pending_proposal()
    assert pending is not None
    services.regulation_version_withdraw(version=pending, actor=None, reason="council refused")
    with pytest.raises(ValidationError):
        services.regulation_version_activate(
            version=pending, consent_request=_granted(council, board), actor=None, reason="late"
        )
    assert _regulation(council).trial_months == 3
    assert RegulationVersion.objects.get(pk=pending.pk).status == RegulationVersionStatus.WITHDRAWN


def test_w_reg_1_proposals_are_validated_and_one_at_a_time(council: Body) -> None:
    regulation = _regulation(council)
    for data in ({"joint_meetings_target": 11}, {"quorum": 9}, {"no_such_field": 1}, {"trial_months": 3}):
        with pytest.raises(ValidationError):
            services.regulation_change_propose(regulation=regulation, data=data, actor=None, reason="try")
    assert not regulation.parameter_versions.filter(status=RegulationVersionStatus.PROPOSED).exists()
    services.regulation_change_propose(regulation=regulation, data={"trial_months": 4}, actor=None, reason="one")
    with pytest.raises(ValidationError, match="already waiting"):
        services.regulation_change_propose(regulation=regulation, data={"trial_months": 5}, actor=None, reason="two")


def test_w_reg_1_direct_setting_ends_once_the_council_consented(council: Body, board) -> None:
    """The first regulation may be set directly (still not consented); after a consented version it may not."""
    regulation = _regulation(council)
    services.regulation_update(regulation=regulation, data={"trial_months": 4}, actor=None, reason="set up")
    assert regulation.parameter_versions.get(number=2).consented is False
    proposal = services.regulation_change_propose(
        regulation=regulation, data={"trial_months": 6}, actor=None, reason="p"
    )
    services.regulation_version_activate(
        version=proposal, consent_request=_granted(council, board), actor=None, reason="ok"
    )
    with pytest.raises(ValidationError, match="needs its consent"):
        services.regulation_update(regulation=regulation, data={"trial_months": 1}, actor=None, reason="bypass")
    assert _regulation(council).trial_months == 6


def test_w_reg_1_admin_cannot_bypass(cast: Cast) -> None:
    """The Django admin lists no regulation model, so its saves cannot bypass the consent (404 on its URLs)."""
    for model in (Regulation, RegulationVersion, RegulationDocument, HouseRules):
        assert not admin.site.is_registered(model)
    client = login_verified(Client(), cast.administrator)
    regulation = cast.council.regulation
    for url in (
        f"/admin/councils/regulation/{regulation.pk}/change/",
        f"/admin/councils/regulationversion/{regulation.parameter_versions.get().pk}/change/",
        "/admin/councils/regulation/add/",
    ):
        assert client.get(url).status_code == 404
        assert client.post(url, {"trial_months": 12}).status_code == 404
    assert Regulation.objects.get(pk=regulation.pk).trial_months == 3


# ---------------------------------------------------------------------------------------------------------------
# Pages


def test_w_reg_1_page_proposes_and_shows_the_pending_proposal(cast: Cast) -> None:
    client = login_verified(Client(), cast.administrator)
    url = reverse("councils:regulation_update", args=["cast-council"])
    data = {
        "seats_per_chamber_min": 5,
        "seats_per_chamber_max": 10,
        "quorum": 3,
        "term_years": 3,
        "max_consecutive_terms": 2,
        "trial_months": 6,
        "advice_response_weeks": 6,
        "consent_response_weeks": 6,
        "unsolicited_response_weeks": 6,
        "reminder_days_before": "14, 3",
        "joint_meetings_target": 8,
        "allowance_per_meeting": "0",
        "former_clients_eligible": "on",
        "dispute_committee": "own",
        "reason": "Nieuwe regeling",
    }
    response = client.post(url, data)
    assert response.status_code == 302
    assert Regulation.objects.get(council=cast.council).trial_months == 3
    page = client.get(reverse("councils:body_detail", args=["cast-council"]))
    assert 'data-testid="regulation-proposal"' in page.text
    assert "Trial period (months): now 3, proposed 6" in page.text
    assert "Set by an administrator; the council has not consented to it yet." in page.text
    # A second proposal while one waits: a Dutch error on the form, nothing saved.
    again = client.post(url, {**data, "trial_months": 5})
    assert again.status_code == 200
    assert "already waiting for the council&#x27;s consent" in again.text
    assert cast.council.regulation.parameter_versions.count() == 2


def test_w_reg_1_activate_page_with_granted_consent(cast: Cast) -> None:
    proposal = services.regulation_change_propose(
        regulation=cast.council.regulation, data={"trial_months": 6}, actor=None, reason="p"
    )
    consent = _granted(cast.council, cast.board)
    client = login_verified(Client(), cast.administrator)
    url = reverse("councils:regulation_version_activate", args=["cast-council", proposal.number])
    page = client.get(url)
    assert page.status_code == 200
    assert consent.reference in page.text
    # Neither chosen: a form error, nothing changes.
    assert client.post(url, {"reason": "x"}).status_code == 200
    assert Regulation.objects.get(council=cast.council).trial_months == 3
    response = client.post(url, {"consent_request": consent.pk, "reason": "Instemming gekregen"})
    assert response.status_code == 302
    assert Regulation.objects.get(council=cast.council).trial_months == 6
    detail = client.get(reverse("councils:body_detail", args=["cast-council"]))
    assert consent.reference in detail.text
    # The version is no longer a proposal: its pages are gone.
    assert client.get(url).status_code == 404


def test_w_reg_1_withdraw_page(cast: Cast) -> None:
    proposal = services.regulation_change_propose(
        regulation=cast.council.regulation, data={"trial_months": 6}, actor=None, reason="p"
    )
    client = login_verified(Client(), cast.administrator)
    url = reverse("councils:regulation_version_withdraw", args=["cast-council", proposal.number])
    assert client.post(url, {"reason": ""}).status_code == 200
    assert client.post(url, {"reason": "Raad weigerde"}).status_code == 302
    assert RegulationVersion.objects.get(pk=proposal.pk).status == RegulationVersionStatus.WITHDRAWN
    assert client.put(url).status_code == 405


@pytest.mark.parametrize("role", ["board", "supporter", "member"])
def test_w_reg_1_only_administrators_propose_or_activate(cast: Cast, role: str) -> None:
    proposal = services.regulation_change_propose(
        regulation=cast.council.regulation, data={"trial_months": 6}, actor=None, reason="p"
    )
    client = login_verified(Client(), getattr(cast, role))
    for name in ("regulation_version_activate", "regulation_version_withdraw"):
        url = reverse(f"councils:{name}", args=["cast-council", proposal.number])
        assert client.get(url).status_code == 403
        assert client.post(url, {"reason": "x"}).status_code == 403
    assert RegulationVersion.objects.get(pk=proposal.pk).status == RegulationVersionStatus.PROPOSED


def test_w_reg_1_unknown_version_and_outsider_get_404(cast: Cast) -> None:
    admin_client = login_verified(Client(), cast.administrator)
    url = reverse("councils:regulation_version_activate", args=["cast-council", 99])
    assert admin_client.get(url).status_code == 404
    # The version in force is not a proposal.
    url = reverse("councils:regulation_version_withdraw", args=["cast-council", 1])
    assert admin_client.get(url).status_code == 404
    proposal = services.regulation_change_propose(
        regulation=cast.council.regulation, data={"trial_months": 6}, actor=None, reason="p"
    )
    outsider = login_verified(Client(), cast.outsider)
    url = reverse("councils:regulation_version_activate", args=["cast-council", proposal.number])
    assert outsider.get(url).status_code == 404


def test_w_reg_1_compliance_lists_councils_whose_settings_are_not_consented(cast: Cast) -> None:
    client = login_verified(Client(), cast.administrator)
    url = reverse("councils:compliance_overview")
    page = client.get(url)
    assert 'data-testid="councils-settings-not-consented"' in page.text
    assert "Cast council" in page.text.split('data-testid="councils-settings-not-consented"')[1].split("</ul>")[0]
    proposal = services.regulation_change_propose(
        regulation=cast.council.regulation, data={"trial_months": 6}, actor=None, reason="p"
    )
    services.regulation_version_activate(
        version=proposal, consent_request=_granted(cast.council, cast.board), actor=None, reason="ok"
    )
    assert 'data-testid="councils-settings-not-consented"' not in client.get(url).text


def test_w_reg_1_version_on_a_day(council: Body, board) -> None:
    regulation = _regulation(council)
    first = regulation.effective_version()
    assert first is not None
    assert regulation.version_on(TODAY - datetime.timedelta(days=1)) is None
    assert regulation.version_on(TODAY) == first


def test_w_reg_1_versions_are_in_the_body_history(cast: Cast) -> None:
    services.regulation_change_propose(
        regulation=cast.council.regulation, data={"trial_months": 6}, actor=cast.administrator, reason="Voorstel 6"
    )
    page = login_verified(Client(), cast.administrator).get(reverse("councils:body_history", args=["cast-council"]))
    assert page.status_code == 200
    assert "Voorstel 6" in page.text


def test_w_reg_1_proposal_shown_in_dutch_without_raw_values(cast: Cast, settings) -> None:
    settings.LANGUAGE_CODE = "nl"
    services.regulation_change_propose(
        regulation=cast.council.regulation,
        data={"allowance_per_meeting": "25", "former_clients_eligible": False},
        actor=None,
        reason="p",
    )
    client = login_verified(Client(headers={"accept-language": "nl"}), cast.administrator)
    html = client.get(reverse("councils:body_detail", args=["cast-council"])).text
    assert "nu € 0,00, voorstel € 25,00" in html
    assert "nu ja, voorstel nee" in html
    assert "False" not in html
    assert TODAY.isoformat() not in html
