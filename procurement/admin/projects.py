from django.contrib import admin

from ..models import Opening, Project
from .readonly import ReadOnly


@admin.register(Project)
class ProjectAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ["title", "street", "community", "method", "amount", "status", "bid_deadline"]
    list_filter = ["status", "method", "domain"]
    list_select_related = ["street", "community"]
    search_fields = ["title"]
    raw_id_fields = ["catalogue_item", "budget_line", "source_assignment", "created_by", "awarded_bid"]
    exclude = ["invited_organizations"]


@admin.register(Opening)
class OpeningAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ["project", "opened_at", "outcome"]
    list_select_related = ["project"]
