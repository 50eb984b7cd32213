"""Small helpers every app's thin views share (DESIGN.md convention 5: gate, form, service, redirect or render)."""

from collections.abc import Callable
from typing import Any, cast

from django.core.exceptions import ValidationError
from django.http import HttpRequest

from accounts.models import User
from incluzio_mz.lib.forms import add_service_error


def acting_user(request: HttpRequest) -> User:
    """The acting user, for the services' `actor` (the views that call this are behind login_required)."""
    return cast(User, request.user)


def posted(request: HttpRequest) -> Any:
    """The POST data for a form, also when empty (an empty POST is a submitted form, not a first visit)."""
    return request.POST if request.method == "POST" else None


def run_service(form: Any, call: Callable[[], Any]) -> bool:
    """Run a service for a valid form; on a ValidationError show it on the form (nothing was saved) and say so."""
    try:
        call()
    except ValidationError as error:
        add_service_error(form, error)
        return False
    return True
