"""The organisation roles exist from the start, so an administrator can grant them in the admin."""

from django.db import migrations

ROLE_GROUPS = ("administrators", "board")  # accounts.roles.Role values, frozen here as migrations must be


def create_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for name in ROLE_GROUPS:
        Group.objects.get_or_create(name=name)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial"), ("auth", "0012_alter_user_first_name_max_length")]

    operations = [migrations.RunPython(create_groups, migrations.RunPython.noop)]
