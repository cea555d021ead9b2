"""Pages of task requests: send, inbox, a task's page with its decision, the appeal and decision
forms, purchase candidates and the burden view. Thin: same actions and queries as the API."""

from __future__ import annotations

from datetime import date, timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import BadRequest, PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from accounts.models import Department, Street
from accounts.queries import scope_for
from core.errors import DomainError, NotAllowed
from core.forms import apply_domain_error
from core.params import parse_month
from services.actions.tasks import (
    task_accept,
    task_appeal,
    task_appeal_decide,
    task_complete,
    task_refuse,
    task_rejudge,
    task_request_send,
)
from services.forms import TaskAppealForm, TaskDecisionForm, TaskRefuseForm, TaskRejudgeForm, TaskRequestForm
from services.models import TaskAssignment
from services.queries.duties import items_in_force
from services.queries.tasks import (
    FIGURES,
    access_task,
    burden_for,
    can_see_burden,
    can_see_purchase_candidates,
    can_send_tasks,
    communities_sendable,
    purchase_candidates_for,
    refusals_public,
    reminders_for,
    sender_choices,
    task_visibility,
    tasks_for,
)
from services.workdays import add_working_days, provisional_between, provisional_notice

S = TaskAssignment.Status


def _community_param(request) -> int | None:
    value = request.POST.get("community") or request.GET.get("community")
    return int(value) if value and value.isdigit() else None


def _items():
    return items_in_force().order_by("duty_list__kind", "position", "code")


@login_required
def task_list(request):
    """Senders see what they sent, a community its inbox, the district everything."""
    scope = scope_for(request.user)
    if task_visibility(scope) is None:
        raise PermissionDenied
    page = Paginator(tasks_for(request.user), 50).get_page(request.GET.get("page"))
    reminders = reminders_for(request.user)
    return render(
        request,
        "services/task_list.html",
        {"page": page, "can_send": can_send_tasks(scope), "reminders": reminders, "today": timezone.localdate()},
    )


