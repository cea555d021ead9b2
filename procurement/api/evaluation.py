"""API of the evaluation and award: experts, scoring sheets, ranking, award, complaints."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.queries import scope_for
from core.errors import DomainError, NotAllowed
from organizations.models import Organization

from ..actions.evaluation import (
    complaint_answer,
    complaint_file,
    expert_assign,
    project_award,
    project_evaluate,
    project_reaward,
    scores_submit,
)
from ..models import Complaint
from ..queries.evaluation import access_complaint, access_expert, complaints_for
from ..queries.projects import access_project
from .projects import ProjectDetailSerializer, _ProjectMove

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
