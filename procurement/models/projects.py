"""Purchase projects, their criteria, questions, opening record and notices."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from organizations.models import ServiceDomain

from .budgets import MONEY, BudgetLine
from .catalogue import CatalogueItem


class Method(models.TextChoices):
    COMMISSION = "commission", _("Commission (委托)")
    OPEN_TENDER = "open_tender", _("Open tender (公开招标)")
    INVITED_TENDER = "invited_tender", _("Invited tender (邀请招标)")
    NEGOTIATION = "negotiation", _("Competitive negotiation (竞争性谈判)")
    CONSULTATION = "consultation", _("Competitive consultation (竞争性磋商)")
    SINGLE_SOURCE = "single_source", _("Single source (单一来源)")
    QUOTATION = "quotation", _("Request for quotations (询价)")


class Project(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        PUBLISHED = "published", _("published: taking bids")
        BIDDING_CLOSED = "bidding_closed", _("bidding closed")
        OPENED = "opened", _("bids opened")
        EVALUATED = "evaluated", _("evaluated")
        AWARDED = "awarded", _("awarded")
        CONTRACTED = "contracted", _("contracted")
        IN_SERVICE = "in_service", _("in service")
        ACCEPTED = "accepted", _("accepted")
        CLOSED = "closed", _("closed")
        CANCELLED = "cancelled", _("cancelled")
        FAILED = "failed", _("failed: too few bids")

    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("service content"), blank=True)
    catalogue_item = models.ForeignKey(
        CatalogueItem,
        verbose_name=_("catalogue item"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="projects",
    )
    street = models.ForeignKey(
        "accounts.Street", verbose_name=_("purchaser (street)"), on_delete=models.PROTECT, related_name="projects"
    )
    community = models.ForeignKey(
        "accounts.Community",
        verbose_name=_("implementer (community)"),
        on_delete=models.PROTECT,
        related_name="projects",
    )
    domain = models.CharField(_("service domain"), max_length=16, choices=ServiceDomain.choices)
    budget_line = models.ForeignKey(
        BudgetLine, verbose_name=_("budget line"), on_delete=models.PROTECT, related_name="projects"
    )
    amount = models.DecimalField(_("budget amount (yuan)"), **MONEY)
    method = models.CharField(_("method"), max_length=16, choices=Method.choices)
    invited_organizations = models.ManyToManyField(
        "organizations.Organization", verbose_name=_("invited organisations"), blank=True, related_name="+"
    )
    admission_rules = models.TextField(_("admission rules"), blank=True)
    # Working days from publication: the questions deadline and the bid deadline (the opening).
    question_days = models.PositiveIntegerField(_("working days for questions"))
    bid_days = models.PositiveIntegerField(_("working days for bids"))
    standstill_days = models.PositiveIntegerField(_("standstill (working days)"), default=7)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.DRAFT)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    questions_deadline = models.DateTimeField(_("questions deadline"), null=True, blank=True)
    # Bids are opened at the deadline itself (开标时间即投标截止时间).
    bid_deadline = models.DateTimeField(_("bid deadline and opening"), null=True, blank=True)
    opened_at = models.DateTimeField(_("opened"), null=True, blank=True)
    awarded_bid = models.ForeignKey(
        "procurement.Bid",
        verbose_name=_("awarded bid"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    awarded_at = models.DateTimeField(_("awarded"), null=True, blank=True)
    # Complaints are heard until the end of this day (the standstill, counted in working days).
    standstill_until = models.DateField(_("standstill until"), null=True, blank=True)
    cancel_reason = models.TextField(_("reason for cancelling"), blank=True)
    failure_reason = models.TextField(_("reason for failing"), blank=True)
    # Written when the project closes: the street's closing note, or why its contract was terminated.
    closing_note = models.TextField(_("closing note"), blank=True)
    # The "requires purchase" task this project buys, when it came from the task gate.
    source_assignment = models.ForeignKey(
        "services.TaskAssignment",
        verbose_name=_("from purchase candidate"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("purchase project")
        verbose_name_plural = _("purchase projects")
        ordering = ["-id"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="project_amount_positive"),
            models.CheckConstraint(condition=Q(bid_days__gte=1), name="project_bid_days_positive"),
            models.UniqueConstraint(
                fields=["source_assignment"],
                condition=~Q(status__in=["cancelled", "failed"]),
                name="project_one_live_per_candidate",
            ),
        ]
        indexes = [
            # The opening sweep: published projects whose deadline has passed.
            models.Index(fields=["status", "bid_deadline"], name="project_status_deadline_idx"),
            # The purchasing desk and the list filtered by street.
            models.Index(fields=["street", "status"], name="project_street_status_idx"),
        ]

    def __str__(self) -> str:
        return self.title


class Criterion(models.Model):
    """An evaluation criterion published with the project; the weights of a project sum to 100."""

    project = models.ForeignKey(Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="criteria")
    name = models.CharField(_("criterion"), max_length=100)
    weight = models.PositiveIntegerField(_("weight"))
    # The price criterion is scored by formula, not by experts.
    is_price = models.BooleanField(_("price criterion"), default=False)
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("evaluation criterion")
        verbose_name_plural = _("evaluation criteria")
        ordering = ["project", "position", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(weight__gte=1) & Q(weight__lte=100), name="criterion_weight_range")
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.weight})"


class Question(models.Model):
    """A bidder's question and the purchaser's answer, published without the asker's name."""

    project = models.ForeignKey(Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="questions")
    text = models.TextField(_("question"))
    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("asked by"), on_delete=models.PROTECT, related_name="+"
    )
    asked_at = models.DateTimeField(_("asked"), auto_now_add=True)
    answer = models.TextField(_("answer"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["project", "id"]

    def __str__(self) -> str:
        return self.text[:50]


class Opening(models.Model):
    """The opening record (开标记录), written once when the portal opens a project's bids."""

    project = models.OneToOneField(Project, verbose_name=_("project"), on_delete=models.PROTECT, related_name="opening")
    opened_at = models.DateTimeField(_("opened"))
    # [{"bid", "organization", "organization_name", "price", "receipt", "salt", "submitted_at"}]
    entries = models.JSONField(_("bids opened"), default=list)
    outcome = models.CharField(_("outcome"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("opening record")
        verbose_name_plural = _("opening records")

    def __str__(self) -> str:
        return str(self.project)


class ProjectNotice(models.Model):
    """What the purchasing street office is told about its project (shown on its desk and the project page)."""

    class Kind(models.TextChoices):
        OPENED = "opened", _("Bids opened")
        FAILED = "failed", _("Project failed: too few bids")

    project = models.ForeignKey(Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="notices")
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    text = models.TextField(_("notice"))
    created_at = models.DateTimeField(_("time"), auto_now_add=True)

    class Meta:
        verbose_name = _("project notice")
        verbose_name_plural = _("project notices")
        ordering = ["-id"]
        # The opening job may run twice: the notice is written once.
        constraints = [models.UniqueConstraint(fields=["project", "kind"], name="project_notice_once")]

    def __str__(self) -> str:
        return self.text[:50]
