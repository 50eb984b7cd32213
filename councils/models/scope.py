"""The obligation check's configuration (W-SCOPE-1, W-SCOPE-3): data administrators change, with history.

One row per number of W-SCOPE-1 (ScopeThreshold: the general 10 and the 25 for ambulatory first-line care) and one
row per kind of service (ServiceKindRule: falls under the Wmcz yes/no, with its basis). A data migration seeds
them with the values in the law; changes go through councils.services.scope_* with a reason. `changed_on` is the
day the administrators last changed a row (empty: still the value in the law).

`scope_configuration()` reads both tables (two queries) into a councils.scope.Thresholds for the pure check; pages
call it once per request and pass it to every unit (never per row).
"""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from councils.scope import DEFAULT_THRESHOLD_VALUES, DEFAULT_UNDER_WMCZ, ServiceKind, ThresholdKey, Thresholds


class ScopeThreshold(models.Model):
    """W-SCOPE-1: a council is required when more than `value` persons provide care."""

    key = models.CharField(_("applies to"), max_length=30, choices=ThresholdKey.choices, unique=True)
    value = models.PositiveIntegerField(
        _("threshold"),
        validators=[MinValueValidator(1), MaxValueValidator(100_000)],
        help_text=_("A council is required when more than this number of persons provide care."),
    )
    changed_on = models.DateField(_("changed on"), null=True, blank=True, editable=False)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("threshold for a client council")
        verbose_name_plural = _("thresholds for a client council")
        ordering = ["key"]

    def __str__(self) -> str:
        return f"{self.get_key_display()}: {self.value}"


class ServiceKindRule(models.Model):
    """W-SCOPE-3: whether one kind of service falls under the Wmcz, and on what basis."""

    kind = models.CharField(_("kind of service"), max_length=30, choices=ServiceKind.choices, unique=True)
    under_wmcz = models.BooleanField(_("falls under the Wmcz"))
    basis = models.TextField(
        _("basis"),
        blank=True,
        max_length=1000,
        help_text=_("Why this kind of service does or does not fall under the Wmcz. Empty: the standard text."),
    )
    changed_on = models.DateField(_("changed on"), null=True, blank=True, editable=False)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("kind of service under the Wmcz")
        verbose_name_plural = _("kinds of service under the Wmcz")
        ordering = ["kind"]

    def __str__(self) -> str:
        return self.get_kind_display()


def scope_configuration() -> Thresholds:
    """The current configuration for councils.scope.council_obligation (two queries; defaults where no row)."""
    values = dict(DEFAULT_THRESHOLD_VALUES)
    under_wmcz = dict(DEFAULT_UNDER_WMCZ)
    basis: dict[str, str] = {}
    set_on = {}
    for key, value, changed_on in ScopeThreshold.objects.values_list("key", "value", "changed_on"):
        values[key] = value
        if changed_on:
            set_on[key] = changed_on
    for kind, covered, text, changed_on in ServiceKindRule.objects.values_list(
        "kind", "under_wmcz", "basis", "changed_on"
    ):
        under_wmcz[kind] = covered
        if text:
            basis[kind] = text
        if changed_on:
            set_on[kind] = changed_on
    return Thresholds(
        general=values[ThresholdKey.GENERAL],
        ambulatory_first_line=values[ThresholdKey.AMBULATORY_FIRST_LINE],
        under_wmcz=under_wmcz,
        basis=basis,
        set_on=set_on,
    )
