"""Pages of the procurement app: the catalogue, projects (public once published), the purchasing
street's forms, the bidding organisation's bid, budgets. Thin: same actions and queries as the API."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import Community, Street
from accounts.queries import scope_for
from core.errors import DomainError, NotAllowed
from core.forms import apply_domain_error
from core.transitions import TransitionFormView
from organizations.models import Organization, SocialWorker

from .actions import (
    METHOD_RULES,
    bid_submit,
    bid_withdraw,
    budget_line_set,
    complaint_answer,
    complaint_file,
    expert_assign,
    project_award,
    project_cancel,
    project_create,
    project_evaluate,
    project_publish,
    project_reaward,
    question_answer,
    question_ask,
    scores_submit,
)
from .forms import (
    AnswerForm,
    BidForm,
    BudgetLineForm,
    ComplaintForm,
    ExpertAssignForm,
    ProjectForm,
    QuestionForm,
    ScoreSheetForm,
)
from .models import Project
from .queries import (
    access_bid,
    access_complaint,
    access_project,
    access_question,
    bids_for,
    budgets_for,
    can_create_projects,
    can_read_bid,
    can_see_budgets,
    candidate_for,
    catalogue_public,
    complaints_for,
    is_assigned_expert,
    my_bids,
    opening_public,
    projects_for,
    questions_for,
    ranking_public,
)
from .states import BID, PROJECT

P = Project.Status


def catalogue(request):
    """Public: the purchase catalogue."""
    return render(request, "procurement/catalogue.html", {"items": catalogue_public()})


def project_list(request):
    """Public: purchase projects from publication on (drafts too, for their street office)."""
    qs = projects_for(request.user)
    status = request.GET.get("status", "")
    if status in P.values:
        qs = qs.filter(status=status)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "procurement/project_list.html",
        {
            "page": page,
            "statuses": P.choices,
            "status": status,
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
    from .models import BudgetLine, CatalogueItem

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
    action = ""

    def get_object(self, request, pk):
        return access_project(request.user, pk)

    def check(self, request, project):
        PROJECT.check_party(request.user, project, self.action)

    def success_url(self, request, project):
        return reverse("procurement:project-detail", kwargs={"pk": project.pk})


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


def _form_page(request, *, form, run, template_context, success, redirect_to):
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
    return render(request, "procurement/form.html", {"form": form, **template_context})


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

    def get_object(self, request, pk):
        return access_bid(request.user, pk)

    def perform(self, request, bid, data):
        return bid_withdraw(actor=request.user, bid=bid, comment=data["comment"])

    def success_url(self, request, bid):
        return reverse("procurement:bid-detail", kwargs={"pk": bid.pk})


@login_required
def my_bids_page(request):
    if not scope_for(request.user).organization_ids:
        raise PermissionDenied
    page = Paginator(my_bids(request.user), 50).get_page(request.GET.get("page"))
    return render(request, "procurement/my_bids.html", {"page": page})


@login_required
def budgets_page(request):
    scope = scope_for(request.user)
    if not can_see_budgets(scope):
        raise PermissionDenied
    form = None
    if scope.is_district_admin:
        form = BudgetLineForm(request.POST or None, streets=Street.objects.filter(is_active=True).order_by("name"))
        if request.method == "POST" and form.is_valid():
            try:
                budget_line_set(actor=request.user, **form.cleaned_data)
            except DomainError as error:
                apply_domain_error(form, error)
            else:
                messages.success(request, _("The budget line is saved."))
                return redirect("procurement:budgets")
    elif request.method == "POST":
        raise PermissionDenied
    lines = list(budgets_for(request.user)[:500])
    for line in lines:
        line.committed_pct = int(line.committed * 100 / line.allocated) if line.allocated else 0
        line.paid_pct = int(line.paid * 100 / line.allocated) if line.allocated else 0
    return render(request, "procurement/budgets.html", {"lines": lines, "form": form})


# --- Evaluation and award --------------------------------------------------------------------------


class ProjectEvaluatePage(_ProjectMove):
    action = "evaluate"
    title = gettext_lazy("Evaluate: rank the bids")
    submit = gettext_lazy("Rank the bids")
    success_message = gettext_lazy("The bids are ranked; the result is public.")

    def perform(self, request, project, data):
        return project_evaluate(actor=request.user, project=project, comment=data["comment"])


class ProjectAwardPage(_ProjectMove):
    action = "award"
    title = gettext_lazy("Award to the first-ranked bid")
    submit = gettext_lazy("Award")
    success_message = gettext_lazy("Awarded; the standstill for complaints has started.")

    def perform(self, request, project, data):
        return project_award(actor=request.user, project=project, comment=data["comment"])


class ProjectReawardPage(_ProjectMove):
    action = "reaward"
    title = gettext_lazy("Award to the next-ranked bid")
    submit = gettext_lazy("Award to the next")
    success_message = gettext_lazy("The award passed to the next-ranked bid.")

    def perform(self, request, project, data):
        return project_reaward(actor=request.user, project=project, comment=data["comment"])


@login_required
def expert_assign_page(request, pk: int):
    from .models import Expert

    project = access_project(request.user, pk)
    if project.street_id not in scope_for(request.user).street_ids:
        raise PermissionDenied
    return _form_page(
        request,
        form=ExpertAssignForm(request.POST or None, experts=Expert.objects.select_related("user").order_by("id")),
        run=lambda data: expert_assign(actor=request.user, project=project, expert=data["expert"]),
        template_context={"project": project, "title": _("Assign an evaluation expert"), "submit": _("Assign")},
        success=_("The expert is assigned and may now read the opened bids."),
        redirect_to=reverse("procurement:project-detail", kwargs={"pk": pk}),
    )


@login_required
def score_sheet_page(request, pk: int):
    """The expert's scoring sheet: every opened bid × every criterion but the price."""
    project = access_project(request.user, pk)
    if not is_assigned_expert(request.user, project):
        raise PermissionDenied
    bids = [b for b in bids_for(request.user, project) if b.status == "opened"]
    form = ScoreSheetForm(
        request.POST or None, bids=bids, criteria=[c for c in project.criteria.all() if not c.is_price]
    )
    return _form_page(
        request,
        form=form,
        run=lambda data: scores_submit(actor=request.user, project=project, scores=form.scores()),
        template_context={
            "project": project,
            "title": _("Scoring sheet"),
            "submit": _("Submit the scores"),
            "bids": bids,
        },
        success=_("Your scores are submitted."),
        redirect_to=reverse("procurement:project-detail", kwargs={"pk": pk}),
    )


