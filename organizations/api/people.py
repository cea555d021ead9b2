"""API for the people who do the work: thin views over `actions.people` and `queries_people`."""

from __future__ import annotations

from operator import attrgetter

import django_filters
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import generics, permissions, serializers, status
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.models import Community
from accounts.queries import scope_for
from core.errors import DomainError
from core.filters import YEAR_SCHEMA, YearFilter
from core.params import year_in_range
from core.parsers import JSONParser

from ..actions.people import (
    attendance_record,
    branch_create,
    certificate_add,
    coordinator_hire,
    coordinator_transfer,
    social_worker_create,
    social_worker_update,
    training_session_create,
    volunteer_create,
    volunteer_update,
)
from ..models import Attendance, Branch, Certificate, Employment, Organization, SocialWorker, TrainingSession, Volunteer
from ..queries_people import (
    access_coordinator,
    access_social_worker,
    access_training_session,
    access_volunteer,
    branches_for,
    coordinator_history,
    coordinator_moves,
    coordinators_for,
    may_manage_coordinators,
    may_manage_people,
    organization_for_people,
    ric_for_viewer,
    social_workers_for,
    training_sessions_public,
    volunteer_card,
    volunteers_for,
)


# --- The one masking field -------------------------------------------------------------------
class ResidentIdField(serializers.CharField):
    """A person's resident ID as the viewer may see it: whole for the district's reviewers and
    the staff of `organization_source`, masked (5101**********1234) for everyone else."""

    def __init__(self, *, organization_source: str, **kwargs):
        self.organization_of = attrgetter(organization_source)
        kwargs.setdefault("source", "person.resident_id")
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def get_attribute(self, instance):
        value = super().get_attribute(instance)
        request = self.context.get("request")
        scope = scope_for(request.user if request else None)
        return ric_for_viewer(value, scope=scope, organization_id=self.organization_of(instance))


class ManagesPeople(permissions.BasePermission):
    """The district's reviewers and organisations' staff (each for their own organisation)."""

    def has_permission(self, request, view):
        return may_manage_people(scope_for(request.user))


class SeesCoordinators(permissions.BasePermission):
    """Reading: the district admin, street offices and organisations. Hiring: not organisations."""

    def has_permission(self, request, view):
        scope = scope_for(request.user)
        if request.method in permissions.SAFE_METHODS:
            return may_manage_coordinators(scope) or bool(scope.organization_ids)
        return may_manage_coordinators(scope)


SIGNED_IN_MANAGERS = [permissions.IsAuthenticated, ManagesPeople]


# --- Social workers --------------------------------------------------------------------------
class CertificateSerializer(serializers.ModelSerializer):
    level_display = serializers.CharField(source="get_level_display", read_only=True)

    class Meta:
        model = Certificate
        fields = ["id", "level", "level_display", "number", "year_passed", "reward_amount", "reward_paid_on"]


class CertificateRequestSerializer(serializers.Serializer):
    level = serializers.ChoiceField(choices=Certificate.Level.choices)
    number = serializers.CharField(max_length=40)
    year_passed = serializers.IntegerField()
    reward_amount = serializers.DecimalField(max_digits=14, decimal_places=2, required=False, allow_null=True)
    reward_paid_on = serializers.DateField(required=False, allow_null=True)


class SocialWorkerSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="person.name", read_only=True)
    phone = serializers.CharField(source="person.phone", read_only=True)
    resident_id = ResidentIdField(organization_source="employer_id")
    person_id = serializers.IntegerField(read_only=True)
    employer_name = serializers.CharField(source="employer.name", read_only=True)
    certificate_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = SocialWorker
        fields = [
            "id",
            "person_id",
            "name",
            "resident_id",
            "phone",
            "employer",
            "employer_name",
            "started_on",
            "certificate_count",
        ]


class SocialWorkerDetailSerializer(SocialWorkerSerializer):
    certificates = CertificateSerializer(many=True, read_only=True)

    class Meta(SocialWorkerSerializer.Meta):
        fields = [*SocialWorkerSerializer.Meta.fields, "certificates"]


