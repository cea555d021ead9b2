"""Writes of task requests: send, accept, refuse, appeal, decide the appeal, re-judge, complete,
and remind. Each is one transaction, checks services/states.py, locks the row and is audited."""

from __future__ import annotations

import functools
import logging
from collections.abc import Iterable
from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Community, Department, Role, Street
from accounts.queries import scope_for, users_holding
from core.audit import audit_record
from core.errors import Conflict, DomainError, NotAllowed
from core.public_cache import public_changed
from core.text import DESCRIPTION_MAX, REASON_MAX, require_comment, text_too_long
from services.actions.burden import burden_month_touch
from services.gate import gate_judge
from services.models import DutyItem, TaskAssignment, TaskReminder, TaskRequest
from services.queries.duties import items_in_force, lists_in_force
from services.queries.task_requests import communities_sendable, task_changed_topics
from services.states import TASK_ASSIGNMENT

logger = logging.getLogger(__name__)
S = TaskAssignment.Status
Outcome = TaskAssignment.Outcome

# A deadline further off is a typing mistake (or a probe), not a plan.
DEADLINE_MAX_DAYS = 366


def _sender_for(actor, department: Department | None, street: Street | None) -> tuple[Department | None, Street | None]:
    scope = scope_for(actor)
    if department and street:
        raise DomainError(_("Send on behalf of one department or one street office, not both."))
    if department is None and street is None:
        if len(scope.department_ids) == 1 and not scope.street_ids:
            return Department.objects.get(pk=next(iter(scope.department_ids))), None
        if len(scope.street_ids) == 1 and not scope.department_ids:
            return None, Street.objects.get(pk=next(iter(scope.street_ids)))
        if not (scope.department_ids or scope.street_ids):
            raise NotAllowed(_("Only department or street-office staff may send task requests."))
        raise DomainError(
            _("Choose the department or street office you send for."),
            fields={"sender_department": _("Choose the department or street office you send for.")},
        )
    if department is not None and department.pk not in scope.department_ids:
        raise NotAllowed(_("You do not work for this department."))
    if street is not None and street.pk not in scope.street_ids:
        raise NotAllowed(_("You do not work for this street office."))
    return department, street


def _items_in_force(item_ids: Iterable[int]) -> list[DutyItem]:
    ids = {int(i) for i in item_ids}
    items = list(items_in_force().filter(pk__in=ids))
    if len(items) != len(ids):
        raise DomainError(
            _("Claim only items of the duty lists in force."),
            fields={"claimed_items": _("Some of these items are not on a list in force.")},
        )
    return items


