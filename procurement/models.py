"""Government purchase of services (政府购买服务): budgets, the purchase catalogue, projects, bids
and their opening. The lifecycles are in procurement/states.py, every write in procurement/actions.py."""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from organizations.models import ServiceDomain

MONEY = {"max_digits": 14, "decimal_places": 2}


class BudgetLine(models.Model):
    """The money one street may spend on one service domain in one year.

    `committed` grows when an award commits money (awarded and contracted projects) and `paid`
    when a payment is made; the database refuses any row where either exceeds what it rests on,
    so no race between two awards can overspend a line."""

    year = models.PositiveIntegerField(_("year"))
    street = models.ForeignKey(
        "accounts.Street", verbose_name=_("street"), on_delete=models.PROTECT, related_name="budget_lines"
    )
    domain = models.CharField(_("service domain"), max_length=16, choices=ServiceDomain.choices)
    allocated = models.DecimalField(_("allocated (yuan)"), **MONEY)
    committed = models.DecimalField(_("committed (yuan)"), default=Decimal("0"), **MONEY)
    paid = models.DecimalField(_("paid (yuan)"), default=Decimal("0"), **MONEY)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")
        ordering = ["-year", "street_id", "domain"]
        constraints = [
            models.UniqueConstraint(fields=["year", "street", "domain"], name="budget_line_once"),
            models.CheckConstraint(condition=Q(allocated__gte=0), name="budget_allocated_not_negative"),
            models.CheckConstraint(condition=Q(committed__gte=0), name="budget_committed_not_negative"),
            models.CheckConstraint(condition=Q(paid__gte=0), name="budget_paid_not_negative"),
            models.CheckConstraint(
                condition=Q(committed__lte=F("allocated")), name="budget_committed_within_allocated"
            ),
            models.CheckConstraint(condition=Q(paid__lte=F("committed")), name="budget_paid_within_committed"),
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.street} {self.get_domain_display()}"

    @property
    def available(self) -> Decimal:
        return self.allocated - self.committed


class BudgetCommitment(models.Model):
    """One commitment of money on a line: who committed how much, for which project."""

    line = models.ForeignKey(BudgetLine, verbose_name=_("budget line"), on_delete=models.PROTECT, related_name="+")
    project = models.ForeignKey(
        "procurement.Project",
        verbose_name=_("project"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="commitments",
    )
    amount = models.DecimalField(_("amount (yuan)"), **MONEY)
    created_at = models.DateTimeField(_("committed"), auto_now_add=True)
    # Set when the money goes back to the line (the winner declined; the award passed on).
    released_at = models.DateTimeField(_("released"), null=True, blank=True)

    class Meta:
        verbose_name = _("budget commitment")
        verbose_name_plural = _("budget commitments")
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="budget_commitment_positive")]

    def __str__(self) -> str:
        return f"{self.line}: {self.amount}"


