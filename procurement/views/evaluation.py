"""Pages of the evaluation and award: experts, the scoring sheet, ranking, award, complaints."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.queries import scope_for
from organizations.models import Organization

from ..actions.evaluation import (
    complaint_answer,
    complaint_file,
    expert_assign,
    project_award,
    project_evaluate,
    project_reaward,
    scores_submit,
)
from ..forms.evaluation import ComplaintForm, ExpertAssignForm, ScoreSheetForm
from ..forms.projects import AnswerForm
from ..queries.bids import bids_for
from ..queries.evaluation import access_complaint
from ..queries.projects import access_project
from .projects import _form_page, _ProjectMove

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
    from ..models import Expert

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
    """The expert's scoring sheet: every opened bid × every criterion but the price, as a table,
    with what is still unscored; once submitted, the expert's scores, read-only."""
    from django.shortcuts import render

    from ..queries.evaluation import assignment_of

    project = access_project(request.user, pk)
    assignment = assignment_of(request.user, project)
    if assignment is None:
        raise PermissionDenied
    bids = [b for b in bids_for(request.user, project) if b.status == "opened"]
    criteria = [c for c in project.criteria.all() if not c.is_price]
    if assignment.scored_at is not None:
        given = {(s.bid_id, s.criterion_id): s.points for s in assignment.scores.all()}
        rows = [(bid, [given.get((bid.pk, c.pk)) for c in criteria]) for bid in bids]
        return render(
            request,
            "procurement/score_sheet.html",
            {"project": project, "criteria": criteria, "scored_rows": rows, "assignment": assignment},
        )
    form = ScoreSheetForm(request.POST or None, bids=bids, criteria=criteria)
    return _form_page(
        request,
        form=form,
        run=lambda data: scores_submit(actor=request.user, project=project, scores=form.scores()),
        template_context={
            "project": project,
            "title": _("Scoring sheet"),
            "submit": _("Submit the scores"),
            "bids": bids,
            "criteria": criteria,
            "rows": [(bid, [form[name] for name in names]) for bid, names in form.grid],
            "cells": len(form.cells),
            "unscored": form.unscored(),
        },
        success=_("Your scores are submitted."),
        redirect_to=reverse("procurement:scoring-desk"),
        template="procurement/score_sheet.html",
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
