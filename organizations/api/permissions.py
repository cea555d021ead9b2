"""Who may use the people API: the managers of social workers and volunteers, and of coordinators."""

from __future__ import annotations

from rest_framework import permissions

from accounts.queries import scope_for

from ..queries.people import may_manage_coordinators, may_manage_people


class ManagesPeople(permissions.BasePermission):
    """The district's reviewers and organisations' staff (each for their own organisation)."""

    def has_permission(self, request, view):
        return may_manage_people(scope_for(request.user))


class SeesCoordinators(permissions.BasePermission):
    """Reading: the district admin, street offices and organisations. Hiring: not organisations."""

    def has_permission(self, request, view):
        scope = scope_for(request.user)
        if request.method in permissions.SAFE_METHODS:
            return may_manage_coordinators(scope) or bool(scope.organization_ids)
        return may_manage_coordinators(scope)


SIGNED_IN_MANAGERS = [permissions.IsAuthenticated, ManagesPeople]
