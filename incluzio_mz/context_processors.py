from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.functional import Promise, SimpleLazyObject
from django.utils.translation import gettext_lazy as _

from accounts.roles import is_administrator, role_labels
from accounts.second_factor import is_verified
from councils.permissions import is_supporter, may_see_structure
from incluzio_mz.models import OrganisationProfile
from members.permissions import may_manage_people, nav_state


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
    roles = role_labels(user)
    if may_see_structure(user):
        items.append(NavItem(_("Councils and panels"), reverse("councils:body_list"), "councils:body_list"))
        units = "councils:business_unit_list"
        items.append(NavItem(_("Business units"), reverse(units), units))
    if is_supporter(user):
        roles.append(str(_("Supporter")))
    # Members (issue 5): the overview for supporters and administrators, the member's own page, notifications.
    if may_manage_people(user):
        items.append(NavItem(_("Members"), reverse("members:person_list"), "members:person_list"))
    # Meetings (issue 6): every logged-in user; the list shows only the meetings they may see.
    items.append(NavItem(_("Meetings"), reverse("meetings:meeting_list"), "meetings:meeting_list"))
    # Panels and signals (issue 8): for who handles signals (supporters, administrators); members and the board
    # see none, so the links would only lead to empty pages.
    if is_administrator(user) or is_supporter(user):
        items.append(NavItem(_("Panels"), reverse("panels:panel_list"), "panels:panel_list"))
        items.append(NavItem(_("Signals"), reverse("panels:signal_list"), "panels:signal_list"))
    # Requests for advice and consent (issue 7): every logged-in user; the list shows only what they may see.
    items.append(NavItem(_("Requests"), reverse("advice:request_list"), "advice:request_list"))
    has_person, unread = nav_state(user)
    if has_person:
        items.append(NavItem(_("My membership"), reverse("members:my_membership"), "members:my_membership"))
    notifications = _("Notifications (%(count)s unread)") % {"count": unread} if unread else _("Notifications")
    items.append(NavItem(notifications, reverse("members:notification_list"), "members:notification_list"))
    if is_administrator(user) and is_verified(user):
        items.append(NavItem(_("Administration"), reverse("admin:index"), "admin:index"))
        items.append(NavItem(_("Users"), reverse("accounts:user_list"), "accounts:user_list"))
        items.append(NavItem(_("House style"), reverse("organisation_profile_update"), "organisation_profile_update"))
    items.append(NavItem(_("Second factor"), reverse("accounts:otp_setup"), "accounts:otp_setup"))
    return {"nav_items": items, "nav_roles": roles}


def organisation_for_request(request: HttpRequest) -> OrganisationProfile:
    """The organisation profile, read once per request (pages use it in the title, header and footer).

    Per request rather than in a process-wide cache: with several web processes a cached copy would outlive a
    change made through another process. One primary-key query per page is cheap.
    """
    profile: OrganisationProfile | None = getattr(request, "_organisation_profile", None)
    if profile is None:
        profile = OrganisationProfile.current()
        setattr(request, "_organisation_profile", profile)  # noqa: B010 - a per-request cache on the request
    return profile


def organisation(request: HttpRequest) -> dict[str, Any]:
    """`organisation`: name, address, logo and colours for every page (read lazily, once per request)."""
    return {"organisation": SimpleLazyObject(lambda: organisation_for_request(request))}
