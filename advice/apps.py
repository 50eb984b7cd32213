from importlib import import_module
from typing import Any

from django.apps import AppConfig
from django.apps.registry import Apps
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def topics_restore(sender: AppConfig, *, apps: Apps | None = None, using: str = "default", **kwargs: Any) -> None:
    """Put back catalogue topics that are missing (W-ADV-1, W-CON-1) after `migrate` or a flush.

    Migration 0002_topics loads the catalogue; a database flush (a transactional test's teardown, `manage.py flush`)
    empties it and then sends post_migrate, as Django does to restore content types and permissions. Only missing
    codes are created: a title corrected by a later migration is left as it is.
    """
    if apps is None:  # `flush` sends post_migrate without the migration state: use the installed models
        from django.apps import apps as installed_apps

        apps = installed_apps
    try:
        topic_model = apps.get_model("advice", "Topic")
    except LookupError:  # migrated back to before the table existed
        return
    rows = import_module("advice.migrations.0002_topics").TOPICS
    existing = set(topic_model.objects.using(using).values_list("code", flat=True))
    topic_model.objects.using(using).bulk_create(
        topic_model(code=code, kind=kind, title=title, article=article, long_stay_only=long_stay, position=position)
        for position, (code, kind, title, article, long_stay) in enumerate(rows, start=1)
        if code not in existing
    )


class AdviceConfig(AppConfig):
    name = "advice"
    verbose_name = _("Advice and consent")

    def ready(self) -> None:
        # The guard that refuses changes to a ready decision letter (W-LET-2) is a pre_save receiver in the letters
        # service module: import it here so it applies to every save, also in a shell or a worker.
        from advice.services import letters  # noqa: F401

        post_migrate.connect(topics_restore, sender=self, dispatch_uid="advice_topics_restore")
