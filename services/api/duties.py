"""API of the duty lists: public reading (AllowAny), a constant number of queries per page."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import generics, permissions, serializers

from core.api import CachedListMixin, SmallListPagination
from core.public_cache import DUTY_LISTS
from services.models import DutyCategory, DutyItem, DutyList
from services.queries.duties import PUBLIC_STATUSES, duty_list_with_items, items_matching, lists_public


# --- Serializers ------------------------------------------------------------------------------
class DutyItemSerializer(serializers.ModelSerializer):
    category_code = serializers.CharField(source="category.code", read_only=True, allow_null=True, default=None)
    category_name = serializers.CharField(source="category.name", read_only=True, allow_null=True, default=None)

    class Meta:
        model = DutyItem
        fields = [
            "id",
            "code",
            "title",
            "legal_basis",
            "responsible_department",
            "is_placeholder",
            "position",
            "category",
            "category_code",
            "category_name",
            "source",
        ]


class DutyItemInListSerializer(DutyItemSerializer):
    """An item found by search, with the list version it belongs to."""

    duty_list = serializers.IntegerField(source="duty_list_id", read_only=True)
    list_kind = serializers.CharField(source="duty_list.kind", read_only=True)
    list_version = serializers.IntegerField(source="duty_list.version", read_only=True)
    list_status = serializers.CharField(source="duty_list.status", read_only=True)

    class Meta(DutyItemSerializer.Meta):
        fields = [*DutyItemSerializer.Meta.fields, "duty_list", "list_kind", "list_version", "list_status"]


class DutyCategorySerializer(serializers.ModelSerializer):
    items = DutyItemSerializer(many=True, read_only=True)

    class Meta:
        model = DutyCategory
        fields = ["id", "code", "name", "position", "items"]


class DutyListSerializer(serializers.ModelSerializer):
    # Enum names are fixed in SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"]: other apps have "kind"
    # and "status" fields too.
    kind = serializers.ChoiceField(choices=DutyList.Kind.choices, read_only=True)
    status = serializers.ChoiceField(choices=DutyList.Status.choices, read_only=True)
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    item_count = serializers.IntegerField(source="item_total", read_only=True)
    category_count = serializers.IntegerField(source="category_total", read_only=True)
    placeholder_count = serializers.IntegerField(source="placeholder_total", read_only=True)

    class Meta:
        model = DutyList
        fields = [
            "id",
            "kind",
            "kind_display",
            "version",
            "title",
            "document_number",
            "in_force_from",
            "status",
            "status_display",
            "published_at",
            "superseded_by",
            "declared_item_count",
            "declared_category_count",
            "item_count",
            "category_count",
            "placeholder_count",
            "source",
        ]


class DutyListDetailSerializer(DutyListSerializer):
    categories = DutyCategorySerializer(many=True, read_only=True)
    items_without_category = DutyItemSerializer(source="uncategorised_items", many=True, read_only=True)

    class Meta(DutyListSerializer.Meta):
        fields = [*DutyListSerializer.Meta.fields, "categories", "items_without_category"]


# --- Filters -----------------------------------------------------------------------------------
class DutyListFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=DutyList.Kind.choices)
    status = django_filters.ChoiceFilter(
        choices=[(s, label) for s, label in DutyList.Status.choices if s in PUBLIC_STATUSES]
    )

    class Meta:
        model = DutyList
        fields = ["kind", "status"]


class DutyItemFilter(django_filters.FilterSet):
    list = django_filters.NumberFilter(field_name="duty_list", label=_("list version id (default: the lists in force)"))
    category = django_filters.NumberFilter(field_name="category", label=_("category id"))
    search = django_filters.CharFilter(
        method="filter_search", label=_("words, matched inside titles, legal basis and departments")
    )

    class Meta:
        model = DutyItem
        fields = ["list", "category", "search"]

    def filter_search(self, queryset, name, value):
        return items_matching(queryset, value)


# --- Views -------------------------------------------------------------------------------------
@extend_schema_view(
    get=extend_schema(
        # Described as strings: enums named "kind"/"status" of other apps would collide in the schema.
        parameters=[
            OpenApiParameter("kind", str, description="party | committee | assisting"),
            OpenApiParameter("status", str, description="published (in force) | superseded"),
        ]
    )
)
class DutyListList(CachedListMixin, generics.ListAPIView):
    """Every readable version of the duty lists (in force and superseded), with counts declared
    by the document and actually held. `?kind=` and `?status=` narrow it."""

    permission_classes = [permissions.AllowAny]
    cache_topics = (DUTY_LISTS,)
    serializer_class = DutyListSerializer
    pagination_class = SmallListPagination
    filterset_class = DutyListFilter

    def get_queryset(self):
        return lists_public()


class DutyListDetail(generics.RetrieveAPIView):
    """One version of a list with its categories and items; superseded versions stay readable.
    A list holds at most `services.importing.MAX_ROWS` (10 000) items, so this answer is bounded;
    `GET /api/v1/duty-items/?list=<id>` pages through the same items."""

    permission_classes = [permissions.AllowAny]
    serializer_class = DutyListDetailSerializer
    queryset = DutyList.objects.none()

    def get_object(self):
        return duty_list_with_items(self.kwargs["pk"])


class DutyItemList(CachedListMixin, generics.ListAPIView):
    """Items of the lists in force, or of one version with `?list=`; `?search=` matches words
    (substrings, so Chinese needs no segmentation) in title, legal basis and department."""

    permission_classes = [permissions.AllowAny]
    cache_topics = (DUTY_LISTS,)
    serializer_class = DutyItemInListSerializer
    pagination_class = SmallListPagination
    filterset_class = DutyItemFilter

    def get_queryset(self):
        items = DutyItem.objects.filter(duty_list__status__in=PUBLIC_STATUSES).select_related("duty_list", "category")
        if not self.request.query_params.get("list"):
            items = items.filter(duty_list__status=DutyList.Status.PUBLISHED)
        return items.order_by("duty_list__kind", "duty_list_id", "position", "code")
