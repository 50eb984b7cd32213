"""The statutory topic catalogue as data (WMCZ.md W-ADV-1 a–i, W-CON-1 a–k).

Titles are the Dutch legal wording (data, not UI strings). Rows are matched on `code`, so running this again, or a
later migration that corrects a title, updates rather than duplicates.
"""

from django.db import migrations

LONG_STAY = "een instelling waar cliënten langdurig verblijven"

# (code, kind, title, article, long_stay_only)
TOPICS = [
    (
        "ADV-a",
        "advice",
        "Wijziging van de doelstelling of grondslag van de instelling",
        "Wmcz 2018 art. 7 lid 1 onder a",
        False,
    ),
    (
        "ADV-b",
        "advice",
        "Fusie of duurzame samenwerking met een andere instelling",
        "Wmcz 2018 art. 7 lid 1 onder b",
        False,
    ),
    (
        "ADV-c",
        "advice",
        "Overdracht van de zeggenschap over de zorgverlening of een deel daarvan",
        "Wmcz 2018 art. 7 lid 1 onder c",
        False,
    ),
    (
        "ADV-d",
        "advice",
        "Beëindiging van de zorgverlening of een deel daarvan, of een belangrijke uitbreiding",
        "Wmcz 2018 art. 7 lid 1 onder d",
        False,
    ),
    (
        "ADV-e",
        "advice",
        "Een belangrijke verandering in de organisatie van de zorgverlening",
        "Wmcz 2018 art. 7 lid 1 onder e",
        False,
    ),
    (
        "ADV-f",
        "advice",
        "Het profiel voor de benoeming van leden van de raad van toezicht en de raad van bestuur",
        "Wmcz 2018 art. 7 lid 1 onder f",
        False,
    ),
    ("ADV-g", "advice", "De begroting en de jaarrekening", "Wmcz 2018 art. 7 lid 1 onder g", False),
    (
        "ADV-h",
        "advice",
        f"Het algemene huisvestingsbeleid, en ingrijpende verbouwing, nieuwbouw of verhuizing van {LONG_STAY}",
        "Wmcz 2018 art. 7 lid 1 onder h",
        True,
    ),
    (
        "ADV-i",
        "advice",
        f"De selectie en benoeming van de personen die leiding geven aan zorgverleners, in {LONG_STAY}",
        "Wmcz 2018 art. 7 lid 1 onder i",
        True,
    ),
    ("CON-a", "consent", "De medezeggenschapsregeling", "Wmcz 2018 art. 8 lid 1 onder a", False),
    ("CON-b", "consent", "De klachtenregeling", "Wmcz 2018 art. 8 lid 1 onder b", False),
    (
        "CON-c",
        "consent",
        "Het profiel voor personen als bedoeld in artikel 15 Wkkgz",
        "Wmcz 2018 art. 8 lid 1 onder c",
        False,
    ),
    (
        "CON-d",
        "consent",
        "De procedure voor het opstellen en bespreken van zorgplannen",
        "Wmcz 2018 art. 8 lid 1 onder d",
        False,
    ),
    (
        "CON-e",
        "consent",
        "Het algemene beleid over kwaliteit, veiligheid en hygiëne",
        "Wmcz 2018 art. 8 lid 1 onder e",
        False,
    ),
    (
        "CON-f",
        "consent",
        "Het algemene beleid over de toelating van cliënten en de beëindiging van de zorgverlening",
        "Wmcz 2018 art. 8 lid 1 onder f",
        False,
    ),
    (
        "CON-g",
        "consent",
        "Het algemene beleid over voeding, geestelijke verzorging, recreatie en maatschappelijke ondersteuning, waar cliënten dag en nacht kunnen verblijven",
        "Wmcz 2018 art. 8 lid 1 onder g",
        True,
    ),
    (
        "CON-h",
        "consent",
        f"Een sociaal plan voor cliënten bij ingrijpende verbouwing, nieuwbouw of verhuizing van {LONG_STAY}",
        "Wmcz 2018 art. 8 lid 1 onder h",
        True,
    ),
    (
        "CON-i",
        "consent",
        f"De inrichting van de ruimten voor zorgverlening bij ingrijpende verbouwing, nieuwbouw of verhuizing van {LONG_STAY}",
        "Wmcz 2018 art. 8 lid 1 onder i",
        True,
    ),
    (
        "CON-j",
        "consent",
        "De selectie en benoeming van de personen die de klantenraad onafhankelijk ondersteunen",
        "Wmcz 2018 art. 8 lid 1 onder j",
        False,
    ),
    (
        "CON-k",
        "consent",
        "Opheffing van de klantenraad (eigen toezegging van de organisatie, zie W-BODY-4)",
        "Adviesnotitie Incluzio (eigen toezegging)",
        False,
    ),
]


def load_topics(apps, schema_editor):
    Topic = apps.get_model("advice", "Topic")
    for position, (code, kind, title, article, long_stay_only) in enumerate(TOPICS, start=1):
        Topic.objects.update_or_create(
            code=code,
            defaults={
                "kind": kind,
                "title": title,
                "article": article,
                "long_stay_only": long_stay_only,
                "position": position,
            },
        )


def unload_topics(apps, schema_editor):
    apps.get_model("advice", "Topic").objects.filter(code__in=[row[0] for row in TOPICS]).delete()


class Migration(migrations.Migration):
    dependencies = [("advice", "0001_initial")]

    operations = [migrations.RunPython(load_topics, unload_topics)]
