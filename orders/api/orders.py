"""API of orders: place, list (scoped by who asks), read, and one endpoint per move."""

from __future__ import annotations

import django_filters
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers, status
from rest_framework.response import Response

from accounts.models import User
from core.errors import DomainError
from core.text import REASON_MAX
from core.transitions import CommentSerializer, TransitionAPIView
from procurement.labels import choice_label

from ..actions.orders import (
    order_accept,
    order_cancel,
    order_confirm,
    order_decline,
    order_deliver,
    order_dispute,
    order_place,
    order_rate,
    order_resolve,
    order_schedule,
)
from ..models import Offering, OfferingSlot, Order, OrderNotice, ReplyTemplate
from ..queries.orders import access_order, can_see_code, order_rows_for
from ..states import ORDER

ID = {"min_value": 1, "max_value": 2**31 - 1}


class OrderSerializer(serializers.ModelSerializer):
    # Method fields, not `source="get_status_display"`: DRF inspects the signature of every
    # callable source on every row, a fifth of a list's time.
    status_display = serializers.SerializerMethodField()
    offering_title = serializers.CharField(source="offering.title", read_only=True)
    organization_name = serializers.CharField(source="organization.name", read_only=True)
    community_name = serializers.CharField(source="community.name", read_only=True)
    resident_name = serializers.SerializerMethodField()
    placed_for_resident = serializers.SerializerMethodField(
        help_text=gettext_lazy("True when community staff placed the order for the resident.")
    )
    when = serializers.DateTimeField(read_only=True, allow_null=True)
    escalated = serializers.SerializerMethodField()

    class Meta:
        model = Order
        fields = [
            "id",
            "status",
            "status_display",
            "offering",
            "offering_title",
            "organization",
            "organization_name",
            "community",
            "community_name",
            "resident",
            "resident_name",
            "placed_for_resident",
            "slot",
            "preferred_time",
            "scheduled_for",
            "when",
            "rating",
            "escalated",
            "created_at",
            "answer_due_at",
        ]
        read_only_fields = fields

    def get_status_display(self, obj) -> str:
        return obj.get_status_display()

    def get_resident_name(self, obj) -> str:
        return str(obj.resident)

    def get_placed_for_resident(self, obj) -> bool:
        return obj.placed_by_id != obj.resident_id

    def get_escalated(self, obj) -> bool:
        return obj.escalated_at is not None


def order_rows(rows: list[dict]) -> list[dict]:
    """OrderSerializer's output for list rows (dicts of queries.orders.ORDER_ROW), built by hand:
    model instances and DRF's per-field calls were most of a page's time (bench/README.md). The
    serializer stays the schema; a test holds the two equal."""
    zone = timezone.get_current_timezone()

    def moment(value):
        # As DRF's DateTimeField writes it: ISO 8601 in the current time zone, "Z" for UTC.
        if value is None:
            return None
        text = value.astimezone(zone).isoformat()
        return text[:-6] + "Z" if text.endswith("+00:00") else text

    return [
        {
            "id": row["id"],
            "status": row["status"],
            "status_display": choice_label(Order.Status, row["status"]),
            "offering": row["offering_id"],
            "offering_title": row["offering__title"],
            "organization": row["organization_id"],
            "organization_name": row["organization__name"],
            "community": row["community_id"],
            "community_name": row["community__name"],
            "resident": row["resident_id"],
            "resident_name": row["resident__display_name"] or row["resident__username"],
            "placed_for_resident": row["placed_by_id"] != row["resident_id"],
            "slot": row["slot_id"],
            "preferred_time": moment(row["preferred_time"]),
            "scheduled_for": moment(row["scheduled_for"]),
            # Order.when
            "when": moment(row["scheduled_for"] or (row["slot__start"] if row["slot_id"] else row["preferred_time"])),
            "rating": row["rating"],
            "escalated": row["escalated_at"] is not None,
            "created_at": moment(row["created_at"]),
            "answer_due_at": moment(row["answer_due_at"]),
        }
        for row in rows
    ]