@login_required
def task_create(request):
    scope = scope_for(request.user)
    if not can_send_tasks(scope):
        raise PermissionDenied
    departments, streets = sender_choices(request.user)
    form = TaskRequestForm(
        request.POST or None,
        communities=communities_sendable(request.user),
        items=_items(),
        departments=departments,
        streets=streets,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        kind, _sep, sender_id = data["sender"].partition(":")
        provisional = []
        try:
            if data["deadline"]:
                deadline = data["deadline"]
            else:
                today = timezone.localdate()
                deadline = add_working_days(today, data["due_in_working_days"])
                provisional = provisional_between(today, deadline)
            task = task_request_send(
                actor=request.user,
                title=data["title"],
                description=data["description"],
                deadline=deadline,
                communities=data["communities"],
                claimed_item_ids=[i.pk for i in data["claimed_items"]],
                funding=data["funding"],
                sender_department=Department.objects.get(pk=sender_id) if kind == "department" else None,
                sender_street=Street.objects.get(pk=sender_id) if kind == "street" else None,
            )
        except NotAllowed as error:
            raise PermissionDenied(error.message) from error
        except DomainError as error:
            apply_domain_error(form, error)
        else:
            messages.success(request, _("The task request was sent. The gate's judgement is shown below."))
            if provisional:
                messages.warning(request, provisional_notice(provisional))
            return redirect("services:task-detail", pk=task.pk)
    return render(request, "services/task_form.html", {"form": form})


def _actions_for(scope, task, assignment) -> list[str]:
    """Which buttons the page offers on one assignment (the actions still check everything)."""
    offered = []
    is_sender = _is_sender(scope, task)
    if assignment.community_id in scope.community_ids:
        if assignment.status == S.PENDING:
            offered.append("accept")
            if assignment.outcome == TaskAssignment.Outcome.MAY_REFUSE:
                offered.append("refuse")
        if assignment.status in (S.ACCEPTED, S.OVERTURNED):
            offered.append("complete")
    if is_sender and assignment.status == S.REFUSED:
        offered.append("appeal")
    if scope.is_district_admin:
        if assignment.status == S.APPEALED:
            offered.append("decide")
        if assignment.status in (S.PENDING, S.ROUTED_TO_PURCHASE):
            offered.append("rejudge")
    return offered


@login_required
def task_detail(request, pk: int):
    task = access_task(request.user, pk)
    scope = scope_for(request.user)
    rows = [(a, _actions_for(scope, task, a)) for a in task.visible_assignments]
    return render(request, "services/task_detail.html", {"task": task, "rows": rows})


def _run(fn):
    """Run an action for a page: 403 when not allowed, the message shown otherwise."""
    try:
        return fn(), None
    except NotAllowed as error:
        raise PermissionDenied(error.message) from error
    except DomainError as error:
        return None, error


def _button_action(request, pk: int, act, success: str):
    """A button on the task's page that runs one transition and comes back with its outcome."""
    task = access_task(request.user, pk)
    _done, error = _run(lambda: act(actor=request.user, task=task, community_id=_community_param(request)))
    if error:
        messages.error(request, error.message)
    else:
        messages.success(request, success)
    return redirect("services:task-detail", pk=task.pk)


@require_POST
@login_required
def task_accept_view(request, pk: int):
    return _button_action(request, pk, task_accept, _("The community accepted the task."))


@require_POST
@login_required
def task_complete_view(request, pk: int):
    return _button_action(request, pk, task_complete, _("The task is reported done."))


def _is_sender(scope, task) -> bool:
    return (task.sender_department_id in scope.department_ids) or (task.sender_street_id in scope.street_ids)


def _require(request, task, who: str) -> None:
    """The form pages answer 403 up front to those who may read the task but not do this."""
    scope = scope_for(request.user)
    allowed = {
        "community": any(a.community_id in scope.community_ids for a in task.visible_assignments),
        "sender": _is_sender(scope, task),
        "district": scope.is_district_admin,
    }[who]
    if not allowed:
        raise PermissionDenied


def _form_page(request, task, form, *, title, submit, template="services/task_action.html", extra=None):
    return render(
        request,
        template,
        {
            "task": task,
            "form": form,
            "title": title,
            "submit": submit,
            "community": _community_param(request),
            **(extra or {}),
        },
    )


def _form_action(request, pk: int, *, who: str, form_class, act, success, title, submit, form_kwargs=None):
    """A form page that runs one transition: 403 up front for the wrong side, errors beside fields.

    `act(task, cleaned_data, community_id)` calls the action.
    """
    task = access_task(request.user, pk)
    _require(request, task, who)
    form = form_class(request.POST or None, **(form_kwargs(task) if form_kwargs else {}))
    if request.method == "POST" and form.is_valid():
        _done, error = _run(lambda: act(task, form.cleaned_data, _community_param(request)))
        if error:
            apply_domain_error(form, error)
        else:
            messages.success(request, success)
            return redirect("services:task-detail", pk=task.pk)
    return _form_page(request, task, form, title=title, submit=submit)


@login_required
def task_refuse_view(request, pk: int):
    return _form_action(
        request,
        pk,
        who="community",
        form_class=TaskRefuseForm,
        act=lambda task, data, community_id: task_refuse(
            actor=request.user, task=task, reason=data["reason"], community_id=community_id
        ),
        success=_("The community refused the task. The sender may appeal."),
        title=_("Refuse this task"),
        submit=_("Refuse"),
    )


@login_required
def task_appeal_view(request, pk: int):
    return _form_action(
        request,
        pk,
        who="sender",
        form_class=TaskAppealForm,
        act=lambda task, data, community_id: task_appeal(
            actor=request.user, task=task, reason=data["reason"], community_id=community_id
        ),
        success=_("The appeal went to the district civil-affairs bureau."),
        title=_("Appeal the refusal"),
        submit=_("Appeal"),
    )


@login_required
def task_decide_view(request, pk: int):
    return _form_action(
        request,
        pk,
        who="district",
        form_class=TaskDecisionForm,
        act=lambda task, data, community_id: task_appeal_decide(
            actor=request.user, task=task, decision=data["decision"], reason=data["reason"], community_id=community_id
        ),
        success=_("The decision is recorded. It is final."),
        title=_("Decide the appeal"),
        submit=_("Record the decision"),
    )


@login_required
def task_rejudge_view(request, pk: int):
    return _form_action(
        request,
        pk,
        who="district",
        form_class=TaskRejudgeForm,
        form_kwargs=lambda task: {
            "items": _items(),
            "initial": {"claimed_items": [i.pk for i in task.claimed_items.all()]},
        },
        act=lambda task, data, community_id: task_rejudge(
            actor=request.user,
            task=task,
            claimed_item_ids=[i.pk for i in data["claimed_items"]],
            reason=data["reason"],
            community_id=community_id,
        ),
        success=_("The matching is corrected and the task judged again."),
        title=_("Correct the matching"),
        submit=_("Judge again"),
    )


@login_required
def purchase_candidates(request):
    if not can_see_purchase_candidates(scope_for(request.user)):
        raise PermissionDenied
    page = Paginator(purchase_candidates_for(request.user), 50).get_page(request.GET.get("page"))
    return render(request, "services/task_purchase_candidates.html", {"page": page})


def _month(request) -> date:
    try:
        return parse_month(request.GET.get("month", ""))
    except DomainError as error:
        raise BadRequest(error.message) from error


def _neighbours(month: date) -> tuple[str, str]:
    previous = (month.replace(day=1) - timedelta(days=1)).replace(day=1)
    following = (month.replace(day=28) + timedelta(days=5)).replace(day=1)
    return previous.strftime("%Y-%m"), following.strftime("%Y-%m")


SERIES_LABELS = {
    "accepted": gettext_lazy("accepted"),
    "refused": gettext_lazy("refused"),
    "purchase": gettext_lazy("routed to purchase"),
    "appealed": gettext_lazy("appealed"),
}
CHART_SERIES = (("accepted", "#2da44e"), ("refused", "#cf222e"), ("purchase", "#0969da"), ("appealed", "#bf8700"))


def _chart(rows: list[dict], series=CHART_SERIES) -> dict:
    """Geometry of a server-rendered grouped bar chart (no JavaScript, no CDN)."""
    bar, gap, label_w, width = 10, 14, 190, 720
    biggest = max([r["requests"] for r in rows] + [1])
    scale = (width - label_w - 40) / biggest
    groups = []
    y = 10
    for r in rows:
        bars = []
        for i, (key, colour) in enumerate(series):
            bars.append({"y": y + i * bar, "w": max(r[key] * scale, 0), "value": r[key], "colour": colour, "key": key})
        groups.append({"name": r["name"], "y": y, "mid": y + len(series) * bar / 2 + 4, "bars": bars})
        y += len(series) * bar + gap
    legend = [{"label": SERIES_LABELS[key], "colour": colour} for key, colour in series]
    return {"groups": groups, "height": y + 10, "width": width, "x0": label_w, "legend": legend}


@login_required
def burden(request):
    if not can_see_burden(scope_for(request.user)):
        raise PermissionDenied
    month = _month(request)
    data = burden_for(request.user, month)
    previous, following = _neighbours(month)
    tables = [
        (_("By sending department"), data["by_department"]),
        (_("By sending street office"), data["by_sending_street"]),
        (_("By street of the receiving communities"), data["by_receiving_street"]),
    ]
    return render(
        request,
        "services/burden.html",
        {
            "month": month,
            "previous": previous,
            "following": following,
            "tables": [(title, rows, _chart(rows)) for title, rows in tables if rows],
            "figures": FIGURES,
        },
    )


def burden_public(request):
    month = _month(request)
    rows = refusals_public(month)
    previous, following = _neighbours(month)
    return render(
        request,
        "services/burden_public.html",
        {
            "month": month,
            "rows": rows,
            "previous": previous,
            "following": following,
            "chart": _chart(rows, series=(("refused", "#cf222e"),)),
        },
    )
