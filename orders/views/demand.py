"""Pages of demand: grouped and listed, raise, add a voice, turn into a draft project, close."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import Community
from accounts.queries import scope_for
from core.errors import DomainError, NotAllowed
from core.forms import apply_domain_error
from core.paging import keyset_page
from core.transitions import TransitionFormView
from organizations.models import Organization
from procurement.models import BudgetLine, CatalogueItem, Method
from procurement.queries.projects import projects_for

from ..actions.demand import demand_close, demand_convert, demand_raise, demand_voice
from ..forms.demand import DemandConvertForm, DemandForm
from ..queries.demand import access_demand, can_see_demand, demand_grouped, demands_for, voiced_ids
from ..states import DEMAND


@login_required
def demand_list(request):
    """Open demand grouped by domain and topic (most voices first), then every demand, newest first."""
    scope = scope_for(request.user)
    if not can_see_demand(scope):
        raise PermissionDenied
    qs = demands_for(request.user)
    page = keyset_page(qs, request.GET, size=50)
    return render(
        request,
        "orders/demand_list.html",
        {
            "groups": demand_grouped(qs),
            "page": page,
            "voiced": voiced_ids(request.user, [d.pk for d in page]),
            "may_raise": scope.resident_community_id is not None,
        },
    )


@login_required
def demand_create(request):
    """A verified resident asks for a service nobody offers in their community."""
    if scope_for(request.user).resident_community_id is None:
        raise PermissionDenied
    form = DemandForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            demand = demand_raise(actor=request.user, **form.cleaned_data)
        except NotAllowed as error:
            raise PermissionDenied(error.message) from error
        except DomainError as error:
            apply_domain_error(form, error)
        else:
            messages.success(request, _("Your wish is recorded; your neighbours can add their voice."))
            return redirect("orders:demand-detail", pk=demand.pk)
    return render(request, "orders/demand_form.html", {"form": form})


@login_required
def demand_detail(request, pk: int):
    demand = access_demand(request.user, pk)
    scope = scope_for(request.user)
    voiced = bool(voiced_ids(request.user, [demand.pk]))
    project_visible = demand.project_id is not None and projects_for(request.user).filter(pk=demand.project_id).exists()
    return render(
        request,
        "orders/demand_detail.html",
        {
            "demand": demand,
            "offered": DEMAND.allowed_actions(request.user, demand),
            "may_voice": demand.status == demand.Status.OPEN
            and scope.resident_community_id == demand.community_id
            and not voiced,
            "voiced": voiced,
            "project_visible": project_visible,
        },
    )


class DemandVoicePage(TransitionFormView):
    """A button: POST adds the caller's voice; GET goes back to the demand."""

    form_class = None
    access = access_demand
    detail_url = "orders:demand-detail"

    def check(self, request, demand):
        if scope_for(request.user).resident_community_id != demand.community_id:
            raise NotAllowed(_("Only verified residents of this community may add their voice."))

    def perform(self, request, demand, data):
        return demand_voice(actor=request.user, demand=demand)

    def success_text(self, request, demand):
        return _("Your voice is added: %(count)d residents want this.") % {"count": demand.voice_count}


class DemandClosePage(TransitionFormView):
    template_name = "orders/resident_action.html"
    title = gettext_lazy("Close the demand")
    submit = gettext_lazy("Close the demand")
    success_message = gettext_lazy("The demand is closed; residents see your reason.")
    access = access_demand
    machine = DEMAND
    action = "close"
    detail_url = "orders:demand-detail"

    def perform(self, request, demand, data):
        return demand_close(actor=request.user, demand=demand, comment=data["comment"])


@login_required
def demand_convert_page(request, pk: int):
    """The street office's short project form, filled in from the demand."""
    demand = access_demand(request.user, pk)
    try:
        DEMAND.check_party(request.user, demand, "convert")
    except NotAllowed as error:
        raise PermissionDenied(error.message) from error
    street_id = demand.community.street_id
    lines = BudgetLine.objects.filter(street_id=street_id, domain=demand.domain).select_related("street")
    initial = {
        "title": _("%(community)s: %(title)s") % {"community": demand.community.name, "title": demand.title},
        "description": _("From residents' demand (%(count)d voices): %(title)s\n%(description)s")
        % {"count": demand.voice_count, "title": demand.title, "description": demand.description},
        "method": Method.OPEN_TENDER,
    }
    if lines.count() == 1:
        initial["budget_line"] = lines.first().pk
    form = DemandConvertForm(
        request.POST or None,
        initial=initial,
        communities=Community.objects.none(),
        lines=lines,
        items=CatalogueItem.objects.none(),
        organizations=Organization.objects.filter(status=Organization.Status.REGISTERED).order_by("name"),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            demand = demand_convert(
                actor=request.user,
                demand=demand,
                title=data["title"],
                description=data["description"],
                budget_line=data["budget_line"],
                amount=data["amount"],
                method=data["method"],
                invited=list(data["invited_organizations"]),
                criteria=form.criteria_input(),
                question_days=data["question_days"],
                bid_days=data["bid_days"],
                standstill_days=data["standstill_days"],
            )
        except NotAllowed as error:
            raise PermissionDenied(error.message) from error
        except DomainError as error:
            apply_domain_error(form, error)
        else:
            messages.success(request, _("The draft purchase project was saved from the demand."))
            return redirect("procurement:project-detail", pk=demand.project_id)
    return render(request, "orders/demand_convert.html", {"form": form, "demand": demand, "no_lines": not lines})
