"""Pages of contracts: my contracts, the contract with its review as a timeline, the forms to
draft, edit, submit, review, sign and amend; the public contract notices."""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.queries import scope_for
from core.errors import DomainError, NotAllowed
from core.forms import apply_domain_error
from core.transitions import TransitionFormView

from ..actions.contracts import (
    EDITABLE,
    amendment_cap,
    amendment_decide,
    amendment_propose,
    contract_complete,
    contract_draft,
    contract_edit,
    contract_sign,
    contract_submit,
    contract_terminate,
    term_end_limit,
)
from ..actions.delivery import contract_evaluate, milestone_decide, payment_record
from ..actions.review import contract_review, open_step
from ..forms.contracts import AmendForm, ContractForm, EvaluationForm, MilestoneForm, PaymentForm, ReviewForm
from ..hooks import deliveries_of
from ..models import Amendment, PerformanceEvaluation
from ..queries.contracts import (
    access_contract,
    amendments_of,
    can_draft_contract,
    contract_notice,
    contract_notices_public,
    contracts_for,
    contracts_waiting_on,
    review_timeline,
)
from ..queries.projects import access_project
from ..states import AMENDMENT, CONTRACT, MILESTONE, contract_unfinished_message


@login_required
def my_contracts(request):
    """The contracts the user is party to or reviews; what waits on them first."""
    page = Paginator(contracts_for(request.user), 50).get_page(request.GET.get("page"))
    waiting = list(contracts_waiting_on(request.user)[:50])
    return render(request, "procurement/contract_list.html", {"page": page, "waiting": waiting})


@login_required
def contract_detail(request, pk: int):
    contract = access_contract(request.user, pk)
    amendments = list(amendments_of(contract))
    scope = scope_for(request.user)
    milestones = list(contract.milestones.prefetch_related("payments"))
    for m in milestones:
        m.offered = MILESTONE.allowed_actions(request.user, m)
        m.paid = sum(p.amount for p in m.payments.all())
    evaluation = PerformanceEvaluation.objects.filter(contract=contract).first()
    context = {
        "contract": contract,
        "offered": CONTRACT.allowed_actions(request.user, contract),
        "milestones": milestones,
        "may_pay": contract.street_id in scope.street_ids,
        "evaluation": evaluation,
        "may_evaluate": evaluation is None
        and contract.status in ("active", "completed")
        and contract.community_id in scope.community_ids
        and bool(milestones)
        and all(m.status in ("met", "not_met") for m in milestones),
        "timeline": review_timeline(contract),
        # Pay follows verified delivery: the residents' confirmed orders under this contract.
        "delivered": deliveries_of(contract.pk) if contract.status in ("active", "completed") else None,
        "amendments": amendments,
        "amendment_offered": {a.pk: AMENDMENT.allowed_actions(request.user, a) for a in amendments},
        "may_amend": "propose" in AMENDMENT.allowed_actions(request.user, Amendment(contract=contract)),
        "cap": amendment_cap(contract) if contract.original_price else None,
        # The community sees what still stands between it and completing the contract.
        "complete_blocked": contract_unfinished_message(contract)
        if contract.status == "active" and contract.community_id in scope.community_ids
        else None,
    }
    return render(request, "procurement/contract_detail.html", context)


def _run(request, form, run, context, success, redirect_to):
    if request.method == "POST" and form.is_valid():
        try:
            result = run(form.cleaned_data)
        except NotAllowed as error:
            raise PermissionDenied(error.message) from error
        except DomainError as error:
            apply_domain_error(form, error)
        else:
            messages.success(request, success)
            return redirect(redirect_to(result))
    return render(request, "procurement/contract_form.html", {"form": form, **context})


