"""API of residents: applications to be verified, the community's decision, registration in person."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.models import Community, Street
from core.transitions import TransitionAPIView

from ..actions.residents import (
    resident_application_reject,
    resident_application_verify,
    resident_apply,
    resident_register_in_person,
)
from ..models import ResidentApplication
from ..queries.residents import access_application, applications_for
from ..states import RESIDENT_APPLICATION


class ResidentApplicationSerializer(serializers.ModelSerializer):
    community_name = serializers.CharField(source="community.name", read_only=True)
    street_name = serializers.CharField(source="community.street.name", read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    allowed_actions = serializers.SerializerMethodField()

    class Meta:
        model = ResidentApplication
        fields = [
            "id",
            "user",
            "name",
            "phone",
            "community",
            "community_name",
            "street_name",
            "status",
            "status_display",
            "in_person",
            "reject_reason",
            "created_at",
            "decided_at",
            "allowed_actions",
        ]
        read_only_fields = fields

    def get_allowed_actions(self, obj) -> list[str]:
        request = self.context.get("request")
        return RESIDENT_APPLICATION.allowed_actions(request.user, obj) if request else []


class ResidentApplySerializer(serializers.Serializer):
    name = serializers.CharField(max_length=50)
    phone = serializers.CharField(max_length=20, help_text=gettext_lazy("A mainland mobile number (11 digits)."))
    street = serializers.PrimaryKeyRelatedField(queryset=Street.objects.all(), required=False, allow_null=True)
    community = serializers.PrimaryKeyRelatedField(queryset=Community.objects.all())


class ResidentRegisterSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=50)
    phone = serializers.CharField(max_length=20, required=False, allow_blank=True, default="")
    community = serializers.PrimaryKeyRelatedField(queryset=Community.objects.all())


class ApplicationFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=ResidentApplication.Status.choices)
    community = django_filters.NumberFilter(field_name="community_id", label=gettext_lazy("community id"))

    class Meta:
        model = ResidentApplication
        fields = ["status", "community"]


class ResidentApplicationList(generics.ListCreateAPIView):
    """Applications to be a verified resident: one's own; community staff their communities' (to
    verify or reject); the street its communities'; the district all. A signed-in person applies
    with POST (one waiting application at a time)."""

    serializer_class = ResidentApplicationSerializer
    filterset_class = ApplicationFilter

    def get_queryset(self):
        return applications_for(self.request.user)

    @extend_schema(request=ResidentApplySerializer, responses={201: ResidentApplicationSerializer})
    def post(self, request, *args, **kwargs):
        form = ResidentApplySerializer(data=request.data)
        form.is_valid(raise_exception=True)
        application = resident_apply(actor=request.user, **form.validated_data)
        body = ResidentApplicationSerializer(application, context={"request": request}).data
        return Response(body, status=status.HTTP_201_CREATED)


class ResidentApplicationDetail(generics.RetrieveAPIView):
    serializer_class = ResidentApplicationSerializer

    def get_object(self):
        return access_application(self.request.user, self.kwargs["pk"])


class _ApplicationMove(TransitionAPIView):
    output_serializer = ResidentApplicationSerializer
    access = access_application


class ResidentApplicationVerify(_ApplicationMove):
    """The community confirms the applicant lives there: they become a verified resident."""

    def perform(self, request, application, data):
        resident_application_verify(actor=request.user, application=application, comment=data["comment"])


class ResidentApplicationReject(_ApplicationMove):
    """The community rejects the application; the reason (`comment`, required) is shown to the applicant."""

    def perform(self, request, application, data):
        resident_application_reject(actor=request.user, application=application, comment=data["comment"])


class ResidentRegister(APIView):
    """Community staff register a resident in person (no smartphone needed): the account and the
    verified role in one step; the account has no password until the resident is given a login."""

    @extend_schema(request=ResidentRegisterSerializer, responses={201: ResidentApplicationSerializer})
    def post(self, request):
        form = ResidentRegisterSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        application = resident_register_in_person(actor=request.user, **form.validated_data)
        body = ResidentApplicationSerializer(application, context={"request": request}).data
        return Response(body, status=status.HTTP_201_CREATED)
