"""Who a user is, in terms every app's scoping understands."""

from __future__ import annotations

from dataclasses import dataclass, field

from .models import Community, Role, RoleAssignment, Street


@dataclass(frozen=True)
class Scope:
    """The units and organisations a user acts for, computed once per request."""

    authenticated: bool = False
    roles: frozenset[str] = frozenset()
    department_ids: frozenset[int] = frozenset()
    street_ids: frozenset[int] = frozenset()
    community_ids: frozenset[int] = frozenset()
    organization_ids: frozenset[int] = frozenset()
    resident_community_id: int | None = None
    # Communities under the user's streets, for street staff who oversee them.
    overseen_community_ids: frozenset[int] = field(default=frozenset())

    @property
    def is_district_admin(self) -> bool:
        return Role.DISTRICT_ADMIN in self.roles

    @property
    def is_staff_of_government(self) -> bool:
        return bool(self.roles & {Role.DISTRICT_ADMIN, Role.DEPARTMENT_STAFF, Role.STREET_STAFF, Role.COMMUNITY_STAFF})

    def has(self, *roles: str) -> bool:
        return bool(self.roles.intersection(roles))


ANONYMOUS = Scope()


def scope_for(user) -> Scope:
    """The user's scope, cached on the user object for the rest of the request."""
    if not getattr(user, "is_authenticated", False):
        return ANONYMOUS
    cached = getattr(user, "_portal_scope", None)
    if cached is not None:
        return cached
    assignments = list(
        RoleAssignment.objects.filter(user=user).values_list(
            "role", "department_id", "street_id", "community_id", "organization_id"
        )
    )
    roles = frozenset(a[0] for a in assignments)
    street_ids = frozenset(a[2] for a in assignments if a[0] == Role.STREET_STAFF)
    scope = Scope(
        authenticated=True,
        roles=roles,
        department_ids=frozenset(a[1] for a in assignments if a[0] == Role.DEPARTMENT_STAFF),
        street_ids=street_ids,
        community_ids=frozenset(a[3] for a in assignments if a[0] == Role.COMMUNITY_STAFF),
        organization_ids=frozenset(a[4] for a in assignments if a[0] == Role.ORGANIZATION_STAFF),
        resident_community_id=next((a[3] for a in assignments if a[0] == Role.RESIDENT), None),
        overseen_community_ids=frozenset(
            Community.objects.filter(street_id__in=street_ids).values_list("id", flat=True)
        )
        if street_ids
        else frozenset(),
    )
    user._portal_scope = scope
    return scope


def scope_forget(user) -> None:
    """Drop the cached scope after the user's roles changed within the same request."""
    user.__dict__.pop("_portal_scope", None)


def streets_public():
    return Street.objects.filter(is_active=True).select_related("district").order_by("name")


def communities_public():
    return Community.objects.filter(is_active=True).select_related("street").order_by("street__name", "name")