class OrderNoticeSerializer(serializers.ModelSerializer):
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)

    class Meta:
        model = OrderNotice
        fields = ["kind", "kind_display", "text", "sent_at"]
        read_only_fields = fields


class OrderDetailSerializer(OrderSerializer):
    resident_phone = serializers.CharField(source="resident.phone", read_only=True)
    confirmation_code = serializers.SerializerMethodField(
        help_text=gettext_lazy("Only for the resident (and the staff who ordered for them); null for everyone else.")
    )
    code_locked = serializers.BooleanField(read_only=True)
    allowed_actions = serializers.SerializerMethodField()
    notices = OrderNoticeSerializer(many=True, read_only=True)

    class Meta(OrderSerializer.Meta):
        fields = [
            *OrderSerializer.Meta.fields,
            "notes",
            "resident_phone",
            "reply",
            "rating_comment",
            "dispute_text",
            "resolution",
            "accepted_at",
            "delivered_at",
            "confirmed_at",
            "confirmation_code",
            "code_locked",
            "allowed_actions",
            "notices",
        ]
        read_only_fields = fields

    def _user(self):
        request = self.context.get("request")
        return request.user if request else None

    def get_confirmation_code(self, obj) -> str | None:
        return obj.confirmation_code if can_see_code(self._user(), obj) else None

    def get_allowed_actions(self, obj) -> list[str]:
        user = self._user()
        return ORDER.allowed_actions(user, obj) if user is not None else []


class OrderCreateSerializer(serializers.Serializer):
    offering = serializers.IntegerField(**ID)
    slot = serializers.IntegerField(required=False, allow_null=True, default=None, **ID)
    preferred_time = serializers.DateTimeField(required=False, allow_null=True, default=None)
    notes = serializers.CharField(required=False, allow_blank=True, default="", max_length=REASON_MAX)
    resident = serializers.IntegerField(
        required=False,
        allow_null=True,
        default=None,
        help_text=gettext_lazy(
            "Community staff ordering for a verified resident of their community: the resident's user id."
        ),
        **ID,
    )


class OrderFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=Order.Status.choices)
    offering = django_filters.NumberFilter(field_name="offering_id", label=gettext_lazy("offering id"))

    class Meta:
        model = Order
        fields = ["status", "offering"]


class OrderList(generics.ListCreateAPIView):
    """Orders you may see, newest first: a resident their own, an organisation those for its
    offerings, community staff those of their residents, a street office those of its
    communities, the district all. POST places an order (a verified resident of the community,
    or community staff for one: `resident`)."""

    serializer_class = OrderSerializer
    filterset_class = OrderFilter

    def get_queryset(self):
        return order_rows_for(self.request.user)

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        return self.get_paginated_response(order_rows(page))

    @extend_schema(request=OrderCreateSerializer, responses={201: OrderDetailSerializer})
    def post(self, request, *args, **kwargs):
        form = OrderCreateSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        data = form.validated_data
        offering = Offering.objects.filter(pk=data["offering"]).first()
        if offering is None:
            message = _("There is no such service.")
            raise DomainError(_("The order was not placed; see the marked fields."), fields={"offering": message})
        slot = None
        if data["slot"] is not None:
            slot = OfferingSlot.objects.filter(pk=data["slot"], offering=offering).first()
            if slot is None:
                message = _("Choose one of this service's slots.")
                raise DomainError(_("The order was not placed; see the marked fields."), fields={"slot": message})
        resident = None
        if data["resident"] is not None:
            resident = User.objects.filter(pk=data["resident"], is_active=True).first()
            if resident is None:
                message = _("There is no such resident.")
                raise DomainError(_("The order was not placed; see the marked fields."), fields={"resident": message})
        order = order_place(
            actor=request.user,
            offering=offering,
            resident=resident,
            slot=slot,
            preferred_time=data["preferred_time"],
            notes=data["notes"],
        )
        body = OrderDetailSerializer(access_order(request.user, order.pk), context={"request": request}).data
        return Response(body, status=status.HTTP_201_CREATED)


