"""Every read of the procurement app that depends on who asks. Bids are sealed here: their
price, plan, staff and documents leave these functions only for the bidder until the opening."""

from __future__ import annotations

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404

from accounts.queries import Scope, scope_for
from services.models import TaskAssignment

from .models import Bid, BudgetLine, CatalogueItem, Complaint, Expert, ExpertAssignment, Opening, Project, Question
from .states import PUBLIC_STATES, UNSEALED_STATES

P = Project.Status


# --- Budgets -------------------------------------------------------------------------------------


def can_see_budgets(scope: Scope) -> bool:
    return scope.is_district_admin or bool(scope.street_ids)


def budgets_for(user) -> QuerySet[BudgetLine]:
    """The district sees every line, a street office its own; nobody else (the caller checks)."""
    scope = scope_for(user)
    qs = BudgetLine.objects.select_related("street")
    if not scope.is_district_admin:
        qs = qs.filter(street_id__in=scope.street_ids)
    return qs.order_by("-year", "street__name", "domain")


# --- The catalogue -------------------------------------------------------------------------------


def catalogue_public() -> QuerySet[CatalogueItem]:
    return CatalogueItem.objects.filter(is_active=True).select_related("duty_item", "duty_item__duty_list")


# --- Projects ------------------------------------------------------------------------------------


def can_create_projects(scope: Scope) -> bool:
    return bool(scope.street_ids)


def projects_for(user) -> QuerySet[Project]:
    """Everything published (and after) for everyone; drafts for their street office and the district."""
    scope = scope_for(user)
    visible = Q(status__in=PUBLIC_STATES)
    if scope.is_district_admin:
        visible = Q()
    elif scope.street_ids:
        visible |= Q(street_id__in=scope.street_ids)
    return (
        Project.objects.filter(visible)
        .select_related("street", "community", "catalogue_item", "budget_line")
        .order_by("-id")
    )


def access_project(user, pk) -> Project:
    """The project as `user` may see it: 404 alike for missing and not yours."""
    project = (
        projects_for(user)
        .prefetch_related("criteria", "invited_organizations")
        .select_related("source_assignment__task", "opening", "awarded_bid__organization")
        .filter(pk=pk)
        .first()
    )
    if project is None:
        raise Http404
    return project


def access_project_history(user, pk) -> Project:
    return access_project(user, pk)


def questions_public(project: Project) -> QuerySet[Question]:
    """Questions with their answers, without the asker's name."""
    return project.questions.order_by("id")


def questions_for(user, project: Project) -> QuerySet[Question]:
    """The purchaser sees unanswered questions too; everyone else the answered ones and their own."""
    scope = scope_for(user)
    qs = project.questions.order_by("id")
    if scope.is_district_admin or project.street_id in scope.street_ids:
        return qs
    if getattr(user, "is_authenticated", False):
        return qs.filter(Q(answered_at__isnull=False) | Q(asked_by=user))
    return qs.filter(answered_at__isnull=False)


def access_question(user, project: Project, pk) -> Question:
    question = questions_for(user, project).filter(pk=pk).first()
    if question is None:
        raise Http404
    return question


def candidate_for(user, pk) -> TaskAssignment:
    from services.queries.task_requests import purchase_candidates_for

    candidate = purchase_candidates_for(user).filter(pk=pk).first()
    if candidate is None:
        raise Http404
    return candidate


# --- Bids (sealed) -------------------------------------------------------------------------------


def is_unsealed(project: Project) -> bool:
    return project.status in UNSEALED_STATES


def can_read_bid(user, bid: Bid) -> bool:
    """Price, plan, staff and documents: the bidder always; after the opening, also the
    purchasing street office and the district."""
    scope = scope_for(user)
    if bid.organization_id in scope.organization_ids:
        return True
    if not is_unsealed(bid.project) or bid.status != Bid.Status.OPENED:
        return False
    return scope.is_district_admin or bid.project.street_id in scope.street_ids or is_assigned_expert(user, bid.project)


