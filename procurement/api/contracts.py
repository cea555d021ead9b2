"""API of contracts: drafted from the award, edited while drafting, submitted, reviewed, signed,
amended; the review timeline; and the public contract notices."""

from __future__ import annotations

from decimal import Decimal

from django.http import Http404
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import generics, permissions, serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from core.transitions import COMMENT_MAX_LENGTH, TransitionAPIView

from ..actions.contracts import (
    EDITABLE,
    MilestoneInput,
    amendment_decide,
    amendment_propose,
    contract_complete,
    contract_draft,
    contract_edit,
    contract_sign,
    contract_submit,
    contract_terminate,
)
from ..actions.delivery import contract_evaluate, milestone_decide, payment_record
from ..actions.review import contract_review
from ..models import (
    Amendment,
    Contract,
    ContractCheck,
    Milestone,
    Payment,
    PerformanceEvaluation,
    ReviewStep,
    StepKind,
)
from ..queries.contracts import (
    access_contract,
    amendments_of,
    contract_notice,
    contract_notices_public,
    contracts_for,
    review_timeline,
)
from ..queries.projects import access_project
from ..states import AMENDMENT, CONTRACT

TEXT_MAX = 20000


class ContractMilestoneSerializer(serializers.ModelSerializer):
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    paid = serializers.SerializerMethodField()

    class Meta:
        model = Milestone
        fields = [
            "id",
            "position",
            "title",
            "due_on",
            "amount",
            "required_deliveries",
            "status",
            "status_display",
            "decided_at",
            "comment",
            "paid",
        ]
        read_only_fields = fields

    def get_paid(self, obj) -> str:
        return str(sum((p.amount for p in obj.payments.all()), Decimal("0.00")))


class PaymentSerializer(serializers.ModelSerializer):
    class Meta:
        model = Payment
        fields = ["id", "milestone", "amount", "paid_on", "recorded_at"]
        read_only_fields = fields


class EvaluationSerializer(serializers.ModelSerializer):
    class Meta:
        model = PerformanceEvaluation
        fields = ["milestone_score", "assessment_score", "ratings_score", "score", "comment", "created_at"]
        read_only_fields = fields


class ContractMilestoneInputSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    due_on = serializers.DateField()
    amount = serializers.DecimalField(max_digits=14, decimal_places=2, min_value=0)
    required_deliveries = serializers.IntegerField(min_value=0, max_value=100000, required=False, allow_null=True)


class ContractSerializer(serializers.ModelSerializer):
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    street_name = serializers.CharField(source="street.name", read_only=True)
    community_name = serializers.CharField(source="community.name", read_only=True)
    organization_name = serializers.CharField(source="organization.name", read_only=True)
    waiting_on = serializers.CharField(source="current_assignee", read_only=True, default=None, allow_null=True)

    class Meta:
        model = Contract
        fields = [
            "id",
            "title",
            "status",
            "status_display",
            "project",
            "street",
            "street_name",
            "community",
            "community_name",
            "organization",
            "organization_name",
            "price",
            "starts_on",
            "ends_on",
            "round",
            "waiting_on",
            "sign_by",
            "signed_at",
        ]
        read_only_fields = fields


class AmendmentSerializer(serializers.ModelSerializer):
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    reviewer = serializers.CharField(source="assignee", read_only=True, default=None, allow_null=True)

    class Meta:
        model = Amendment
        fields = [
            "id",
            "reason",
            "new_price",
            "new_ends_on",
            "changes",
            "status",
            "status_display",
            "reviewer",
            "proposed_at",
            "decided_at",
            "comment",
        ]
        read_only_fields = fields


class ContractDetailSerializer(ContractSerializer):
    milestones = ContractMilestoneSerializer(many=True, read_only=True)
    evaluation = serializers.SerializerMethodField()
    amendments = serializers.SerializerMethodField()
    allowed_actions = serializers.SerializerMethodField()

    class Meta(ContractSerializer.Meta):
        fields = [
            *ContractSerializer.Meta.fields,
            "bid",
            "service_content",
            "quantity",
            "quality_standards",
            "liability",
            "original_price",
            "returned_reasons",
            "notice_published_at",
            "milestones",
            "amendments",
            "evaluation",
            "allowed_actions",
        ]
        read_only_fields = fields

    @extend_schema_field(EvaluationSerializer(allow_null=True))
    def get_evaluation(self, obj):
        evaluation = PerformanceEvaluation.objects.filter(contract=obj).first()
        return EvaluationSerializer(evaluation).data if evaluation else None

    @extend_schema_field(AmendmentSerializer(many=True))
    def get_amendments(self, obj):
        return AmendmentSerializer(amendments_of(obj), many=True).data

    def get_allowed_actions(self, obj) -> list[str]:
        request = self.context.get("request")
        return CONTRACT.allowed_actions(request.user, obj) if request else []