@transaction.atomic
def task_request_send(
    *,
    actor,
    title: str,
    description: str = "",
    deadline: date,
    communities: Iterable[Community],
    claimed_item_ids: Iterable[int] = (),
    funding: Decimal = Decimal("0"),
    sender_department: Department | None = None,
    sender_street: Street | None = None,
) -> TaskRequest:
    """Send a task to communities; the gate judges each receiving community's copy at once."""
    department, street = _sender_for(actor, sender_department, sender_street)
    errors: dict[str, str] = {}
    title = (title or "").strip()
    if not title:
        errors["title"] = _("Give the task a title.")
    for field, value, limit in (("title", title, 200), ("description", (description or "").strip(), DESCRIPTION_MAX)):
        if problem := text_too_long(value, limit):
            errors[field] = problem
    if deadline is None or deadline < timezone.localdate():
        errors["deadline"] = _("The deadline cannot be in the past.")
    elif deadline > timezone.localdate() + timedelta(days=DEADLINE_MAX_DAYS):
        errors["deadline"] = _("The deadline can be at most a year from today.")
    if funding is None or Decimal(funding) < 0:
        errors["funding"] = _("The money that comes with the task cannot be negative.")
    communities = list({c.pk: c for c in communities}.values())
    if not communities:
        errors["communities"] = _("Choose at least one community.")
    else:
        # A department sends across the district; a street office only to its own communities.
        allowed = set(communities_sendable(actor).values_list("pk", flat=True))
        if department is None:
            allowed &= set(Community.objects.filter(street=street).values_list("pk", flat=True))
        if any(c.pk not in allowed for c in communities):
            errors["communities"] = _("You may send tasks only to communities in your area.")
    if errors:
        raise DomainError(_("The task request has errors; nothing was sent."), fields=errors)
    items = _items_in_force(claimed_item_ids)
    judgement = gate_judge(items, lists_in_force())

    task = TaskRequest.objects.create(
        title=title,
        description=(description or "").strip(),
        deadline=deadline,
        funding=Decimal(funding),
        sender_department=department,
        sender_street=street,
        created_by=actor,
    )
    task.claimed_items.set(items)
    _changed(task, [c.pk for c in communities])
    status = S.ROUTED_TO_PURCHASE if judgement.outcome == Outcome.REQUIRES_PURCHASE else S.PENDING
    now = timezone.now()
    for community in communities:
        assignment = TaskAssignment(
            task=task, community=community, outcome=judgement.outcome, judged_at=now, task_created_at=task.created_at
        )
        TASK_ASSIGNMENT.check_create(actor, assignment, "send", target=status)
        assignment.status = status
        assignment.save()
        assignment.judged_lists.set(judgement.lists)
        TASK_ASSIGNMENT.record_creation(
            actor=actor,
            obj=assignment,
            action="send",
            data={"outcome": judgement.outcome, "lists": [lst.pk for lst in judgement.lists]},
        )
    audit_record(
        actor=actor,
        obj=task,
        action="task_request.send",
        to_state="sent",
        data={
            "communities": [c.pk for c in communities],
            "claimed_items": [i.pk for i in items],
            "outcome": judgement.outcome,
            "funding": str(task.funding),
        },
    )
    return task


def _changed(task: TaskRequest, community_ids) -> None:
    """After every write to a task or to the answers of `community_ids`: the month's burden
    figures and the cached task lists that show them (keyed per scope, core.api.CachedListMixin)
    are counted and built afresh."""
    burden_month_touch(task=task)
    public_changed(*task_changed_topics(task, community_ids))


def _lock(task: TaskRequest, community_id: int | None, *, candidates: Iterable[str] | None = None) -> TaskAssignment:
    """The one assignment of `task` the action is about, locked. With no community named, the
    only assignment (in `candidates` statuses) is meant; several need the caller to choose."""
    qs = TaskAssignment.objects.select_for_update().filter(task=task)
    if community_id is not None:
        assignment = qs.filter(community_id=community_id).first()
        if assignment is None:
            raise DomainError(
                _("This task was not sent to that community."),
                fields={"community": _("This task was not sent to that community.")},
            )
        return assignment
    if candidates is not None:
        qs = qs.filter(status__in=list(candidates))
    found = list(qs[:2])
    if len(found) == 1:
        return found[0]
    if not found:
        raise Conflict(_("No community's answer to this task is in a state that allows this."))
    raise DomainError(
        _("Name the community: this task went to several."),
        fields={"community": _("Name the community: this task went to several.")},
    )


def _move(
    *, actor, assignment: TaskAssignment, action: str, target: str | None = None, reason="", data=None, **changes
):
    moved = TASK_ASSIGNMENT.move(
        actor=actor, obj=assignment, action=action, target=target, reason=reason, data=data, **changes
    )
    _changed(moved.task, [moved.community_id])
    return moved


