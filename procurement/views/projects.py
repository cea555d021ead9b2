"""Pages of projects: public list and page, the street's forms, questions and answers."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import Community
from accounts.queries import scope_for
from core.errors import DomainError, NotAllowed
from core.forms import apply_domain_error
from core.transitions import TransitionFormView
from organizations.models import Organization

from ..actions.contracts import project_close
from ..actions.projects import (
    METHOD_RULES,
    project_cancel,
    project_create,
    project_publish,
    question_answer,
    question_ask,
)
from ..forms.projects import AnswerForm, ProjectForm, QuestionForm
from ..models import Project
from ..queries.bids import bids_for, can_read_bid
from ..queries.contracts import can_draft_contract, contracts_of_project, standstill_running
from ..queries.evaluation import complaints_for, ranking_public
from ..queries.projects import (
    access_project,
    access_question,
    can_create_projects,
    candidate_for,
    opening_public,
    projects_for,
    questions_for,
)
from ..states import PROJECT, unpaid_milestones_message

P = Project.Status


def project_list(request):
    """Public: purchase projects from publication on (drafts too, for their street office)."""
    qs = projects_for(request.user)
    status = request.GET.get("status", "")
    if status in P.values:
        qs = qs.filter(status=status)
    # The purchasing desk links here with its street: its counts per state, one click away.
    street = request.GET.get("street", "")
    if street.isdigit() and len(street) < 10:
        qs = qs.filter(street_id=int(street))
    else:
        street = ""
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "procurement/project_list.html",
        {
            "page": page,
            "statuses": P.choices,
            "status": status,
            "street": street,
            "can_create": can_create_projects(scope_for(request.user)),
        },
    )


def project_detail(request, pk: int):
    project = access_project(request.user, pk)
    scope = scope_for(request.user)
    mine = [bid for bid in bids_for(request.user, project) if can_read_bid(request.user, bid)]
    is_purchaser = scope.is_district_admin or project.street_id in scope.street_ids
    context = {
        "project": project,
        "offered": PROJECT.allowed_actions(request.user, project),
        "min_bids": METHOD_RULES[project.method].min_bids,
        "questions": questions_for(request.user, project),
        "is_purchaser": is_purchaser,
        "notices": project.notices.all() if is_purchaser else [],
        "opening": opening_public(project),
        "ranking": ranking_public(project),
        "complaints": complaints_for(request.user, project) if project.status == P.AWARDED else [],
        "may_assign": project.status == P.OPENED and project.street_id in scope.street_ids,
        "may_score": project.status == P.OPENED
        and project.expert_assignments.filter(expert__user_id=request.user.pk, scored_at__isnull=True).exists(),
        "may_complain": project.status == P.AWARDED
        and project.bids.filter(status="opened", organization_id__in=scope.organization_ids).exists(),
        "bids": mine,
        "may_bid": project.status == P.PUBLISHED and bool(scope.organization_ids),
        "may_ask": project.status == P.PUBLISHED and bool(scope.organization_ids),
        "contracts": contracts_of_project(request.user, project),
        # The street sees why an accepted project cannot be closed yet (the button needs it paid).
        "closing_blocked": unpaid_milestones_message(project)
        if project.status == P.ACCEPTED and project.street_id in scope.street_ids
        else None,
        "may_draft_contract": can_draft_contract(request.user, project)
        and not standstill_running(project)
        and not contracts_of_project(request.user, project).exclude(status__in=["lapsed", "terminated"]).exists(),
    }
    return render(request, "procurement/project_detail.html", context)


@login_required
def project_create_page(request):
    scope = scope_for(request.user)
    if not can_create_projects(scope):
        raise PermissionDenied
    candidate = None
    if request.GET.get("candidate", "").isdigit():
        candidate = candidate_for(request.user, int(request.GET["candidate"]))
    from ..models import BudgetLine, CatalogueItem

    form = ProjectForm(
        request.POST or None,
        initial={"title": candidate.task.title, "community": candidate.community_id} if candidate else None,
        communities=Community.objects.filter(street_id__in=scope.street_ids, is_active=True).order_by("name"),
        lines=BudgetLine.objects.filter(street_id__in=scope.street_ids).select_related("street"),
        items=CatalogueItem.objects.filter(is_active=True),
        organizations=Organization.objects.filter(status=Organization.Status.REGISTERED).order_by("name"),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            project = project_create(
                actor=request.user,
                title=data["title"],
                description=data["description"],
                street=data["community"].street,
                community=data["community"],
                domain=data["domain"],
                budget_line=data["budget_line"],
                amount=data["amount"],
                method=data["method"],
                invited=list(data["invited_organizations"]),
                admission_rules=data["admission_rules"],
                criteria=form.criteria_input(),
                question_days=data["question_days"],
                bid_days=data["bid_days"],
                standstill_days=data["standstill_days"],
                catalogue_item=data["catalogue_item"],
                source_assignment=candidate,
            )
        except NotAllowed as error:
            raise PermissionDenied(error.message) from error
        except DomainError as error:
            apply_domain_error(form, error)
        else:
            messages.success(request, _("The draft project was saved. Publish it when it is ready."))
            return redirect("procurement:project-detail", pk=project.pk)
    return render(request, "procurement/project_form.html", {"form": form, "candidate": candidate})


class _ProjectMove(TransitionFormView):
    template_name = "procurement/action.html"
    access = access_project
    machine = PROJECT
    detail_url = "procurement:project-detail"


class ProjectPublishPage(_ProjectMove):
    action = "publish"
    title = gettext_lazy("Publish the project")
    submit = gettext_lazy("Publish")
    success_message = gettext_lazy("The project is published; bids are taken until the deadline.")

    def perform(self, request, project, data):
        return project_publish(actor=request.user, project=project, comment=data["comment"])


class ProjectCancelPage(_ProjectMove):
    action = "cancel"
    title = gettext_lazy("Cancel the project")
    submit = gettext_lazy("Cancel the project")
    success_message = gettext_lazy("The project is cancelled.")

    def perform(self, request, project, data):
        return project_cancel(actor=request.user, project=project, comment=data["comment"])


class ProjectClosePage(_ProjectMove):
    action = "close"
    title = gettext_lazy("Close the project")
    submit = gettext_lazy("Close the project")
    success_message = gettext_lazy("The project is closed.")

    def perform(self, request, project, data):
        return project_close(actor=request.user, project=project, comment=data["comment"])


def _form_page(request, *, form, run, template_context, success, redirect_to, template="procurement/form.html"):
    """POST: run the action; its errors go beside the fields; 403 for those who may not."""
    if request.method == "POST" and form.is_valid():
        try:
            run(form.cleaned_data)
        except NotAllowed as error:
            raise PermissionDenied(error.message) from error
        except DomainError as error:
            apply_domain_error(form, error)
        else:
            messages.success(request, success)
            return redirect(redirect_to)
    return render(request, template, {"form": form, **template_context})


@login_required
def question_ask_page(request, pk: int):
    project = access_project(request.user, pk)
    if not scope_for(request.user).organization_ids:
        raise PermissionDenied
    return _form_page(
        request,
        form=QuestionForm(request.POST or None),
        run=lambda data: question_ask(actor=request.user, project=project, text=data["text"]),
        template_context={"project": project, "title": _("Ask a question"), "submit": _("Ask")},
        success=_("Your question was sent to the purchasing street office."),
        redirect_to=reverse("procurement:project-detail", kwargs={"pk": pk}),
    )


@login_required
def question_answer_page(request, pk: int, question_pk: int):
    project = access_project(request.user, pk)
    question = access_question(request.user, project, question_pk)
    if project.street_id not in scope_for(request.user).street_ids:
        raise PermissionDenied
    return _form_page(
        request,
        form=AnswerForm(request.POST or None),
        run=lambda data: question_answer(actor=request.user, question=question, answer=data["answer"]),
        template_context={
            "project": project,
            "title": _("Answer the question"),
            "submit": _("Answer"),
            "question": question,
        },
        success=_("The answer is published with the question."),
        redirect_to=reverse("procurement:project-detail", kwargs={"pk": pk}),
    )