class ContractCreateSerializer(serializers.Serializer):
    project = serializers.IntegerField(help_text=gettext_lazy("The awarded project the contract is drafted from."))
    title = serializers.CharField(max_length=200, required=False)
    service_content = serializers.CharField(max_length=TEXT_MAX, required=False, allow_blank=True)
    quantity = serializers.CharField(max_length=TEXT_MAX, required=False, allow_blank=True, default="")
    quality_standards = serializers.CharField(max_length=TEXT_MAX, required=False, allow_blank=True, default="")
    liability = serializers.CharField(max_length=TEXT_MAX, required=False, allow_blank=True, default="")
    starts_on = serializers.DateField(required=False)
    ends_on = serializers.DateField(required=False)
    price = serializers.DecimalField(
        max_digits=14,
        decimal_places=2,
        min_value=0,
        required=False,
        help_text=gettext_lazy("The awarded bid's price unless given."),
    )
    milestones = ContractMilestoneInputSerializer(many=True, required=False, max_length=24)


class ContractEditSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200, required=False)
    service_content = serializers.CharField(max_length=TEXT_MAX, required=False, allow_blank=True)
    quantity = serializers.CharField(max_length=TEXT_MAX, required=False, allow_blank=True)
    quality_standards = serializers.CharField(max_length=TEXT_MAX, required=False, allow_blank=True)
    liability = serializers.CharField(max_length=TEXT_MAX, required=False, allow_blank=True)
    starts_on = serializers.DateField(required=False)
    ends_on = serializers.DateField(required=False)
    price = serializers.DecimalField(max_digits=14, decimal_places=2, min_value=0, required=False)
    milestones = ContractMilestoneInputSerializer(many=True, required=False, max_length=24)


def _milestones(data: dict) -> list[MilestoneInput] | None:
    rows = data.pop("milestones", None)
    return None if rows is None else [MilestoneInput(**row) for row in rows]


class ContractList(generics.ListCreateAPIView):
    """Contracts, scoped per object: the purchasing street, the implementing community, the
    organisation, the district, and the users assigned to review them; nobody else. The street
    drafts one from an awarded project (POST)."""

    serializer_class = ContractSerializer

    def get_queryset(self):
        return contracts_for(self.request.user)

    @extend_schema(request=ContractCreateSerializer, responses={201: ContractDetailSerializer})
    def post(self, request, *args, **kwargs):
        form = ContractCreateSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        data = dict(form.validated_data)
        project = access_project(request.user, data.pop("project"))
        contract = contract_draft(actor=request.user, project=project, milestones=_milestones(data), **data)
        body = ContractDetailSerializer(access_contract(request.user, contract.pk), context={"request": request}).data
        return Response(body, status=status.HTTP_201_CREATED)


class ContractDetail(generics.RetrieveAPIView):
    """A contract in full, with its milestones, amendments and what the caller may do; PATCH edits
    a draft (409 once submitted: nobody edits a contract under review)."""

    serializer_class = ContractDetailSerializer

    def get_object(self):
        return access_contract(self.request.user, self.kwargs["pk"])

    @extend_schema(request=ContractEditSerializer, responses={200: ContractDetailSerializer})
    def patch(self, request, pk):
        contract = access_contract(request.user, pk)
        form = ContractEditSerializer(data=request.data, partial=True)
        form.is_valid(raise_exception=True)
        data = {k: v for k, v in form.validated_data.items() if k in EDITABLE or k == "milestones"}
        contract_edit(actor=request.user, contract=contract, milestones=_milestones(data), **data)
        return Response(ContractDetailSerializer(access_contract(request.user, pk), context={"request": request}).data)


class _ContractMove(TransitionAPIView):
    output_serializer = ContractDetailSerializer
    access = access_contract


class ContractSubmit(_ContractMove):
    """The purchasing street submits the draft: the automated checks run (a new round each time)."""

    def perform(self, request, contract, data):
        contract_submit(actor=request.user, contract=contract, comment=data["comment"])


class ContractSign(_ContractMove):
    """The organisation signs: the contract is active and its notice public."""

    def perform(self, request, contract, data):
        contract_sign(actor=request.user, contract=contract, comment=data["comment"])