def _lock_own_answer(actor, task: TaskRequest, community_id: int | None) -> TaskAssignment:
    """The actor's community's assignment of `task`, locked.

    "Not your community" and "not sent to your community" get the same answer, so that a
    community cannot learn from the error which other communities received the task.
    """
    own = scope_for(actor).community_ids
    community_id = _own_community(actor, community_id)
    if community_id is not None and community_id not in own:
        raise NotAllowed(_("Only the staff of the receiving community may answer this task."))
    if community_id is not None:
        return _lock(task, community_id)
    found = list(TaskAssignment.objects.select_for_update().filter(task=task, community_id__in=own)[:2])
    if len(found) > 1:
        raise DomainError(
            _("Name the community: this task went to several."),
            fields={"community": _("Name the community: this task went to several.")},
        )
    if not found:
        raise NotAllowed(_("Only the staff of the receiving community may answer this task."))
    return found[0]


def _own_community(actor, community_id):
    if community_id is None:
        ids = scope_for(actor).community_ids
        if len(ids) == 1:
            return next(iter(ids))
    return community_id


@transaction.atomic
def task_accept(*, actor, task: TaskRequest, community_id: int | None = None) -> TaskAssignment:
    assignment = _lock_own_answer(actor, task, community_id)
    now = timezone.now()
    return _move(actor=actor, assignment=assignment, action="accept", responded_at=now, accepted_at=now)


@transaction.atomic
def task_refuse(*, actor, task: TaskRequest, comment: str, community_id: int | None = None) -> TaskAssignment:
    assignment = _lock_own_answer(actor, task, community_id)
    # Who may refuse, and whether this task may be refused at all, come before the comment.
    TASK_ASSIGNMENT.check(actor, assignment, "refuse")
    comment = require_comment(
        comment, _("Say why the community refuses this task."), field_message=_("Say why the community refuses.")
    )
    now = timezone.now()
    return _move(
        actor=actor,
        assignment=assignment,
        action="refuse",
        reason=comment,
        refusal_reason=comment,
        responded_at=now,
        refused_at=now,
    )


@transaction.atomic
def task_appeal(*, actor, task: TaskRequest, comment: str, community_id: int | None = None) -> TaskAssignment:
    assignment = _lock(task, community_id, candidates=[S.REFUSED])
    TASK_ASSIGNMENT.check(actor, assignment, "appeal")
    comment = require_comment(comment, _("Give the grounds of the appeal."))
    return _move(
        actor=actor,
        assignment=assignment,
        action="appeal",
        reason=comment,
        appeal_reason=comment,
        appealed_at=timezone.now(),
    )


@transaction.atomic
def task_appeal_decide(
    *, actor, task: TaskRequest, decision: str, comment: str, community_id: int | None = None
) -> TaskAssignment:
    """The civil-affairs bureau's decision is final: uphold the refusal or overturn it."""
    assignment = _lock(task, community_id, candidates=[S.APPEALED])
    TASK_ASSIGNMENT.check(actor, assignment, "decide_appeal")
    comment = (comment or "").strip()
    errors = {}
    if decision not in TaskAssignment.AppealDecision.values:
        errors["decision"] = _("Choose to uphold or to overturn the refusal.")
    if not comment:
        errors["comment"] = _("Give the reasons for the decision.")
    elif problem := text_too_long(comment, REASON_MAX):
        errors["comment"] = problem
    if errors:
        raise DomainError(_("The decision has errors; nothing was recorded."), fields=errors)
    target = S.REFUSAL_UPHELD if decision == TaskAssignment.AppealDecision.UPHOLD else S.OVERTURNED
    return _move(
        actor=actor,
        assignment=assignment,
        action="decide_appeal",
        target=target,
        reason=comment,
        data={"decision": decision},
        appeal_decision=decision,
        appeal_decision_reason=comment,
        appeal_decided_by=actor,
        appeal_decided_at=timezone.now(),
    )


