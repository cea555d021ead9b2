from django.contrib import admin

from ..models import Bid
from .readonly import ReadOnly


@admin.register(Bid)
class BidAdmin(ReadOnly, admin.ModelAdmin):
    # Only what the opening record publishes anyway, minus the price: the seal holds for
    # superusers too (docs/decisions/015).
    fields = ["project", "organization", "status", "receipt", "submitted_at"]
    readonly_fields = fields
    list_display = ["project", "organization", "status", "receipt", "submitted_at"]
    list_filter = ["status"]
    list_select_related = ["project", "organization"]