class SocialWorkerRequestSerializer(serializers.Serializer):
    organization = serializers.IntegerField(
        required=False,
        allow_null=True,
        help_text=gettext_lazy("Needed only by users who manage several organisations."),
    )
    resident_id = serializers.CharField(max_length=30)
    name = serializers.CharField(max_length=50)
    phone = serializers.CharField(max_length=20, required=False, allow_blank=True, default="")
    started_on = serializers.DateField(required=False, allow_null=True)


class SocialWorkerUpdateSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=50)
    phone = serializers.CharField(max_length=20, required=False, allow_blank=True, default="")


class SocialWorkerFilter(django_filters.FilterSet):
    organization = django_filters.NumberFilter(field_name="employer_id", label=gettext_lazy("organisation"))
    certified = django_filters.BooleanFilter(method="filter_certified", label=gettext_lazy("certified"))

    class Meta:
        model = SocialWorker
        fields = ["organization", "certified"]

    def filter_certified(self, queryset, name, value):
        return queryset.filter(certificate_count__gt=0) if value else queryset.filter(certificate_count=0)


class SocialWorkerList(generics.ListCreateAPIView):
    """Social workers: the district admin sees all, an organisation's staff their own.

    Resident IDs are masked except for the district admin and the employer's own staff."""

    permission_classes = SIGNED_IN_MANAGERS
    serializer_class = SocialWorkerSerializer
    filterset_class = SocialWorkerFilter

    def get_queryset(self):
        return social_workers_for(self.request.user)

    @extend_schema(request=SocialWorkerRequestSerializer, responses={201: SocialWorkerSerializer})
    def post(self, request):
        form = SocialWorkerRequestSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        data = form.validated_data
        worker = social_worker_create(
            actor=request.user,
            organization=organization_for_people(request.user, data.get("organization")),
            resident_id=data["resident_id"],
            name=data["name"],
            phone=data["phone"],
            started_on=data.get("started_on"),
        )
        worker = social_workers_for(request.user).get(pk=worker.pk)
        return Response(SocialWorkerSerializer(worker, context={"request": request}).data, status=201)


class SocialWorkerDetail(APIView):
    """One social worker with certificates; 404 to anyone who does not manage them."""

    @extend_schema(responses={200: SocialWorkerDetailSerializer})
    def get(self, request, pk: int):
        worker = access_social_worker(request.user, pk)
        return Response(SocialWorkerDetailSerializer(worker, context={"request": request}).data)

    @extend_schema(request=SocialWorkerUpdateSerializer, responses={200: SocialWorkerDetailSerializer})
    def patch(self, request, pk: int):
        worker = access_social_worker(request.user, pk)
        form = SocialWorkerUpdateSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        social_worker_update(actor=request.user, social_worker=worker, **form.validated_data)
        worker = access_social_worker(request.user, pk)
        return Response(SocialWorkerDetailSerializer(worker, context={"request": request}).data)


class CertificateCreate(APIView):
    """Record a certificate (and the district's reward for it) for one of your social workers."""

    @extend_schema(request=CertificateRequestSerializer, responses={201: CertificateSerializer})
    def post(self, request, pk: int):
        worker = access_social_worker(request.user, pk)
        form = CertificateRequestSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        cert = certificate_add(actor=request.user, social_worker=worker, **form.validated_data)
        return Response(CertificateSerializer(cert).data, status=201)


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
        worker = access_social_worker(request.user, pk)
        form = AttendanceRequestSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        session = TrainingSession.objects.filter(pk=form.validated_data["session"]).first()
        if session is None:
            msg = _("Choose a training session.")
            raise DomainError(msg, fields={"session": msg})
        attendance = attendance_record(actor=request.user, session=session, social_worker=worker)
        return Response(AttendanceSerializer(attendance).data, status=201)


# --- Training sessions -----------------------------------------------------------------------
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


# --- Coordinators ----------------------------------------------------------------------------
class EmploymentSerializer(serializers.ModelSerializer):
    community_name = serializers.CharField(source="community.name", read_only=True, allow_null=True, default=None)
    organization_name = serializers.CharField(source="organization.name", read_only=True, allow_null=True, default=None)

    class Meta:
        model = Employment
        fields = [
            "id",
            "community",
            "community_name",
            "organization",
            "organization_name",
            "started_on",
            "ended_on",
            "previous",
        ]