@login_required
def contract_draft_page(request, pk: int):
    """The purchasing street drafts the contract from the award (terms prefilled from the award)."""
    project = access_project(request.user, pk)
    if not can_draft_contract(request.user, project):
        raise PermissionDenied
    starts_on = timezone.localdate() + timedelta(days=1)
    bid = project.awarded_bid
    initial = {
        "title": project.title,
        "service_content": project.description or (bid.plan if bid else ""),
        "starts_on": starts_on,
        "ends_on": term_end_limit(starts_on),
        "price": bid.price if bid else None,
    }
    return _run(
        request,
        ContractForm(request.POST or None, initial=initial),
        lambda data: contract_draft(actor=request.user, project=project, **data),
        {"title": _("Draft the contract"), "submit": _("Save the draft"), "project": project},
        _("The contract is drafted; submit it for review when it is ready."),
        lambda contract: reverse("procurement:contract-detail", kwargs={"pk": contract.pk}),
    )


@login_required
def contract_edit_page(request, pk: int):
    contract = access_contract(request.user, pk)
    try:
        CONTRACT.check(request.user, contract, "edit")
    except NotAllowed as error:
        raise PermissionDenied(error.message) from error
    except DomainError as error:  # under review: nobody edits it
        messages.error(request, error.message)
        return redirect("procurement:contract-detail", pk=pk)
    initial = {name: getattr(contract, name) for name in EDITABLE}
    return _run(
        request,
        ContractForm(request.POST or None, initial=initial),
        lambda data: contract_edit(
            actor=request.user, contract=contract, **{k: v for k, v in data.items() if v != initial[k]}
        ),
        {"title": _("Edit the contract"), "submit": _("Save"), "contract": contract},
        _("The draft is saved."),
        lambda result: reverse("procurement:contract-detail", kwargs={"pk": pk}),
    )


class _ContractMove(TransitionFormView):
    template_name = "procurement/contract_action.html"
    access = access_contract
    machine = CONTRACT
    detail_url = "procurement:contract-detail"


class ContractSubmitPage(_ContractMove):
    action = "submit"
    title = gettext_lazy("Submit the contract for review")
    submit = gettext_lazy("Submit for review")
    success_message = gettext_lazy("Submitted: the automated checks are running.")

    def perform(self, request, contract, data):
        return contract_submit(actor=request.user, contract=contract, comment=data["comment"])


class ContractSignPage(_ContractMove):
    action = "sign"
    title = gettext_lazy("Sign the contract")
    submit = gettext_lazy("Sign")
    success_message = gettext_lazy("Signed: the contract is active and its notice is public.")

    def perform(self, request, contract, data):
        return contract_sign(actor=request.user, contract=contract, comment=data["comment"])


class ContractCompletePage(_ContractMove):
    action = "complete"
    title = gettext_lazy("Complete the contract")
    submit = gettext_lazy("Complete")
    success_message = gettext_lazy(
        "Completed: the project is accepted; the street closes it once every met milestone is paid."
    )

    def perform(self, request, contract, data):
        return contract_complete(actor=request.user, contract=contract, comment=data["comment"])


class ContractTerminatePage(_ContractMove):
    action = "terminate"
    title = gettext_lazy("Terminate the contract")
    submit = gettext_lazy("Terminate")
    success_message = gettext_lazy("The contract is terminated and the project closed with the reason.")

    def perform(self, request, contract, data):
        return contract_terminate(actor=request.user, contract=contract, comment=data["comment"])


class ContractReviewPage(_ContractMove):
    action = "approve"
    form_class = ReviewForm
    title = gettext_lazy("Review the contract")
    submit = gettext_lazy("Record the decision")
    success_message = gettext_lazy("Your decision is recorded.")

    def form_kwargs(self, request, contract):
        step = open_step(contract)
        return {"initial": {"step": step.kind if step else ""}}

    def context(self, request, contract):
        return {"open_step": open_step(contract)}

    def perform(self, request, contract, data):
        return contract_review(
            actor=request.user,
            contract=contract,
            decision=data["decision"],
            comment=data["comment"],
            step=data["step"],
        )