class OrderDetail(generics.RetrieveAPIView):
    """One order, to those who may see it (404 alike for missing and not yours). The six-digit
    code is shown to the resident only (and the staff who ordered for them)."""

    serializer_class = OrderDetailSerializer

    def get_object(self):
        return access_order(self.request.user, self.kwargs["pk"])


# --- Moves --------------------------------------------------------------------------------------


class _OrderMove(TransitionAPIView):
    output_serializer = OrderDetailSerializer
    access = access_order


class TemplateCommentSerializer(CommentSerializer):
    template = serializers.IntegerField(
        required=False,
        allow_null=True,
        default=None,
        help_text=gettext_lazy("One of your reply templates: its text is the comment when no comment is given."),
        **ID,
    )


def _comment_or_template(order: Order, data: dict) -> str:
    if data.get("comment") or not data.get("template"):
        return data.get("comment", "")
    template = ReplyTemplate.objects.filter(pk=data["template"], organization_id=order.organization_id).first()
    if template is None:
        message = _("Choose one of the organisation's reply templates.")
        raise DomainError(message, fields={"template": message})
    return template.text


class OrderAccept(_OrderMove):
    """The organisation accepts a placed order."""

    def perform(self, request, order, data):
        order_accept(actor=request.user, order=order, comment=data["comment"])


class OrderDecline(_OrderMove):
    """The organisation declines a placed order, telling the resident why (`comment`, or a reply
    template); the place goes back to the slot."""

    input_serializer = TemplateCommentSerializer

    def perform(self, request, order, data):
        order_decline(actor=request.user, order=order, comment=_comment_or_template(order, data))


class ScheduleSerializer(TemplateCommentSerializer):
    scheduled_for = serializers.DateTimeField(
        required=False,
        allow_null=True,
        default=None,
        help_text=gettext_lazy("When the organisation comes; the slot's start (or the preferred time) if left out."),
    )


class OrderSchedule(_OrderMove):
    """The organisation says when it comes (again, to reschedule)."""

    input_serializer = ScheduleSerializer

    def perform(self, request, order, data):
        order_schedule(
            actor=request.user,
            order=order,
            scheduled_for=data["scheduled_for"],
            comment=_comment_or_template(order, data),
        )


class OrderDeliver(_OrderMove):
    """The organisation records the delivery; the resident then confirms it."""

    def perform(self, request, order, data):
        order_deliver(actor=request.user, order=order, comment=data["comment"])


class ConfirmSerializer(CommentSerializer):
    code = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        max_length=6,
        help_text=gettext_lazy("The resident's six-digit code: needed when anyone but the resident confirms."),
    )


class OrderConfirm(_OrderMove):
    """The resident confirms the delivery; the organisation at the door, or community staff, with
    the resident's code (5 wrong codes lock it: 403)."""

    input_serializer = ConfirmSerializer

    def perform(self, request, order, data):
        order_confirm(actor=request.user, order=order, code=data["code"], comment=data["comment"])


class RateSerializer(CommentSerializer):
    rating = serializers.IntegerField(min_value=1, max_value=5)


class OrderRate(_OrderMove):
    """The resident rates a confirmed delivery, 1 to 5, with a comment."""

    input_serializer = RateSerializer

    def perform(self, request, order, data):
        order_rate(actor=request.user, order=order, rating=data["rating"], comment=data["comment"])


class OrderCancel(_OrderMove):
    """The resident (or their community's staff) cancels before delivery; the place goes back."""

    def perform(self, request, order, data):
        order_cancel(actor=request.user, order=order, comment=data["comment"])


class OrderDispute(_OrderMove):
    """The resident disputes a delivery (`comment`: what went wrong); the community is told."""

    def perform(self, request, order, data):
        order_dispute(actor=request.user, order=order, comment=data["comment"])


class OrderResolve(_OrderMove):
    """The community's staff resolve a dispute (`comment`: how)."""

    def perform(self, request, order, data):
        order_resolve(actor=request.user, order=order, comment=data["comment"])
