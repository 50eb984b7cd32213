# Issue 14 point 10: the title of consent topic k named a rule code (W-BODY-4); users see the rule in words.

from django.db import migrations

OLD = "Opheffing van de klantenraad (eigen toezegging van de organisatie, zie W-BODY-4)"
NEW = (
    "Opheffing of omzetting van de klantenraad (eigen toezegging van de organisatie: dit gebeurt alleen met "
    "instemming van de klantenraad)"
)


def forwards(apps, schema_editor):
    apps.get_model("advice", "Topic").objects.filter(code="CON-k", title=OLD).update(title=NEW)


def backwards(apps, schema_editor):
    apps.get_model("advice", "Topic").objects.filter(code="CON-k", title=NEW).update(title=OLD)


class Migration(migrations.Migration):
    dependencies = [("advice", "0003_dossier_letters_disputes")]

    operations = [migrations.RunPython(forwards, backwards)]
