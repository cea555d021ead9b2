"""Admin for registration and standing: for looking things up. Every write goes through the
actions (audited) from the pages and the API, so these admins are read-only. The admin is for
Django staff, i.e. the district's civil-affairs reviewers, who see members' IDs whole."""

from django.contrib import admin

from ..models import (
    AdmissionStandard,
    AnnualReport,
    Incubation,
    IncubationMilestone,
    Member,
    Notification,
    Organization,
    OrganizationDomain,
    Violation,
)


class _ReadOnly:
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class DomainInline(_ReadOnly, admin.TabularInline):
    model = OrganizationDomain
    extra = 0


class MemberInline(_ReadOnly, admin.TabularInline):
    model = Member
    extra = 0
    fields = ["position", "name", "resident_id", "is_legal_representative"]


class NotificationInline(_ReadOnly, admin.TabularInline):
    model = Notification
    extra = 0
    fields = ["created_at", "kind", "comment", "emailed_at"]
    readonly_fields = ["created_at"]


@admin.register(Organization)
class OrganizationAdmin(_ReadOnly, admin.ModelAdmin):
    list_display = ["name", "status", "street", "community", "registered_on", "certificate_number", "is_brand"]
    list_filter = ["status", "is_brand", "street"]
    search_fields = ["name", "certificate_number", "credit_code"]
    list_select_related = ["street", "community"]
    inlines = [DomainInline, MemberInline, NotificationInline]


class MilestoneInline(_ReadOnly, admin.TabularInline):
    model = IncubationMilestone
    extra = 0


@admin.register(Incubation)
class IncubationAdmin(_ReadOnly, admin.ModelAdmin):
    list_display = ["incubator", "incubatee", "start", "end"]
    list_select_related = ["incubator", "incubatee"]
    inlines = [MilestoneInline]


@admin.register(AnnualReport)
class AnnualReportAdmin(_ReadOnly, admin.ModelAdmin):
    list_display = ["organization", "year", "status", "is_late", "submitted_at"]
    list_filter = ["year", "status", "is_late"]
    list_select_related = ["organization"]
    search_fields = ["organization__name"]


@admin.register(Violation)
class ViolationAdmin(_ReadOnly, admin.ModelAdmin):
    list_display = ["organization", "date", "kind"]
    list_filter = ["kind"]
    list_select_related = ["organization"]


@admin.register(AdmissionStandard)
class AdmissionStandardAdmin(_ReadOnly, admin.ModelAdmin):
    list_display = [
        "min_months_registered",
        "require_annual_report",
        "min_certified_social_workers",
        "violation_lookback_years",
        "min_performance_score",
        "updated_at",
    ]
