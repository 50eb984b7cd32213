"""The obligation check's configuration (W-SCOPE-1 thresholds, W-SCOPE-3 kinds of service): data with history.

Administrators change it on /organisatie/naleving/wmcz-regels/ with a reason; the unit pages show which setting and
value decided, in words (never a rule code).
"""

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import formats, timezone, translation

from councils import services
from councils.models import ScopeThreshold, ServiceKindRule, scope_configuration
from councils.scope import DEFAULT_THRESHOLD_VALUES, DEFAULT_UNDER_WMCZ, ServiceKind, ThresholdKey
from tests.conftest import Cast
from tests.factories import make_business_unit
from tests.helpers import nl

URL = reverse("councils:scope_configuration")


@pytest.fixture(autouse=True)
def dutch(settings: Any) -> None:
    """The pages as people see them: in Dutch, the default language (the suite's default is English)."""
    settings.LANGUAGE_CODE = "nl"


def _detail(unit_slug: str) -> str:
    return reverse("councils:business_unit_detail", args=[unit_slug])


def _dutch_day() -> str:
    with translation.override("nl"):
        return formats.date_format(timezone.localdate(), "j F Y")


def _form_data(**overrides: object) -> dict[str, object]:
    data: dict[str, object] = {f"threshold_{key}": value for key, value in DEFAULT_THRESHOLD_VALUES.items()}
    for kind, covered in DEFAULT_UNDER_WMCZ.items():
        if covered:
            data[f"under_{kind}"] = "on"
        data[f"basis_{kind}"] = ""
    data["reason"] = "Besluit bestuur 4 december"
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def test_w_scope_1_threshold_is_configuration(cast: Cast) -> None:
    # Seeded by the data migration with the values in the law, not constants in code.
    assert dict(ScopeThreshold.objects.values_list("key", "value")) == {"general": 10, "ambulatory_first_line": 25}
    assert dict(ServiceKindRule.objects.values_list("kind", "under_wmcz")) == dict(DEFAULT_UNDER_WMCZ)
    unit = make_business_unit(services=[ServiceKind.WMO_SUPPORT], care_provider_count=12)
    assert unit.council_obligation().required is True
    page = cast.client("administrator").get(_detail(unit.slug)).content.decode()
    assert (
        nl("(Threshold %(threshold)s for %(applies_to)s, the value in the law.)")
        % {
            "threshold": 10,
            "applies_to": nl("care under the Wmcz"),
        }
        in page
    )

    services.scope_configuration_update(
        thresholds={ThresholdKey.GENERAL: 15}, kinds={}, actor=cast.administrator, reason="Advies jurist"
    )
    obligation = unit.council_obligation()
    assert (obligation.required, obligation.threshold, obligation.threshold_set_on) == (
        False,
        15,
        timezone.localdate(),
    )
    page = cast.client("administrator").get(_detail(unit.slug)).content.decode()
    assert (
        nl("(Threshold %(threshold)s for %(applies_to)s, set by the administrators on %(day)s.)")
        % {
            "threshold": 15,
            "applies_to": nl("care under the Wmcz"),
            "day": _dutch_day(),
        }
        in page
    )
    assert f"(Drempel 15 voor zorg onder de Wmcz, ingesteld door beheer op {_dutch_day()}.)" in page
    assert "W-SCOPE" not in page
    # The list and the compliance overview use the same check.
    rows = {
        row["unit"].slug: row
        for row in cast.client("administrator").get(reverse("councils:business_unit_list")).context["rows"]
    }
    assert rows[unit.slug]["obligation"].required is False
    overview = cast.client("board").get(reverse("councils:compliance_overview"))
    assert unit.slug not in {row["unit"].slug for row in overview.context["rows"]}


