"""API of the purchase catalogue (public)."""

from __future__ import annotations

from rest_framework import generics, permissions, serializers

from ..models import CatalogueItem
from ..queries.catalogue import catalogue_public

# --- The catalogue ---------------------------------------------------------------------------------


class CatalogueItemSerializer(serializers.ModelSerializer):
    duty_item_code = serializers.CharField(source="duty_item.code", read_only=True, default="")
    domain_display = serializers.CharField(source="get_domain_display", read_only=True)

    class Meta:
        model = CatalogueItem
        fields = [
            "id",
            "code",
            "title",
            "duty_item",
            "duty_item_code",
            "department",
            "domain",
            "domain_display",
            "is_placeholder",
        ]
        read_only_fields = fields


class CatalogueItemList(generics.ListAPIView):
    """Public: the purchase catalogue (政府购买目录). Entries flagged `is_placeholder` come from
    example (示例) duty items, not an official catalogue."""

    permission_classes = [permissions.AllowAny]
    serializer_class = CatalogueItemSerializer
    pagination_class = None

    def get_queryset(self):
        return catalogue_public()
