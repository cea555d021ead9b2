from django.contrib import admin

from .models import AuditRecord, Job


@admin.register(AuditRecord)
class AuditRecordAdmin(admin.ModelAdmin):
    list_display = ["seq", "created_at", "actor_name", "action", "object_type", "object_id", "from_state", "to_state"]
    list_filter = ["action", "object_type"]
    search_fields = ["object_id", "actor_name", "request_id"]

    # The trail is append-only: the admin may read it, nobody edits it here.
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Job)
class JobAdmin(admin.ModelAdmin):
    list_display = ["id", "task_name", "state", "attempts", "created_at", "dispatched_at", "finished_at"]
    list_filter = ["state", "task_name"]
    readonly_fields = [f.name for f in Job._meta.fields]