def test_w_scope_1_change_threshold_has_history(cast: Cast) -> None:
    response = cast.client("administrator").post(
        URL, _form_data(**{f"threshold_{ThresholdKey.AMBULATORY_FIRST_LINE}": 30})
    )
    assert response.status_code == 302
    row = ScopeThreshold.objects.get(key=ThresholdKey.AMBULATORY_FIRST_LINE)
    assert (row.value, row.changed_on) == (30, timezone.localdate())
    latest = row.history.first()
    assert (latest.value, latest.history_user, latest.history_change_reason) == (
        30,
        cast.administrator,
        "Besluit bestuur 4 december",
    )
    assert row.history.count() == 2  # the seeded value in the law, then the change
    # Only what changed gets a history row.
    assert ScopeThreshold.objects.get(key=ThresholdKey.GENERAL).history.count() == 1
    page = cast.client("administrator").get(URL).content.decode()
    assert "Besluit bestuur 4 december" in page
    assert "25 → 30" in page


def test_w_scope_1_change_needs_a_reason_and_a_valid_number(cast: Cast) -> None:
    client = cast.client("administrator")
    response = client.post(URL, _form_data(reason="", **{f"threshold_{ThresholdKey.GENERAL}": 12}))
    assert response.status_code == 200
    assert response.context["form"].errors["reason"]
    response = client.post(URL, _form_data(**{f"threshold_{ThresholdKey.GENERAL}": 0}))
    assert response.status_code == 200
    assert response.context["form"].errors[f"threshold_{ThresholdKey.GENERAL}"]
    response = client.post(URL, _form_data())  # nothing changed
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert ScopeThreshold.objects.get(key=ThresholdKey.GENERAL).value == 10
    with pytest.raises(ValidationError):
        services.scope_configuration_update(
            thresholds={ThresholdKey.GENERAL: 12}, kinds={}, actor=cast.administrator, reason="  "
        )
    assert ScopeThreshold.objects.get(key=ThresholdKey.GENERAL).history.count() == 1


def test_w_scope_3_household_help_basis_shown(cast: Cast) -> None:
    unit = make_business_unit(services=[ServiceKind.HOUSEHOLD_HELP], care_provider_count=80)
    page = cast.client("supporter").get(_detail(unit.slug)).content.decode()
    assert nl("does not fall under the Wmcz.") in page
    assert nl("Household help under the Wmo is not care in the sense of the Wkkgz, so the Wmcz does not apply.") in page
    assert "W-SCOPE" not in page
    assert unit.council_obligation().required is False

    # An administrator's lawyer decides otherwise: the unit now needs a council, and the page says why and since when.
    services.scope_configuration_update(
        thresholds={},
        kinds={ServiceKind.HOUSEHOLD_HELP: (True, "Advies van onze jurist: valt er wel onder.")},
        actor=cast.administrator,
        reason="Juridisch advies",
    )
    assert scope_configuration().under_wmcz[ServiceKind.HOUSEHOLD_HELP] is True
    assert unit.council_obligation().required is True
    page = cast.client("supporter").get(_detail(unit.slug)).content.decode()
    assert "Advies van onze jurist: valt er wel onder." in page
    assert nl("(Set by the administrators on %(day)s.)") % {"day": _dutch_day()} in page
    rule = ServiceKindRule.objects.get(kind=ServiceKind.HOUSEHOLD_HELP)
    assert rule.history.first().history_change_reason == "Juridisch advies"


def test_scope_configuration_page_is_for_administrators_only(cast: Cast) -> None:
    assert cast.client("anonymous").get(URL).status_code == 302
    for role in ("member", "supporter", "board", "outsider"):
        assert cast.client(role).get(URL).status_code == 403, role
        assert cast.client(role).post(URL, _form_data(threshold_general=50)).status_code == 403, role
    assert ScopeThreshold.objects.get(key=ThresholdKey.GENERAL).value == 10
    assert cast.client("administrator").put(URL).status_code == 405
    page = cast.client("administrator").get(URL)
    assert page.status_code == 200
    html = page.content.decode()
    for raw in ("True", "False", "W-SCOPE"):
        assert raw not in html
