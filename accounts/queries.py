"""Who a user is, in terms every app's scoping understands."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.db import connection
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

    def key(self, fields: Iterable[str]) -> tuple:
        """The values of `fields`, sets sorted: the key of what every caller whose scope agrees on
        those fields is shown alike (a list kept in the shared cache, core.api.CachedListMixin)."""
        values = (getattr(self, name) for name in fields)
        return tuple(tuple(sorted(v)) if isinstance(v, frozenset) else v for v in values)


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
    # Optional, the same as unit_ids as SQL: a SELECT of one column named `unit_id` whose one
    # parameter (%s) is the user's id. scope_for then reads these grants in the query that reads
    # the role assignments, instead of one query more per source on every request.
    unit_ids_sql: str = ""


_role_sources: dict[str, RoleSource] = {}


def role_source_register(source: RoleSource) -> None:
    if source.role in ROLE_SCOPE_FIELD:
        raise ValueError(f"{source.role} is held as a RoleAssignment; it cannot have another source")
    _role_sources[source.role] = source
    _scope_sql.cache_clear()


def role_source(role: str) -> RoleSource | None:
    return _role_sources.get(role)


# The marker of the rows of _scope_rows() that are communities overseen by the user's streets;
# never a Role value.
_OVERSEEN = "+overseen"


@functools.cache
def _scope_sql() -> str:
    """One statement for everything scope_for reads: the user's role assignments, the grants of
    each role source that gives its SQL, and the communities under the user's streets. Rows are
    (role, department, street, community, unit of a source). Compiled once per process: it is
    read on every signed-in request, and the ORM took more Python to compile the three queries
    it used to be than the database took to run them."""
    qn = connection.ops.quote_name
    assignments, communities = qn(RoleAssignment._meta.db_table), qn(Community._meta.db_table)
    user, role = qn(RoleAssignment._meta.get_field("user").column), qn("role")
    department, street, community = (
        qn(RoleAssignment._meta.get_field(f).column) for f in ("department", "street", "community")
    )
    parts = [
        f"SELECT {role}, {department}, {street}, {community}, CAST(NULL AS BIGINT) FROM {assignments} WHERE {user} = %s",
        f"SELECT %s, NULL, NULL, {qn('id')}, NULL FROM {communities} WHERE {qn(Community._meta.get_field('street').column)}"
        f" IN (SELECT {street} FROM {assignments} WHERE {user} = %s AND {role} = %s)",
    ]
    parts += [
        f"SELECT %s, NULL, NULL, NULL, {qn('unit_id')} FROM ({source.unit_ids_sql}) {qn('s' + str(n))}"
        for n, source in enumerate(_sql_sources())
    ]
    return " UNION ALL ".join(parts)


def _sql_sources() -> list[RoleSource]:
    return [source for source in _role_sources.values() if source.unit_ids_sql]


def _scope_rows(user_id: int) -> list[tuple]:
    params: list = [user_id, _OVERSEEN, user_id, Role.STREET_STAFF.value]
    for source in _sql_sources():
        params += [source.role, user_id]
    with connection.cursor() as cursor:
        cursor.execute(_scope_sql(), params)
        return cursor.fetchall()


def scope_for(user) -> Scope:
    """The user's scope, cached on the user object for the rest of the request: one query."""
    if not getattr(user, "is_authenticated", False):
        return ANONYMOUS
    cached = getattr(user, "_portal_scope", None)
    if cached is not None:
        return cached
    rows = _scope_rows(user.pk)
    by_kind: dict[str, set] = {}
    for role, department_id, street_id, community_id, unit_id in rows:
        by_kind.setdefault(role, set()).add((department_id, street_id, community_id, unit_id))
    overseen = by_kind.pop(_OVERSEEN, set())
    roles = set(by_kind)
    held_elsewhere = {}
    for source in _role_sources.values():
        if source.unit_ids_sql:
            ids = frozenset(r[3] for r in by_kind.get(source.role, ()) if r[3] is not None)
        else:
            ids = frozenset(source.unit_ids(user))
        if ids:
            roles.add(source.role)
            held_elsewhere[f"{source.scope_type}_ids"] = ids
    scope = Scope(
        authenticated=True,
        roles=frozenset(roles),
        department_ids=frozenset(r[0] for r in by_kind.get(Role.DEPARTMENT_STAFF, ())),
        street_ids=frozenset(r[1] for r in by_kind.get(Role.STREET_STAFF, ())),
        community_ids=frozenset(r[2] for r in by_kind.get(Role.COMMUNITY_STAFF, ())),
        resident_community_id=next((r[2] for r in by_kind.get(Role.RESIDENT, ())), None),
        overseen_community_ids=frozenset(r[2] for r in overseen),
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
