"""The Celery application. Configuration comes from Django settings prefixed with CELERY_."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "incluzio_mz.settings")

app = Celery("incluzio_mz")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
