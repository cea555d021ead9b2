from django.contrib import admin

from ..models import BudgetLine
from .readonly import ReadOnly


@admin.register(BudgetLine)
class BudgetLineAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ["year", "street", "domain", "allocated", "committed", "paid"]
    list_filter = ["year", "domain"]
    list_select_related = ["street"]
