"""API of projects, their questions and answers, and the opening record."""

from __future__ import annotations

import django_filters
from django.db.models import Q
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import generics, permissions, serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.models import Community, Street
from accounts.queries import scope_for
from core.errors import NotAllowed
from core.transitions import TransitionAPIView
from organizations.models import Organization, ServiceDomain
from services.models import TaskAssignment

from ..actions.contracts import project_close
from ..actions.projects import (
    METHOD_RULES,
    CriterionInput,
    project_cancel,
    project_create,
    project_publish,
    question_answer,
    question_ask,
)
from ..models import Bid, BudgetLine, CatalogueItem, Criterion, Method, Project, Question
from ..queries.evaluation import ranking_public
from ..queries.projects import access_project, access_question, opening_public, projects_for, questions_for
from ..states import PROJECT
from .fields import LabelField

# --- Projects --------------------------------------------------------------------------------------


class CriterionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Criterion
        fields = ["name", "weight", "is_price"]


class InvitedOrganizationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Organization
        fields = ["id", "name"]


class ProjectSerializer(serializers.ModelSerializer):
    street_name = serializers.CharField(source="street.name", read_only=True)
    community_name = serializers.CharField(source="community.name", read_only=True)
    status_display = LabelField(Project.Status, source="status")
    method_display = LabelField(Method, source="method")
    year = serializers.IntegerField(source="budget_line.year", read_only=True)
    min_bids = serializers.SerializerMethodField()

    class Meta:
        model = Project
        fields = [
            "id",
            "title",
            "status",
            "status_display",
            "street",
            "street_name",
            "community",
            "community_name",
            "domain",
            "method",
            "method_display",
            "min_bids",
            "amount",
            "year",
            "catalogue_item",
            "source_assignment",
            "published_at",
            "questions_deadline",
            "bid_deadline",
            "opened_at",
        ]
        read_only_fields = fields

    def get_min_bids(self, obj) -> int:
        return METHOD_RULES[obj.method].min_bids


class RankingRowSerializer(serializers.ModelSerializer):
    organization_name = serializers.CharField(source="organization.name", read_only=True)

    class Meta:
        model = Bid
        fields = ["id", "organization", "organization_name", "price", "price_score", "total_score", "rank"]
        read_only_fields = fields


class ProjectDetailSerializer(ProjectSerializer):
    criteria = CriterionSerializer(many=True, read_only=True)
    invited_organizations = InvitedOrganizationSerializer(many=True, read_only=True)
    source_task = serializers.IntegerField(
        source="source_assignment.task_id", read_only=True, default=None, allow_null=True
    )
    allowed_actions = serializers.SerializerMethodField()
    ranking = serializers.SerializerMethodField(help_text=gettext_lazy("The evaluation's result, once evaluated."))
    awarded_organization = serializers.CharField(
        source="awarded_bid.organization.name", read_only=True, default=None, allow_null=True
    )
    awarded_price = serializers.DecimalField(
        source="awarded_bid.price", max_digits=14, decimal_places=2, read_only=True, default=None, allow_null=True
    )

    class Meta(ProjectSerializer.Meta):
        fields = [
            *ProjectSerializer.Meta.fields,
            "description",
            "admission_rules",
            "budget_line",
            "question_days",
            "bid_days",
            "standstill_days",
            "criteria",
            "invited_organizations",
            "source_task",
            "cancel_reason",
            "failure_reason",
            "closing_note",
            "allowed_actions",
            "ranking",
            "awarded_organization",
            "awarded_price",
            "awarded_at",
            "standstill_until",
        ]
        read_only_fields = fields

    @extend_schema_field(RankingRowSerializer(many=True))
    def get_ranking(self, obj):
        return RankingRowSerializer(ranking_public(obj), many=True).data

    def get_allowed_actions(self, obj) -> list[str]:
        request = self.context.get("request")
        return PROJECT.allowed_actions(request.user if request else None, obj) if request else []


class ProjectCreateSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    description = serializers.CharField(required=False, allow_blank=True, default="", max_length=20000)
    street = serializers.PrimaryKeyRelatedField(queryset=Street.objects.all())
    community = serializers.PrimaryKeyRelatedField(queryset=Community.objects.all())
    domain = serializers.ChoiceField(choices=ServiceDomain.choices)
    budget_line = serializers.PrimaryKeyRelatedField(queryset=BudgetLine.objects.all())
    amount = serializers.DecimalField(max_digits=14, decimal_places=2, min_value=0)
    method = serializers.ChoiceField(choices=Method.choices)
    invited_organizations = serializers.PrimaryKeyRelatedField(
        queryset=Organization.objects.all(), many=True, required=False
    )
    admission_rules = serializers.CharField(required=False, allow_blank=True, default="", max_length=20000)
    criteria = CriterionSerializer(many=True)
    question_days = serializers.IntegerField(min_value=1, max_value=120)
    bid_days = serializers.IntegerField(min_value=1, max_value=120)
    standstill_days = serializers.IntegerField(min_value=1, max_value=30, required=False, default=7)
    catalogue_item = serializers.PrimaryKeyRelatedField(
        queryset=CatalogueItem.objects.all(), required=False, allow_null=True
    )
    source_assignment = serializers.PrimaryKeyRelatedField(
        queryset=TaskAssignment.objects.all(),
        required=False,
        allow_null=True,
        help_text=gettext_lazy("A purchase candidate (task assignment routed to purchase) this project buys."),
    )


class ProjectFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=Project.Status.choices)
    street = django_filters.NumberFilter(field_name="street_id", label=gettext_lazy("street id"))
    domain = django_filters.ChoiceFilter(choices=ServiceDomain.choices)
    method = django_filters.ChoiceFilter(choices=Method.choices)
    year = django_filters.NumberFilter(field_name="budget_line__year", label=gettext_lazy("budget year"))
    q = django_filters.CharFilter(method="search", label=gettext_lazy("search the title and content"))

    class Meta:
        model = Project
        fields = ["status", "street", "domain", "method", "year", "q"]

    def search(self, queryset, name, value):
        # Chinese has no spaces between words: a substring match is the honest search here.
        value = value.strip()[:100]
        return queryset.filter(Q(title__icontains=value) | Q(description__icontains=value)) if value else queryset


class ProjectList(generics.ListCreateAPIView):
    """Purchase projects: published ones (and later states) for everyone; drafts for their street
    office and the district. Street staff create drafts, from scratch or from a purchase candidate."""

    serializer_class = ProjectSerializer
    filterset_class = ProjectFilter

    def get_permissions(self):
        return [permissions.AllowAny()] if self.request.method == "GET" else super().get_permissions()

    def get_queryset(self):
        return projects_for(self.request.user)

    @extend_schema(request=ProjectCreateSerializer, responses={201: ProjectDetailSerializer})
    def post(self, request, *args, **kwargs):
        if not scope_for(request.user).street_ids:
            raise NotAllowed(_("Only street-office staff create purchase projects."))
        form = ProjectCreateSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        data = dict(form.validated_data)
        project = project_create(
            actor=request.user,
            invited=data.pop("invited_organizations", []),
            criteria=[CriterionInput(**c) for c in data.pop("criteria")],
            **data,
        )
        body = ProjectDetailSerializer(access_project(request.user, project.pk), context={"request": request}).data
        return Response(body, status=status.HTTP_201_CREATED)


class ProjectDetail(generics.RetrieveAPIView):
    permission_classes = [permissions.AllowAny]
    serializer_class = ProjectDetailSerializer

    def get_object(self):
        return access_project(self.request.user, self.kwargs["pk"])


class _ProjectMove(TransitionAPIView):
    output_serializer = ProjectDetailSerializer
    access = access_project


class ProjectPublish(_ProjectMove):
    """The purchasing street publishes a draft: deadlines are counted in working days from today."""

    def perform(self, request, project, data):
        project_publish(actor=request.user, project=project, comment=data["comment"])


class ProjectCancel(_ProjectMove):
    """The purchasing street (or the district) cancels, with the reason in `comment`."""

    def perform(self, request, project, data):
        project_cancel(actor=request.user, project=project, comment=data["comment"])


class ProjectClose(_ProjectMove):
    """The purchasing street closes an accepted project with a closing note in `comment` (required),
    once every met milestone is paid (409 naming what is owed otherwise)."""

    def perform(self, request, project, data):
        project_close(actor=request.user, project=project, comment=data["comment"])


# --- Questions and answers ------------------------------------------------------------------------


class QuestionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Question
        fields = ["id", "text", "asked_at", "answer", "answered_at"]
        read_only_fields = fields


class QuestionAskSerializer(serializers.Serializer):
    text = serializers.CharField(max_length=2000)


class AnswerSerializer(serializers.Serializer):
    question = serializers.IntegerField()
    answer = serializers.CharField(max_length=20000)


class ProjectQuestions(generics.ListCreateAPIView):
    """Questions about a project and their answers (public once answered, without the asker's
    name); organisation staff ask until the questions deadline."""

    serializer_class = QuestionSerializer
    pagination_class = None

    def get_permissions(self):
        return [permissions.AllowAny()] if self.request.method == "GET" else super().get_permissions()

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Question.objects.none()
        return questions_for(self.request.user, access_project(self.request.user, self.kwargs["pk"]))

    @extend_schema(request=QuestionAskSerializer, responses={201: QuestionSerializer})
    def post(self, request, *args, **kwargs):
        project = access_project(request.user, self.kwargs["pk"])
        form = QuestionAskSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        question = question_ask(actor=request.user, project=project, text=form.validated_data["text"])
        return Response(QuestionSerializer(question).data, status=status.HTTP_201_CREATED)


class ProjectAnswer(APIView):
    """The purchasing street answers a question."""

    @extend_schema(request=AnswerSerializer, responses={200: QuestionSerializer})
    def post(self, request, pk):
        project = access_project(request.user, pk)
        form = AnswerSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        question = access_question(request.user, project, form.validated_data["question"])
        question = question_answer(actor=request.user, question=question, answer=form.validated_data["answer"])
        return Response(QuestionSerializer(question).data)


# --- The opening ------------------------------------------------------------------------------------


class OpeningEntrySerializer(serializers.Serializer):
    bid = serializers.IntegerField()
    organization = serializers.IntegerField()
    organization_name = serializers.CharField()
    price = serializers.CharField(required=False, help_text=gettext_lazy("Absent when too few bids came."))
    receipt = serializers.CharField()
    salt = serializers.CharField(required=False)
    submitted_at = serializers.CharField()


class OpeningSerializer(serializers.Serializer):
    opened_at = serializers.DateTimeField()
    outcome = serializers.CharField()
    entries = OpeningEntrySerializer(many=True)


class ProjectOpening(APIView):
    """Public: the opening record — each bidder, its price and its receipt (and the salt that lets
    any bidder recompute its receipt). 404 until the portal has opened the bids."""

    permission_classes = [permissions.AllowAny]

    @extend_schema(request=None, responses={200: OpeningSerializer})
    def get(self, request, pk):
        opening = opening_public(access_project(request.user, pk))
        if opening is None:
            raise Http404
        return Response(OpeningSerializer(opening).data)
