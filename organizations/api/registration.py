"""API of registration, review, standing and admission. Thin: every write is an action."""

from __future__ import annotations

from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, permissions, status
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.queries import scope_for
from core.api import CachedListMixin
from core.public_cache import ORGANIZATIONS, PLACES
from core.transitions import TransitionAPIView

from ..actions.admission import admission_standard_update, organization_score_set
from ..actions.registration import (
    MemberInput,
    organization_apply,
    organization_approve,
    organization_reject,
    organization_return,
    organization_submit,
    organization_update,
)
from ..actions.standing import (
    MilestoneInput,
    ReportInput,
    annual_report_submit,
    incubation_record,
    milestone_complete,
    organization_communities_set,
    organization_deregister,
    organization_reinstate,
    organization_suspend,
    violation_record,
)
from ..filters import OrganizationFilter
from ..models import AnnualReport, IncubationMilestone, Member, Notification, Violation
from ..qualification import qualification_check
from ..queries.registration import (
    access_organization,
    access_organization_private,
    admission_standard_current,
    annual_reports_of,
    incubations_for,
    organizations_for,
    sees_application,
)
from . import serializers as s

DOCUMENT_KINDS = {"articles": "articles_file", "capital-proof": "capital_proof_file"}


def _members(data) -> list[MemberInput] | None:
    if "members" not in data:
        return None
    return [MemberInput(m["name"], m["resident_id"], m.get("is_legal_representative", False)) for m in data["members"]]


def _fields(data) -> dict:
    return {k: v for k, v in data.items() if k not in ("members", "domains")}


def _detail(request, org, *, status_code=200):
    org = access_organization(request.user, org.pk)
    if sees_application(request.user, org):
        org = (
            type(org)
            .objects.filter(pk=org.pk)
            .select_related("street", "community")
            .prefetch_related(
                "domains",
                "communities_served",
                Prefetch("members", queryset=Member.objects.order_by("position", "pk")),
                Prefetch("notifications", queryset=Notification.objects.order_by("-id")),
            )
            .get()
        )
        org.is_incubated = org.incubations.exists()
    serializer = s.OrganizationDetailSerializer(org, context={"request": request})
    return Response(serializer.data, status=status_code)


class OrganizationList(CachedListMixin, generics.ListAPIView):
    """Organisations: the public sees registered ones; staff see their own in any state; the
    bureau sees all. POST starts an application (a draft; any signed-in person)."""

    serializer_class = s.OrganizationListSerializer
    filterset_class = OrganizationFilter
    # Street and community names are in the rows.
    cache_topics = (ORGANIZATIONS, PLACES)

    def cache_vary(self, request) -> tuple | None:
        # Everyone but the bureau and organisation staff sees the registered ones only: one answer.
        scope = scope_for(request.user)
        return None if scope.is_district_admin or scope.organization_ids else ()

    def get_permissions(self):
        return [permissions.AllowAny()] if self.request.method == "GET" else [permissions.IsAuthenticated()]

    def get_queryset(self):
        return organizations_for(self.request.user)

    @extend_schema(request=s.ApplicationSerializer, responses={201: s.OrganizationDetailSerializer})
    def post(self, request):
        form = s.ApplicationSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        data = form.validated_data
        org = organization_apply(
            actor=request.user, fields=_fields(data), domains=data.get("domains"), members=_members(data)
        )
        return _detail(request, org, status_code=status.HTTP_201_CREATED)


class OrganizationDetail(APIView):
    """One organisation; its staff may PATCH the application while it is a draft or returned."""

    def get_permissions(self):
        return [permissions.AllowAny()] if self.request.method == "GET" else [permissions.IsAuthenticated()]

    @extend_schema(responses={200: s.OrganizationDetailSerializer})
    def get(self, request, pk: int):
        return _detail(request, access_organization(request.user, pk))

    @extend_schema(request=s.ApplicationUpdateSerializer, responses={200: s.OrganizationDetailSerializer})
    def patch(self, request, pk: int):
        org = access_organization(request.user, pk)
        form = s.ApplicationUpdateSerializer(data=request.data, partial=True)
        form.is_valid(raise_exception=True)
        data = form.validated_data
        org = organization_update(
            actor=request.user,
            organization=org,
            fields=_fields(data),
            domains=data.get("domains"),
            members=_members(data),
        )
        return _detail(request, org)


