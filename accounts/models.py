"""Users, their roles, and the places and departments the roles are scoped to."""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """A person who signs in. What they may do comes from their `RoleAssignment`s."""

    display_name = models.CharField(_("display name"), max_length=100, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)

    class Meta(AbstractUser.Meta):
        swappable = "AUTH_USER_MODEL"
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.display_name or self.username


class SourcedModel(models.Model):
    """Reference data carries where it came from, so staff can judge and correct it."""

    source = models.CharField(_("source"), max_length=300, blank=True)
    as_of = models.CharField(_("as of"), max_length=20, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        abstract = True


class District(SourcedModel):
    name = models.CharField(_("name"), max_length=50, unique=True)
    code = models.CharField(_("administrative code"), max_length=12, unique=True)

    class Meta:
        verbose_name = _("district")
        verbose_name_plural = _("districts")

    def __str__(self) -> str:
        return self.name


class Street(SourcedModel):
    """A street office (街道办事处): purchaser and supervisor of services in its area."""

    district = models.ForeignKey(District, verbose_name=_("district"), on_delete=models.PROTECT, related_name="streets")
    name = models.CharField(_("name"), max_length=50)
    code = models.CharField(_("statistics code"), max_length=12, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("street")
        verbose_name_plural = _("streets")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["district", "name"], name="street_unique_name")]

    def __str__(self) -> str:
        return self.name


class Community(SourcedModel):
    """A community (社区) and its two committees: the implementer on the ground."""

    street = models.ForeignKey(Street, verbose_name=_("street"), on_delete=models.PROTECT, related_name="communities")
    name = models.CharField(_("name"), max_length=50)
    code = models.CharField(_("statistics code"), max_length=15, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("community")
        verbose_name_plural = _("communities")
        ordering = ["street__name", "name"]
        constraints = [models.UniqueConstraint(fields=["street", "name"], name="community_unique_name")]

    def __str__(self) -> str:
        return self.name


class Grid(models.Model):
    community = models.ForeignKey(
        Community, verbose_name=_("community"), on_delete=models.PROTECT, related_name="grids"
    )
    name = models.CharField(_("name"), max_length=50)

    class Meta:
        verbose_name = _("grid")
        verbose_name_plural = _("grids")
        constraints = [models.UniqueConstraint(fields=["community", "name"], name="grid_unique_name")]

    def __str__(self) -> str:
        return f"{self.community} {self.name}"


class Department(models.Model):
    """A district department (区级部门), e.g. 人社局, 卫健局, and the civil-affairs bureau."""

    district = models.ForeignKey(
        District, verbose_name=_("district"), on_delete=models.PROTECT, related_name="departments"
    )
    name = models.CharField(_("name"), max_length=50)
    short_name = models.CharField(_("short name"), max_length=20, blank=True)
    is_civil_affairs = models.BooleanField(_("is the civil-affairs bureau"), default=False)

    class Meta:
        verbose_name = _("department")
        verbose_name_plural = _("departments")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["district", "name"], name="department_unique_name")]

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    DISTRICT_ADMIN = "district_admin", _("District civil-affairs administrator")
    DEPARTMENT_STAFF = "department_staff", _("District department staff")
    STREET_STAFF = "street_staff", _("Street office staff")
    # The street's reviewers of purchase contracts (procurement's review steps), each on one street.
    STREET_LEGAL = "street_legal", _("Street office legal reviewer")
    STREET_FINANCE = "street_finance", _("Street office finance reviewer")
    STREET_LEADER = "street_leader", _("Street office leader")
    COMMUNITY_STAFF = "community_staff", _("Community staff")
    ORGANIZATION_STAFF = "organization_staff", _("Social organisation staff")
    EXPERT = "expert", _("Evaluation expert")
    RESIDENT = "resident", _("Resident")


# Which scope field each role held as a RoleAssignment must carry; every other scope field must be
# empty. Organisation staff is not here: organizations keeps those grants in its own table (a lower
# layer cannot point at an organisation) and registers them with accounts.queries.role_source_register.
ROLE_SCOPE_FIELD = {
    Role.DISTRICT_ADMIN: "district",
    Role.DEPARTMENT_STAFF: "department",
    Role.STREET_STAFF: "street",
    Role.STREET_LEGAL: "street",
    Role.STREET_FINANCE: "street",
    Role.STREET_LEADER: "street",
    Role.COMMUNITY_STAFF: "community",
    Role.EXPERT: None,
    Role.RESIDENT: "community",
}
SCOPE_FIELDS = ("district", "department", "street", "community")


def _scope_rule(role: str, field: str | None) -> Q:
    q = Q(role=role)
    for name in SCOPE_FIELDS:
        q &= Q(**{f"{name}__isnull": name != field})
    return q


class RoleAssignment(models.Model):
    """One role a user holds, scoped to the unit or organisation it applies to."""

    user = models.ForeignKey(User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="role_assignments")
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    district = models.ForeignKey(District, verbose_name=_("district"), null=True, blank=True, on_delete=models.PROTECT)
    department = models.ForeignKey(
        Department, verbose_name=_("department"), null=True, blank=True, on_delete=models.PROTECT
    )
    street = models.ForeignKey(Street, verbose_name=_("street"), null=True, blank=True, on_delete=models.PROTECT)
    community = models.ForeignKey(
        Community, verbose_name=_("community"), null=True, blank=True, on_delete=models.PROTECT
    )
    created_at = models.DateTimeField(_("granted"), auto_now_add=True)

    class Meta:
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        constraints = [
            models.CheckConstraint(
                condition=_scope_rule(Role.DISTRICT_ADMIN, "district")
                | _scope_rule(Role.DEPARTMENT_STAFF, "department")
                | _scope_rule(Role.STREET_STAFF, "street")
                | _scope_rule(Role.STREET_LEGAL, "street")
                | _scope_rule(Role.STREET_FINANCE, "street")
                | _scope_rule(Role.STREET_LEADER, "street")
                | _scope_rule(Role.COMMUNITY_STAFF, "community")
                | _scope_rule(Role.EXPERT, None)
                | _scope_rule(Role.RESIDENT, "community"),
                name="role_scope_matches_role",
            ),
            # The same role twice over the same scope is one role (NULLs would defeat a single
            # composite constraint, hence one per role).
            *[
                models.UniqueConstraint(
                    fields=["user", field] if field else ["user"],
                    condition=Q(role=role),
                    name=f"role_unique_{role}",
                )
                for role, field in ROLE_SCOPE_FIELD.items()
                if role != Role.RESIDENT
            ],
            # A resident is verified into one community only.
            models.UniqueConstraint(fields=["user"], condition=Q(role=Role.RESIDENT), name="resident_one_community"),
        ]

    def __str__(self) -> str:
        scope = self.district or self.department or self.street or self.community
        return f"{self.user} · {self.get_role_display()}" + (f" · {scope}" if scope else "")
