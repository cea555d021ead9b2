"""API for community coordinators: hires, their employment history and moves to organisations."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import generics, permissions, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.models import Community
from core.errors import DomainError
from core.filters import YEAR_SCHEMA
from core.params import year_in_range

from ..actions.people import coordinator_hire, coordinator_transfer
from ..models import Employment, Organization
from ..queries.people import access_coordinator, coordinator_history, coordinator_moves, coordinators_for
from .fields import ResidentIdField
from .permissions import SeesCoordinators


class EmploymentSerializer(serializers.ModelSerializer):
    community_name = serializers.CharField(source="community.name", read_only=True, allow_null=True, default=None)
    organization_name = serializers.CharField(source="organization.name", read_only=True, allow_null=True, default=None)

    class Meta:
        model = Employment
        fields = [
            "id",
            "community",
            "community_name",
            "organization",
            "organization_name",
            "started_on",
            "ended_on",
            "previous",
        ]


class CoordinatorSerializer(serializers.ModelSerializer):
    """A coordinator, by their current employment."""

    person_id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(read_only=True)
    resident_id = ResidentIdField(organization_source="organization_id")
    community_name = serializers.CharField(source="community.name", read_only=True, allow_null=True, default=None)
    organization_name = serializers.CharField(source="organization.name", read_only=True, allow_null=True, default=None)

    class Meta:
        model = Employment
        fields = [
            "id",
            "person_id",
            "name",
            "resident_id",
            "community",
            "community_name",
            "organization",
            "organization_name",
            "started_on",
        ]


class CoordinatorDetailSerializer(CoordinatorSerializer):
    history = serializers.SerializerMethodField()

    class Meta(CoordinatorSerializer.Meta):
        fields = [*CoordinatorSerializer.Meta.fields, "history"]

    @extend_schema_field(EmploymentSerializer(many=True))
    def get_history(self, obj):
        return EmploymentSerializer(coordinator_history(obj.person_id), many=True).data


class CoordinatorHireSerializer(serializers.Serializer):
    community = serializers.IntegerField()
    resident_id = serializers.CharField(max_length=30)
    name = serializers.CharField(max_length=50)
    phone = serializers.CharField(max_length=20, required=False, allow_blank=True, default="")
    on = serializers.DateField(required=False, allow_null=True)


class CoordinatorTransferSerializer(serializers.Serializer):
    organization = serializers.IntegerField()
    on = serializers.DateField()


class CoordinatorFilter(django_filters.FilterSet):
    community = django_filters.NumberFilter(field_name="community_id", label=gettext_lazy("community"))
    organization = django_filters.NumberFilter(field_name="organization_id", label=gettext_lazy("organisation"))

    class Meta:
        model = Employment
        fields = ["community", "organization"]


class CoordinatorList(generics.ListCreateAPIView):
    """Community coordinators (社区综合服务协管员) by their current employment, for the district
    admin, street offices (their communities) and organisations (their own)."""

    permission_classes = [permissions.IsAuthenticated, SeesCoordinators]
    serializer_class = CoordinatorSerializer
    filterset_class = CoordinatorFilter

    def get_queryset(self):
        return coordinators_for(self.request.user)

    @extend_schema(request=CoordinatorHireSerializer, responses={201: CoordinatorSerializer})
    def post(self, request):
        form = CoordinatorHireSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        data = form.validated_data
        community = Community.objects.filter(pk=data.pop("community"), is_active=True).first()
        if community is None:
            msg = _("Choose a community.")
            raise DomainError(msg, fields={"community": msg})
        employment = coordinator_hire(actor=request.user, community=community, **data)
        return Response(CoordinatorSerializer(employment, context={"request": request}).data, status=201)


class CoordinatorDetail(APIView):
    """A coordinator's current employment and whole employment history."""

    @extend_schema(responses={200: CoordinatorDetailSerializer})
    def get(self, request, person_id: int):
        employment = access_coordinator(request.user, person_id)
        return Response(CoordinatorDetailSerializer(employment, context={"request": request}).data)


class CoordinatorTransfer(APIView):
    """Move a coordinator from their community to an organisation on a date. The current
    employment is closed and a new one opens: history is kept, never overwritten."""

    @extend_schema(request=CoordinatorTransferSerializer, responses={201: CoordinatorDetailSerializer})
    def post(self, request, person_id: int):
        current = access_coordinator(request.user, person_id)
        form = CoordinatorTransferSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        organization = Organization.objects.filter(pk=form.validated_data["organization"]).first()
        if organization is None:
            msg = _("Choose a registered organisation.")
            raise DomainError(msg, fields={"organization": msg})
        new = coordinator_transfer(
            actor=request.user, person=current.person, organization=organization, on=form.validated_data["on"]
        )
        new = Employment.objects.select_related("person", "community", "organization").get(pk=new.pk)
        return Response(CoordinatorDetailSerializer(new, context={"request": request}).data, status=201)


class CoordinatorMoveSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    from_street = serializers.CharField()
    from_community = serializers.CharField()
    to_organization = serializers.CharField()
    moved = serializers.IntegerField()


class CoordinatorMoves(APIView):
    """How many coordinators moved from a community to an organisation: per year, from which
    street and community, to which organisation. Public: aggregate figures, no personal data."""

    permission_classes = [permissions.AllowAny]

    @extend_schema(
        parameters=[OpenApiParameter("year", YEAR_SCHEMA, required=False)],
        responses={200: CoordinatorMoveSerializer(many=True)},
    )
    def get(self, request):
        year = request.query_params.get("year")
        if year and not (year.isdigit() and year_in_range(int(year))):
            msg = _("Enter a year.")
            raise DomainError(msg, fields={"year": msg})
        return Response(CoordinatorMoveSerializer(coordinator_moves(year=int(year) if year else None), many=True).data)