class _Step(TransitionAPIView):
    """A lifecycle step on one organisation, with an optional `comment` (required where the action says)."""

    output_serializer = s.OrganizationDetailSerializer
    access = access_organization

    def respond(self, request, org):
        return _detail(request, org)


class OrganizationSubmit(_Step):
    """Submit the application; every problem is returned under its field."""

    input_serializer = None

    def perform(self, request, org, data):
        return organization_submit(actor=request.user, organization=org)


class OrganizationApprove(_Step):
    """The bureau registers the organisation: certificate number and credit code issued."""

    def perform(self, request, org, data):
        return organization_approve(actor=request.user, organization=org, comment=data["comment"])


class OrganizationReturn(_Step):
    """The bureau returns the application for correction (comment required)."""

    def perform(self, request, org, data):
        return organization_return(actor=request.user, organization=org, comment=data["comment"])


class OrganizationReject(_Step):
    """The bureau rejects the application (the reason, as the comment, is required)."""

    def perform(self, request, org, data):
        return organization_reject(actor=request.user, organization=org, comment=data["comment"])


class OrganizationSuspend(_Step):
    """The bureau suspends a registered organisation (the reason, as the comment, is required)."""

    def perform(self, request, org, data):
        return organization_suspend(actor=request.user, organization=org, comment=data["comment"])


class OrganizationReinstate(_Step):
    """The bureau lifts a suspension."""

    def perform(self, request, org, data):
        return organization_reinstate(actor=request.user, organization=org, comment=data["comment"])


class OrganizationDeregister(_Step):
    """The bureau deregisters the organisation (the reason, as the comment, is required)."""

    def perform(self, request, org, data):
        return organization_deregister(actor=request.user, organization=org, comment=data["comment"])


class OrganizationDocument(APIView):
    """Upload one of the application's documents (PDF, JPG or PNG, at most 5 MB)."""

    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(
        request={"multipart/form-data": s.DocumentUploadSerializer},
        responses={200: s.OrganizationDetailSerializer},
        parameters=[OpenApiParameter("kind", str, OpenApiParameter.PATH, enum=list(DOCUMENT_KINDS))],
    )
    def put(self, request, pk: int, kind: str):
        org = access_organization(request.user, pk)
        if kind not in DOCUMENT_KINDS:
            raise Http404
        form = s.DocumentUploadSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        org = organization_update(
            actor=request.user,
            organization=org,
            fields={},
            documents={DOCUMENT_KINDS[kind]: form.validated_data["file"]},
        )
        return _detail(request, org)


class OrganizationQualification(APIView):
    """Is the organisation qualified to undertake purchased services? Each rule's result."""

    permission_classes = [permissions.AllowAny]

    @extend_schema(parameters=[s.QualificationQuerySerializer], responses={200: s.QualificationSerializer})
    def get(self, request, pk: int):
        org = access_organization(request.user, pk)
        query = s.QualificationQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        result = qualification_check(org, on=query.validated_data.get("on"))
        return Response(s.QualificationSerializer(result).data)


class AnnualReportList(generics.ListAPIView):
    """The organisation's annual work reports (its staff and the bureau); POST files one."""

    serializer_class = s.AnnualReportSerializer
    pagination_class = None

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return AnnualReport.objects.none()
        return annual_reports_of(access_organization_private(self.request.user, self.kwargs["pk"]))

    @extend_schema(request=s.AnnualReportSerializer, responses={201: s.AnnualReportSerializer})
    def post(self, request, pk: int):
        org = access_organization_private(request.user, pk)
        form = s.AnnualReportSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        d = form.validated_data
        report = annual_report_submit(
            actor=request.user,
            organization=org,
            report=ReportInput(
                year=d["year"],
                summary=d.get("summary", ""),
                activities_count=d.get("activities_count", 0),
                income=d.get("income"),
                expenditure=d.get("expenditure"),
            ),
        )
        return Response(s.AnnualReportSerializer(report).data, status=status.HTTP_201_CREATED)


