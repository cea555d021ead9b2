"""Who a user is, in terms every app's scoping understands."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet

from .models import ROLE_SCOPE_FIELD, SCOPE_FIELDS, Community, Role, RoleAssignment, Street, User


@dataclass(frozen=True)
class Scope:
    """The units and organisations a user acts for, computed once per request."""

    authenticated: bool = False
    roles: frozenset[str] = frozenset()
    department_ids: frozenset[int] = frozenset()
    street_ids: frozenset[int] = frozenset()
    community_ids: frozenset[int] = frozenset()
    # Filled by the organisation-staff role source that organizations registers (see RoleSource).
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


@dataclass(frozen=True)
class RoleSource:
    """A role whose grants a higher app keeps in its own table, registered in its AppConfig.ready().

    Organisation staff is one: the grant points at an organisation, which accounts may not know.
    The source fills the scope's `<scope_type>_ids`, lists the grants for /me and the home page,
    says who holds the role over a unit, and grants and revokes it (audited, in the owning app).
    """

    role: str
    scope_type: str
    unit_ids: Callable[[User], Iterable[int]]
    units: Callable[[User], Iterable[tuple[int, str]]]
    holders: Callable[[int], Q]
    grant: Callable[..., object]
    revoke: Callable[..., bool]


_role_sources: dict[str, RoleSource] = {}


def role_source_register(source: RoleSource) -> None:
    if source.role in ROLE_SCOPE_FIELD:
        raise ValueError(f"{source.role} is held as a RoleAssignment; it cannot have another source")
    _role_sources[source.role] = source


def role_source(role: str) -> RoleSource | None:
    return _role_sources.get(role)


def scope_for(user) -> Scope:
    """The user's scope, cached on the user object for the rest of the request."""
    if not getattr(user, "is_authenticated", False):
        return ANONYMOUS
    cached = getattr(user, "_portal_scope", None)
    if cached is not None:
        return cached
    assignments = list(
        RoleAssignment.objects.filter(user=user).values_list("role", "department_id", "street_id", "community_id")
    )
    roles = set(a[0] for a in assignments)
    held_elsewhere = {}
    for source in _role_sources.values():
        ids = frozenset(source.unit_ids(user))
        if ids:
            roles.add(source.role)
            held_elsewhere[f"{source.scope_type}_ids"] = ids
    street_ids = frozenset(a[2] for a in assignments if a[0] == Role.STREET_STAFF)
    scope = Scope(
        authenticated=True,
        roles=frozenset(roles),
        department_ids=frozenset(a[1] for a in assignments if a[0] == Role.DEPARTMENT_STAFF),
        street_ids=street_ids,
        community_ids=frozenset(a[3] for a in assignments if a[0] == Role.COMMUNITY_STAFF),
        resident_community_id=next((a[3] for a in assignments if a[0] == Role.RESIDENT), None),
        overseen_community_ids=frozenset(
            Community.objects.filter(street_id__in=street_ids).values_list("id", flat=True)
        )
        if street_ids
        else frozenset(),
        **held_elsewhere,
    )
    user._portal_scope = scope
    return scope


def scope_forget(user) -> None:
    """Drop the cached scope after the user's roles changed within the same request."""
    user.__dict__.pop("_portal_scope", None)


@dataclass(frozen=True)
class HeldRole:
    """One role a user holds, wherever the grant is kept: for /me and the home page."""

    user: User
    role: str
    scope_type: str | None
    scope_id: int | None
    scope_name: str | None

    @property
    def role_display(self) -> str:
        return str(Role(self.role).label)

    def __str__(self) -> str:
        return f"{self.user} · {self.role_display}" + (f" · {self.scope_name}" if self.scope_name else "")


def held_roles(user) -> list[HeldRole]:
    if not getattr(user, "is_authenticated", False):
        return []
    held = []
    assignments = RoleAssignment.objects.filter(user=user).select_related(
        "district", "department", "street", "community"
    )
    for a in assignments.order_by("pk"):
        field_name = ROLE_SCOPE_FIELD[a.role]
        unit = getattr(a, field_name) if field_name else None
        held.append(HeldRole(user, a.role, field_name, unit.pk if unit else None, str(unit) if unit else None))
    for source in _role_sources.values():
        held.extend(HeldRole(user, source.role, source.scope_type, pk, name) for pk, name in source.units(user))
    return held


def users_holding(role: str, unit_id: int | None) -> QuerySet[User]:
    """The active users who hold `role` over the unit (community, organisation, ...) `unit_id`."""
    source = _role_sources.get(role)
    if source is not None:
        condition = source.holders(unit_id)
    else:
        field_name = ROLE_SCOPE_FIELD[Role(role)]
        grants = RoleAssignment.objects.filter(role=role, **({f"{field_name}_id": unit_id} if field_name else {}))
        condition = Q(pk__in=grants.values("user_id"))
    return User.objects.filter(condition, is_active=True)


def first_holders(wanted: Iterable[tuple[str, int | None]]) -> dict[tuple[str, int | None], int]:
    """For each (role, unit) of `wanted`, the id of the first active user (lowest id) who holds the
    role over the unit, as `users_holding(role, unit).order_by("pk").first()` would answer, for all
    of them in one query; a pair nobody holds is left out. Roles kept as RoleAssignments only (a
    role source's role raises): a contract's four reviewers are settled this way, 1 000 at once."""
    wanted = list(dict.fromkeys(wanted))
    condition = Q(pk__in=[])
    for role, unit_id in wanted:
        if role in _role_sources:
            raise ValueError(f"{role} is held through a role source: use users_holding")
        field_name = ROLE_SCOPE_FIELD[Role(role)]
        condition |= Q(role=role, **({f"{field_name}_id": unit_id} if field_name else {}))
    first: dict[tuple[str, int | None], int] = {}
    grants = RoleAssignment.objects.filter(condition, user__is_active=True)
    for role, *units, user_id in grants.values_list("role", *(f"{f}_id" for f in SCOPE_FIELDS), "user_id"):
        field_name = ROLE_SCOPE_FIELD[Role(role)]
        key = (role, dict(zip(SCOPE_FIELDS, units, strict=True))[field_name] if field_name else None)
        if key in first and first[key] <= user_id:
            continue
        first[key] = user_id
    return {key: first[key] for key in wanted if key in first}


def streets_public():
    return Street.objects.filter(is_active=True).select_related("district").order_by("name")


def communities_public():
    return Community.objects.filter(is_active=True).select_related("street").order_by("street__name", "name")
