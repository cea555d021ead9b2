"""Pages of the bidding organisation: its sealed bid, its bids."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.queries import scope_for
from core.transitions import TransitionFormView
from organizations.models import Organization, SocialWorker

from ..actions.bids import bid_submit, bid_withdraw
from ..forms.bids import BidForm
from ..queries.bids import access_bid, my_bids
from ..queries.projects import access_project
from ..states import BID
from .projects import _form_page


@login_required
def bid_page(request, pk: int):
    """Submit (or replace) the organisation's sealed bid."""
    project = access_project(request.user, pk)
    scope = scope_for(request.user)
    if not scope.organization_ids:
        raise PermissionDenied
    form = BidForm(
        request.POST or None,
        request.FILES or None,
        organizations=Organization.objects.filter(pk__in=scope.organization_ids),
        workers=SocialWorker.objects.filter(employer_id__in=scope.organization_ids).select_related(
            "person", "employer"
        ),
    )

    def run(data):
        return bid_submit(
            actor=request.user,
            project=project,
            organization=data["organization"],
            price=data["price"],
            plan=data["plan"],
            staff=list(data["staff"]),
            documents=[data["document"]] if data.get("document") else [],
        )

    return _form_page(
        request,
        form=form,
        run=run,
        template_context={
            "project": project,
            "title": _("Submit a sealed bid"),
            "submit": _("Submit the bid"),
            "multipart": True,
        },
        success=_("Your bid is sealed until the opening. Keep its receipt."),
        redirect_to=reverse("procurement:my-bids"),
    )


@login_required
def bid_detail(request, pk: int):
    bid = access_bid(request.user, pk)
    return render(
        request, "procurement/bid_detail.html", {"bid": bid, "offered": BID.allowed_actions(request.user, bid)}
    )


class BidWithdrawPage(TransitionFormView):
    template_name = "procurement/action.html"
    title = gettext_lazy("Withdraw the bid")
    submit = gettext_lazy("Withdraw")
    success_message = gettext_lazy("The bid is withdrawn.")
    access = access_bid
    detail_url = "procurement:bid-detail"

    def perform(self, request, bid, data):
        return bid_withdraw(actor=request.user, bid=bid, comment=data["comment"])


@login_required
def my_bids_page(request):
    if not scope_for(request.user).organization_ids:
        raise PermissionDenied
    page = Paginator(my_bids(request.user), 50).get_page(request.GET.get("page"))
    return render(request, "procurement/my_bids.html", {"page": page})
