"""The gate for project-wide settings pages (DESIGN.md convention 4): administrators only."""

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import PermissionDenied

from accounts.roles import is_administrator


def require_administrator(user: AbstractBaseUser | AnonymousUser) -> None:
    """Raise PermissionDenied (403) unless user is an administrator. Anonymous users are sent to the login page
    by the view's login_required before this runs; the second-factor middleware has checked the factor."""
    if not is_administrator(user):
        raise PermissionDenied
