"""API for social workers' attendance at training sessions."""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from core.errors import DomainError

from ..actions.people import attendance_record
from ..models import Attendance, TrainingSession
from ..queries.people import access_social_worker


class AttendanceRequestSerializer(serializers.Serializer):
    session = serializers.IntegerField()


class AttendanceSerializer(serializers.ModelSerializer):
    topic = serializers.CharField(source="session.topic", read_only=True)
    held_on = serializers.DateField(source="session.held_on", read_only=True)
    hours = serializers.DecimalField(source="session.hours", max_digits=5, decimal_places=1, read_only=True)

    class Meta:
        model = Attendance
        fields = ["id", "session", "topic", "held_on", "hours"]


class AttendanceCreate(APIView):
    """Record that one of your social workers attended a training session."""

    @extend_schema(request=AttendanceRequestSerializer, responses={201: AttendanceSerializer})
    def post(self, request, pk: int):
        social_worker = access_social_worker(request.user, pk)
        form = AttendanceRequestSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        session = TrainingSession.objects.filter(pk=form.validated_data["session"]).first()
        if session is None:
            msg = _("Choose a training session.")
            raise DomainError(msg, fields={"session": msg})
        attendance = attendance_record(actor=request.user, session=session, social_worker=social_worker)
        return Response(AttendanceSerializer(attendance).data, status=201)
