from django.contrib import admin

from core.admin import ReadOnlyAdminMixin

from ..models import ResidentApplication


@admin.register(ResidentApplication)
class ResidentApplicationAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["name", "phone", "community", "status", "in_person", "created_at", "decided_at"]
    list_filter = ["status", "in_person"]
    list_select_related = ["community"]
    search_fields = ["name", "phone"]
    raw_id_fields = ["user", "registered_by", "decided_by", "community"]
