"""Seed the obligation check's configuration with the values in the law (W-SCOPE-1, W-SCOPE-3).

Thresholds: more than 10 persons providing care, more than 25 for ambulatory first-line care. Every kind of service
falls under the Wmcz except household help. The basis texts stay empty: the pages show the standard text.
Each seeded row gets a history row ("+") so the history starts with the value in the law.
"""

from django.db import migrations
from django.utils import timezone

THRESHOLDS = {"general": 10, "ambulatory_first_line": 25}
UNDER_WMCZ = {
    "youth_care": True,
    "youth_work": True,
    "wmo_support": True,
    "household_help": False,
    "welfare": True,
    "long_stay": True,
}
# Stored data in the organisation's language (Dutch), like every reason people type.
REASON = "De waarden uit de wet (Wmcz 2018), vastgelegd toen deze instellingen werden ingevoerd."


def seed(apps, schema_editor):
    ScopeThreshold = apps.get_model("councils", "ScopeThreshold")
    HistoricalScopeThreshold = apps.get_model("councils", "HistoricalScopeThreshold")
    ServiceKindRule = apps.get_model("councils", "ServiceKindRule")
    HistoricalServiceKindRule = apps.get_model("councils", "HistoricalServiceKindRule")
    now = timezone.now()
    for key, value in THRESHOLDS.items():
        row, created = ScopeThreshold.objects.get_or_create(key=key, defaults={"value": value})
        if created:
            HistoricalScopeThreshold.objects.create(
                id=row.pk, key=key, value=value, changed_on=None, updated_at=row.updated_at,
                history_date=now, history_type="+", history_change_reason=REASON,
            )  # fmt: skip
    for kind, covered in UNDER_WMCZ.items():
        row, created = ServiceKindRule.objects.get_or_create(kind=kind, defaults={"under_wmcz": covered, "basis": ""})
        if created:
            HistoricalServiceKindRule.objects.create(
                id=row.pk, kind=kind, under_wmcz=covered, basis="", changed_on=None, updated_at=row.updated_at,
                history_date=now, history_type="+", history_change_reason=REASON,
            )  # fmt: skip


class Migration(migrations.Migration):
    dependencies = [("councils", "0008_scope_configuration")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
