from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from accounts.roles import is_administrator, role_labels
from accounts.second_factor import is_verified


@dataclass(frozen=True)
class NavItem:
    label: str | Promise
    url: str
    url_name: str


def navigation(request: HttpRequest) -> dict[str, Any]:
    """Main navigation: only the pages this user may open. Later issues add their sections here."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": [], "nav_roles": []}
    items = [NavItem(_("Overview"), reverse("home"), "home")]
    if is_administrator(user) and is_verified(user):
        items.append(NavItem(_("Administration"), reverse("admin:index"), "admin:index"))
        items.append(NavItem(_("Users"), reverse("accounts:user_list"), "accounts:user_list"))
    items.append(NavItem(_("Second factor"), reverse("accounts:otp_setup"), "accounts:otp_setup"))
    return {"nav_items": items, "nav_roles": role_labels(user)}