class ViolationList(generics.ListAPIView):
    """Violation and default records of one organisation (its staff and the bureau); the bureau
    records new ones."""

    serializer_class = s.ViolationSerializer
    pagination_class = None

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Violation.objects.none()
        org = access_organization_private(self.request.user, self.kwargs["pk"])
        return Violation.objects.filter(organization=org).order_by("-date", "-pk")

    @extend_schema(request=s.ViolationSerializer, responses={201: s.ViolationSerializer})
    def post(self, request, pk: int):
        org = access_organization(request.user, pk)
        form = s.ViolationSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        d = form.validated_data
        violation = violation_record(
            actor=request.user, organization=org, on=d["date"], kind=d["kind"], description=d["description"]
        )
        return Response(s.ViolationSerializer(violation).data, status=status.HTTP_201_CREATED)


class OrganizationScore(APIView):
    """Set the performance score by hand (the bureau) until procurement's evaluation feeds it."""

    @extend_schema(request=s.ScoreSerializer, responses={200: s.OrganizationDetailSerializer})
    def put(self, request, pk: int):
        org = access_organization(request.user, pk)
        form = s.ScoreSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        org = organization_score_set(
            actor=request.user, organization=org, score=form.validated_data["performance_score"]
        )
        return _detail(request, org)


class OrganizationCommunities(APIView):
    """Set the communities a registered organisation serves (its staff or the bureau); the
    resident service centre of each lists it."""

    @extend_schema(request=s.CommunitiesServedSerializer, responses={200: s.OrganizationDetailSerializer})
    def put(self, request, pk: int):
        org = access_organization(request.user, pk)
        form = s.CommunitiesServedSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        org = organization_communities_set(
            actor=request.user, organization=org, communities=form.validated_data["communities"]
        )
        return _detail(request, org)


class AdmissionStandardView(APIView):
    """The admission standards (准入标准) in force; the bureau changes them with PATCH."""

    def get_permissions(self):
        return [permissions.AllowAny()] if self.request.method == "GET" else [permissions.IsAuthenticated()]

    @extend_schema(responses={200: s.AdmissionStandardSerializer})
    def get(self, request):
        return Response(s.AdmissionStandardSerializer(admission_standard_current()).data)

    @extend_schema(request=s.AdmissionStandardSerializer, responses={200: s.AdmissionStandardSerializer})
    def patch(self, request):
        form = s.AdmissionStandardSerializer(admission_standard_current(), data=request.data, partial=True)
        form.is_valid(raise_exception=True)
        standard = admission_standard_update(actor=request.user, values=dict(form.validated_data))
        return Response(s.AdmissionStandardSerializer(standard).data)


class IncubationList(generics.ListAPIView):
    """Incubations (孵化) between organisations one may see; the bureau records new ones."""

    serializer_class = s.IncubationSerializer

    def get_permissions(self):
        return [permissions.AllowAny()] if self.request.method == "GET" else [permissions.IsAuthenticated()]

    def get_queryset(self):
        return incubations_for(self.request.user)

    @extend_schema(request=s.IncubationSerializer, responses={201: s.IncubationSerializer})
    def post(self, request):
        form = s.IncubationSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        d = form.validated_data
        incubation = incubation_record(
            actor=request.user,
            incubator=d["incubator"],
            incubatee=d["incubatee"],
            start=d["start"],
            end=d["end"],
            note=d.get("note", ""),
            milestones=[MilestoneInput(m["title"], m["due_date"]) for m in d.get("milestones", [])],
        )
        return Response(s.IncubationSerializer(incubation).data, status=status.HTTP_201_CREATED)


class MilestoneDone(APIView):
    """Mark an incubation milestone done (the bureau or the incubator's staff)."""

    @extend_schema(request=s.MilestoneDoneSerializer, responses={200: s.MilestoneSerializer})
    def post(self, request, pk: int):
        milestone = get_object_or_404(
            IncubationMilestone.objects.filter(incubation__in=incubations_for(request.user)), pk=pk
        )
        form = s.MilestoneDoneSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        milestone = milestone_complete(
            actor=request.user, milestone=milestone, done_date=form.validated_data["done_date"]
        )
        return Response(s.MilestoneSerializer(milestone).data)