@login_required
def contract_amend_page(request, pk: int):
    contract = access_contract(request.user, pk)
    try:
        AMENDMENT.check_party(request.user, Amendment(contract=contract), "propose")
    except NotAllowed as error:
        raise PermissionDenied(error.message) from error
    return _run(
        request,
        AmendForm(request.POST or None, initial={"new_price": contract.price}),
        lambda data: amendment_propose(actor=request.user, contract=contract, **data),
        {"title": _("Propose an amendment"), "submit": _("Propose"), "contract": contract},
        _("The amendment is proposed; the street leader reviews it."),
        lambda result: reverse("procurement:contract-detail", kwargs={"pk": pk}),
    )


@login_required
def amendment_review_page(request, pk: int, amendment_pk: int):
    contract = access_contract(request.user, pk)
    amendment = amendments_of(contract).filter(pk=amendment_pk).first()
    if amendment is None:
        raise Http404
    try:
        AMENDMENT.check_party(request.user, amendment, "approve")
    except NotAllowed as error:
        raise PermissionDenied(error.message) from error
    return _run(
        request,
        ReviewForm(request.POST or None),
        lambda data: amendment_decide(
            actor=request.user, amendment=amendment, decision=data["decision"], comment=data["comment"]
        ),
        {"title": _("Review the amendment"), "submit": _("Record the decision"), "contract": contract},
        _("Your decision is recorded."),
        lambda result: reverse("procurement:contract-detail", kwargs={"pk": pk}),
    )


# --- Delivery and performance ------------------------------------------------------------------------


def _milestone(request, pk, milestone_pk):
    contract = access_contract(request.user, pk)
    milestone = contract.milestones.filter(pk=milestone_pk).first()
    if milestone is None:
        raise Http404
    return contract, milestone


@login_required
def milestone_accept_page(request, pk: int, milestone_pk: int):
    contract, milestone = _milestone(request, pk, milestone_pk)
    try:
        MILESTONE.check_party(request.user, milestone, "accept")
    except NotAllowed as error:
        raise PermissionDenied(error.message) from error
    return _run(
        request,
        MilestoneForm(request.POST or None),
        lambda data: milestone_decide(actor=request.user, milestone=milestone, **data),
        {
            "title": _("Accept the milestone: %(title)s") % {"title": milestone.title},
            "submit": _("Record"),
            "contract": contract,
        },
        _("The acceptance is recorded."),
        lambda result: reverse("procurement:contract-detail", kwargs={"pk": pk}),
    )


@login_required
def payment_page(request, pk: int, milestone_pk: int):
    contract, milestone = _milestone(request, pk, milestone_pk)
    if contract.street_id not in scope_for(request.user).street_ids:
        raise PermissionDenied
    return _run(
        request,
        PaymentForm(request.POST or None, initial={"amount": milestone.amount}),
        lambda data: payment_record(actor=request.user, milestone=milestone, **data),
        {
            "title": _("Record a payment: %(title)s") % {"title": milestone.title},
            "submit": _("Record"),
            "contract": contract,
        },
        _("The payment is recorded."),
        lambda result: reverse("procurement:contract-detail", kwargs={"pk": pk}),
    )


@login_required
def evaluation_page(request, pk: int):
    contract = access_contract(request.user, pk)
    if contract.community_id not in scope_for(request.user).community_ids:
        raise PermissionDenied
    return _run(
        request,
        EvaluationForm(request.POST or None),
        lambda data: contract_evaluate(actor=request.user, contract=contract, **data),
        {"title": _("Performance evaluation"), "submit": _("Record the evaluation"), "contract": contract},
        _("The evaluation is recorded; the organisation's performance score follows it."),
        lambda result: reverse("procurement:contract-detail", kwargs={"pk": pk}),
    )


# --- Public contract notices --------------------------------------------------------------------------


def contract_notice_list(request):
    page = Paginator(contract_notices_public(), 50).get_page(request.GET.get("page"))
    return render(request, "procurement/contract_notices.html", {"page": page})


def contract_notice_page(request, pk: int):
    return render(request, "procurement/contract_notice.html", {"contract": contract_notice(pk)})
