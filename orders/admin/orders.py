from django.contrib import admin

from core.admin import ReadOnlyAdminMixin

from ..models import Order, OrderNotice


class NoticeInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = OrderNotice
    fields = ["kind", "text", "recipients", "sent_at"]
    readonly_fields = fields
    extra = 0


# Read-only, and without the confirmation code: orders move only through their actions.
@admin.register(Order)
class OrderAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["id", "offering", "organization", "community", "resident", "status", "created_at"]
    list_filter = ["status"]
    list_select_related = ["offering", "organization", "community", "resident"]
    search_fields = ["=id", "resident__username"]
    exclude = ["confirmation_code"]
    raw_id_fields = ["resident", "placed_by", "offering", "slot"]
    inlines = [NoticeInline]