@login_required
def complaint_file_page(request, pk: int):
    project = access_project(request.user, pk)
    mine = Organization.objects.filter(
        pk__in=scope_for(request.user).organization_ids, bids__project=project, bids__status="opened"
    ).first()
    if mine is None:
        raise PermissionDenied
    return _form_page(
        request,
        form=ComplaintForm(request.POST or None),
        run=lambda data: complaint_file(actor=request.user, project=project, organization=mine, text=data["text"]),
        template_context={
            "project": project,
            "title": _("Complain about the award"),
            "submit": _("File the complaint"),
        },
        success=_("Your complaint is filed; the street office answers it before any contract."),
        redirect_to=reverse("procurement:project-detail", kwargs={"pk": pk}),
    )


@login_required
def complaint_answer_page(request, pk: int, complaint_pk: int):
    project = access_project(request.user, pk)
    complaint = access_complaint(request.user, project, complaint_pk)
    if project.street_id not in scope_for(request.user).street_ids:
        raise PermissionDenied
    return _form_page(
        request,
        form=AnswerForm(request.POST or None),
        run=lambda data: complaint_answer(actor=request.user, complaint=complaint, answer=data["answer"]),
        template_context={
            "project": project,
            "title": _("Answer the complaint"),
            "submit": _("Answer"),
            "question": complaint,
        },
        success=_("The complaint is answered."),
        redirect_to=reverse("procurement:project-detail", kwargs={"pk": pk}),
    )
