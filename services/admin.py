"""Admin of the services app: read-mostly. Changes go through the actions (import, publish)."""

from django.contrib import admin

from accounts.queries import scope_for
from core.admin import ReadOnlyAdminMixin

from .actions.calendar import calendar_day_delete, calendar_days_load
from .models import CalendarDay, DutyCategory, DutyItem, DutyList, DutyListImport


# --- Duty lists (issue #3, parts 1-3) -----------------------------------------------------------
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


# --- The official holiday schedule (services/workdays.py) ---------------------------------------
@admin.register(CalendarDay)
class CalendarDayAdmin(admin.ModelAdmin):
    """The district admin enters a year's schedule day by day (or loads it: load_holidays)."""

    list_display = ["date", "kind", "name", "source", "created_by", "created_at"]
    list_filter = ["kind", "date"]
    search_fields = ["name", "source"]
    date_hierarchy = "date"
    list_select_related = ["created_by"]
    fields = ["date", "kind", "name", "source"]

    def _may_enter(self, request) -> bool:
        return scope_for(request.user).is_district_admin

    def has_add_permission(self, request):
        return self._may_enter(request) and super().has_add_permission(request)

    def has_change_permission(self, request, obj=None):
        return self._may_enter(request) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._may_enter(request) and super().has_delete_permission(request, obj)

    def get_readonly_fields(self, request, obj=None):
        # A day is keyed by its date: a wrong date is deleted and entered again.
        return ["date"] if obj else []

    def save_model(self, request, obj, form, change):
        row = {"date": obj.date, "kind": obj.kind, "name": obj.name, "source": obj.source}
        calendar_days_load(actor=request.user, rows=[row])
        obj.pk = CalendarDay.objects.values_list("pk", flat=True).get(date=obj.date)

    def delete_model(self, request, obj):
        calendar_day_delete(actor=request.user, day=obj)

    def delete_queryset(self, request, queryset):
        for day in queryset:
            calendar_day_delete(actor=request.user, day=day)
