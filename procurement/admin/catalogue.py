from django.contrib import admin

from ..models import CatalogueItem
from .readonly import ReadOnly


@admin.register(CatalogueItem)
class CatalogueItemAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ["code", "title", "domain", "department", "is_placeholder", "is_active"]
    search_fields = ["code", "title"]
    raw_id_fields = ["duty_item"]
