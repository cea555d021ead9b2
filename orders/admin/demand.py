from django.contrib import admin

from core.admin import ReadOnlyAdminMixin

from ..models import Demand


@admin.register(Demand)
class DemandAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["title", "community", "domain", "topic", "voice_count", "status", "project", "created_at"]
    list_filter = ["status", "domain"]
    list_select_related = ["community", "project"]
    search_fields = ["title", "topic"]
    raw_id_fields = ["community", "raised_by", "project"]
