"""API of budgets, the purchase catalogue, projects, questions, bids and openings. Thin: every
write is an action in procurement/actions.py, every read a query in procurement/queries.py."""

from __future__ import annotations

import django_filters
from django.db.models import Q
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import generics, permissions, serializers, status
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.models import Community, Street
from accounts.queries import scope_for
from core.errors import DomainError, NotAllowed
from core.transitions import TransitionAPIView
from organizations.models import Organization, ServiceDomain, SocialWorker
from services.models import TaskAssignment

from .actions import (
    METHOD_RULES,
    CriterionInput,
    bid_submit,
    bid_withdraw,
    budget_line_set,
    complaint_answer,
    complaint_file,
    expert_assign,
    project_award,
    project_cancel,
    project_create,
    project_evaluate,
    project_publish,
    project_reaward,
    question_answer,
    question_ask,
    scores_submit,
)
from .models import Bid, BudgetLine, CatalogueItem, Complaint, Criterion, Method, Project, Question
from .queries import (
    access_bid,
    access_complaint,
    access_expert,
    access_project,
    access_question,
    bids_for,
    budgets_for,
    can_see_budgets,
    catalogue_public,
    complaints_for,
    opening_public,
    projects_for,
    questions_for,
    ranking_public,
)
from .states import PROJECT

# --- Budgets ---------------------------------------------------------------------------------------


class BudgetLineSerializer(serializers.ModelSerializer):
    street_name = serializers.CharField(source="street.name", read_only=True)
    domain_display = serializers.CharField(source="get_domain_display", read_only=True)
    available = serializers.DecimalField(max_digits=14, decimal_places=2, read_only=True)

    class Meta:
        model = BudgetLine
        fields = [
            "id",
            "year",
            "street",
            "street_name",
            "domain",
            "domain_display",
            "allocated",
            "committed",
            "paid",
            "available",
        ]
        read_only_fields = fields


class BudgetLineSetSerializer(serializers.Serializer):
    year = serializers.IntegerField(min_value=2000, max_value=2100)
    street = serializers.PrimaryKeyRelatedField(queryset=Street.objects.all())
    domain = serializers.ChoiceField(choices=ServiceDomain.choices)
    allocated = serializers.DecimalField(max_digits=14, decimal_places=2, min_value=0)


class BudgetFilter(django_filters.FilterSet):
    year = django_filters.NumberFilter()
    street = django_filters.NumberFilter(field_name="street_id", label=gettext_lazy("street id"))

    class Meta:
        model = BudgetLine
        fields = ["year", "street"]


class BudgetLineList(generics.ListCreateAPIView):
    """Budget lines (year × street × service domain): allocated, committed and paid. The district
    sees and sets every line; a street office reads its own."""

    serializer_class = BudgetLineSerializer
    filterset_class = BudgetFilter

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return BudgetLine.objects.none()
        if not can_see_budgets(scope_for(self.request.user)):
            raise NotAllowed(_("Only street-office staff and the district see budgets."))
        return budgets_for(self.request.user)

    @extend_schema(request=BudgetLineSetSerializer, responses={201: BudgetLineSerializer})
    def post(self, request, *args, **kwargs):
        if not scope_for(request.user).is_district_admin:
            raise NotAllowed(_("Only the district civil-affairs bureau sets budgets."))
        form = BudgetLineSetSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        line = budget_line_set(actor=request.user, **form.validated_data)
        return Response(BudgetLineSerializer(line).data, status=status.HTTP_201_CREATED)


# --- The catalogue ---------------------------------------------------------------------------------


class CatalogueItemSerializer(serializers.ModelSerializer):
    duty_item_code = serializers.CharField(source="duty_item.code", read_only=True, default="")
    domain_display = serializers.CharField(source="get_domain_display", read_only=True)

    class Meta:
        model = CatalogueItem
        fields = [
            "id",
            "code",
            "title",
            "duty_item",
            "duty_item_code",
            "department",
            "domain",
            "domain_display",
            "is_placeholder",
        ]
        read_only_fields = fields


class CatalogueItemList(generics.ListAPIView):
    """Public: the purchase catalogue (政府购买目录). Entries flagged `is_placeholder` come from
    example (示例) duty items, not an official catalogue."""

    permission_classes = [permissions.AllowAny]
    serializer_class = CatalogueItemSerializer
    pagination_class = None

    def get_queryset(self):
        return catalogue_public()


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
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    method_display = serializers.CharField(source="get_method_display", read_only=True)
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
    source_task = serializers.IntegerField(source="source_assignment.task_id", read_only=True, default=None)
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

    def get_object(self, request, pk):
        return access_project(request.user, pk)


