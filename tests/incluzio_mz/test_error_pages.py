"""Error pages are Dutch, in the site's style, and never show a stack trace."""

import pytest
from django.http import HttpRequest, HttpResponse
from django.test import Client, override_settings
from django.urls import path

from tests.helpers import nl


def _broken_view(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("secret internal detail")


urlpatterns = [path("kapot/", _broken_view)]


@pytest.mark.django_db
def test_404_is_dutch_and_styled(client: Client) -> None:
    response = client.get("/bestaat-niet/")
    assert response.status_code == 404
    assert nl("Page not found") in response.text
    assert "utrecht-theme" in response.text


@pytest.mark.django_db
@override_settings(ROOT_URLCONF=__name__, DEBUG=False)
def test_500_shows_no_stack_trace() -> None:
    client = Client(raise_request_exception=False)
    response = client.get("/kapot/")
    assert response.status_code == 500
    assert nl("Something went wrong") in response.text
    assert "secret internal detail" not in response.text
    assert "Traceback" not in response.text


@pytest.mark.django_db
def test_csrf_failure_is_dutch() -> None:
    client = Client(enforce_csrf_checks=True)
    response = client.post("/inloggen/", {"username": "x", "password": "y"})
    assert response.status_code == 403
    assert "utrecht-theme" in response.text
    assert nl("Form expired") in response.text