class ContractComplete(_ContractMove):
    """The implementing community completes (accepts) the contract once its term has started, every
    milestone is decided and the evaluation is done (409 naming what is missing); the project is
    accepted with it."""

    def perform(self, request, contract, data):
        contract_complete(actor=request.user, contract=contract, comment=data["comment"])


class ContractTerminate(_ContractMove):
    """The purchasing street terminates an active contract; `comment` (the reason) is required. The
    project closes with the reason."""

    def perform(self, request, contract, data):
        contract_terminate(actor=request.user, contract=contract, comment=data["comment"])


# --- The review -------------------------------------------------------------------------------------


# The schema names this choice set ReviewDecisionEnum (settings.SPECTACULAR_SETTINGS).
REVIEW_DECISIONS = [("approve", "approve"), ("reject", "reject")]


class ReviewDecisionSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(choices=REVIEW_DECISIONS)
    comment = serializers.CharField(required=False, allow_blank=True, default="", max_length=COMMENT_MAX_LENGTH)


class ContractReviewDecisionSerializer(ReviewDecisionSerializer):
    step = serializers.ChoiceField(
        choices=StepKind.choices,
        required=False,
        help_text=gettext_lazy(
            "The step decided (optional): 409 if it is no longer the open one, so a retry decides nothing twice."
        ),
    )


class CheckSerializer(serializers.ModelSerializer):
    name_display = serializers.CharField(source="get_name_display", read_only=True)

    class Meta:
        model = ContractCheck
        fields = ["name", "name_display", "result", "reason", "created_at", "finished_at"]
        read_only_fields = fields


class StepSerializer(serializers.ModelSerializer):
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    assignee_name = serializers.CharField(source="assignee", read_only=True, default=None, allow_null=True)
    decided_by_name = serializers.CharField(source="decided_by", read_only=True, default=None, allow_null=True)
    reminders = serializers.SerializerMethodField()

    class Meta:
        model = ReviewStep
        fields = [
            "position",
            "kind",
            "kind_display",
            "status",
            "status_display",
            "assignee",
            "assignee_name",
            "opened_at",
            "due_on",
            "decided_at",
            "decided_by_name",
            "comment",
            "reminders",
        ]
        read_only_fields = fields

    def get_reminders(self, obj) -> list[str]:
        return [f"{r.get_kind_display()} {r.sent_at:%Y-%m-%d %H:%M}" for r in obj.reminders.all()]


class RoundSerializer(serializers.Serializer):
    round = serializers.IntegerField()
    checks = CheckSerializer(many=True)
    steps = StepSerializer(many=True)


class ReviewTimelineSerializer(serializers.Serializer):
    status = serializers.CharField()
    waiting_on = serializers.CharField(allow_null=True)
    rounds = RoundSerializer(many=True)


class ContractReview(APIView):
    """GET: the review as a timeline (each round's checks with results, each step's assignee,
    decision and time, reminders). POST: the open step's assignee approves or rejects (403 for
    anyone else; a rejection needs a comment)."""

    @extend_schema(request=None, responses={200: ReviewTimelineSerializer})
    def get(self, request, pk):
        contract = access_contract(request.user, pk)
        body = {
            "status": contract.status,
            "waiting_on": str(contract.current_assignee) if contract.current_assignee else None,
            "rounds": review_timeline(contract),
        }
        return Response(ReviewTimelineSerializer(body).data)

    @extend_schema(request=ContractReviewDecisionSerializer, responses={200: ContractDetailSerializer})
    def post(self, request, pk):
        contract = access_contract(request.user, pk)
        CONTRACT.check_party(request.user, contract, "approve")
        form = ContractReviewDecisionSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        contract_review(actor=request.user, contract=contract, **form.validated_data)
        return Response(ContractDetailSerializer(access_contract(request.user, pk), context={"request": request}).data)


# --- Amendments -------------------------------------------------------------------------------------


class AmendSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=COMMENT_MAX_LENGTH)
    new_price = serializers.DecimalField(max_digits=14, decimal_places=2, min_value=0)
    new_ends_on = serializers.DateField(required=False, allow_null=True)
    changes = serializers.CharField(max_length=TEXT_MAX, required=False, allow_blank=True, default="")


class ContractAmend(APIView):
    """The purchasing street proposes an amendment of an active contract, with its reason; the
    street leader reviews it. Amendments together may not raise the price by more than 10 %."""

    @extend_schema(request=AmendSerializer, responses={201: AmendmentSerializer})
    def post(self, request, pk):
        contract = access_contract(request.user, pk)
        AMENDMENT.check_party(request.user, Amendment(contract=contract), "propose")
        form = AmendSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        amendment = amendment_propose(actor=request.user, contract=contract, **form.validated_data)
        return Response(AmendmentSerializer(amendment).data, status=status.HTTP_201_CREATED)


