"""API of sealed bids."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers, status
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from accounts.queries import scope_for
from core.errors import DomainError, NotAllowed
from core.transitions import TransitionAPIView
from organizations.models import Organization, SocialWorker

from ..actions.bids import bid_submit, bid_withdraw
from ..models import Bid
from ..queries.bids import access_bid, bids_for
from ..queries.projects import access_project
from .fields import LabelField

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
    """A bid in full: only ever built for someone `queries.bids.can_read_bid` admits."""

    organization_name = serializers.CharField(source="organization.name", read_only=True)
    status_display = LabelField(Bid.Status, source="status")
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
        return bids_for(self.request.user, access_project(self.request.user, self.kwargs["pk"], detail=False))

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
    access = access_bid

    def perform(self, request, bid, data):
        bid_withdraw(actor=request.user, bid=bid, comment=data["comment"])
