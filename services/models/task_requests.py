"""Task requests (工作事项下派) and the gate.

A department or a street office asks one or more communities to do something. Each receiving
community gets its own `TaskAssignment`, judged by the gate against the duty lists in force
(services/gate.py) and moved through the lifecycle in services/states.py.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

__all__ = ["TaskRequest", "TaskAssignment", "TaskReminder", "TaskBurdenMonth"]


class TaskRequest(models.Model):
    """What the sender asks for; the same for every receiving community."""

    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    deadline = models.DateField(_("deadline"))
    # 费随事转: the money that comes with the work; zero is allowed and shows plainly.
    funding = models.DecimalField(_("funding (yuan)"), max_digits=14, decimal_places=2, default=0)
    sender_department = models.ForeignKey(
        "accounts.Department",
        verbose_name=_("sending department"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="task_requests",
    )
    sender_street = models.ForeignKey(
        "accounts.Street",
        verbose_name=_("sending street office"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="task_requests",
    )
    claimed_items = models.ManyToManyField(
        "services.DutyItem", verbose_name=_("claimed list items"), blank=True, related_name="task_requests"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("sent by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("sent"), auto_now_add=True)

    class Meta:
        verbose_name = _("task request")
        verbose_name_plural = _("task requests")
        ordering = ["-id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(sender_department__isnull=False) & Q(sender_street__isnull=True))
                | (Q(sender_department__isnull=True) & Q(sender_street__isnull=False)),
                name="task_request_one_sender",
            ),
            models.CheckConstraint(condition=Q(funding__gte=0), name="task_request_funding_not_negative"),
        ]
        indexes = [
            # tasks_for(): every list is ordered newest first by (created_at, id), per scope, so a
            # page is an index range however deep the cursor; the sender ones also serve a month's
            # burden figures.
            models.Index(fields=["created_at", "id"], name="task_req_created_idx"),
            models.Index(fields=["sender_department", "created_at", "id"], name="task_req_dept_created_idx"),
            models.Index(fields=["sender_street", "created_at", "id"], name="task_req_street_created_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def sender(self):
        return self.sender_department or self.sender_street


class TaskAssignment(models.Model):
    """One receiving community's copy of a request: its gate outcome, its answer, its appeal."""

    class Outcome(models.TextChoices):
        MUST_ACCEPT = "must_accept", _("on a statutory or Party list: must accept")
        REQUIRES_PURCHASE = "requires_purchase", _("assists government: requires purchase")
        MAY_REFUSE = "may_refuse", _("on no list: may refuse")

    class Status(models.TextChoices):
        PENDING = "pending", _("awaiting the community")
        ACCEPTED = "accepted", _("accepted")
        REFUSED = "refused", _("refused")
        APPEALED = "appealed", _("refusal appealed")
        REFUSAL_UPHELD = "refusal_upheld", _("refusal upheld")
        OVERTURNED = "overturned", _("refusal overturned: must be done")
        ROUTED_TO_PURCHASE = "routed_to_purchase", _("routed to purchase")
        COMPLETED = "completed", _("completed")

    class AppealDecision(models.TextChoices):
        UPHOLD = "uphold", _("uphold the refusal")
        OVERTURN = "overturn", _("overturn: the community must do it")

    task = models.ForeignKey(
        TaskRequest, verbose_name=_("task request"), on_delete=models.CASCADE, related_name="assignments"
    )
    community = models.ForeignKey(
        "accounts.Community", verbose_name=_("community"), on_delete=models.PROTECT, related_name="task_assignments"
    )
    status = models.CharField(_("status"), max_length=24, choices=Status.choices, default=Status.PENDING)
    outcome = models.CharField(_("gate outcome"), max_length=24, choices=Outcome.choices)
    # The list versions in force when the gate judged: kept even after they are superseded.
    judged_lists = models.ManyToManyField(
        "services.DutyList", verbose_name=_("judged under"), blank=True, related_name="+"
    )
    judged_at = models.DateTimeField(_("judged"))
    # A copy of the task's `created_at` (which never changes): it lets a community's inbox be read
    # newest first straight from the index below instead of probing every task of the district.
    task_created_at = models.DateTimeField(_("task sent"), editable=False)
    refusal_reason = models.TextField(_("reason for refusing"), blank=True)
    responded_at = models.DateTimeField(_("answered"), null=True, blank=True)
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    refused_at = models.DateTimeField(_("refused"), null=True, blank=True)
    appeal_reason = models.TextField(_("grounds of appeal"), blank=True)
    appealed_at = models.DateTimeField(_("appealed"), null=True, blank=True)
    appeal_decision = models.CharField(_("appeal decision"), max_length=16, choices=AppealDecision.choices, blank=True)
    appeal_decision_reason = models.TextField(_("reasons for the decision"), blank=True)
    appeal_decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    appeal_decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)

    class Meta:
        verbose_name = _("task assignment")
        verbose_name_plural = _("task assignments")
        ordering = ["task_id", "community_id"]
        constraints = [
            models.UniqueConstraint(fields=["task", "community"], name="task_assignment_once_per_community"),
            models.CheckConstraint(
                condition=~Q(status="refused") | Q(outcome="may_refuse"),
                name="task_assignment_refused_only_if_may_refuse",
            ),
        ]
        indexes = [
            # A community's inbox: its assignments, newest first by (task_created_at, task), the
            # order of every task list (services/queries/task_requests.py, TASK_ORDER).
            models.Index(fields=["community", "task_created_at", "task"], name="task_asg_inbox_sent_idx"),
            # Purchase candidates and reminders: assignments by status.
            models.Index(fields=["status", "community"], name="task_asg_status_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.task} → {self.community}"


class TaskReminder(models.Model):
    """A reminder that was sent: the row makes the beat job idempotent and is shown in-app."""

    class Kind(models.TextChoices):
        DUE_SOON = "due_soon", _("due in two working days")
        OVERDUE = "overdue", _("overdue")

    assignment = models.ForeignKey(
        TaskAssignment, verbose_name=_("assignment"), on_delete=models.CASCADE, related_name="reminders"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    sent_at = models.DateTimeField(_("sent"), auto_now_add=True)
    recipients = models.JSONField(_("recipients"), default=list, blank=True)

    class Meta:
        verbose_name = _("task reminder")
        verbose_name_plural = _("task reminders")
        constraints = [models.UniqueConstraint(fields=["assignment", "kind"], name="task_reminder_once")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.assignment}"


class TaskBurdenMonth(models.Model):
    """The burden figures of one month (by the month the tasks were sent), kept so that the burden
    view reads one row instead of aggregating the month's assignments on every visit.

    The task actions bump `generation` in their transaction; the view recomputes when the stored
    figures are of an older generation and stores them only if nobody bumped it meanwhile.
    """

    month = models.DateField(_("month"), unique=True)
    generation = models.PositiveIntegerField(default=0)
    computed_generation = models.PositiveIntegerField(null=True, blank=True)
    figures = models.JSONField(null=True, blank=True)
    computed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("burden figures of a month")
        verbose_name_plural = _("burden figures by month")

    def __str__(self) -> str:
        return self.month.strftime("%Y-%m")
