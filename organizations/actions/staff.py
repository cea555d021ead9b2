"""Granting and revoking the organisation-staff role: the grants live here, audited on the user
the same way accounts audits the roles it keeps (`user.role_grant` / `user.role_revoke`)."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import Role
from accounts.queries import scope_forget
from core.audit import audit_record
from core.errors import DomainError

from ..models import Organization, StaffMembership


def _organization(unit) -> Organization:
    if not isinstance(unit, Organization):
        raise DomainError(_("This role needs a scope."), fields={"scope": _("This role needs a scope.")})
    return unit


@transaction.atomic
def organization_staff_grant(*, actor, user, unit) -> StaffMembership:
    """Make `user` staff of the organisation `unit`; granting it twice changes nothing."""
    org = _organization(unit)
    membership, created = StaffMembership.objects.get_or_create(user=user, organization=org)
    if created:
        audit_record(
            actor=actor, obj=user, action="user.role_grant", to_state=Role.ORGANIZATION_STAFF, data={"scope": str(org)}
        )
        # The user may act for the organisation within this same request.
        scope_forget(user)
    return membership


@transaction.atomic
def organization_staff_revoke(*, actor, user, unit) -> bool:
    """`user` no longer acts for the organisation `unit`; False when they did not (nothing written)."""
    org = _organization(unit)
    deleted, _rows = StaffMembership.objects.filter(user=user, organization=org).delete()
    if not deleted:
        return False
    audit_record(
        actor=actor, obj=user, action="user.role_revoke", from_state=Role.ORGANIZATION_STAFF, data={"scope": str(org)}
    )
    scope_forget(user)
    return True
