from django.contrib import admin

from core.admin import ReadOnlyAdminMixin

from ..models import Offering, OfferingSlot, ReplyTemplate


class SlotInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = OfferingSlot
    fields = ["start", "end", "capacity", "taken"]
    readonly_fields = fields
    extra = 0


# Read-only: offerings change through their organisation's pages and API (audited).
@admin.register(Offering)
class OfferingAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["title", "organization", "domain", "price", "answer_hours", "is_active", "contract"]
    list_filter = ["is_active", "domain"]
    list_select_related = ["organization"]
    search_fields = ["title", "organization__name"]
    exclude = ["social_workers", "volunteers"]
    inlines = [SlotInline]


@admin.register(ReplyTemplate)
class ReplyTemplateAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["title", "organization"]
    list_select_related = ["organization"]
