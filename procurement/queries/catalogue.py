"""Reads of the purchase catalogue (public)."""

from __future__ import annotations

from django.db.models import QuerySet

from ..models import CatalogueItem

# --- The catalogue -------------------------------------------------------------------------------


def catalogue_public() -> QuerySet[CatalogueItem]:
    return CatalogueItem.objects.filter(is_active=True).select_related("duty_item", "duty_item__duty_list")