@transaction.atomic
def task_rejudge(
    *, actor, task: TaskRequest, claimed_item_ids: Iterable[int], comment: str, community_id: int | None = None
) -> list[TaskAssignment]:
    """The district corrects the matching: the claimed items change and the gate judges again.

    Applies to every assignment still awaiting an answer (or routed to purchase); with
    `community_id`, to that one only. Answered ones keep their judgement.
    """
    TASK_ASSIGNMENT.check_party(actor, TaskAssignment(task=task), "rejudge")
    comment = require_comment(comment, _("Say why the matching is corrected."))
    items = _items_in_force(claimed_item_ids)
    qs = TaskAssignment.objects.select_for_update().filter(task=task, status__in=[S.PENDING, S.ROUTED_TO_PURCHASE])
    if community_id is not None:
        qs = qs.filter(community_id=community_id)
    assignments = list(qs)
    if not assignments:
        raise Conflict(_("Every community has already answered this task; its matching can no longer change."))
    before_items = sorted(task.claimed_items.values_list("pk", flat=True))
    task.claimed_items.set(items)
    judgement = gate_judge(items, lists_in_force())
    target = S.ROUTED_TO_PURCHASE if judgement.outcome == Outcome.REQUIRES_PURCHASE else S.PENDING
    result = []
    for assignment in assignments:
        from_outcome = assignment.outcome
        moved = _move(
            actor=actor,
            assignment=assignment,
            action="rejudge",
            target=target,
            reason=comment,
            data={
                "from_outcome": from_outcome,
                "to_outcome": judgement.outcome,
                "from_items": before_items,
                "to_items": sorted(i.pk for i in items),
            },
            outcome=judgement.outcome,
            judged_at=timezone.now(),
        )
        moved.judged_lists.set(judgement.lists)
        result.append(moved)
    audit_record(
        actor=actor,
        obj=task,
        action="task_request.rejudge",
        reason=comment,
        data={"from_items": before_items, "to_items": sorted(i.pk for i in items), "to_outcome": judgement.outcome},
    )
    return result


@transaction.atomic
def task_complete(*, actor, task: TaskRequest, community_id: int | None = None) -> TaskAssignment:
    assignment = _lock_own_answer(actor, task, community_id)
    return _move(actor=actor, assignment=assignment, action="complete", completed_at=timezone.now())


# --- Reminders (run by the beat job in services/tasks.py) ------------------------------------------


def _send_reminder_mail(*, subject: str, body: str, emails: list[str]) -> None:
    if emails:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, emails, fail_silently=True)


@transaction.atomic
def task_reminder_send(*, assignment_id: int, kind: str) -> TaskReminder | None:
    """Record and send one reminder; None when it was sent before (the job may run again)."""
    assignment = (
        TaskAssignment.objects.select_for_update()
        .select_related("task", "task__created_by", "community")
        .filter(pk=assignment_id)
        .first()
    )
    if assignment is None or TaskReminder.objects.filter(assignment=assignment, kind=kind).exists():
        return None
    task = assignment.task
    if kind == TaskReminder.Kind.DUE_SOON:
        users = list(users_holding(Role.COMMUNITY_STAFF, assignment.community_id))
        subject = _("Task due soon: %(title)s") % {"title": task.title}
        body = _("“%(title)s” for %(community)s is due on %(deadline)s, in two working days.") % {
            "title": task.title,
            "community": assignment.community.name,
            "deadline": task.deadline.isoformat(),
        }
    else:
        users = [task.created_by]
        subject = _("Task overdue: %(title)s") % {"title": task.title}
        body = _("“%(title)s” for %(community)s was due on %(deadline)s and is not done.") % {
            "title": task.title,
            "community": assignment.community.name,
            "deadline": task.deadline.isoformat(),
        }
    try:
        with transaction.atomic():
            reminder = TaskReminder.objects.create(
                assignment=assignment, kind=kind, recipients=[u.get_username() for u in users]
            )
    except IntegrityError:
        return None
    audit_record(
        actor=None, obj=assignment, action=f"task_assignment.remind_{kind}", data={"recipients": reminder.recipients}
    )
    emails = [u.email for u in users if u.email]
    transaction.on_commit(functools.partial(_send_reminder_mail, subject=subject, body=body, emails=emails))
    return reminder
