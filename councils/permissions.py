"""The access gate for bodies and business units (DESIGN.md convention 4). Views read these rows only through here.

Where access comes from:
- administrators (role): everything, including the structure (units, kinds, parents, regulations);
- board members (role): see every body and unit, change nothing here;
- supporters: an explicit django-guardian object permission "councils.support_body" on a body, held by that body's
  supporters group (granted and revoked only in councils.services.body_supporter_*). A supporter manages that body
  and its children (a council's chambers and the panels that feed it), and sees the other bodies of the same
  council (so the jongerenraad's supporter sees the ouderraad, but may not change it);
- supporters of a council record the house rules the council adopted (W-REG-3); nobody else does;
- members: from their current memberships (members.models.Membership.objects.current(on=today)): a member sees
  the bodies they sit in and, for a chamber, its council, but not the council's other chamber. Access starts with
  the trial and ends with the membership or its term by itself, without a revoke job.

Outsiders get 404 for a body (its existence is not revealed); who may see it but not do this gets 403.
"""

from enum import StrEnum

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.utils import timezone
from guardian.shortcuts import get_objects_for_user

from accounts.roles import is_administrator, is_board_member
from councils.models import Body, BodyKind, BodyQuerySet, BusinessUnit, BusinessUnitQuerySet

AnyUser = AbstractBaseUser | AnonymousUser


class BodyAction(StrEnum):
    VIEW = "view"
    # Day-to-day care of a body: its public text and contact address (later: members, meetings).
    MANAGE = "manage"
    # The organisation's structure: parent, units represented, chambers, regulation, conversion.
    STRUCTURE = "structure"
    # W-REG-3: the council's own house rules, recorded by a supporter of the council itself; administrators and the
    # board cannot (nor a chamber's supporter: the council as a whole adopts them).
    HOUSE_RULES = "house_rules"


class UnitAction(StrEnum):
    VIEW = "view"
    STRUCTURE = "structure"


def supported_body_ids(user: AnyUser) -> frozenset[int]:
    """The bodies this user supports by an explicit object permission (cached on the user object per request)."""
    if not user.is_authenticated or not user.is_active:
        return frozenset()
    cached: frozenset[int] | None = getattr(user, "_supported_body_ids", None)
    if cached is None:
        granted = get_objects_for_user(
            user, "councils.support_body", klass=Body, with_superuser=False, accept_global_perms=False
        )
        cached = frozenset(granted.values_list("pk", flat=True))
        setattr(user, "_supported_body_ids", cached)  # noqa: B010 - a per-request cache on the user object
    return cached


def is_supporter(user: AnyUser) -> bool:
    return bool(supported_body_ids(user))


def member_body_ids(user: AnyUser) -> frozenset[int]:
    """The bodies user sees as a member today: their current memberships' bodies and a chamber's council.

    Cached on the user object per request, like the supporter grants.
    """
    if not user.is_authenticated or not user.is_active:
        return frozenset()
    cached: frozenset[int] | None = getattr(user, "_member_body_ids", None)
    if cached is None:
        from members.models import Membership  # members builds on councils: import at use, not at load

        rows = (
            Membership.objects.current(on=timezone.localdate())
            .filter(person__user_id=user.pk)
            .values_list("body_id", "body__kind", "body__parent_id")
        )
        ids: set[int] = set()
        for body_id, kind, parent_id in rows:
            ids.add(body_id)
            if kind == BodyKind.CHAMBER and parent_id is not None:
                ids.add(parent_id)
        cached = frozenset(ids)
        setattr(user, "_member_body_ids", cached)  # noqa: B010 - a per-request cache on the user object
    return cached


def _sees_everything(user: AnyUser) -> bool:
    return is_administrator(user) or is_board_member(user)


def _visible_filter(user: AnyUser) -> Q | None:
    """None: every body. Otherwise the Q of the bodies this user may see (Q(pk__in=[]) for none)."""
    if _sees_everything(user):
        return None
    as_member = Q(pk__in=member_body_ids(user))
    supported = supported_body_ids(user)
    if not supported:
        return as_member
    # The supported bodies' councils (a chamber's or feeding panel's parent), and everything under them.
    roots = Body.objects.filter(pk__in=supported).values_list("parent_id", "pk")
    root_ids = {parent_id or pk for parent_id, pk in roots}
    return Q(pk__in=root_ids) | Q(parent_id__in=root_ids) | Q(pk__in=supported) | as_member


