from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from kombu import Connection

from accounts.roles import role_labels


@login_required
def home_view(request: HttpRequest) -> HttpResponse:
    return render(request, "home.html", {"roles": role_labels(request.user)})


def _check_database() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # any failure means "not reachable"; the detail goes to the log, not to the caller
        return "error"
    return "ok"


def _check_broker() -> str:
    options = getattr(settings, "CELERY_BROKER_TRANSPORT_OPTIONS", {})
    try:
        with Connection(settings.CELERY_BROKER_URL, transport_options=options, connect_timeout=2) as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
    except Exception:
        return "error"
    return "ok"


@never_cache
def healthz_view(request: HttpRequest) -> JsonResponse:
    """For load balancers and `make run`: 200 when the database answers, 503 when it does not.

    The broker is reported but does not fail the check: the web part still serves pages without it,
    and queued work waits until the broker is back.
    """
    body: dict[str, Any] = {"database": _check_database(), "broker": _check_broker()}
    body["status"] = "ok" if body["database"] == "ok" else "error"
    return JsonResponse(body, status=200 if body["status"] == "ok" else 503)


def csrf_failure_view(request: HttpRequest, reason: str = "") -> HttpResponse:
    return render(request, "403_csrf.html", status=403)