class AmendmentReview(APIView):
    """The street leader assigned to the amendment approves or rejects it."""

    @extend_schema(request=ReviewDecisionSerializer, responses={200: AmendmentSerializer})
    def post(self, request, pk, amendment_pk):
        contract = access_contract(request.user, pk)
        amendment = amendments_of(contract).filter(pk=amendment_pk).first()
        if amendment is None:
            raise Http404
        form = ReviewDecisionSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        amendment = amendment_decide(actor=request.user, amendment=amendment, **form.validated_data)
        return Response(AmendmentSerializer(amendment).data)


# --- Delivery and performance --------------------------------------------------------------------


def _milestone(request, pk, milestone_pk) -> Milestone:
    contract = access_contract(request.user, pk)
    milestone = contract.milestones.filter(pk=milestone_pk).first()
    if milestone is None:
        raise Http404
    return milestone


class MilestoneDecisionSerializer(serializers.Serializer):
    met = serializers.BooleanField()
    comment = serializers.CharField(required=False, allow_blank=True, default="", max_length=COMMENT_MAX_LENGTH)


class MilestoneAccept(APIView):
    """The implementing community accepts a milestone as met, or not met (with the reason)."""

    @extend_schema(request=MilestoneDecisionSerializer, responses={200: ContractMilestoneSerializer})
    def post(self, request, pk, milestone_pk):
        milestone = _milestone(request, pk, milestone_pk)
        form = MilestoneDecisionSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        milestone = milestone_decide(actor=request.user, milestone=milestone, **form.validated_data)
        return Response(ContractMilestoneSerializer(milestone).data)


class PaymentInputSerializer(serializers.Serializer):
    amount = serializers.DecimalField(max_digits=14, decimal_places=2, min_value=0)
    paid_on = serializers.DateField(required=False)


class MilestonePayments(APIView):
    """The purchasing street records a payment on a met milestone (never more than it is worth;
    the budget line's paid figure never exceeds what is committed)."""

    @extend_schema(request=PaymentInputSerializer, responses={201: PaymentSerializer})
    def post(self, request, pk, milestone_pk):
        milestone = _milestone(request, pk, milestone_pk)
        form = PaymentInputSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        payment = payment_record(actor=request.user, milestone=milestone, **form.validated_data)
        return Response(PaymentSerializer(payment).data, status=status.HTTP_201_CREATED)


class EvaluationInputSerializer(serializers.Serializer):
    assessment = serializers.DecimalField(
        max_digits=5, decimal_places=2, help_text=gettext_lazy("The implementer's assessment, 0 to 100.")
    )
    comment = serializers.CharField(required=False, allow_blank=True, default="", max_length=COMMENT_MAX_LENGTH)


class ContractEvaluation(APIView):
    """The performance evaluation (绩效评价): the implementing community evaluates once every
    milestone is decided; the organisation's performance score follows."""

    @extend_schema(request=EvaluationInputSerializer, responses={201: EvaluationSerializer})
    def post(self, request, pk):
        contract = access_contract(request.user, pk)
        form = EvaluationInputSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        evaluation = contract_evaluate(actor=request.user, contract=contract, **form.validated_data)
        return Response(EvaluationSerializer(evaluation).data, status=status.HTTP_201_CREATED)


# --- Public contract notices --------------------------------------------------------------------------


class ContractNoticeSerializer(serializers.ModelSerializer):
    street_name = serializers.CharField(source="street.name", read_only=True)
    community_name = serializers.CharField(source="community.name", read_only=True)
    organization_name = serializers.CharField(source="organization.name", read_only=True)
    project_title = serializers.CharField(source="project.title", read_only=True)

    class Meta:
        model = Contract
        fields = [
            "id",
            "title",
            "project",
            "project_title",
            "street_name",
            "community_name",
            "organization_name",
            "price",
            "starts_on",
            "ends_on",
            "service_content",
            "signed_at",
            "notice_published_at",
        ]
        read_only_fields = fields


class ContractNoticeList(generics.ListAPIView):
    """Public: the contract notices (合同公告) of signed contracts."""

    permission_classes = [permissions.AllowAny]
    serializer_class = ContractNoticeSerializer

    def get_queryset(self):
        return contract_notices_public()


class ContractNoticeDetail(generics.RetrieveAPIView):
    permission_classes = [permissions.AllowAny]
    serializer_class = ContractNoticeSerializer

    def get_object(self):
        return contract_notice(self.kwargs["pk"])
