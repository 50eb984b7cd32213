"""Test settings: the production settings with what a test run needs changed, and nothing else.

scripts/test.sh starts a throwaway PostgreSQL and Redis and passes DATABASE_URL and CELERY_BROKER_URL.
"""

import os

os.environ.setdefault("DEBUG", "false")
os.environ.setdefault("SECRET_KEY", "test-only-secret-key-that-is-long-enough-0123456789-abcdefghijkl")
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
os.environ.setdefault("SESSION_COOKIE_SECURE", "false")
os.environ.setdefault("CSRF_COOKIE_SECURE", "false")
os.environ.setdefault("SECURE_HSTS_SECONDS", "0")

from incluzio_mz.settings import *  # noqa: F403
from incluzio_mz.settings import STORAGES

ALLOWED_HOSTS = ["*"]
# Unit tests run tasks eagerly (on commit); the real-worker fixture switches this off for its tests.
CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = True
# Plain static storage: the manifest storage needs collectstatic first.
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
# The live server (browser tests) wraps the site in Django's media handler, which needs MEDIA_URL to be a string;
# production keeps None (no public media URL). Nothing links here.
MEDIA_URL = "/test-media-not-served/"
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# The whole run comes from one address (127.0.0.1) and shares the cache: the login and reset-mail limits would
# add up across tests. Their own tests (tests/accounts/test_login_safety.py) set the production defaults.
LOGIN_ADDRESS_RATE = "10000/m"
PASSWORD_RESET_ADDRESS_RATE = "10000/m"
PASSWORD_RESET_ACCOUNT_RATE = "10000/m"