class CatalogueItem(models.Model):
    """An entry of the purchase catalogue (政府购买目录): a devolved service that may be bought."""

    code = models.CharField(_("code"), max_length=20, unique=True)
    title = models.CharField(_("title"), max_length=300)
    duty_item = models.ForeignKey(
        "services.DutyItem",
        verbose_name=_("duty list item"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    department = models.CharField(_("responsible department"), max_length=100, blank=True)
    domain = models.CharField(_("service domain"), max_length=16, choices=ServiceDomain.choices, default="other")
    # True while the entry comes from an example (示例) duty item, not an official catalogue.
    is_placeholder = models.BooleanField(_("example"), default=False)
    position = models.PositiveIntegerField(_("position"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("catalogue item")
        verbose_name_plural = _("catalogue items")
        ordering = ["position", "code"]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


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


def bid_document_upload_to(instance, filename: str) -> str:
    """A random name: the bidder's file name is never trusted as a path, nor guessable."""
    import uuid
    from pathlib import PurePosixPath

    return f"procurement/bids/{uuid.uuid4().hex}{PurePosixPath(filename).suffix.lower()[:8]}"


class Bid(models.Model):
    """A sealed bid. Price, plan, staff and documents are read only through
    procurement.queries, which hides them from everyone but the bidder until the opening."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("submitted (sealed)")
        REPLACED = "replaced", _("replaced")
        WITHDRAWN = "withdrawn", _("withdrawn")
        OPENED = "opened", _("opened")

    project = models.ForeignKey(Project, verbose_name=_("project"), on_delete=models.PROTECT, related_name="bids")
    organization = models.ForeignKey(
        "organizations.Organization", verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="bids"
    )
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.SUBMITTED)
    price = models.DecimalField(_("price (yuan)"), **MONEY)
    plan = models.TextField(_("service plan"))
    staff = models.ManyToManyField(
        "organizations.SocialWorker", verbose_name=_("staff (social workers)"), blank=True, related_name="+"
    )
    # Random, kept secret until the opening: without it a receipt of a short bid could be guessed.
    salt = models.CharField(_("salt"), max_length=64)
    receipt = models.CharField(_("receipt (SHA-256)"), max_length=64)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("submitted by"), on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField(_("submitted"))
    replaces = models.OneToOneField(
        "self", verbose_name=_("replaces"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # The evaluation's result (set when the project is evaluated).
    price_score = models.DecimalField(_("price score"), max_digits=6, decimal_places=2, null=True, blank=True)
    total_score = models.DecimalField(_("total score"), max_digits=6, decimal_places=2, null=True, blank=True)
    rank = models.PositiveIntegerField(_("rank"), null=True, blank=True)

    class Meta:
        verbose_name = _("bid")
        verbose_name_plural = _("bids")
        ordering = ["project", "id"]
        constraints = [
            # One live bid per organisation and project: replacing retires the old one first.
            models.UniqueConstraint(
                fields=["project", "organization"],
                condition=Q(status__in=["submitted", "opened"]),
                name="bid_one_live_per_organization",
            ),
            models.CheckConstraint(condition=Q(price__gt=0), name="bid_price_positive"),
        ]

    def __str__(self) -> str:
        # Never the price: this is what admin lists, audit records and logs show.
        return f"{self.organization} → {self.project}"


class BidDocument(models.Model):
    bid = models.ForeignKey(Bid, verbose_name=_("bid"), on_delete=models.CASCADE, related_name="documents")
    file = models.FileField(_("file"), upload_to=bid_document_upload_to)
    name = models.CharField(_("file name"), max_length=200)
    sha256 = models.CharField(_("SHA-256"), max_length=64)

    class Meta:
        verbose_name = _("bid document")
        verbose_name_plural = _("bid documents")
        ordering = ["bid", "id"]

    def __str__(self) -> str:
        return self.name


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


class Expert(models.Model):
    """An evaluation expert of the district's register, with the resident ID that conflict-of-
    interest checks compare against the bidders' members, staff and social workers."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.PROTECT, related_name="expert_profile"
    )
    resident_id = models.CharField(_("resident ID"), max_length=18, unique=True)
    created_at = models.DateTimeField(_("registered"), auto_now_add=True)

    class Meta:
        verbose_name = _("evaluation expert")
        verbose_name_plural = _("evaluation experts")

    def __str__(self) -> str:
        return str(self.user)


class ExpertAssignment(models.Model):
    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="expert_assignments"
    )
    expert = models.ForeignKey(Expert, verbose_name=_("expert"), on_delete=models.PROTECT, related_name="assignments")
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("assigned by"), on_delete=models.PROTECT, related_name="+"
    )
    assigned_at = models.DateTimeField(_("assigned"), auto_now_add=True)
    scored_at = models.DateTimeField(_("scoring submitted"), null=True, blank=True)

    class Meta:
        verbose_name = _("expert assignment")
        verbose_name_plural = _("expert assignments")
        constraints = [models.UniqueConstraint(fields=["project", "expert"], name="expert_once_per_project")]

    def __str__(self) -> str:
        return f"{self.expert} → {self.project}"


class Score(models.Model):
    """One expert's points for one bid on one criterion (0 to the criterion's weight)."""

    assignment = models.ForeignKey(
        ExpertAssignment, verbose_name=_("expert assignment"), on_delete=models.CASCADE, related_name="scores"
    )
    bid = models.ForeignKey(Bid, verbose_name=_("bid"), on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, verbose_name=_("criterion"), on_delete=models.CASCADE, related_name="+")
    points = models.DecimalField(_("points"), max_digits=5, decimal_places=2)

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [
            models.UniqueConstraint(fields=["assignment", "bid", "criterion"], name="score_once"),
            models.CheckConstraint(condition=Q(points__gte=0), name="score_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.points}"


class Complaint(models.Model):
    """A bidder's complaint (质疑) about the award, filed within the standstill. While one is
    unanswered the project does not move on to a contract."""

    project = models.ForeignKey(Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="complaints")
    organization = models.ForeignKey(
        "organizations.Organization", verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="+"
    )
    text = models.TextField(_("complaint"))
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("filed by"), on_delete=models.PROTECT, related_name="+"
    )
    filed_at = models.DateTimeField(_("filed"), auto_now_add=True)
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
        verbose_name = _("complaint")
        verbose_name_plural = _("complaints")
        ordering = ["project", "id"]

    def __str__(self) -> str:
        return f"{self.organization} → {self.project}"
