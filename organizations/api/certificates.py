"""API for social workers' certificates (and the district's reward for each)."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from ..actions.people import certificate_add
from ..models import Certificate
from ..queries.people import access_social_worker


class CertificateSerializer(serializers.ModelSerializer):
    level_display = serializers.CharField(source="get_level_display", read_only=True)

    class Meta:
        model = Certificate
        fields = ["id", "level", "level_display", "number", "year_passed", "reward_amount", "reward_paid_on"]


class CertificateRequestSerializer(serializers.Serializer):
    level = serializers.ChoiceField(choices=Certificate.Level.choices)
    number = serializers.CharField(max_length=40)
    year_passed = serializers.IntegerField()
    reward_amount = serializers.DecimalField(max_digits=14, decimal_places=2, required=False, allow_null=True)
    reward_paid_on = serializers.DateField(required=False, allow_null=True)


class CertificateCreate(APIView):
    """Record a certificate (and the district's reward for it) for one of your social workers."""

    @extend_schema(request=CertificateRequestSerializer, responses={201: CertificateSerializer})
    def post(self, request, pk: int):
        social_worker = access_social_worker(request.user, pk)
        form = CertificateRequestSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        cert = certificate_add(actor=request.user, social_worker=social_worker, **form.validated_data)
        return Response(CertificateSerializer(cert).data, status=201)
