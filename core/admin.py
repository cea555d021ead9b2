from django.contrib import admin

from .models import AuditRecord, Job
from .public_cache import public_changed


class ReadOnlyAdminMixin:
    """For a ModelAdmin or an inline: the admin may look things up; writes go through the actions
    (audited), from the pages, the API or an admin form that calls them."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class PublicChangeAdminMixin:
    """For a ModelAdmin that edits rows of public lists (core/public_cache.py): each save or
    delete renews the cached lists of `public_topics`."""

    public_topics: tuple[str, ...] = ()

    def _changed(self) -> None:
        for topic in self.public_topics:
            public_changed(topic)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        self._changed()

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        self._changed()

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset)
        self._changed()


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
