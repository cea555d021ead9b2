"""Admin of the official holiday schedule (services/workdays.py): entered through the actions."""

from django.contrib import admin

from accounts.queries import scope_for

from ..actions.calendar import calendar_day_delete, calendar_days_load
from ..models import CalendarDay


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
