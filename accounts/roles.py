"""Roles that come from the organisation rather than from a body: administrator and board member.

They are Django groups, so an administrator can grant them in the admin. Roles that come from a body
(supporter, member) are added by the structure and members issues. Names are English in code; the UI shows
the translated label.
"""

from enum import StrEnum

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.utils.translation import gettext_lazy as _


class Role(StrEnum):
    ADMINISTRATOR = "administrators"
    BOARD = "board"


ROLE_LABELS = {
    Role.ADMINISTRATOR: _("Administrator"),
    Role.BOARD: _("Board member"),
}


def has_role(user: AbstractBaseUser | AnonymousUser, role: Role) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    # Cached per request object so that navigation and gates do not query the groups again and again.
    cache: set[str] | None = getattr(user, "_role_cache", None)
    if cache is None:
        cache = set(user.groups.values_list("name", flat=True))  # type: ignore[attr-defined]
        setattr(user, "_role_cache", cache)  # noqa: B010 - a per-request cache on the user object
    return role.value in cache


def is_administrator(user: AbstractBaseUser | AnonymousUser) -> bool:
    return has_role(user, Role.ADMINISTRATOR)


def is_board_member(user: AbstractBaseUser | AnonymousUser) -> bool:
    return has_role(user, Role.BOARD)


def requires_second_factor(user: AbstractBaseUser | AnonymousUser) -> bool:
    """Administrators and board members must use a second factor; everyone else may opt in."""
    return is_administrator(user) or is_board_member(user)


def role_labels(user: AbstractBaseUser | AnonymousUser) -> list[str]:
    return [str(label) for role, label in ROLE_LABELS.items() if has_role(user, role)]
