"""Reads of budget lines, scoped by who asks."""

from __future__ import annotations

from django.db.models import QuerySet

from accounts.queries import Scope, scope_for

from ..models import BudgetLine

# --- Budgets -------------------------------------------------------------------------------------


def can_see_budgets(scope: Scope) -> bool:
    return scope.is_district_admin or bool(scope.street_ids)


def budgets_for(user) -> QuerySet[BudgetLine]:
    """The district sees every line, a street office its own; nobody else (the caller checks)."""
    scope = scope_for(user)
    qs = BudgetLine.objects.select_related("street")
    if not scope.is_district_admin:
        qs = qs.filter(street_id__in=scope.street_ids)
    return qs.order_by("-year", "street__name", "domain")