def _managed_filter(user: AnyUser) -> Q | None:
    if is_administrator(user):
        return None
    supported = supported_body_ids(user)
    if not supported:
        return Q(pk__in=[])
    return Q(pk__in=supported) | Q(parent_id__in=supported)


def bodies_for_user(user: AnyUser, action: BodyAction = BodyAction.VIEW) -> BodyQuerySet:
    """The bodies user may see (or act on): the only source of bodies for list pages."""
    queryset = Body.objects.select_related("parent")
    if action == BodyAction.STRUCTURE:
        return queryset if is_administrator(user) else queryset.none()
    condition = _visible_filter(user) if action == BodyAction.VIEW else _managed_filter(user)
    return queryset if condition is None else queryset.filter(condition)


def body_allows(user: AnyUser, body: Body, action: BodyAction) -> bool:
    """Whether user may do action on this body (for showing or hiding links; views still go through body_for_user)."""
    if action == BodyAction.STRUCTURE:
        return is_administrator(user)
    if action == BodyAction.HOUSE_RULES:
        return body.kind == BodyKind.COUNCIL and body.pk in supported_body_ids(user)
    if action == BodyAction.MANAGE:
        return is_administrator(user) or bool({body.pk, body.parent_id} & supported_body_ids(user))
    return bodies_for_user(user, BodyAction.VIEW).filter(pk=body.pk).exists()


def body_for_user(user: AnyUser, slug: str, action: BodyAction = BodyAction.VIEW) -> Body:
    """One body by slug: 404 when user may not see it (or it does not exist), 403 when they may see it but not act."""
    try:
        body = bodies_for_user(user, BodyAction.VIEW).get(slug=slug)
    except Body.DoesNotExist:
        raise Http404 from None
    if action != BodyAction.VIEW and not body_allows(user, body, action):
        raise PermissionDenied
    return body


# ---------------------------------------------------------------------------------------------------------------
# Business units: organisation data for the people who run participation (administrators, board, supporters).


def may_see_structure(user: AnyUser) -> bool:
    return _sees_everything(user) or is_supporter(user)


def units_for_user(user: AnyUser) -> BusinessUnitQuerySet:
    """All units for administrators, board members and supporters; 403 for everyone else."""
    if not may_see_structure(user):
        raise PermissionDenied
    return BusinessUnit.objects.select_related("merged_into")


def unit_for_user(user: AnyUser, slug: str, action: UnitAction = UnitAction.VIEW) -> BusinessUnit:
    """One unit by slug: 404 for those who may not see units (or an unknown slug), 403 for changes by non-admins."""
    if not may_see_structure(user):
        raise Http404
    try:
        unit = BusinessUnit.objects.select_related("merged_into").get(slug=slug)
    except BusinessUnit.DoesNotExist:
        raise Http404 from None
    if action == UnitAction.STRUCTURE and not is_administrator(user):
        raise PermissionDenied
    return unit


def may_change_structure(user: AnyUser) -> bool:
    """Whether to offer structure changes (new units and bodies, merges, moves) at all."""
    return is_administrator(user)


def require_administrator(user: AnyUser) -> None:
    """Pages that change the structure as a whole (a new unit, a new body): administrators only, 403 otherwise."""
    if not is_administrator(user):
        raise PermissionDenied


def require_compliance_access(user: AnyUser) -> None:
    """The compliance overview (W-SCOPE-4, regulations): administrators and the board, 403 otherwise."""
    if not _sees_everything(user):
        raise PermissionDenied


def may_configure_scope(user: AnyUser) -> bool:
    """The obligation check's configuration (W-SCOPE-1 thresholds, W-SCOPE-3 kinds of service): administrators."""
    return is_administrator(user)


def require_scope_configurator(user: AnyUser) -> None:
    """The configuration page: administrators only, 403 for everyone else (anonymous users go to the login)."""
    if not may_configure_scope(user):
        raise PermissionDenied
