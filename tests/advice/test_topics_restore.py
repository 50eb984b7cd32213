"""The topic catalogue survives a database flush (a transactional test's teardown, `manage.py flush`)."""

import pytest
from django.core.management import call_command

from advice.models import Topic

TOPIC_COUNT = 20  # W-ADV-1 a-i and W-CON-1 a-k


@pytest.mark.django_db(transaction=True)
def test_flush_restores_the_catalogue_through_post_migrate() -> None:
    Topic.objects.all().delete()

    call_command("flush", interactive=False, verbosity=0)

    assert Topic.objects.count() == TOPIC_COUNT
    assert set(Topic.objects.values_list("kind", flat=True)) == {"advice", "consent"}