class ProjectPublish(_ProjectMove):
    """The purchasing street publishes a draft: deadlines are counted in working days from today."""

    def perform(self, request, project, data):
        project_publish(actor=request.user, project=project, comment=data["comment"])


class ProjectCancel(_ProjectMove):
    """The purchasing street (or the district) cancels, with the reason in `comment`."""

    def perform(self, request, project, data):
        project_cancel(actor=request.user, project=project, comment=data["comment"])


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


# --- Bids -------------------------------------------------------------------------------------------


class BidDocumentSerializer(serializers.Serializer):
    name = serializers.CharField()
    sha256 = serializers.CharField()


class BidStaffSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="person.name", read_only=True)

    class Meta:
        model = SocialWorker
        fields = ["id", "name"]


class BidSerializer(serializers.ModelSerializer):
    """A bid in full: only ever built for someone `queries.can_read_bid` admits."""

    organization_name = serializers.CharField(source="organization.name", read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    staff = BidStaffSerializer(many=True, read_only=True)
    documents = BidDocumentSerializer(many=True, read_only=True)

    class Meta:
        model = Bid
        fields = [
            "id",
            "project",
            "organization",
            "organization_name",
            "status",
            "status_display",
            "price",
            "plan",
            "staff",
            "documents",
            "receipt",
            "salt",
            "submitted_at",
            "replaces",
        ]
        read_only_fields = fields


class BidSubmitSerializer(serializers.Serializer):
    organization = serializers.IntegerField(
        required=False, help_text=gettext_lazy("Needed only by staff of several organisations.")
    )
    price = serializers.DecimalField(max_digits=14, decimal_places=2)
    plan = serializers.CharField(max_length=20000)
    staff = serializers.ListField(child=serializers.IntegerField(), required=False, default=list)
    documents = serializers.ListField(child=serializers.FileField(), required=False, default=list)


class ProjectBids(generics.ListCreateAPIView):
    """The bids of a project that you may read: your organisation's own (sealed from everyone
    else until the opening); after the opening, the purchaser and the district read all. A POST
    submits your organisation's bid, or replaces its live one, until the deadline (409 after)."""

    serializer_class = BidSerializer
    pagination_class = None
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Bid.objects.none()
        return bids_for(self.request.user, access_project(self.request.user, self.kwargs["pk"]))

    @extend_schema(request=BidSubmitSerializer, responses={201: BidSerializer})
    def post(self, request, *args, **kwargs):
        project = access_project(request.user, self.kwargs["pk"])
        mine = sorted(scope_for(request.user).organization_ids)
        if not mine:
            raise NotAllowed(_("Only the staff of a social organisation may bid."))
        form = BidSubmitSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        data = form.validated_data
        org_id = data.get("organization") or (mine[0] if len(mine) == 1 else None)
        if org_id not in mine:
            raise DomainError(
                _("Choose which of your organisations bids."), fields={"organization": _("Choose an organisation.")}
            )
        organization = Organization.objects.get(pk=org_id)
        staff = list(SocialWorker.objects.filter(pk__in=data["staff"]))
        if len(staff) != len(set(data["staff"])):
            raise DomainError(
                _("The bid was not submitted; see the marked fields."),
                fields={"staff": _("Staff must be the organisation's own social workers.")},
            )
        bid = bid_submit(
            actor=request.user,
            project=project,
            organization=organization,
            price=data["price"],
            plan=data["plan"],
            staff=staff,
            documents=data["documents"],
        )
        return Response(BidSerializer(access_bid(request.user, bid.pk)).data, status=status.HTTP_201_CREATED)


class BidDetail(generics.RetrieveAPIView):
    """A bid, to its bidder; after the opening also to the purchaser and the district. 404 to everyone else."""

    serializer_class = BidSerializer

    def get_object(self):
        return access_bid(self.request.user, self.kwargs["pk"])


class BidWithdraw(TransitionAPIView):
    """The bidder withdraws its live bid until the deadline (409 after)."""

    output_serializer = BidSerializer

    def get_object(self, request, pk):
        return access_bid(request.user, pk)

    def perform(self, request, bid, data):
        bid_withdraw(actor=request.user, bid=bid, comment=data["comment"])


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


# --- Evaluation and award ---------------------------------------------------------------------------


class ExpertAssignSerializer(serializers.Serializer):
    expert = serializers.IntegerField(help_text=gettext_lazy("An expert of the register (its id)."))


class ExpertAssign(APIView):
    """The purchasing street assigns an expert to an opened project; 409 on a conflict of interest."""

    @extend_schema(request=ExpertAssignSerializer, responses={200: ProjectDetailSerializer})
    def post(self, request, pk):
        project = access_project(request.user, pk)
        form = ExpertAssignSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        expert_assign(actor=request.user, project=project, expert=access_expert(form.validated_data["expert"]))
        return Response(ProjectDetailSerializer(access_project(request.user, pk), context={"request": request}).data)


class ScoreRowSerializer(serializers.Serializer):
    bid = serializers.IntegerField()
    criterion = serializers.IntegerField()
    points = serializers.DecimalField(max_digits=5, decimal_places=2)


class ScoresSerializer(serializers.Serializer):
    scores = ScoreRowSerializer(many=True)


class ProjectScores(APIView):
    """An assigned expert's scoring sheet: points for every opened bid on every criterion but the price."""

    @extend_schema(request=ScoresSerializer, responses={200: ProjectDetailSerializer})
    def post(self, request, pk):
        project = access_project(request.user, pk)
        form = ScoresSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        rows = [(r["bid"], r["criterion"], r["points"]) for r in form.validated_data["scores"]]
        scores_submit(actor=request.user, project=project, scores=rows)
        return Response(ProjectDetailSerializer(access_project(request.user, pk), context={"request": request}).data)


class ProjectEvaluate(_ProjectMove):
    """The purchasing street ranks the bids once every assigned expert has scored (409 before)."""

    def perform(self, request, project, data):
        project_evaluate(actor=request.user, project=project, comment=data["comment"])


class ProjectAward(_ProjectMove):
    """The purchasing street awards to the first-ranked bid; its price is committed on the budget
    line and the standstill starts (409 when the line cannot carry it)."""

    def perform(self, request, project, data):
        project_award(actor=request.user, project=project, comment=data["comment"])


class ProjectReaward(_ProjectMove):
    """The winner declined or failed review: the street passes the award to the next-ranked bid,
    with the reason in `comment`; the first winner's money goes back to the line."""

    def perform(self, request, project, data):
        project_reaward(actor=request.user, project=project, comment=data["comment"])


class ComplaintSerializer(serializers.ModelSerializer):
    organization_name = serializers.CharField(source="organization.name", read_only=True)

    class Meta:
        model = Complaint
        fields = ["id", "organization", "organization_name", "text", "filed_at", "answer", "answered_at"]
        read_only_fields = fields


class ComplaintFileSerializer(serializers.Serializer):
    organization = serializers.IntegerField(
        required=False, help_text=gettext_lazy("Needed only by staff of several organisations.")
    )
    text = serializers.CharField(max_length=20000)


class ComplaintAnswerSerializer(serializers.Serializer):
    answer = serializers.CharField(max_length=20000)


class ProjectComplaints(generics.ListCreateAPIView):
    """Complaints (质疑) about the award: a bidder files one within the standstill; the purchaser
    and the district read them all, an organisation its own."""

    serializer_class = ComplaintSerializer
    pagination_class = None

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Complaint.objects.none()
        return complaints_for(self.request.user, access_project(self.request.user, self.kwargs["pk"]))

    @extend_schema(request=ComplaintFileSerializer, responses={201: ComplaintSerializer})
    def post(self, request, *args, **kwargs):
        project = access_project(request.user, self.kwargs["pk"])
        mine = sorted(scope_for(request.user).organization_ids)
        if not mine:
            raise NotAllowed(_("Only a bidding organisation's own staff may complain."))
        form = ComplaintFileSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        org_id = form.validated_data.get("organization") or (mine[0] if len(mine) == 1 else None)
        if org_id not in mine:
            raise DomainError(
                _("Choose which of your organisations bids."), fields={"organization": _("Choose an organisation.")}
            )
        complaint = complaint_file(
            actor=request.user,
            project=project,
            organization=Organization.objects.get(pk=org_id),
            text=form.validated_data["text"],
        )
        return Response(ComplaintSerializer(complaint).data, status=status.HTTP_201_CREATED)


class ComplaintAnswer(APIView):
    """The purchasing street answers a complaint."""

    @extend_schema(request=ComplaintAnswerSerializer, responses={200: ComplaintSerializer})
    def post(self, request, pk, complaint_pk):
        project = access_project(request.user, pk)
        complaint = access_complaint(request.user, project, complaint_pk)
        form = ComplaintAnswerSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        complaint = complaint_answer(actor=request.user, complaint=complaint, answer=form.validated_data["answer"])
        return Response(ComplaintSerializer(complaint).data)
