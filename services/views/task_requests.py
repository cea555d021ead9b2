"""Pages of task requests: send, inbox, a task's page with its decision, the appeal and decision
forms, purchase candidates and the burden view. Thin: same actions and queries as the API."""

from __future__ import annotations

from datetime import date, timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import BadRequest, PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import Department, Street
from accounts.queries import scope_for
from core.errors import DomainError, NotAllowed
from core.forms import apply_domain_error
from core.paging import keyset_page
from core.params import parse_month
from core.transitions import TransitionFormView
from services.actions.task_requests import (
    task_accept,
    task_appeal,
    task_appeal_decide,
    task_complete,
    task_refuse,
    task_rejudge,
    task_request_send,
)
from services.forms.task_requests import (
    TaskAppealForm,
    TaskDecisionForm,
    TaskRefuseForm,
    TaskRejudgeForm,
    TaskRequestForm,
)
from services.models import TaskAssignment
from services.queries.duties import items_in_force
from services.queries.task_requests import (
    FIGURES,
    access_task,
    answer_labels,
    assignment_links,
    burden_for,
    can_see_burden,
    can_see_purchase_candidates,
    can_send_tasks,
    communities_sendable,
    latest_burden_month,
    purchase_candidates_for,
    refusals_public,
    reminders_for,
    sender_choices,
    task_rows_for,
    task_visibility,
    tasks_for,
    with_answers,
)
from services.states import TASK_ASSIGNMENT
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
    # Newer / older links, not page numbers: no COUNT of the whole visible set on every page.
    page = keyset_page(task_rows_for(request.user), request.GET, stamp="sent_at")
    with_answers(request.user, page.items)
    # What each row prints, prepared once here: a tag, a filter or a reverse() per row of fifty
    # was most of the page.
    statuses, _outcomes = answer_labels()
    today = timezone.localdate()
    detail = reverse("services:task-list") + "{}/"  # services:task-detail
    for task in page:
        task["url"] = detail.format(task["id"])
        task["past"] = task["deadline"] < today
        task["deadline_text"] = task["deadline"].isoformat()  # as the date filter's "Y-m-d"
        for answer in task["answers"]:
            answer["status_label"] = statuses.get(answer["status"], answer["status"])
    reminders = reminders_for(request.user)
    return render(
        request,
        "services/task_list.html",
        {"page": page, "can_send": can_send_tasks(scope), "reminders": reminders, "past": _("past")},
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


@login_required
def task_detail(request, pk: int):
    task = access_task(request.user, pk)
    rows = [(a, TASK_ASSIGNMENT.allowed_actions(request.user, a)) for a in task.visible_assignments]
    links = assignment_links(request.user, [a.pk for a in task.visible_assignments])
    for a, _offered in rows:
        a.links = links.get(a.pk, [])
    return render(request, "services/task_detail.html", {"task": task, "rows": rows})


class _TaskMove(TransitionFormView):
    """One move on one community's copy of the task, from the task's page. `?community=` (or the
    posted `community`) names the copy when the task went to several."""

    template_name = "services/task_action.html"
    access = access_task
    detail_url = "services:task-detail"

    def community(self, request) -> int | None:
        return _community_param(request)

    def check(self, request, task):
        community = self.community(request)
        copies = [a for a in task.visible_assignments if community is None or a.community_id == community]
        refusal = None
        for assignment in copies or [TaskAssignment(task=task)]:
            try:
                TASK_ASSIGNMENT.check_party(request.user, assignment, self.action)
                return
            except NotAllowed as error:
                refusal = error
        raise refusal

    def context(self, request, task):
        return {"task": task, "community": self.community(request)}


class _TaskButton(_TaskMove):
    """A button on the task's page: no form, posted and back to the task with the outcome."""

    form_class = None
    http_method_names = ["post"]

    def check(self, request, task):
        """The action itself refuses those who may not (the button shows only for those who may)."""


class TaskAcceptView(_TaskButton):
    action = "accept"
    success_message = gettext_lazy("The community accepted the task.")

    def perform(self, request, task, data):
        task_accept(actor=request.user, task=task, community_id=self.community(request))


class TaskCompleteView(_TaskButton):
    action = "complete"
    success_message = gettext_lazy("The task is reported done.")

    def perform(self, request, task, data):
        task_complete(actor=request.user, task=task, community_id=self.community(request))


class TaskRefuseView(_TaskMove):
    action = "refuse"
    form_class = TaskRefuseForm
    title = gettext_lazy("Refuse this task")
    submit = gettext_lazy("Refuse")
    success_message = gettext_lazy("The community refused the task. The sender may appeal.")

    def perform(self, request, task, data):
        task_refuse(actor=request.user, task=task, comment=data["comment"], community_id=self.community(request))


class TaskAppealView(_TaskMove):
    action = "appeal"
    form_class = TaskAppealForm
    title = gettext_lazy("Appeal the refusal")
    submit = gettext_lazy("Appeal")
    success_message = gettext_lazy("The appeal went to the district civil-affairs bureau.")

    def perform(self, request, task, data):
        task_appeal(actor=request.user, task=task, comment=data["comment"], community_id=self.community(request))


class TaskDecideView(_TaskMove):
    action = "decide_appeal"
    form_class = TaskDecisionForm
    title = gettext_lazy("Decide the appeal")
    submit = gettext_lazy("Record the decision")
    success_message = gettext_lazy("The decision is recorded. It is final.")

    def perform(self, request, task, data):
        task_appeal_decide(
            actor=request.user,
            task=task,
            decision=data["decision"],
            comment=data["comment"],
            community_id=self.community(request),
        )


class TaskRejudgeView(_TaskMove):
    action = "rejudge"
    form_class = TaskRejudgeForm
    title = gettext_lazy("Correct the matching")
    submit = gettext_lazy("Judge again")
    success_message = gettext_lazy("The matching is corrected and the task judged again.")

    def form_kwargs(self, request, task):
        return {"items": _items(), "initial": {"claimed_items": [i.pk for i in task.claimed_items.all()]}}

    def perform(self, request, task, data):
        task_rejudge(
            actor=request.user,
            task=task,
            claimed_item_ids=[i.pk for i in data["claimed_items"]],
            comment=data["comment"],
            community_id=self.community(request),
        )


@login_required
def purchase_candidates(request):
    if not can_see_purchase_candidates(scope_for(request.user)):
        raise PermissionDenied
    page = Paginator(purchase_candidates_for(request.user), 50).get_page(request.GET.get("page"))
    # A street office buys for its communities but may not read a department's task: link only
    # the tasks this user can open, so no link answers 404.
    readable = set(tasks_for(request.user).filter(pk__in=[a.task_id for a in page]).values_list("pk", flat=True))
    links = assignment_links(request.user, [a.pk for a in page])
    for a in page:
        a.links = links.get(a.pk, [])
    return render(request, "services/task_purchase_candidates.html", {"page": page, "readable": readable})


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
    bar, gap, label_w, width = 16, 16, 240, 720  # 14 px labels (适老化), one per bar
    biggest = max([r["requests"] for r in rows] + [1])
    scale = (width - label_w - 40) / biggest
    groups = []
    y = 10
    for r in rows:
        bars = []
        for i, (key, colour) in enumerate(series):
            bars.append(
                {
                    "y": y + i * bar,
                    "w": max(r[key] * scale, 0),
                    "value": r[key],
                    "colour": colour,
                    "key": key,
                    "label": SERIES_LABELS[key],
                }
            )
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
    if "month" not in request.GET and not any(data.values()):
        # Opening on an empty month hides the figures: start on the latest month that has some.
        latest = latest_burden_month(request.user, month)
        if latest is not None:
            month, data = latest, burden_for(request.user, latest)
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