class CoordinatorSerializer(serializers.ModelSerializer):
    """A coordinator, by their current employment."""

    person_id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(source="person.name", read_only=True)
    resident_id = ResidentIdField(organization_source="organization_id")
    community_name = serializers.CharField(source="community.name", read_only=True, allow_null=True, default=None)
    organization_name = serializers.CharField(source="organization.name", read_only=True, allow_null=True, default=None)

    class Meta:
        model = Employment
        fields = [
            "id",
            "person_id",
            "name",
            "resident_id",
            "community",
            "community_name",
            "organization",
            "organization_name",
            "started_on",
        ]


class CoordinatorDetailSerializer(CoordinatorSerializer):
    history = serializers.SerializerMethodField()

    class Meta(CoordinatorSerializer.Meta):
        fields = [*CoordinatorSerializer.Meta.fields, "history"]

    @extend_schema_field(EmploymentSerializer(many=True))
    def get_history(self, obj):
        return EmploymentSerializer(coordinator_history(obj.person_id), many=True).data


class CoordinatorHireSerializer(serializers.Serializer):
    community = serializers.IntegerField()
    resident_id = serializers.CharField(max_length=30)
    name = serializers.CharField(max_length=50)
    phone = serializers.CharField(max_length=20, required=False, allow_blank=True, default="")
    on = serializers.DateField(required=False, allow_null=True)


class CoordinatorTransferSerializer(serializers.Serializer):
    organization = serializers.IntegerField()
    on = serializers.DateField()


class CoordinatorFilter(django_filters.FilterSet):
    community = django_filters.NumberFilter(field_name="community_id", label=gettext_lazy("community"))
    organization = django_filters.NumberFilter(field_name="organization_id", label=gettext_lazy("organisation"))

    class Meta:
        model = Employment
        fields = ["community", "organization"]


class CoordinatorList(generics.ListCreateAPIView):
    """Community coordinators (社区综合服务协管员) by their current employment, for the district
    admin, street offices (their communities) and organisations (their own)."""

    permission_classes = [permissions.IsAuthenticated, SeesCoordinators]
    serializer_class = CoordinatorSerializer
    filterset_class = CoordinatorFilter

    def get_queryset(self):
        return coordinators_for(self.request.user)

    @extend_schema(request=CoordinatorHireSerializer, responses={201: CoordinatorSerializer})
    def post(self, request):
        form = CoordinatorHireSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        data = form.validated_data
        community = Community.objects.filter(pk=data.pop("community"), is_active=True).first()
        if community is None:
            msg = _("Choose a community.")
            raise DomainError(msg, fields={"community": msg})
        employment = coordinator_hire(actor=request.user, community=community, **data)
        return Response(CoordinatorSerializer(employment, context={"request": request}).data, status=201)


class CoordinatorDetail(APIView):
    """A coordinator's current employment and whole employment history."""

    @extend_schema(responses={200: CoordinatorDetailSerializer})
    def get(self, request, person_id: int):
        employment = access_coordinator(request.user, person_id)
        return Response(CoordinatorDetailSerializer(employment, context={"request": request}).data)


class CoordinatorTransfer(APIView):
    """Move a coordinator from their community to an organisation on a date. The current
    employment is closed and a new one opens: history is kept, never overwritten."""

    @extend_schema(request=CoordinatorTransferSerializer, responses={201: CoordinatorDetailSerializer})
    def post(self, request, person_id: int):
        current = access_coordinator(request.user, person_id)
        form = CoordinatorTransferSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        organization = Organization.objects.filter(pk=form.validated_data["organization"]).first()
        if organization is None:
            msg = _("Choose a registered organisation.")
            raise DomainError(msg, fields={"organization": msg})
        new = coordinator_transfer(
            actor=request.user, person=current.person, organization=organization, on=form.validated_data["on"]
        )
        new = Employment.objects.select_related("person", "community", "organization").get(pk=new.pk)
        return Response(CoordinatorDetailSerializer(new, context={"request": request}).data, status=201)


class CoordinatorMoveSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    from_street = serializers.CharField()
    from_community = serializers.CharField()
    to_organization = serializers.CharField()
    moved = serializers.IntegerField()


class CoordinatorMoves(APIView):
    """How many coordinators moved from a community to an organisation: per year, from which
    street and community, to which organisation. Public: aggregate figures, no personal data."""

    permission_classes = [permissions.AllowAny]

    @extend_schema(
        parameters=[OpenApiParameter("year", YEAR_SCHEMA, required=False)],
        responses={200: CoordinatorMoveSerializer(many=True)},
    )
    def get(self, request):
        year = request.query_params.get("year")
        if year and not (year.isdigit() and year_in_range(int(year))):
            msg = _("Enter a year.")
            raise DomainError(msg, fields={"year": msg})
        return Response(CoordinatorMoveSerializer(coordinator_moves(year=int(year) if year else None), many=True).data)


# --- Volunteers ------------------------------------------------------------------------------
class BranchSerializer(serializers.ModelSerializer):
    organization_name = serializers.CharField(source="organization.name", read_only=True)
    volunteer_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Branch
        fields = ["id", "organization", "organization_name", "name", "volunteer_count"]


class BranchRequestSerializer(serializers.Serializer):
    organization = serializers.IntegerField(required=False, allow_null=True)
    name = serializers.CharField(max_length=100)


class BranchFilter(django_filters.FilterSet):
    organization = django_filters.NumberFilter(field_name="organization_id", label=gettext_lazy("organisation"))

    class Meta:
        model = Branch
        fields = ["organization"]


class BranchList(generics.ListCreateAPIView):
    """Branches (分社) of the organisations you manage."""

    permission_classes = SIGNED_IN_MANAGERS
    serializer_class = BranchSerializer
    filterset_class = BranchFilter

    def get_queryset(self):
        return branches_for(self.request.user)

    @extend_schema(request=BranchRequestSerializer, responses={201: BranchSerializer})
    def post(self, request):
        form = BranchRequestSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        organization = organization_for_people(request.user, form.validated_data.get("organization"))
        branch = branch_create(actor=request.user, organization=organization, name=form.validated_data["name"])
        return Response(BranchSerializer(branches_for(request.user).get(pk=branch.pk)).data, status=201)


class VolunteerSerializer(serializers.ModelSerializer):
    person_id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(source="person.name", read_only=True)
    resident_id = ResidentIdField(organization_source="organization_id")
    organization_name = serializers.CharField(source="organization.name", read_only=True)
    branch_name = serializers.CharField(source="branch.name", read_only=True, allow_null=True, default=None)
    has_photo = serializers.SerializerMethodField()

    class Meta:
        model = Volunteer
        fields = [
            "id",
            "person_id",
            "name",
            "resident_id",
            "organization",
            "organization_name",
            "branch",
            "branch_name",
            "joined_on",
            "card_token",
            "has_photo",
        ]

    def get_has_photo(self, obj) -> bool:
        return bool(obj.photo)


class VolunteerRequestSerializer(serializers.Serializer):
    organization = serializers.IntegerField(required=False, allow_null=True)
    branch = serializers.IntegerField(required=False, allow_null=True)
    resident_id = serializers.CharField(max_length=30)
    name = serializers.CharField(max_length=50)
    phone = serializers.CharField(max_length=20, required=False, allow_blank=True, default="")
    joined_on = serializers.DateField(required=False, allow_null=True)
    photo = serializers.FileField(required=False, allow_null=True, help_text=gettext_lazy("JPEG or PNG, at most 2 MB."))


class VolunteerFilter(django_filters.FilterSet):
    organization = django_filters.NumberFilter(field_name="organization_id", label=gettext_lazy("organisation"))
    branch = django_filters.NumberFilter(field_name="branch_id", label=gettext_lazy("branch"))

    class Meta:
        model = Volunteer
        fields = ["organization", "branch"]


