from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from .models import Community, Department, District, Grid, RoleAssignment, Street, User


class RoleAssignmentInline(admin.TabularInline):
    model = RoleAssignment
    extra = 0
    autocomplete_fields = ["department", "street", "community"]
    raw_id_fields = ["organization"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    fieldsets = BaseUserAdmin.fieldsets + ((None, {"fields": ("display_name", "phone")}),)
    list_display = ["username", "display_name", "email", "is_active", "is_staff"]
    search_fields = ["username", "display_name", "email"]
    inlines = [RoleAssignmentInline]


@admin.register(District)
class DistrictAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "source"]


@admin.register(Street)
class StreetAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "is_active", "as_of", "source"]
    search_fields = ["name"]


@admin.register(Community)
class CommunityAdmin(admin.ModelAdmin):
    list_display = ["name", "street", "code", "is_active", "as_of", "source"]
    list_filter = ["street"]
    search_fields = ["name"]


@admin.register(Grid)
class GridAdmin(admin.ModelAdmin):
    list_display = ["name", "community"]
    autocomplete_fields = ["community"]


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "is_civil_affairs"]
    search_fields = ["name", "short_name"]
