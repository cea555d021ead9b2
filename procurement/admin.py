"""Admin: read-only views for support staff. Every write goes through procurement.actions, and a
bid's price, plan, staff and documents are not shown here at all: the seal holds for superusers
too (the opening record, public once opened, shows prices)."""

from django.contrib import admin

from .models import Bid, BudgetLine, CatalogueItem, Opening, Project


class _ReadOnly:
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(BudgetLine)
class BudgetLineAdmin(_ReadOnly, admin.ModelAdmin):
    list_display = ["year", "street", "domain", "allocated", "committed", "paid"]
    list_filter = ["year", "domain"]
    list_select_related = ["street"]


@admin.register(CatalogueItem)
class CatalogueItemAdmin(_ReadOnly, admin.ModelAdmin):
    list_display = ["code", "title", "domain", "department", "is_placeholder", "is_active"]
    search_fields = ["code", "title"]
    raw_id_fields = ["duty_item"]


@admin.register(Project)
class ProjectAdmin(_ReadOnly, admin.ModelAdmin):
    list_display = ["title", "street", "community", "method", "amount", "status", "bid_deadline"]
    list_filter = ["status", "method", "domain"]
    list_select_related = ["street", "community"]
    search_fields = ["title"]
    raw_id_fields = ["catalogue_item", "budget_line", "source_assignment", "created_by"]
    exclude = ["invited_organizations"]


@admin.register(Bid)
class BidAdmin(_ReadOnly, admin.ModelAdmin):
    # Only what the opening record publishes anyway, minus the price.
    fields = ["project", "organization", "status", "receipt", "submitted_at"]
    readonly_fields = fields
    list_display = ["project", "organization", "status", "receipt", "submitted_at"]
    list_filter = ["status"]
    list_select_related = ["project", "organization"]


@admin.register(Opening)
class OpeningAdmin(_ReadOnly, admin.ModelAdmin):
    list_display = ["project", "opened_at", "outcome"]
    list_select_related = ["project"]