class VolunteerList(generics.ListCreateAPIView):
    """Volunteers of the organisations you manage (`?organization=`, `?branch=`)."""

    permission_classes = SIGNED_IN_MANAGERS
    serializer_class = VolunteerSerializer
    filterset_class = VolunteerFilter
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def get_queryset(self):
        return volunteers_for(self.request.user)

    @extend_schema(request=VolunteerRequestSerializer, responses={201: VolunteerSerializer})
    def post(self, request):
        form = VolunteerRequestSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        data = dict(form.validated_data)
        organization = organization_for_people(request.user, data.pop("organization", None))
        branch_id = data.pop("branch", None)
        branch = None
        if branch_id is not None:
            branch = Branch.objects.filter(pk=branch_id, organization=organization).first()
            if branch is None:
                msg = _("Choose a branch of this organisation.")
                raise DomainError(msg, fields={"branch": msg})
        volunteer = volunteer_create(actor=request.user, organization=organization, branch=branch, **data)
        volunteer = volunteers_for(request.user).get(pk=volunteer.pk)
        return Response(VolunteerSerializer(volunteer, context={"request": request}).data, status=201)


class VolunteerUpdateSerializer(serializers.Serializer):
    branch = serializers.IntegerField(
        allow_null=True, help_text=gettext_lazy("A branch of the same organisation, or null.")
    )
    photo = serializers.FileField(required=False, allow_null=True, help_text=gettext_lazy("JPEG or PNG, at most 2 MB."))


class VolunteerDetail(APIView):
    """One volunteer of an organisation you manage; PATCH moves them between branches or
    replaces the photo. 404 for anyone else."""

    parser_classes = [JSONParser, MultiPartParser, FormParser]

    @extend_schema(responses={200: VolunteerSerializer})
    def get(self, request, pk: int):
        return Response(VolunteerSerializer(access_volunteer(request.user, pk), context={"request": request}).data)

    @extend_schema(request=VolunteerUpdateSerializer, responses={200: VolunteerSerializer})
    def patch(self, request, pk: int):
        volunteer = access_volunteer(request.user, pk)
        form = VolunteerUpdateSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        branch_id = form.validated_data["branch"]
        branch = None
        if branch_id is not None:
            branch = Branch.objects.filter(pk=branch_id, organization_id=volunteer.organization_id).first()
            if branch is None:
                msg = _("Choose a branch of this organisation.")
                raise DomainError(msg, fields={"branch": msg})
        volunteer_update(actor=request.user, volunteer=volunteer, branch=branch, photo=form.validated_data.get("photo"))
        volunteer = access_volunteer(request.user, pk)
        return Response(VolunteerSerializer(volunteer, context={"request": request}).data)


class VolunteerCardSerializer(serializers.ModelSerializer):
    """What a resident sees: no resident ID, no phone."""

    name = serializers.CharField(source="person.name", read_only=True)
    organization_name = serializers.CharField(source="organization.name", read_only=True)
    branch_name = serializers.CharField(source="branch.name", read_only=True, allow_null=True, default=None)
    photo_url = serializers.SerializerMethodField()

    class Meta:
        model = Volunteer
        fields = ["name", "organization_name", "branch_name", "joined_on", "photo_url"]

    def get_photo_url(self, obj) -> str | None:
        from django.urls import reverse

        return reverse("organizations:volunteer-photo", kwargs={"token": obj.card_token}) if obj.photo else None


class VolunteerCard(APIView):
    """A volunteer's public card, by its unguessable token."""

    permission_classes = [permissions.AllowAny]

    @extend_schema(responses={200: VolunteerCardSerializer})
    def get(self, request, token: str):
        return Response(VolunteerCardSerializer(volunteer_card(token)).data)


__all__ = [
    "AttendanceCreate",
    "BranchList",
    "CertificateCreate",
    "CoordinatorDetail",
    "CoordinatorList",
    "CoordinatorMoves",
    "CoordinatorTransfer",
    "SocialWorkerDetail",
    "SocialWorkerList",
    "TrainingSessionDetail",
    "TrainingSessionList",
    "VolunteerCard",
    "VolunteerDetail",
    "VolunteerList",
]
