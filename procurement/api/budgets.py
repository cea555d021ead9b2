"""API of budget lines."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers, status
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.models import Street
from accounts.queries import scope_for
from core.errors import NotAllowed
from organizations.models import ServiceDomain

from ..actions.budgets import budget_line_set, budget_lines_import
from ..models import BudgetLine
from ..queries.budgets import budgets_for, can_see_budgets
from .fields import LabelField

# --- Budgets ---------------------------------------------------------------------------------------


class BudgetLineSerializer(serializers.ModelSerializer):
    street_name = serializers.CharField(source="street.name", read_only=True)
    domain_display = LabelField(ServiceDomain, source="domain")
    available = serializers.DecimalField(max_digits=14, decimal_places=2, read_only=True)

    class Meta:
        model = BudgetLine
        fields = [
            "id",
            "year",
            "street",
            "street_name",
            "domain",
            "domain_display",
            "allocated",
            "committed",
            "paid",
            "available",
        ]
        read_only_fields = fields


class BudgetLineSetSerializer(serializers.Serializer):
    year = serializers.IntegerField(min_value=2000, max_value=2100)
    street = serializers.PrimaryKeyRelatedField(queryset=Street.objects.all())
    domain = serializers.ChoiceField(choices=ServiceDomain.choices)
    allocated = serializers.DecimalField(max_digits=14, decimal_places=2, min_value=0)


class BudgetFilter(django_filters.FilterSet):
    year = django_filters.NumberFilter()
    street = django_filters.NumberFilter(field_name="street_id", label=gettext_lazy("street id"))

    class Meta:
        model = BudgetLine
        fields = ["year", "street"]


class BudgetLineList(generics.ListCreateAPIView):
    """Budget lines (year × street × service domain): allocated, committed and paid. The district
    sees and sets every line; a street office reads its own."""

    serializer_class = BudgetLineSerializer
    filterset_class = BudgetFilter

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return BudgetLine.objects.none()
        if not can_see_budgets(scope_for(self.request.user)):
            raise NotAllowed(_("Only street-office staff and the district see budgets."))
        return budgets_for(self.request.user)

    @extend_schema(request=BudgetLineSetSerializer, responses={201: BudgetLineSerializer})
    def post(self, request, *args, **kwargs):
        if not scope_for(request.user).is_district_admin:
            raise NotAllowed(_("Only the district civil-affairs bureau sets budgets."))
        form = BudgetLineSetSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        line = budget_line_set(actor=request.user, **form.validated_data)
        return Response(BudgetLineSerializer(line).data, status=status.HTTP_201_CREATED)


class BudgetImportSerializer(serializers.Serializer):
    file = serializers.FileField(help_text=gettext_lazy("An .xlsx sheet: 年度, 街道, 服务领域, 预算金额."))


class BudgetImportResultSerializer(serializers.Serializer):
    imported = serializers.IntegerField()


class BudgetImport(APIView):
    """The district imports budget lines from an .xlsx sheet: every row, or none (400 listing the
    rows in error)."""

    parser_classes = [MultiPartParser]

    @extend_schema(
        request={"multipart/form-data": BudgetImportSerializer}, responses={200: BudgetImportResultSerializer}
    )
    def post(self, request):
        if not scope_for(request.user).is_district_admin:
            raise NotAllowed(_("Only the district civil-affairs bureau sets budgets."))
        form = BudgetImportSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        return Response({"imported": budget_lines_import(actor=request.user, upload=form.validated_data["file"])})
