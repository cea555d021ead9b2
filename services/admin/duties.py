"""Admin of the duty lists: read-only. Changes go through the actions (import, publish)."""

from django.contrib import admin

from core.admin import ReadOnlyAdminMixin

from ..models import DutyCategory, DutyItem, DutyList, DutyListImport


class ReadOnlyAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Versions are created by import and superseded by publishing; never edited in place."""


class DutyCategoryInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = DutyCategory
    extra = 0
    fields = ["code", "name", "position"]
    readonly_fields = fields


@admin.register(DutyList)
class DutyListAdmin(ReadOnlyAdmin):
    list_display = ["title", "kind", "version", "status", "declared_item_count", "published_at"]
    list_filter = ["kind", "status"]
    search_fields = ["title", "document_number"]
    inlines = [DutyCategoryInline]


@admin.register(DutyItem)
class DutyItemAdmin(ReadOnlyAdmin):
    list_display = ["code", "title", "duty_list", "category", "is_placeholder"]
    list_filter = ["duty_list__kind", "duty_list__status", "is_placeholder"]
    search_fields = ["code", "title", "legal_basis", "responsible_department"]
    list_select_related = ["duty_list", "category"]


@admin.register(DutyListImport)
class DutyListImportAdmin(ReadOnlyAdmin):
    list_display = ["pk", "kind", "title", "status", "total_rows", "processed_rows", "created_by", "created_at"]
    list_filter = ["kind", "status"]
    list_select_related = ["created_by"]
