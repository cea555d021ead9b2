"""API of demand: the scoped list, raising, voices, conversion into a draft project, closing."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from core.transitions import TransitionAPIView
from organizations.models import Organization, ServiceDomain
from procurement.actions.projects import CriterionInput
from procurement.api.projects import CriterionSerializer
from procurement.models import BudgetLine, Method

from ..actions.demand import TITLE_MAX, demand_close, demand_convert, demand_raise, demand_voice
from ..models import Demand
from ..queries.demand import access_demand, demand_grouped, demands_for, voiced_ids
from ..states import DEMAND


class DemandSerializer(serializers.ModelSerializer):
    community_name = serializers.CharField(source="community.name", read_only=True)
    street_name = serializers.CharField(source="community.street.name", read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    domain_display = serializers.CharField(source="get_domain_display", read_only=True)
    project_title = serializers.CharField(source="project.title", read_only=True, default=None, allow_null=True)

    class Meta:
        model = Demand
        fields = [
            "id",
            "title",
            "domain",
            "domain_display",
            "description",
            "topic",
            "community",
            "community_name",
            "street_name",
            "status",
            "status_display",
            "voice_count",
            "project",
            "project_title",
            "close_reason",
            "created_at",
        ]
        read_only_fields = fields


class DemandDetailSerializer(DemandSerializer):
    voiced = serializers.SerializerMethodField(help_text=gettext_lazy("Whether the caller has added their voice."))
    allowed_actions = serializers.SerializerMethodField()

    class Meta(DemandSerializer.Meta):
        fields = [*DemandSerializer.Meta.fields, "voiced", "allowed_actions"]
        read_only_fields = fields

    def get_voiced(self, obj) -> bool:
        request = self.context.get("request")
        return bool(request) and obj.pk in voiced_ids(request.user, [obj.pk])

    def get_allowed_actions(self, obj) -> list[str]:
        request = self.context.get("request")
        return DEMAND.allowed_actions(request.user, obj) if request else []


class DemandRaiseSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=TITLE_MAX, help_text=gettext_lazy("What is wanted, e.g. 想学剪纸."))
    domain = serializers.ChoiceField(choices=ServiceDomain.choices)
    description = serializers.CharField(required=False, allow_blank=True, default="", max_length=5000)


class DemandConvertSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    description = serializers.CharField(required=False, allow_blank=True, default="", max_length=20000)
    budget_line = serializers.PrimaryKeyRelatedField(queryset=BudgetLine.objects.all())
    amount = serializers.DecimalField(max_digits=14, decimal_places=2, min_value=0)
    method = serializers.ChoiceField(choices=Method.choices)
    invited_organizations = serializers.PrimaryKeyRelatedField(
        queryset=Organization.objects.all(), many=True, required=False
    )
    criteria = CriterionSerializer(many=True)
    question_days = serializers.IntegerField(min_value=1, max_value=120)
    bid_days = serializers.IntegerField(min_value=1, max_value=120)
    standstill_days = serializers.IntegerField(min_value=1, max_value=30, required=False, default=7)


class DemandFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=Demand.Status.choices)
    domain = django_filters.ChoiceFilter(choices=ServiceDomain.choices)
    community = django_filters.NumberFilter(field_name="community_id", label=gettext_lazy("community id"))

    class Meta:
        model = Demand
        fields = ["status", "domain", "community"]


class DemandList(generics.ListCreateAPIView):
    """Demand: a resident sees their community's, community staff their own, the street its
    communities', the district all (newest first, cursor pages). A verified resident raises a
    demand with POST; theirs is its first voice."""

    serializer_class = DemandSerializer
    filterset_class = DemandFilter

    def get_queryset(self):
        return demands_for(self.request.user)

    @extend_schema(request=DemandRaiseSerializer, responses={201: DemandDetailSerializer})
    def post(self, request, *args, **kwargs):
        form = DemandRaiseSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        demand = demand_raise(actor=request.user, **form.validated_data)
        body = DemandDetailSerializer(access_demand(request.user, demand.pk), context={"request": request}).data
        return Response(body, status=status.HTTP_201_CREATED)


class DemandDetail(generics.RetrieveAPIView):
    serializer_class = DemandDetailSerializer

    def get_object(self):
        return access_demand(self.request.user, self.kwargs["pk"])


class _DemandMove(TransitionAPIView):
    output_serializer = DemandDetailSerializer
    access = access_demand


class DemandVoiceAdd(_DemandMove):
    """A verified resident of the demand's community adds their voice (once; 409 the second time)."""

    input_serializer = None

    def perform(self, request, demand, data):
        demand_voice(actor=request.user, demand=demand)


class DemandConvert(_DemandMove):
    """The street office turns the demand into a draft purchase project (its street, the demand's
    community and domain); the demand links to it."""

    input_serializer = DemandConvertSerializer

    def perform(self, request, demand, data):
        data = dict(data)
        demand_convert(
            actor=request.user,
            demand=demand,
            invited=data.pop("invited_organizations", []),
            criteria=[CriterionInput(**c) for c in data.pop("criteria")],
            **data,
        )


class DemandClose(_DemandMove):
    """The community or the street closes the demand; the reason (`comment`, required) is shown to residents."""

    def perform(self, request, demand, data):
        demand_close(actor=request.user, demand=demand, comment=data["comment"])


class DemandTopicSerializer(serializers.Serializer):
    topic = serializers.CharField(help_text=gettext_lazy("The normalised title the demands share, e.g. 剪纸."))
    title = serializers.CharField(help_text=gettext_lazy("The title of the demand with the most voices."))
    community = serializers.IntegerField()
    community_name = serializers.CharField()
    voices = serializers.IntegerField()
    demands = serializers.ListField(child=serializers.IntegerField())


class DemandGroupSerializer(serializers.Serializer):
    domain = serializers.ChoiceField(choices=ServiceDomain.choices)
    domain_display = serializers.CharField()
    voices = serializers.IntegerField()
    topics = DemandTopicSerializer(many=True)


class DemandGroupQuerySerializer(serializers.Serializer):
    community = serializers.IntegerField(required=False, min_value=1, max_value=2**31 - 1)


class DemandGroups(APIView):
    """Open demand the caller may see, grouped by domain and then by topic (the title without the
    words a wish is wrapped in: 想学剪纸 and 希望开剪纸班 are both 剪纸), most voices first; at most
    the 500 most-voiced open demands are read."""

    @extend_schema(parameters=[DemandGroupQuerySerializer], responses={200: DemandGroupSerializer(many=True)})
    def get(self, request):
        params = DemandGroupQuerySerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        qs = demands_for(request.user)
        if "community" in params.validated_data:
            qs = qs.filter(community_id=params.validated_data["community"])
        groups = [
            {
                "domain": group.domain,
                "domain_display": group.label,
                "voices": group.voices,
                "topics": [
                    {
                        "topic": topic.demands[0].topic,
                        "title": topic.title,
                        "community": topic.demands[0].community_id,
                        "community_name": topic.demands[0].community.name,
                        "voices": topic.voices,
                        "demands": [d.pk for d in topic.demands],
                    }
                    for topic in group.topics
                ],
            }
            for group in demand_grouped(qs)
        ]
        return Response(DemandGroupSerializer(groups, many=True).data)
