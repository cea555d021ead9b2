from django.contrib import admin

from .models import AuditRecord, Job


class ReadOnlyAdminMixin:
    """For a ModelAdmin or an inline: the admin may look things up; writes go through the actions
    (audited), from the pages, the API or an admin form that calls them."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AuditRecord)
class AuditRecordAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["seq", "created_at", "actor_name", "action", "object_type", "object_id", "from_state", "to_state"]
    list_filter = ["action", "object_type"]
    search_fields = ["object_id", "actor_name", "request_id"]


@admin.register(Job)
class JobAdmin(admin.ModelAdmin):
    list_display = ["id", "task_name", "state", "attempts", "created_at", "dispatched_at", "finished_at"]
    list_filter = ["state", "task_name"]
    readonly_fields = [f.name for f in Job._meta.fields]
