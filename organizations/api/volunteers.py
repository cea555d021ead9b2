"""API for volunteers and their public cards."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema
from rest_framework import generics, permissions, serializers
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from core.errors import DomainError
from core.parsers import JSONParser

from ..actions.people import volunteer_create, volunteer_update
from ..models import Branch, Volunteer
from ..queries.people import access_volunteer, organization_for_people, volunteer_card, volunteers_for
from .fields import ResidentIdField
from .permissions import SIGNED_IN_MANAGERS


class VolunteerSerializer(serializers.ModelSerializer):
    person_id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(read_only=True)
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

    name = serializers.CharField(read_only=True)
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
