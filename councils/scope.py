"""Whether a business unit must have a client council (WMCZ.md §1): pure functions, no database.

Implements W-SCOPE-1 (the 10 / 25 thresholds), W-SCOPE-2 (youth care under the Jeugdwet uses the Wmcz, threshold
included), W-SCOPE-3 (per kind of service whether it falls under the Wmcz; household help does not by default),
W-SCOPE-4 (the warning when a unit that needs a council has none, or only an informal panel) and W-SCOPE-6 (long
stay needs recorded inspraak). `BusinessUnit.council_obligation()` is the model twin of `council_obligation()`.

The numbers and the per-kind mapping are configuration data (councils/models/scope.py: ScopeThreshold and
ServiceKindRule, changed by administrators with a reason and history); `scope_configuration()` there loads them
into a `Thresholds` once per request. The defaults below are the values in the law, used when no row exists.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from types import MappingProxyType

from django.db import models
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise


class ServiceKind(models.TextChoices):
    YOUTH_CARE = "youth_care", _("Youth care (Jeugdwet)")
    YOUTH_WORK = "youth_work", _("Youth work")
    WMO_SUPPORT = "wmo_support", _("Wmo support")
    HOUSEHOLD_HELP = "household_help", _("Household help")
    WELFARE = "welfare", _("Welfare")
    LONG_STAY = "long_stay", _("Long-stay care")


class ThresholdKey(models.TextChoices):
    """The two numbers of W-SCOPE-1."""

    GENERAL = "general", _("Care under the Wmcz")
    AMBULATORY_FIRST_LINE = "ambulatory_first_line", _("Ambulatory first-line care")


# The same, inside a sentence ("threshold 10 for care under the Wmcz").
THRESHOLD_IN_SENTENCE: Mapping[str, StrOrPromise] = MappingProxyType(
    {
        ThresholdKey.GENERAL: _("care under the Wmcz"),
        ThresholdKey.AMBULATORY_FIRST_LINE: _("ambulatory first-line care"),
    }
)

DEFAULT_THRESHOLD_VALUES: Mapping[str, int] = MappingProxyType(
    {ThresholdKey.GENERAL: 10, ThresholdKey.AMBULATORY_FIRST_LINE: 25}
)

# W-SCOPE-3 [?]: whether each kind of service falls under the Wmcz. Household help is "no": Wmo household help is
# not "care" in the Wkkgz sense (the seed says an AMvB exempts it; either way it is outside the act). The other
# kinds are "yes". Administrators change this (ServiceKindRule) where their lawyer disagrees.
DEFAULT_UNDER_WMCZ: Mapping[str, bool] = MappingProxyType(
    {
        ServiceKind.YOUTH_CARE: True,
        ServiceKind.YOUTH_WORK: True,
        ServiceKind.WMO_SUPPORT: True,
        ServiceKind.HOUSEHOLD_HELP: False,
        ServiceKind.WELFARE: True,
        ServiceKind.LONG_STAY: True,
    }
)

_CARE = _("Care in the sense of the Wkkgz: the Wmcz applies.")
# The basis shown next to each kind's yes/no when the administrators have not written their own.
DEFAULT_BASIS: Mapping[str, StrOrPromise] = MappingProxyType(
    {
        ServiceKind.YOUTH_CARE: _("The Jeugdwet applies the Wmcz 2018 to youth care, threshold included."),
        ServiceKind.YOUTH_WORK: _CARE,
        ServiceKind.WMO_SUPPORT: _CARE,
        ServiceKind.HOUSEHOLD_HELP: _(
            "Household help under the Wmo is not care in the sense of the Wkkgz, so the Wmcz does not apply."
        ),
        ServiceKind.WELFARE: _CARE,
        ServiceKind.LONG_STAY: _CARE,
    }
)


@dataclass(frozen=True)
class ServiceBasis:
    """For one of a unit's kinds of service: whether it falls under the Wmcz, on what basis, and since when."""

    kind: str
    label: StrOrPromise
    under_wmcz: bool
    basis: StrOrPromise
    set_on: date | None  # None: the default (the value in the law); a day: changed by the administrators


@dataclass(frozen=True)
class Thresholds:
    """The configurable numbers of W-SCOPE-1 and the per-kind mapping of W-SCOPE-3.

    A council is required when *more than* `general` persons provide care (`ambulatory_first_line` for ambulatory
    first-line care only).
    """

    general: int = 10
    ambulatory_first_line: int = 25
    under_wmcz: Mapping[str, bool] = field(default_factory=lambda: DEFAULT_UNDER_WMCZ)
    # The administrators' own basis text per kind (else DEFAULT_BASIS), and the day each setting was last changed
    # (keys: ThresholdKey values and ServiceKind values; absent: the default value, never changed).
    basis: Mapping[str, str] = field(default_factory=dict)
    set_on: Mapping[str, date] = field(default_factory=dict)

    def service_basis(self, kind: str) -> ServiceBasis:
        label = ServiceKind(kind).label if kind in ServiceKind.values else kind
        return ServiceBasis(
            kind=kind,
            label=label,
            under_wmcz=self.under_wmcz.get(kind, False),
            basis=self.basis.get(kind) or DEFAULT_BASIS.get(kind, ""),
            set_on=self.set_on.get(kind),
        )


