"""API of offerings: the residents' browse list (public), the organisation's management, slots,
and the organisation's reply templates."""

from __future__ import annotations

import django_filters
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema
from rest_framework import generics, permissions, serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.models import Community
from accounts.queries import scope_for
from core.errors import DomainError, NotAllowed
from core.text import DESCRIPTION_MAX, REASON_MAX
from organizations.models import Organization, ServiceDomain, SocialWorker, Volunteer

from ..actions.offerings import offering_create, offering_update, reply_template_save, slot_add
from ..models import Offering, OfferingSlot, ReplyTemplate
from ..queries.offerings import access_offering, can_manage_offering, offerings_public, reply_templates_for

ID = {"min_value": 1, "max_value": 2**31 - 1}


class OfferingSerializer(serializers.ModelSerializer):
    organization_name = serializers.CharField(source="organization.name", read_only=True)
    domain_display = serializers.CharField(source="get_domain_display", read_only=True)
    communities = serializers.SerializerMethodField()
    is_free = serializers.BooleanField(read_only=True)

    class Meta:
        model = Offering
        fields = [
            "id",
            "title",
            "domain",
            "domain_display",
            "organization",
            "organization_name",
            "communities",
            "price",
            "is_free",
            "answer_hours",
            "schedule",
            "is_active",
            "contract",
        ]
        read_only_fields = fields

    def get_communities(self, obj) -> list[int]:
        return sorted(c.pk for c in obj.communities.all())


class SlotSerializer(serializers.ModelSerializer):
    places_left = serializers.IntegerField(read_only=True)

    class Meta:
        model = OfferingSlot
        fields = ["id", "start", "end", "capacity", "taken", "places_left"]
        read_only_fields = fields


class DeliverySocialWorkerSerializer(serializers.ModelSerializer):
    """A social worker's public face: the name only (no resident ID, no phone)."""

    class Meta:
        model = SocialWorker
        fields = ["name"]


class DeliveryVolunteerSerializer(serializers.ModelSerializer):
    """A volunteer's public card: name, branch and the card's address (no resident ID, no phone)."""

    branch_name = serializers.CharField(source="branch.name", read_only=True, allow_null=True, default=None)
    card_url = serializers.SerializerMethodField()

    class Meta:
        model = Volunteer
        fields = ["name", "branch_name", "card_url"]

    def get_card_url(self, obj) -> str:
        return reverse("organizations:volunteer-card", kwargs={"token": obj.card_token})


class OfferingDetailSerializer(OfferingSerializer):
    social_workers = DeliverySocialWorkerSerializer(many=True, read_only=True)
    volunteers = DeliveryVolunteerSerializer(many=True, read_only=True)
    slots = SlotSerializer(many=True, read_only=True, help_text=gettext_lazy("Coming slots, soonest first."))
    can_manage = serializers.SerializerMethodField()

    class Meta(OfferingSerializer.Meta):
        fields = [*OfferingSerializer.Meta.fields, "description", "social_workers", "volunteers", "slots", "can_manage"]
        read_only_fields = fields

    def get_can_manage(self, obj) -> bool:
        request = self.context.get("request")
        return bool(request and can_manage_offering(request.user, obj))


class OfferingWriteSerializer(serializers.Serializer):
    organization = serializers.IntegerField(
        required=False, help_text=gettext_lazy("Needed only by staff of several organisations."), **ID
    )
    communities = serializers.ListField(child=serializers.IntegerField(**ID), max_length=100)
    title = serializers.CharField(max_length=200)
    domain = serializers.ChoiceField(choices=ServiceDomain.choices)
    description = serializers.CharField(required=False, allow_blank=True, default="", max_length=DESCRIPTION_MAX)
    schedule = serializers.CharField(required=False, allow_blank=True, default="", max_length=200)
    price = serializers.DecimalField(max_digits=14, decimal_places=2, min_value=0, required=False, default=0)
    answer_hours = serializers.IntegerField(min_value=1, max_value=720, required=False, default=24)
    social_workers = serializers.ListField(
        child=serializers.IntegerField(**ID), required=False, default=list, max_length=200
    )
    volunteers = serializers.ListField(
        child=serializers.IntegerField(**ID), required=False, default=list, max_length=500
    )
    is_active = serializers.BooleanField(required=False, default=True)


class OfferingUpdateSerializer(OfferingWriteSerializer):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields.pop("organization")
        for field in self.fields.values():
            field.required = False
            field.default = serializers.empty


def _related(data: dict, organization_id: int) -> dict:
    """Ids to objects; an id that is not there (or not the organisation's) is a field error."""
    resolved, problems = {}, {}
    for name, model, owner in (
        ("communities", Community, None),
        ("social_workers", SocialWorker, "employer_id"),
        ("volunteers", Volunteer, "organization_id"),
    ):
        if name not in data:
            continue
        ids = set(data[name])
        qs = model.objects.filter(pk__in=ids)
        if owner:
            qs = qs.filter(**{owner: organization_id})
        objects = list(qs)
        if len(objects) != len(ids):
            problems[name] = _("Some of these are unknown or not the organisation's.")
        resolved[name] = objects
    if problems:
        raise DomainError(_("The offering was not saved; see the marked fields."), fields=problems)
    return resolved


def _my_organization(user, chosen: int | None) -> Organization:
    mine = sorted(scope_for(user).organization_ids)
    if not mine:
        raise NotAllowed(_("Only the staff of a social organisation may offer services."))
    org_id = chosen or (mine[0] if len(mine) == 1 else None)
    if org_id not in mine:
        message = _("Choose one of your organisations.")
        raise DomainError(message, fields={"organization": message})
    return Organization.objects.get(pk=org_id)


