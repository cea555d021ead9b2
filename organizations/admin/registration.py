"""Admin for registration and standing: for looking things up. Every write goes through the
actions (audited) from the pages and the API, so these admins are read-only. The admin is for
Django staff, i.e. the district's civil-affairs reviewers, who see members' IDs whole."""

from django import forms
from django.contrib import admin

from core.admin import ReadOnlyAdminMixin

from ..actions.staff import organization_staff_grant, organization_staff_revoke
from ..models import (
    AdmissionStandard,
    AnnualReport,
    Incubation,
    IncubationMilestone,
    Member,
    Notification,
    Organization,
    OrganizationDomain,
    StaffMembership,
    Violation,
)


class DomainInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = OrganizationDomain
    extra = 0


class MemberInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = Member
    extra = 0
    fields = ["position", "name", "resident_id", "is_legal_representative"]


class NotificationInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = Notification
    extra = 0
    fields = ["created_at", "kind", "comment", "emailed_at"]
    readonly_fields = ["created_at"]


@admin.register(Organization)
class OrganizationAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["name", "status", "street", "community", "registered_on", "certificate_number", "is_brand"]
    list_filter = ["status", "is_brand", "street"]
    search_fields = ["name", "certificate_number", "credit_code"]
    list_select_related = ["street", "community"]
    inlines = [DomainInline, MemberInline, NotificationInline]


class MilestoneInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = IncubationMilestone
    extra = 0


@admin.register(Incubation)
class IncubationAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["incubator", "incubatee", "start", "end"]
    list_select_related = ["incubator", "incubatee"]
    inlines = [MilestoneInline]


@admin.register(AnnualReport)
class AnnualReportAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["organization", "year", "status", "is_late", "submitted_at"]
    list_filter = ["year", "status", "is_late"]
    list_select_related = ["organization"]
    search_fields = ["organization__name"]


@admin.register(Violation)
class ViolationAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["organization", "date", "kind"]
    list_filter = ["kind"]
    list_select_related = ["organization"]


@admin.register(AdmissionStandard)
class AdmissionStandardAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = [
        "min_months_registered",
        "require_annual_report",
        "min_certified_social_workers",
        "violation_lookback_years",
        "min_performance_score",
        "updated_at",
    ]


class StaffGrantForm(forms.ModelForm):
    class Meta:
        model = StaffMembership
        fields = ["user", "organization"]


@admin.register(StaffMembership)
class StaffMembershipAdmin(admin.ModelAdmin):
    """Who acts for which organisation. Granted and revoked through the actions, so audited."""

    form = StaffGrantForm
    list_display = ["user", "organization", "created_at"]
    list_select_related = ["user", "organization"]
    search_fields = ["user__username", "user__display_name", "organization__name"]
    raw_id_fields = ["user", "organization"]

    def has_change_permission(self, request, obj=None):
        # A grant is revoked and made again, never edited in place.
        return False

    def save_model(self, request, obj, form, change):
        obj.pk = organization_staff_grant(actor=request.user, user=obj.user, unit=obj.organization).pk

    def delete_model(self, request, obj):
        organization_staff_revoke(actor=request.user, user=obj.user, unit=obj.organization)

    def delete_queryset(self, request, queryset):
        for membership in queryset.select_related("user", "organization"):
            self.delete_model(request, membership)