DEFAULT_THRESHOLDS = Thresholds()


@dataclass(frozen=True)
class Obligation:
    """The outcome of the obligation check: whether a council is required, the rule that decided, and why.

    `threshold` is the number of care providers that must be exceeded, or None when no threshold applied (no
    service falls under the Wmcz). `threshold_key` names the setting that decided (a ThresholdKey value) and
    `threshold_set_on` the day the administrators last changed it (None: the value in the law). `services` holds
    the W-SCOPE-3 answer and its basis for each of the unit's kinds of service. `rule_id` is for tests and logs,
    never shown in pages.
    """

    required: bool
    rule_id: str
    explanation: StrOrPromise
    threshold: int | None
    threshold_key: str | None = None
    threshold_set_on: date | None = None
    services: tuple[ServiceBasis, ...] = ()

    @property
    def threshold_label(self) -> StrOrPromise:
        return THRESHOLD_IN_SENTENCE[self.threshold_key] if self.threshold_key else ""


def council_obligation(
    *,
    services: Iterable[str],
    ambulatory_first_line: bool,
    care_provider_count: int,
    thresholds: Thresholds = DEFAULT_THRESHOLDS,
) -> Obligation:
    """Decide whether a unit with these services and this size must have a client council (W-SCOPE-1..3).

    Order: first W-SCOPE-3 (does any service fall under the Wmcz at all), then the threshold. Youth care under the
    Jeugdwet always uses the general threshold, even when the unit is ambulatory first-line (W-SCOPE-2); other
    care uses the higher one only when it is ambulatory first-line care (W-SCOPE-1).
    """
    kinds = list(dict.fromkeys(services))
    bases = tuple(thresholds.service_basis(kind) for kind in kinds)
    covered = {item.kind for item in bases if item.under_wmcz}
    if not covered:
        if kinds:
            explanation = _(
                "None of the unit's services is care under the Wmcz 2018, so no client council is required "
                "(article 1 Wmcz 2018; household help is not care in that sense by default)."
            )
        else:
            explanation = _(
                "The unit has no services recorded that are care under the Wmcz 2018 (article 1 Wmcz 2018)."
            )
        return Obligation(required=False, rule_id="W-SCOPE-3", explanation=explanation, threshold=None, services=bases)

    if ServiceKind.YOUTH_CARE in covered:
        rule_id, key = "W-SCOPE-2", ThresholdKey.GENERAL
        basis = _("youth care falls under the Wmcz 2018 through the Jeugdwet, with the same threshold")
    elif ambulatory_first_line:
        rule_id, key = "W-SCOPE-1", ThresholdKey.AMBULATORY_FIRST_LINE
        basis = _("ambulatory first-line care uses the higher threshold")
    else:
        rule_id, key = "W-SCOPE-1", ThresholdKey.GENERAL
        basis = _("care under the Wmcz uses the general threshold")
    threshold = thresholds.general if key == ThresholdKey.GENERAL else thresholds.ambulatory_first_line

    required = care_provider_count > threshold
    if required:
        template = _(
            "{count} persons provide care, more than {threshold}: a client council is required ({basis}; "
            "article 3 Wmcz 2018)."
        )
    else:
        template = _(
            "{count} persons provide care, not more than {threshold}: no client council is required ({basis}; "
            "article 3 Wmcz 2018)."
        )
    explanation = format_lazy(template, count=care_provider_count, threshold=threshold, basis=basis)
    return Obligation(
        required=required,
        rule_id=rule_id,
        explanation=explanation,
        threshold=threshold,
        threshold_key=key.value,
        threshold_set_on=thresholds.set_on.get(key.value),
        services=bases,
    )


def representation_warning(*, required: bool, statutory_flags: Iterable[bool]) -> StrOrPromise | None:
    """W-SCOPE-4: a warning when a unit that needs a council is represented by no body, or only by informal ones.

    `statutory_flags` holds, for each body that represents the unit on the day in question, whether it is a formal
    (statutory) council. None means there is nothing to warn about.
    """
    if not required:
        return None
    flags = list(statutory_flags)
    if not flags:
        return _("A client council is required (article 3 Wmcz 2018), but no body represents this unit.")
    if not any(flags):
        return _(
            "A client council is required (article 3 Wmcz 2018), but this unit is represented only by an informal "
            "panel, which has no rights under the law."
        )
    return None


def needs_inspraak(*, services: Iterable[str]) -> bool:
    """W-SCOPE-6: units where clients stay long-term also need recorded inspraak activities."""
    return ServiceKind.LONG_STAY in set(services)