def is_assigned_expert(user, project: Project) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return ExpertAssignment.objects.filter(project=project, expert__user=user).exists()


def _bids():
    return Bid.objects.select_related("project", "organization").prefetch_related(
        "documents", Prefetch("staff", queryset=Bid.staff.rel.model.objects.select_related("person"))
    )


def bids_for(user, project: Project) -> QuerySet[Bid]:
    """The bids of a project that `user` may read in full: before the opening only the user's
    organisations' own; after it also every opened bid for the purchaser and the district."""
    scope = scope_for(user)
    own = Q(organization_id__in=scope.organization_ids)
    visible = own
    if is_unsealed(project) and (
        scope.is_district_admin or project.street_id in scope.street_ids or is_assigned_expert(user, project)
    ):
        visible |= Q(status=Bid.Status.OPENED)
    return _bids().filter(visible, project=project).order_by("id")


def access_bid(user, pk) -> Bid:
    bid = _bids().filter(pk=pk).first()
    if bid is None or not can_read_bid(user, bid):
        raise Http404
    return bid


def access_bid_history(user, pk) -> Bid:
    return access_bid(user, pk)


def my_bids(user) -> QuerySet[Bid]:
    return _bids().filter(organization_id__in=scope_for(user).organization_ids).order_by("-id")


def opening_public(project: Project) -> Opening | None:
    return Opening.objects.filter(project=project).first()


def assignment_project_links(user, assignment_ids) -> dict[int, list[tuple[str, str]]]:
    """For the task pages: the projects (that `user` may see) buying these purchase candidates;
    for the street office, a link to start one where none is live yet."""
    from django.urls import reverse
    from django.utils.translation import gettext as _

    links: dict[int, list[tuple[str, str]]] = {}
    live = set()
    for project in projects_for(user).filter(source_assignment_id__in=assignment_ids):
        label = _("Purchase project: %(title)s (%(status)s)") % {
            "title": project.title,
            "status": project.get_status_display(),
        }
        url = reverse("procurement:project-detail", kwargs={"pk": project.pk})
        links.setdefault(project.source_assignment_id, []).append((label, url))
        if project.status not in (P.CANCELLED, P.FAILED):
            live.add(project.source_assignment_id)
    scope = scope_for(user)
    if scope.street_ids:
        candidates = TaskAssignment.objects.filter(
            pk__in=assignment_ids,
            status=TaskAssignment.Status.ROUTED_TO_PURCHASE,
            community__street_id__in=scope.street_ids,
        ).exclude(pk__in=live)
        for assignment_id in candidates.values_list("pk", flat=True):
            url = reverse("procurement:project-create") + f"?candidate={assignment_id}"
            links.setdefault(assignment_id, []).append((_("Start a purchase project"), url))
    return links


def access_expert(pk) -> Expert:
    expert = Expert.objects.select_related("user").filter(pk=pk).first()
    if expert is None:
        raise Http404
    return expert


def ranking_public(project: Project) -> list[Bid]:
    """After the evaluation: the opened bids with their scores and ranks (the result is public)."""
    if project.status not in UNSEALED_STATES or project.status == Project.Status.OPENED:
        return []
    return list(
        Bid.objects.filter(project=project, status=Bid.Status.OPENED).select_related("organization").order_by("rank")
    )


def complaints_for(user, project: Project) -> QuerySet[Complaint]:
    """The purchaser and the district read every complaint; an organisation its own."""
    scope = scope_for(user)
    qs = Complaint.objects.filter(project=project).select_related("organization").order_by("id")
    if scope.is_district_admin or project.street_id in scope.street_ids:
        return qs
    return qs.filter(organization_id__in=scope.organization_ids)


def access_complaint(user, project: Project, pk) -> Complaint:
    complaint = complaints_for(user, project).filter(pk=pk).first()
    if complaint is None:
        raise Http404
    return complaint
