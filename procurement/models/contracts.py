"""Contracts drafted from an award, their automated checks, human review steps, reminders and
amendments. The workflow is in procurement.actions.contracts and docs/decisions/017."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .bids import Bid
from .budgets import MONEY
from .projects import Project


class Contract(models.Model):
    """A purchase contract between the street (purchaser), the community (implementer) and the
    awarded organisation. Nobody edits it while it is checked or reviewed."""

    class Status(models.TextChoices):
        DRAFTING = "drafting", _("drafting")
        CHECKING = "checking", _("automated checks running")
        IN_REVIEW = "in_review", _("in review")
        AWAITING_SIGNATURE = "awaiting_signature", _("awaiting the organisation's signature")
        ACTIVE = "active", _("active")
        COMPLETED = "completed", _("completed")
        TERMINATED = "terminated", _("terminated")
        LAPSED = "lapsed", _("lapsed: not signed within 30 days of the award")

    project = models.ForeignKey(Project, verbose_name=_("project"), on_delete=models.PROTECT, related_name="contracts")
    bid = models.ForeignKey(Bid, verbose_name=_("awarded bid"), on_delete=models.PROTECT, related_name="+")
    # The three parties, copied from the project and the award so that scoping reads one row.
    street = models.ForeignKey(
        "accounts.Street", verbose_name=_("purchaser (street)"), on_delete=models.PROTECT, related_name="+"
    )
    community = models.ForeignKey(
        "accounts.Community", verbose_name=_("implementer (community)"), on_delete=models.PROTECT, related_name="+"
    )
    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="contracts",
    )
    title = models.CharField(_("title"), max_length=200)
    service_content = models.TextField(_("service content"), blank=True)
    quantity = models.TextField(_("quantity"), blank=True)
    quality_standards = models.TextField(_("quality standards"), blank=True)
    liability = models.TextField(_("liability for breach"), blank=True)
    starts_on = models.DateField(_("term starts"))
    ends_on = models.DateField(_("term ends"))
    price = models.DecimalField(_("price (yuan)"), **MONEY)
    # The price signed first: amendments together may not raise the price by more than 10 % of it.
    original_price = models.DecimalField(_("original price (yuan)"), null=True, blank=True, **MONEY)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFTING)
    # Each submission is a new round of checks and review steps; rows of older rounds stay as history.
    round = models.PositiveIntegerField(_("review round"), default=0)
    # The reviewer of the step now open (denormalised from ReviewStep for the party test and "waiting on me").
    current_assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("waiting on"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    returned_reasons = models.TextField(_("why it was returned"), blank=True)
    # The award lapses if the contract is not active by the end of this day (30 days after the award).
    sign_by = models.DateField(_("to be signed by"))
    signed_at = models.DateTimeField(_("signed"), null=True, blank=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("signed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    notice_published_at = models.DateTimeField(_("contract notice published"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("drafted by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("drafted"), auto_now_add=True)

    class Meta:
        verbose_name = _("contract")
        verbose_name_plural = _("contracts")
        ordering = ["-id"]
        constraints = [
            models.CheckConstraint(condition=Q(price__gt=0), name="contract_price_positive"),
            models.CheckConstraint(condition=Q(ends_on__gte=models.F("starts_on")), name="contract_term_ordered"),
            # One live contract per project: a lapsed or terminated one makes room for another.
            models.UniqueConstraint(
                fields=["project"],
                condition=~Q(status__in=["lapsed", "terminated"]),
                name="contract_one_live_per_project",
            ),
        ]
        indexes = [
            # The lapse sweep: contracts not yet active whose sign-by day has passed.
            models.Index(fields=["status", "sign_by"], name="contract_status_signby_idx"),
            # "Waiting on me": contracts whose open step is the user's.
            models.Index(fields=["current_assignee", "status"], name="contract_assignee_idx"),
        ]

    def __str__(self) -> str:
        return self.title


class Milestone(models.Model):
    """A milestone of the payment schedule: what is due when, and the share of the price paid on it."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("planned")
        SCHEDULED = "scheduled", _("scheduled")
        MET = "met", _("met")
        NOT_MET = "not_met", _("not met")

    contract = models.ForeignKey(
        Contract, verbose_name=_("contract"), on_delete=models.CASCADE, related_name="milestones"
    )
    position = models.PositiveIntegerField(_("position"), default=0)
    title = models.CharField(_("milestone"), max_length=200)
    due_on = models.DateField(_("due"))
    amount = models.DecimalField(_("payment (yuan)"), **MONEY)
    # For the orders app: how many confirmed deliveries make the milestone (optional).
    required_deliveries = models.PositiveIntegerField(_("confirmed deliveries required"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.PLANNED)
    # The implementer's acceptance (验收): met or not met, by whom, when, with what remark.
    decided_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("accepted by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["contract", "position", "id"]
        constraints = [models.CheckConstraint(condition=Q(amount__gte=0), name="milestone_amount_not_negative")]

    def __str__(self) -> str:
        return self.title


class CheckName(models.TextChoices):
    BUDGET = "budget", _("Budget still available")
    QUALIFICATION = "qualification", _("Organisation still qualified")
    CLAUSES = "clauses", _("Required clauses and documents present")
    CONSISTENCY = "consistency", _("Amounts and dates consistent")
    CONFLICT = "conflict", _("No conflict of interest")


class ContractCheck(models.Model):
    """One automated check of one review round: the database row that says whether it has run."""

    class Result(models.TextChoices):
        PENDING = "pending", _("running")
        PASSED = "passed", _("passed")
        FAILED = "failed", _("failed")

    contract = models.ForeignKey(Contract, verbose_name=_("contract"), on_delete=models.CASCADE, related_name="checks")
    round = models.PositiveIntegerField(_("review round"))
    name = models.CharField(_("check"), max_length=16, choices=CheckName.choices)
    result = models.CharField(_("result"), max_length=8, choices=Result.choices, default=Result.PENDING)
    reason = models.TextField(_("reason"), blank=True)
    created_at = models.DateTimeField(_("started"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        verbose_name = _("contract check")
        verbose_name_plural = _("contract checks")
        ordering = ["contract", "round", "id"]
        constraints = [models.UniqueConstraint(fields=["contract", "round", "name"], name="contract_check_once")]

    def __str__(self) -> str:
        return f"{self.contract} #{self.round} {self.name}"


class StepKind(models.TextChoices):
    COMMUNITY = "community", _("Community implementer")
    LEGAL = "legal", _("Street legal review")
    FINANCE = "finance", _("Finance review")
    LEADER = "leader", _("Street leader sign-off")


class ReviewStep(models.Model):
    """One human step of one review round, in order; written only under the contract's row lock."""

    class Status(models.TextChoices):
        WAITING = "waiting", _("waiting for the step before")
        OPEN = "open", _("open")
        APPROVED = "approved", _("approved")
        REJECTED = "rejected", _("rejected")
        CANCELLED = "cancelled", _("not reached")

    contract = models.ForeignKey(Contract, verbose_name=_("contract"), on_delete=models.CASCADE, related_name="steps")
    round = models.PositiveIntegerField(_("review round"))
    position = models.PositiveIntegerField(_("position"))
    kind = models.CharField(_("step"), max_length=16, choices=StepKind.choices)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("assignee"), null=True, on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.WAITING)
    opened_at = models.DateTimeField(_("opened"), null=True, blank=True)
    due_on = models.DateField(_("due"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        verbose_name = _("review step")
        verbose_name_plural = _("review steps")
        ordering = ["contract", "round", "position"]
        constraints = [models.UniqueConstraint(fields=["contract", "round", "kind"], name="review_step_once")]
        indexes = [
            # The reminder sweep: open steps by due day.
            models.Index(fields=["status", "due_on"], name="review_step_status_due_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.contract} #{self.round} {self.kind}"


class ReviewReminder(models.Model):
    """A reminder or escalation that was sent: the row makes the beat job idempotent and is shown
    on the contract's timeline and the recipient's desk."""

    class Kind(models.TextChoices):
        DUE_SOON = "due_soon", _("due tomorrow")
        ESCALATED = "escalated", _("overdue: escalated to the street leader")

    step = models.ForeignKey(
        ReviewStep, verbose_name=_("review step"), on_delete=models.CASCADE, related_name="reminders"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recipient"), null=True, on_delete=models.PROTECT, related_name="+"
    )
    sent_at = models.DateTimeField(_("sent"), auto_now_add=True)

    class Meta:
        verbose_name = _("review reminder")
        verbose_name_plural = _("review reminders")
        ordering = ["step", "id"]
        constraints = [models.UniqueConstraint(fields=["step", "kind"], name="review_reminder_once")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.step}"


class Amendment(models.Model):
    """A change to an active contract, with its reason and its own one-step review by the street
    leader. Together the approved amendments may not raise the price by more than 10 %."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("proposed")
        APPROVED = "approved", _("approved")
        REJECTED = "rejected", _("rejected")

    contract = models.ForeignKey(
        Contract, verbose_name=_("contract"), on_delete=models.PROTECT, related_name="amendments"
    )
    reason = models.TextField(_("reason"))
    new_price = models.DecimalField(_("new price (yuan)"), **MONEY)
    new_ends_on = models.DateField(_("new end of term"), null=True, blank=True)
    changes = models.TextField(_("what changes"), blank=True)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.PROPOSED)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("reviewer"), null=True, on_delete=models.PROTECT, related_name="+"
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("proposed by"), on_delete=models.PROTECT, related_name="+"
    )
    proposed_at = models.DateTimeField(_("proposed"), auto_now_add=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        verbose_name = _("contract amendment")
        verbose_name_plural = _("contract amendments")
        ordering = ["contract", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(new_price__gt=0), name="amendment_price_positive"),
            # One amendment under review at a time, so the 10 % cap is judged on a settled price.
            models.UniqueConstraint(fields=["contract"], condition=Q(status="proposed"), name="amendment_one_proposed"),
        ]

    def __str__(self) -> str:
        return f"{self.contract}: {self.reason[:30]}"


class Payment(models.Model):
    """A payment made on a met milestone; the budget line's paid figure grows with it (never
    beyond what is committed on the line)."""

    milestone = models.ForeignKey(
        Milestone, verbose_name=_("milestone"), on_delete=models.PROTECT, related_name="payments"
    )
    amount = models.DecimalField(_("amount (yuan)"), **MONEY)
    paid_on = models.DateField(_("paid on"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        ordering = ["milestone", "id"]
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="payment_amount_positive")]

    def __str__(self) -> str:
        return f"{self.milestone}: {self.amount}"


class PerformanceEvaluation(models.Model):
    """The performance evaluation (绩效评价) of one contract: milestone acceptance, the
    implementer's assessment and (once the orders app registers them) residents' ratings, combined
    into the score that is kept with the organisation's record."""

    contract = models.OneToOneField(
        Contract, verbose_name=_("contract"), on_delete=models.PROTECT, related_name="evaluation"
    )
    milestone_score = models.DecimalField(_("milestone acceptance score"), max_digits=5, decimal_places=2)
    assessment_score = models.DecimalField(_("implementer's assessment"), max_digits=5, decimal_places=2)
    ratings_score = models.DecimalField(_("residents' ratings"), max_digits=5, decimal_places=2, null=True, blank=True)
    score = models.DecimalField(_("score"), max_digits=5, decimal_places=2)
    comment = models.TextField(_("comment"), blank=True)
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("assessed by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("evaluated"), auto_now_add=True)

    class Meta:
        verbose_name = _("performance evaluation")
        verbose_name_plural = _("performance evaluations")
        constraints = [
            models.CheckConstraint(
                condition=Q(score__gte=0)
                & Q(score__lte=100)
                & Q(assessment_score__gte=0)
                & Q(assessment_score__lte=100),
                name="evaluation_scores_in_range",
            )
        ]

    def __str__(self) -> str:
        return f"{self.contract}: {self.score}"
