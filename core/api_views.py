"""The core app's own endpoints (the conventions every app shares are in `core.api`)."""

from rest_framework import generics, serializers
from rest_framework.permissions import AllowAny

from .api import IdCursorPagination
from .models import AuditCheckpoint


class AuditHeadSerializer(serializers.ModelSerializer):
    class Meta:
        model = AuditCheckpoint
        fields = ["recorded_on", "seq", "hash"]


class AuditHeadPagination(IdCursorPagination):
    ordering = "-recorded_on"
    max_page_size = 366


class AuditHeadList(generics.ListAPIView):
    """The audit chain's daily heads, public: save one, check it later with `verify_audit --head`."""

    permission_classes = [AllowAny]
    authentication_classes = []
    serializer_class = AuditHeadSerializer
    pagination_class = AuditHeadPagination
    queryset = AuditCheckpoint.objects.all()
