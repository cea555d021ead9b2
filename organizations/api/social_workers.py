"""API for social workers: the list, one social worker, and their creation and update."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.queries import scope_for
from core.api import CachedListMixin
from core.public_cache import ORGANIZATIONS, PEOPLE

from ..actions.people import social_worker_create, social_worker_update
from ..models import SocialWorker
from ..queries.people import (
    SOCIAL_WORKER_LIST_SCOPE,
    access_social_worker,
    organization_for_people,
    ric_for_viewer,
    social_worker_rows_for,
    social_workers_for,
)
from .certificates import CertificateSerializer
from .fields import ResidentIdField
from .permissions import SIGNED_IN_MANAGERS


class SocialWorkerSerializer(serializers.ModelSerializer):
    name = serializers.CharField(read_only=True)
    phone = serializers.CharField(read_only=True)
    resident_id = ResidentIdField(organization_source="employer_id")
    person_id = serializers.IntegerField(read_only=True)
    employer_name = serializers.CharField(source="employer.name", read_only=True)
    certificate_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = SocialWorker
        fields = [
            "id",
            "person_id",
            "name",
            "resident_id",
            "phone",
            "employer",
            "employer_name",
            "started_on",
            "certificate_count",
        ]


def social_worker_row(row: dict, scope) -> dict:
    """SocialWorkerSerializer's output from a dict of SOCIAL_WORKER_ROW."""
    started = row["started_on"]
    return {
        "id": row["id"],
        "person_id": row["person_id"],
        "name": row["name"],
        "resident_id": ric_for_viewer(row["person__resident_id"], scope=scope, organization_id=row["employer_id"]),
        "phone": row["phone"],
        "employer": row["employer_id"],
        "employer_name": row["employer__name"],
        "started_on": started.isoformat() if started else None,
        "certificate_count": row["certificate_count"],
    }


class SocialWorkerDetailSerializer(SocialWorkerSerializer):
    certificates = CertificateSerializer(many=True, read_only=True)

    class Meta(SocialWorkerSerializer.Meta):
        fields = [*SocialWorkerSerializer.Meta.fields, "certificates"]


class SocialWorkerRequestSerializer(serializers.Serializer):
    organization = serializers.IntegerField(
        required=False,
        allow_null=True,
        help_text=gettext_lazy("Needed only by users who manage several organisations."),
    )
    resident_id = serializers.CharField(max_length=30)
    name = serializers.CharField(max_length=50)
    phone = serializers.CharField(max_length=20, required=False, allow_blank=True, default="")
    started_on = serializers.DateField(required=False, allow_null=True)


class SocialWorkerUpdateSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=50)
    phone = serializers.CharField(max_length=20, required=False, allow_blank=True, default="")


class SocialWorkerFilter(django_filters.FilterSet):
    organization = django_filters.NumberFilter(field_name="employer_id", label=gettext_lazy("organisation"))
    certified = django_filters.BooleanFilter(method="filter_certified", label=gettext_lazy("certified"))

    class Meta:
        model = SocialWorker
        fields = ["organization", "certified"]

    def filter_certified(self, queryset, name, value):
        return queryset.filter(certificate_count__gt=0) if value else queryset.filter(certificate_count=0)


class SocialWorkerList(CachedListMixin, generics.ListCreateAPIView):
    """Social workers: the district admin sees all, an organisation's staff their own.

    Resident IDs are masked except for the district admin and the employer's own staff."""

    permission_classes = SIGNED_IN_MANAGERS
    serializer_class = SocialWorkerSerializer
    filterset_class = SocialWorkerFilter
    # Kept per scope (SOCIAL_WORKER_LIST_SCOPE: the district role and the organisations managed).
    cache_topics = (PEOPLE, ORGANIZATIONS)

    def cache_vary(self, request) -> tuple | None:
        return scope_for(request.user).key(SOCIAL_WORKER_LIST_SCOPE)

    def get_queryset(self):
        return social_worker_rows_for(self.request.user)

    def list(self, request, *args, **kwargs):
        # Rows built by hand from values(): model instances and DRF's per-field machinery were most
        # of the request. SocialWorkerSerializer stays the schema; a test holds the two equal.
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        scope = scope_for(request.user)
        return self.get_paginated_response([social_worker_row(row, scope) for row in page])

    @extend_schema(request=SocialWorkerRequestSerializer, responses={201: SocialWorkerSerializer})
    def post(self, request):
        form = SocialWorkerRequestSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        data = form.validated_data
        social_worker = social_worker_create(
            actor=request.user,
            organization=organization_for_people(request.user, data.get("organization")),
            resident_id=data["resident_id"],
            name=data["name"],
            phone=data["phone"],
            started_on=data.get("started_on"),
        )
        social_worker = social_workers_for(request.user).get(pk=social_worker.pk)
        return Response(SocialWorkerSerializer(social_worker, context={"request": request}).data, status=201)


class SocialWorkerDetail(APIView):
    """One social worker with certificates; 404 to anyone who does not manage them."""

    @extend_schema(responses={200: SocialWorkerDetailSerializer})
    def get(self, request, pk: int):
        social_worker = access_social_worker(request.user, pk)
        return Response(SocialWorkerDetailSerializer(social_worker, context={"request": request}).data)

    @extend_schema(request=SocialWorkerUpdateSerializer, responses={200: SocialWorkerDetailSerializer})
    def patch(self, request, pk: int):
        social_worker = access_social_worker(request.user, pk)
        form = SocialWorkerUpdateSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        social_worker_update(actor=request.user, social_worker=social_worker, **form.validated_data)
        social_worker = access_social_worker(request.user, pk)
        return Response(SocialWorkerDetailSerializer(social_worker, context={"request": request}).data)
