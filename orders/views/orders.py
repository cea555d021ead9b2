"""Pages of orders: the resident's (order, my orders, one order with its code, confirm, rate,
cancel, dispute), the organisation's order desk and the community's orders, and one page per move."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import F
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import Role, RoleAssignment, User
from accounts.queries import scope_for
from core.paging import KeysetPage
from core.transitions import TransitionFormView
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
from ..forms.orders import ConfirmForm, OrderForm, RateForm, RequiredCommentForm, ScheduleForm, TemplateCommentForm
from ..models import OfferingSlot, Order, ReplyTemplate
from ..queries.offerings import access_offering
from ..queries.orders import access_order, can_see_code, needs_community, order_list_for
from ..states import DESK_STATES, ORDER
from .offerings import _form_page

S = Order.Status
# The desk shows at most this many orders per section: the oldest waiting first, the rest after.
DESK_ROWS = 60


@login_required
def order_place_page(request, pk: int):
    """The order form: a verified resident for themselves; community staff for a resident."""
    offering = access_offering(request.user, pk)
    scope = scope_for(request.user)
    served = {c.pk for c in offering.communities.all()}
    staff_communities = served & set(scope.community_ids)
    residents = None
    if scope.resident_community_id is None and staff_communities:
        residents = User.objects.filter(
            pk__in=RoleAssignment.objects.filter(role=Role.RESIDENT, community_id__in=staff_communities).values(
                "user_id"
            ),
            is_active=True,
        ).order_by("display_name", "username")
    if scope.resident_community_id not in served and not staff_communities:
        # 403 with the reason in plain words, and where to go next.
        reason = (
            _("Only residents verified by their community can order. Ask your community office to verify you.")
            if scope.resident_community_id is None
            else _("This service is not offered in the resident's community.")
        )
        return render(request, "orders/cannot_order.html", {"offering": offering, "reason": reason}, status=403)
    form = OrderForm(request.POST or None, slots=_open_slots(offering), residents=residents)
    placed = {}

    def run(data):
        placed["order"] = order_place(
            actor=request.user,
            offering=offering,
            resident=data.get("resident"),
            slot=data.get("slot"),
            preferred_time=data.get("preferred_time"),
            notes=data.get("notes", ""),
        )

    return _form_page(
        request,
        form=form,
        run=run,
        context={
            "offering": offering,
            "title": _("Order: %(title)s") % {"title": offering.title},
            "submit": _("Order"),
        },
        success=_("Your order is placed. The organisation answers within %(hours)s hours.")
        % {"hours": offering.answer_hours},
        redirect_to=lambda: reverse("orders:order-detail", kwargs={"pk": placed["order"].pk}),
        template="orders/order_form.html",
    )


def _open_slots(offering):
    return OfferingSlot.objects.filter(offering=offering, start__gt=timezone.now(), taken__lt=F("capacity")).order_by(
        "start", "id"
    )


def id_page(qs, params, *, size: int) -> KeysetPage:
    """Newer / older pages by id (an order's id grows with its time): the same index ranges as the
    API's cursor (resident, organisation or community, then id), at any depth."""
    older, newer = params.get("older", ""), params.get("newer", "")
    if newer.isdigit() and len(newer) < 19:
        rows = list(qs.filter(pk__gt=int(newer)).order_by("pk")[: size + 1])
        items = rows[:size][::-1]
        more = len(rows) > size
        return KeysetPage(
            items=items,
            newer=str(items[0].pk) if more and items else None,
            older=str(items[-1].pk) if items else None,
        )
    stepped = older.isdigit() and len(older) < 19
    rows = list((qs.filter(pk__lt=int(older)) if stepped else qs).order_by("-pk")[: size + 1])
    items = rows[:size]
    return KeysetPage(
        items=items,
        newer=str(items[0].pk) if stepped and items else None,
        older=str(items[-1].pk) if len(rows) > size else None,
    )


@login_required
def my_orders(request):
    """The resident's orders, newest first, in big cards."""
    orders = order_list_for(request.user).filter(resident=request.user)
    page = id_page(orders, request.GET, size=20)
    return render(request, "orders/my_orders.html", {"page": page})


def _sees_desk(scope) -> bool:
    return bool(
        scope.organization_ids or scope.community_ids or scope.overseen_community_ids or scope.is_district_admin
    )


# The desk's one-click buttons, in the order they appear: (action, posted in place or a page to
# open, style, label). Scheduling offers both: at the chosen time, or another time on its page.
DESK_BUTTONS = (
    ("accept", True, "approve", gettext_lazy("Accept")),
    ("decline", False, "return", gettext_lazy("Decline")),
    ("schedule", True, "", gettext_lazy("Schedule at the chosen time")),
    ("schedule", False, "secondary", gettext_lazy("Another time")),
    ("deliver", True, "approve", gettext_lazy("Delivered")),
)


def _desk_rows(user, orders: list[Order], *, buttons: bool = True) -> list[Order]:
    """Each desk order with what its row shows worked out once, in Python: its status label and
    the buttons the transition table allows. The template did this per row (a label lookup, an
    include and a URL per button), most of the page's time (bench/README.md)."""
    for order in orders:
        order.status_label = choice_label(S, order.status)
        if buttons:
            order.offered = ORDER.allowed_actions(user, order)
            order.buttons = [
                {
                    "action": action,
                    "post": post,
                    "css": css,
                    "label": label,
                    "url": reverse(f"orders:order-{action}", kwargs={"pk": order.pk}),
                    "testid": post or action == "decline",
                }
                for action, post, css, label in DESK_BUTTONS
                if action in order.offered
            ]
    return orders


@login_required
def order_desk(request):
    """The order desk: new orders first (oldest waiting at the top), then what is in hand, then
    every order a page at a time. Organisations see orders for their offerings, community staff
    their residents', street offices their communities', the district all."""
    scope = scope_for(request.user)
    if not _sees_desk(scope):
        raise PermissionDenied
    visible = order_list_for(request.user)
    if not scope.is_district_admin:
        visible = visible.exclude(resident=request.user)
    # New orders first, the one whose answer is due soonest at the top; then what is in hand.
    new = _desk_rows(request.user, list(visible.filter(status=S.PLACED).order_by("answer_due_at", "id")[:DESK_ROWS]))
    in_hand_states = [state for state in DESK_STATES if state != S.PLACED]
    in_hand = _desk_rows(
        request.user, list(visible.filter(status__in=in_hand_states).order_by("answer_due_at", "id")[:DESK_ROWS])
    )
    attention = []
    if scope.community_ids or scope.overseen_community_ids or scope.is_district_admin:
        attention = _desk_rows(request.user, list(needs_community(visible).order_by("id")[:DESK_ROWS]))
    page = id_page(visible, request.GET, size=25)
    _desk_rows(request.user, page.items, buttons=False)
    return render(
        request,
        "orders/order_desk.html",
        {
            "new": new,
            "in_hand": in_hand,
            "attention": attention,
            "sees_attention": bool(scope.community_ids or scope.overseen_community_ids or scope.is_district_admin),
            "page": page,
            "is_provider": bool(scope.organization_ids),
        },
    )


@login_required
def order_detail(request, pk: int):
    order = access_order(request.user, pk)
    return render(
        request,
        "orders/order_detail.html",
        {
            "order": order,
            "offered": ORDER.allowed_actions(request.user, order),
            "show_code": can_see_code(request.user, order),
            "is_resident": request.user.pk == order.resident_id,
            "notices": order.notices.all(),
        },
    )


# --- One page per move ---------------------------------------------------------------------------


class _OrderMovePage(TransitionFormView):
    template_name = "orders/action.html"
    access = access_order
    machine = ORDER
    detail_url = "orders:order-detail"


class _TemplateMovePage(_OrderMovePage):
    form_class = TemplateCommentForm

    def form_kwargs(self, request, order):
        return {"templates": ReplyTemplate.objects.filter(organization_id=order.organization_id)}

    @staticmethod
    def comment(data) -> str:
        if data.get("comment") or not data.get("template"):
            return data.get("comment", "")
        return data["template"].text


class OrderAcceptPage(_OrderMovePage):
    """One click on the desk."""

    form_class = None
    action = "accept"
    success_message = gettext_lazy("The order is accepted.")

    def perform(self, request, order, data):
        return order_accept(actor=request.user, order=order)

    def success_url(self, request, order):
        return reverse("orders:order-desk")


class OrderDeclinePage(_TemplateMovePage):
    action = "decline"
    title = gettext_lazy("Decline the order")
    submit = gettext_lazy("Decline")
    success_message = gettext_lazy("The order is declined; the resident is told why.")

    def perform(self, request, order, data):
        return order_decline(actor=request.user, order=order, comment=self.comment(data))

    def success_url(self, request, order):
        return reverse("orders:order-desk")


class OrderSchedulePage(_TemplateMovePage):
    """One click on the desk (the resident's time), or this form for another time."""

    form_class = ScheduleForm
    action = "schedule"
    title = gettext_lazy("Schedule the visit")
    submit = gettext_lazy("Schedule")
    success_message = gettext_lazy("The visit is scheduled.")

    def perform(self, request, order, data):
        return order_schedule(
            actor=request.user, order=order, scheduled_for=data.get("scheduled_for"), comment=self.comment(data)
        )

    def success_url(self, request, order):
        return reverse("orders:order-desk")


class OrderDeliverPage(_OrderMovePage):
    form_class = None
    action = "deliver"
    success_message = gettext_lazy("The delivery is recorded; the resident confirms it.")

    def perform(self, request, order, data):
        return order_deliver(actor=request.user, order=order)


class OrderConfirmPage(_OrderMovePage):
    form_class = ConfirmForm
    action = "confirm"
    title = gettext_lazy("Confirm the delivery")
    submit = gettext_lazy("Confirm")
    success_message = gettext_lazy("The delivery is confirmed. Thank you!")

    def form_kwargs(self, request, order):
        return {"needs_code": request.user.pk != order.resident_id}

    def perform(self, request, order, data):
        return order_confirm(
            actor=request.user, order=order, code=data.get("code", ""), comment=data.get("comment", "")
        )


class OrderRatePage(_OrderMovePage):
    form_class = RateForm
    action = "rate"
    title = gettext_lazy("Rate the service")
    submit = gettext_lazy("Send the rating")
    success_message = gettext_lazy("Thank you for your rating.")

    def perform(self, request, order, data):
        return order_rate(actor=request.user, order=order, rating=data["rating"], comment=data.get("comment", ""))


class OrderCancelPage(_OrderMovePage):
    action = "cancel"
    title = gettext_lazy("Cancel the order")
    submit = gettext_lazy("Cancel the order")
    success_message = gettext_lazy("The order is cancelled.")

    def perform(self, request, order, data):
        return order_cancel(actor=request.user, order=order, comment=data.get("comment", ""))


class OrderDisputePage(_OrderMovePage):
    form_class = RequiredCommentForm
    action = "dispute"
    title = gettext_lazy("Something went wrong")
    submit = gettext_lazy("Tell the community")
    success_message = gettext_lazy("The community office is told and will contact you.")

    def perform(self, request, order, data):
        return order_dispute(actor=request.user, order=order, comment=data.get("comment", ""))


class OrderResolvePage(_OrderMovePage):
    form_class = RequiredCommentForm
    action = "resolve"
    title = gettext_lazy("Resolve the dispute")
    submit = gettext_lazy("Resolve")
    success_message = gettext_lazy("The dispute is resolved.")

    def perform(self, request, order, data):
        return order_resolve(actor=request.user, order=order, comment=data.get("comment", ""))
