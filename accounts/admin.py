from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from core.admin import PublicChangeAdminMixin, ReadOnlyAdminMixin
from core.public_cache import PLACES

from .actions import role_grant, role_revoke
from .models import ROLE_SCOPE_FIELD, SCOPE_FIELDS, Community, Department, District, Grid, RoleAssignment, Street, User


class RoleAssignmentInline(ReadOnlyAdminMixin, admin.TabularInline):
    """The user's roles, to read; they are granted and revoked under "Role assignments"."""

    model = RoleAssignment
    extra = 0
    fields = ["role", *SCOPE_FIELDS, "created_at"]
    readonly_fields = fields


class RoleGrantForm(forms.ModelForm):
    class Meta:
        model = RoleAssignment
        fields = ["user", "role", *SCOPE_FIELDS]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Organisation staff is granted with the organisation (organizations' staff memberships).
        self.fields["role"].choices = [(role.value, role.label) for role in ROLE_SCOPE_FIELD]

    def clean(self):
        data = super().clean()
        role = data.get("role")
        if role in ROLE_SCOPE_FIELD:
            wanted = ROLE_SCOPE_FIELD[role]
            for name in SCOPE_FIELDS:
                if name == wanted and not data.get(name):
                    self.add_error(name, _("This role needs a scope."))
                elif name != wanted and data.get(name):
                    self.add_error(name, _("This role is not held over this."))
        return data


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(admin.ModelAdmin):
    """Grants and revokes go through role_grant / role_revoke, so each one is audited."""

    form = RoleGrantForm
    list_display = ["user", "role", *SCOPE_FIELDS, "created_at"]
    list_filter = ["role"]
    list_select_related = ["user", *SCOPE_FIELDS]
    search_fields = ["user__username", "user__display_name"]
    autocomplete_fields = ["user", "department", "street", "community"]

    def has_change_permission(self, request, obj=None):
        # A role is revoked and granted again, never edited in place.
        return False

    @staticmethod
    def _scope(assignment):
        field = ROLE_SCOPE_FIELD[assignment.role]
        return getattr(assignment, field) if field else None

    def save_model(self, request, obj, form, change):
        granted = role_grant(actor=request.user, user=obj.user, role=obj.role, scope=self._scope(obj))
        obj.pk = granted.pk

    def delete_model(self, request, obj):
        role_revoke(actor=request.user, user=obj.user, role=obj.role, scope=self._scope(obj))

    def delete_queryset(self, request, queryset):
        for assignment in queryset.select_related(*SCOPE_FIELDS):
            self.delete_model(request, assignment)


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    fieldsets = BaseUserAdmin.fieldsets + ((None, {"fields": ("display_name", "phone")}),)
    list_display = ["username", "display_name", "email", "is_active", "is_staff"]
    search_fields = ["username", "display_name", "email"]
    inlines = [RoleAssignmentInline]


@admin.register(District)
class DistrictAdmin(PublicChangeAdminMixin, admin.ModelAdmin):
    public_topics = (PLACES,)
    list_display = ["name", "code", "source"]


@admin.register(Street)
class StreetAdmin(PublicChangeAdminMixin, admin.ModelAdmin):
    public_topics = (PLACES,)
    list_display = ["name", "code", "is_active", "as_of", "source"]
    search_fields = ["name"]


@admin.register(Community)
class CommunityAdmin(PublicChangeAdminMixin, admin.ModelAdmin):
    public_topics = (PLACES,)
    list_display = ["name", "street", "code", "is_active", "as_of", "source"]
    list_filter = ["street"]
    search_fields = ["name"]


@admin.register(Grid)
class GridAdmin(admin.ModelAdmin):
    list_display = ["name", "community"]
    autocomplete_fields = ["community"]


@admin.register(Department)
class DepartmentAdmin(PublicChangeAdminMixin, admin.ModelAdmin):
    public_topics = (PLACES,)  # a department's name is its tasks' sender name
    list_display = ["name", "short_name", "is_civil_affairs"]
    search_fields = ["name", "short_name"]
