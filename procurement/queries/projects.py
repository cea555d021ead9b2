"""Reads of projects, questions and opening records, scoped by who asks."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from accounts.queries import Scope, scope_for
from services.models import TaskAssignment

from ..models import Opening, Project, Question
from ..states import PUBLIC_STATES

P = Project.Status


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


def access_project(user, pk, *, detail: bool = True) -> Project:
    """The project as `user` may see it: 404 alike for missing and not yours. `detail=False` skips
    what only the project's own page shows (criteria, invitations, opening, award), for the lists
    hanging off a project (its bids)."""
    qs = projects_for(user)
    if detail:
        qs = qs.prefetch_related("criteria", "invited_organizations").select_related(
            "source_assignment__task", "opening", "awarded_bid__organization"
        )
    project = qs.filter(pk=pk).first()
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
