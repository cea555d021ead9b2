"""API for training sessions: public, no personal data; the district admin schedules them."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema
from rest_framework import generics, permissions, serializers, status
from rest_framework.response import Response

from core.filters import YearFilter

from ..actions.people import training_session_create
from ..models import TrainingSession
from ..queries.people import access_training_session, training_sessions_public


class TrainingSessionSerializer(serializers.ModelSerializer):
    # A plain string here: the choices are documented once, on the request (other apps have
    # fields named "kind" too, and one enum used by two components would collide by name).
    kind = serializers.CharField(read_only=True)
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    attendee_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = TrainingSession
        fields = ["id", "topic", "kind", "kind_display", "held_on", "hours", "provider", "attendee_count"]


class TrainingSessionRequestSerializer(serializers.Serializer):
    topic = serializers.CharField(max_length=200)
    kind = serializers.ChoiceField(choices=TrainingSession.Kind.choices)
    held_on = serializers.DateField()
    hours = serializers.DecimalField(max_digits=5, decimal_places=1)
    provider = serializers.CharField(max_length=200)


class TrainingSessionFilter(django_filters.FilterSet):
    year = YearFilter(field_name="held_on", label=gettext_lazy("year"))

    class Meta:
        model = TrainingSession
        fields = ["year", "kind"]


class TrainingSessionList(generics.ListCreateAPIView):
    """Training sessions, public (no personal data); the district admin schedules them."""

    serializer_class = TrainingSessionSerializer
    filterset_class = TrainingSessionFilter

    def get_permissions(self):
        return [permissions.AllowAny()] if self.request.method == "GET" else super().get_permissions()

    def get_queryset(self):
        return training_sessions_public()

    @extend_schema(request=TrainingSessionRequestSerializer, responses={201: TrainingSessionSerializer})
    def post(self, request):
        form = TrainingSessionRequestSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        session = training_session_create(actor=request.user, **form.validated_data)
        return Response(
            TrainingSessionSerializer(training_sessions_public().get(pk=session.pk)).data,
            status=status.HTTP_201_CREATED,
        )


class TrainingSessionDetail(generics.RetrieveAPIView):
    serializer_class = TrainingSessionSerializer
    permission_classes = [permissions.AllowAny]

    def get_object(self):
        session = access_training_session(self.request.user, self.kwargs["pk"])
        return training_sessions_public().get(pk=session.pk)
