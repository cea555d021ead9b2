"""API for organisations' branches (分社)."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers
from rest_framework.response import Response

from ..actions.people import branch_create
from ..models import Branch
from ..queries.people import branches_for, organization_for_people
from .permissions import SIGNED_IN_MANAGERS


class BranchSerializer(serializers.ModelSerializer):
    organization_name = serializers.CharField(source="organization.name", read_only=True)
    volunteer_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Branch
        fields = ["id", "organization", "organization_name", "name", "volunteer_count"]


class BranchRequestSerializer(serializers.Serializer):
    organization = serializers.IntegerField(required=False, allow_null=True)
    name = serializers.CharField(max_length=100)


class BranchFilter(django_filters.FilterSet):
    organization = django_filters.NumberFilter(field_name="organization_id", label=gettext_lazy("organisation"))

    class Meta:
        model = Branch
        fields = ["organization"]


class BranchList(generics.ListCreateAPIView):
    """Branches (分社) of the organisations you manage."""

    permission_classes = SIGNED_IN_MANAGERS
    serializer_class = BranchSerializer
    filterset_class = BranchFilter

    def get_queryset(self):
        return branches_for(self.request.user)

    @extend_schema(request=BranchRequestSerializer, responses={201: BranchSerializer})
    def post(self, request):
        form = BranchRequestSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        organization = organization_for_people(request.user, form.validated_data.get("organization"))
        branch = branch_create(actor=request.user, organization=organization, name=form.validated_data["name"])
        return Response(BranchSerializer(branches_for(request.user).get(pk=branch.pk)).data, status=201)
