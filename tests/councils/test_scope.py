"""The obligation check (WMCZ.md §1): a pure function, and its twin on BusinessUnit."""

import pytest

from councils.scope import (
    DEFAULT_UNDER_WMCZ,
    ServiceKind,
    Thresholds,
    council_obligation,
    needs_inspraak,
    representation_warning,
)
from tests.factories import make_business_unit


def check(services: list[str], count: int, *, ambulatory: bool = False, thresholds: Thresholds | None = None):
    kwargs = {"thresholds": thresholds} if thresholds else {}
    return council_obligation(services=services, ambulatory_first_line=ambulatory, care_provider_count=count, **kwargs)


@pytest.mark.parametrize(("count", "required"), [(10, False), (11, True)])
def test_w_scope_1_more_than_10_persons_requires_a_council(count: int, required: bool) -> None:
    obligation = check([ServiceKind.WMO_SUPPORT], count)
    assert obligation.required is required
    assert obligation.rule_id == "W-SCOPE-1"
    assert obligation.threshold == 10
    assert str(count) in str(obligation.explanation)


@pytest.mark.parametrize(("count", "required"), [(11, False), (25, False), (26, True)])
def test_w_scope_1_ambulatory_first_line_uses_more_than_25(count: int, required: bool) -> None:
    obligation = check([ServiceKind.WELFARE], count, ambulatory=True)
    assert obligation.required is required
    assert obligation.rule_id == "W-SCOPE-1"
    assert obligation.threshold == 25


def test_w_scope_1_thresholds_are_configurable() -> None:
    obligation = check([ServiceKind.WMO_SUPPORT], 11, thresholds=Thresholds(general=15, ambulatory_first_line=30))
    assert obligation.required is False
    assert obligation.threshold == 15


@pytest.mark.parametrize(("count", "required"), [(10, False), (11, True)])
def test_w_scope_2_youth_care_falls_under_the_wmcz_with_the_threshold(count: int, required: bool) -> None:
    obligation = check([ServiceKind.YOUTH_CARE], count)
    assert obligation.required is required
    assert obligation.rule_id == "W-SCOPE-2"
    assert obligation.threshold == 10


def test_w_scope_2_youth_care_uses_10_even_when_ambulatory_first_line() -> None:
    obligation = check([ServiceKind.YOUTH_CARE, ServiceKind.WMO_SUPPORT], 20, ambulatory=True)
    assert obligation.required is True
    assert obligation.rule_id == "W-SCOPE-2"
    assert obligation.threshold == 10


def test_w_scope_3_household_help_only_is_not_required() -> None:
    obligation = check([ServiceKind.HOUSEHOLD_HELP], 300)
    assert obligation.required is False
    assert obligation.rule_id == "W-SCOPE-3"
    assert obligation.threshold is None
    assert "household help" in str(obligation.explanation)


def test_w_scope_3_household_help_is_no_by_default_and_the_rest_yes() -> None:
    assert DEFAULT_UNDER_WMCZ[ServiceKind.HOUSEHOLD_HELP] is False
    assert all(DEFAULT_UNDER_WMCZ[kind] for kind in ServiceKind.values if kind != ServiceKind.HOUSEHOLD_HELP)


def test_w_scope_3_household_help_next_to_covered_care_counts_the_covered_care() -> None:
    obligation = check([ServiceKind.HOUSEHOLD_HELP, ServiceKind.WMO_SUPPORT], 12)
    assert obligation.required is True
    assert obligation.rule_id == "W-SCOPE-1"


def test_w_scope_3_mapping_is_configurable() -> None:
    mapping = {**DEFAULT_UNDER_WMCZ, ServiceKind.HOUSEHOLD_HELP: True}
    obligation = check([ServiceKind.HOUSEHOLD_HELP], 12, thresholds=Thresholds(under_wmcz=mapping))
    assert obligation.required is True
    assert obligation.rule_id == "W-SCOPE-1"


def test_w_scope_3_no_services_is_not_required() -> None:
    obligation = check([], 100)
    assert obligation.required is False
    assert obligation.rule_id == "W-SCOPE-3"


def test_w_scope_4_warning_when_required_and_unrepresented_or_only_a_panel() -> None:
    assert representation_warning(required=True, statutory_flags=[]) is not None
    assert representation_warning(required=True, statutory_flags=[False]) is not None
    assert representation_warning(required=True, statutory_flags=[False, True]) is None
    assert representation_warning(required=False, statutory_flags=[]) is None


def test_w_scope_6_long_stay_needs_inspraak() -> None:
    assert needs_inspraak(services=[ServiceKind.LONG_STAY, ServiceKind.WMO_SUPPORT]) is True
    assert needs_inspraak(services=[ServiceKind.WMO_SUPPORT]) is False


@pytest.mark.django_db
def test_w_scope_1_3_model_twin_agrees_with_the_function() -> None:
    household = make_business_unit(services=[ServiceKind.HOUSEHOLD_HELP], care_provider_count=200)
    youth = make_business_unit(services=[ServiceKind.YOUTH_CARE], care_provider_count=11)
    ambulatory = make_business_unit(services=[ServiceKind.WELFARE], care_provider_count=20, ambulatory_first_line=True)
    for unit in (household, youth, ambulatory):
        assert unit.council_obligation() == council_obligation(
            services=unit.services,
            ambulatory_first_line=unit.ambulatory_first_line,
            care_provider_count=unit.care_provider_count,
        )
    assert (household.council_obligation().required, household.council_obligation().rule_id) == (False, "W-SCOPE-3")
    assert (youth.council_obligation().required, youth.council_obligation().rule_id) == (True, "W-SCOPE-2")
    assert (ambulatory.council_obligation().required, ambulatory.council_obligation().rule_id) == (False, "W-SCOPE-1")