class OfferingFilter(django_filters.FilterSet):
    community = django_filters.NumberFilter(method="by_community", label=gettext_lazy("community id"))
    domain = django_filters.ChoiceFilter(choices=ServiceDomain.choices)
    search = django_filters.CharFilter(method="by_search", label=gettext_lazy("search the title (Chinese substring)"))
    organization = django_filters.NumberFilter(field_name="organization_id", label=gettext_lazy("organisation id"))

    class Meta:
        model = Offering
        fields = ["community", "domain", "search", "organization"]

    def by_community(self, queryset, name, value):
        if not 0 < value < 2**31:
            return queryset.none()
        return offerings_public(community=int(value), queryset=queryset)

    def by_search(self, queryset, name, value):
        return offerings_public(search=value, queryset=queryset)


class OfferingList(generics.ListCreateAPIView):
    """Open offerings, for anyone: `?community=` (a resident's own), `?domain=`, `?search=` (a
    Chinese substring of the title). Organisation staff POST a new offering."""

    serializer_class = OfferingSerializer
    filterset_class = OfferingFilter

    def get_permissions(self):
        return [permissions.AllowAny()] if self.request.method == "GET" else super().get_permissions()

    def get_queryset(self):
        return offerings_public()

    @extend_schema(request=OfferingWriteSerializer, responses={201: OfferingDetailSerializer})
    def post(self, request, *args, **kwargs):
        if not scope_for(request.user).organization_ids:
            raise NotAllowed(_("Only the staff of a social organisation may offer services."))
        form = OfferingWriteSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        data = dict(form.validated_data)
        organization = _my_organization(request.user, data.pop("organization", None))
        related = _related(data, organization.pk)
        data.update(related)
        offering = offering_create(actor=request.user, organization=organization, **data)
        body = OfferingDetailSerializer(access_offering(request.user, offering.pk), context={"request": request}).data
        return Response(body, status=status.HTTP_201_CREATED)


class OfferingDetail(APIView):
    """An open offering, with who delivers it and its coming slots (public); a closed one only to
    its organisation. Its organisation's staff PATCH it (`is_active: false` closes it)."""

    def get_permissions(self):
        return [permissions.AllowAny()] if self.request.method == "GET" else super().get_permissions()

    @extend_schema(responses={200: OfferingDetailSerializer})
    def get(self, request, pk):
        offering = access_offering(request.user, pk)
        return Response(OfferingDetailSerializer(offering, context={"request": request}).data)

    @extend_schema(request=OfferingUpdateSerializer, responses={200: OfferingDetailSerializer})
    def patch(self, request, pk):
        offering = access_offering(request.user, pk)
        if not can_manage_offering(request.user, offering):
            raise NotAllowed(_("Only the organisation's own staff may manage its offerings."))
        form = OfferingUpdateSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        data = dict(form.validated_data)
        data.update(_related(data, offering.organization_id))
        offering_update(actor=request.user, offering=offering, **data)
        offering = access_offering(request.user, pk)
        return Response(OfferingDetailSerializer(offering, context={"request": request}).data)


class SlotCreateSerializer(serializers.Serializer):
    start = serializers.DateTimeField()
    end = serializers.DateTimeField()
    capacity = serializers.IntegerField(min_value=1, max_value=10000)


class OfferingSlots(APIView):
    """The organisation adds a slot (a time with a number of places) to its offering."""

    @extend_schema(request=SlotCreateSerializer, responses={201: SlotSerializer})
    def post(self, request, pk):
        offering = access_offering(request.user, pk)
        if not can_manage_offering(request.user, offering):
            raise NotAllowed(_("Only the organisation's own staff may manage its offerings."))
        form = SlotCreateSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        slot = slot_add(actor=request.user, offering=offering, **form.validated_data)
        return Response(SlotSerializer(slot).data, status=status.HTTP_201_CREATED)


class ReplyTemplateSerializer(serializers.ModelSerializer):
    class Meta:
        model = ReplyTemplate
        fields = ["id", "organization", "title", "text"]
        read_only_fields = ["id", "organization"]
        extra_kwargs = {
            "title": {"max_length": 100},
            "text": {"max_length": REASON_MAX},
        }


class ReplyTemplateCreateSerializer(serializers.Serializer):
    organization = serializers.IntegerField(
        required=False, help_text=gettext_lazy("Needed only by staff of several organisations."), **ID
    )
    title = serializers.CharField(max_length=100)
    text = serializers.CharField(max_length=REASON_MAX)


class ReplyTemplateList(generics.ListCreateAPIView):
    """The reply templates of your organisations (used when declining or scheduling an order);
    POST adds one, or changes the text of the one with the same title."""

    serializer_class = ReplyTemplateSerializer
    pagination_class = None

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return ReplyTemplate.objects.none()
        if not scope_for(self.request.user).organization_ids:
            raise NotAllowed(_("Only the staff of a social organisation keep reply templates."))
        return reply_templates_for(self.request.user)

    @extend_schema(request=ReplyTemplateCreateSerializer, responses={201: ReplyTemplateSerializer})
    def post(self, request, *args, **kwargs):
        if not scope_for(request.user).organization_ids:
            raise NotAllowed(_("Only the staff of a social organisation keep reply templates."))
        form = ReplyTemplateCreateSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        data = form.validated_data
        organization = _my_organization(request.user, data.get("organization"))
        template = reply_template_save(
            actor=request.user, organization=organization, title=data["title"], text=data["text"]
        )
        return Response(ReplyTemplateSerializer(template).data, status=status.HTTP_201_CREATED)
