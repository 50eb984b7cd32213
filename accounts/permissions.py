"""The access gate for user accounts (DESIGN.md convention 4): managing accounts is for administrators only.

Everyone else gets 403, also for an unknown user id: the page itself is closed to them, so there is nothing to
hide about which ids exist. Administrators get 404 for an unknown id.

The rows come with their groups (and each group's supported body) and whether the user has a confirmed
authenticator, so a list page reads its roles and second factor in a fixed number of queries.
"""

from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, Group
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Prefetch, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import User
from accounts.roles import ROLE_LABELS, Role, is_administrator
from councils.models import Body

AnyUser = AbstractBaseUser | AnonymousUser


def users_for_user(user: AnyUser) -> QuerySet[User]:
    """All accounts, for administrators; 403 for everyone else. The only source of users for the account pages."""
    if not is_administrator(user):
        raise PermissionDenied
    groups = Group.objects.select_related("supported_body").order_by("name")
    return User.objects.prefetch_related(Prefetch("groups", queryset=groups)).annotate(
        has_second_factor=Exists(TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True))
    )


def user_for_user(user: AnyUser, pk: int) -> User:
    """One account: 403 for non-administrators, 404 for an unknown id."""
    try:
        return users_for_user(user).get(pk=pk)
    except User.DoesNotExist:
        raise Http404 from None


# ---------------------------------------------------------------------------------------------------------------
# Reading the roles of a user from the gate's prefetched groups (no queries of its own).


@dataclass(frozen=True)
class RoleGrant:
    """One role a user holds: an organisation role, or supporter of one body."""

    value: str  # the form value: the Role's value, or "body-<pk>"
    label: str
    role: Role | None = None
    body: Body | None = None


def body_role_value(body: Body) -> str:
    return f"body-{body.pk}"


def role_grants(user: User) -> list[RoleGrant]:
    """The user's roles in a fixed order: administrator, board member, then the bodies they support by name."""
    names = set()
    bodies = []
    for group in user.groups.all():
        names.add(group.name)
        body = getattr(group, "supported_body", None)  # RelatedObjectDoesNotExist is an AttributeError
        if body is not None:
            bodies.append(body)
    grants = [RoleGrant(role.value, str(label), role=role) for role, label in ROLE_LABELS.items() if role in names]
    for body in sorted(bodies, key=lambda b: b.name):
        label = _("Supporter of %(body)s") % {"body": body.name}
        grants.append(RoleGrant(body_role_value(body), label, body=body))
    return grants
