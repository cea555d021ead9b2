"""API of the street office's purchasing desk: the same reads as the page, as JSON."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.queries import scope_for
from core.errors import NotAllowed

from ..models import Project
from ..queries.desks import WAITING_KINDS, purchasing_desk
from .budgets import BudgetLineSerializer


class DeskProjectSerializer(serializers.ModelSerializer):
    community_name = serializers.CharField(source="community.name", read_only=True)

    class Meta:
        model = Project
        fields = ["id", "title", "status", "community_name", "bid_deadline"]
        read_only_fields = fields


class WaitingKindSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=[(k, k) for k in WAITING_KINDS])
    count = serializers.IntegerField()
    projects = DeskProjectSerializer(many=True, help_text=gettext_lazy("The first of them, soonest deadline first."))


class StateCountSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=Project.Status.choices)
    count = serializers.IntegerField()


class PurchasingDeskSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    total = serializers.IntegerField()
    states = StateCountSerializer(many=True)
    waiting = WaitingKindSerializer(many=True)
    budget_lines = BudgetLineSerializer(many=True)


class PurchasingDesk(APIView):
    """The street office's purchasing desk: its projects counted by state, what waits on it
    (drafts to publish, questions to answer, opened projects to assign experts to or rank,
    evaluated ones to award, complaints to answer) and this year's budget lines. Street staff only."""

    @extend_schema(request=None, responses={200: PurchasingDeskSerializer})
    def get(self, request):
        if not scope_for(request.user).street_ids:
            raise NotAllowed(_("Only street-office staff have a purchasing desk."))
        desk = purchasing_desk(request.user)
        body = {
            "year": desk.year,
            "total": desk.total,
            "states": [{"status": s, "count": n} for s, n in desk.state_counts.items()],
            "waiting": [
                {"kind": k, "count": desk.waiting_counts[k], "projects": desk.waiting[k]} for k in WAITING_KINDS
            ],
            "budget_lines": desk.budget_lines,
        }
        return Response(PurchasingDeskSerializer(body).data)
