"""The organisation, its application and review, its standing, and the admission standards.

Workflow lives in organizations/states.py and organizations/actions/; these are fields and
constraints only.
"""

import uuid
from pathlib import PurePosixPath

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class ServiceDomain(models.TextChoices):
    ELDERLY = "elderly", _("Elderly care")
    DISABILITY = "disability", _("Disability support")
    YOUTH = "youth", _("Children and youth")
    RELIEF = "relief", _("Relief for people in hardship")
    CULTURE = "culture", _("Culture and recreation")
    OTHER = "other", _("Other")


def document_upload_to(instance, filename: str) -> str:
    """A random name under MEDIA_ROOT: the applicant's file name is never trusted as a path."""
    suffix = PurePosixPath(filename).suffix.lower()[:8]
    return f"organizations/documents/{uuid.uuid4().hex}{suffix}"


class Organization(models.Model):
    """A community social organisation (社会组织), from its draft application onwards."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        SUBMITTED = "submitted", _("submitted")
        RETURNED = "returned", _("returned for correction")
        REGISTERED = "registered", _("registered")
        SUSPENDED = "suspended", _("suspended")
        DEREGISTERED = "deregistered", _("deregistered")
        REJECTED = "rejected", _("rejected")

    class Office(models.TextChoices):
        OWN = "own", _("Own premises")
        LENT = "lent", _("Space lent by the community")

    # Unique once submitted (see Meta): a private draft reserves no name, so it can neither squat
    # one nor reveal through "name taken" that someone is drafting it.
    name = models.CharField(_("name"), max_length=100)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.DRAFT)
    street = models.ForeignKey(
        "accounts.Street", verbose_name=_("street"), null=True, blank=True, on_delete=models.PROTECT
    )
    community = models.ForeignKey(
        "accounts.Community", verbose_name=_("community"), null=True, blank=True, on_delete=models.PROTECT
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    # --- The application ---
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("applicant"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="organization_applications",
    )
    registered_capital = models.DecimalField(
        _("registered capital (yuan)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    office_kind = models.CharField(_("office"), max_length=8, choices=Office.choices, blank=True)
    office_address = models.CharField(_("office address"), max_length=200, blank=True)
    articles = models.TextField(_("articles of association"), blank=True)
    business_scope = models.TextField(_("business scope"), blank=True)
    contact_name = models.CharField(_("contact person"), max_length=50, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=30, blank=True)
    contact_email = models.EmailField(_("contact email"), blank=True)
    articles_file = models.FileField(_("articles (document)"), upload_to=document_upload_to, blank=True)
    capital_proof_file = models.FileField(_("proof of capital (document)"), upload_to=document_upload_to, blank=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    review_comment = models.TextField(_("last review comment"), blank=True)

    # --- Registration ---
    registered_on = models.DateField(_("registration date"), null=True, blank=True)
    registration_serial = models.PositiveIntegerField(_("registration serial"), null=True, blank=True, unique=True)
    certificate_number = models.CharField(_("certificate number"), max_length=40, null=True, blank=True, unique=True)
    credit_code = models.CharField(_("unified social credit code"), max_length=18, null=True, blank=True, unique=True)
    status_reason = models.TextField(_("reason for the current status"), blank=True)

    # --- Standing ---
    is_brand = models.BooleanField(_("brought in from another city (品牌社会组织)"), default=False)
    origin_city = models.CharField(_("origin city"), max_length=50, blank=True)
    # Fed by procurement's performance evaluation once it exists; set by hand until then.
    performance_score = models.DecimalField(
        _("performance score"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    communities_served = models.ManyToManyField(
        "accounts.Community", verbose_name=_("communities served"), blank=True, related_name="organizations_serving"
    )

    class Meta:
        verbose_name = _("social organisation")
        verbose_name_plural = _("social organisations")
        constraints = [
            models.CheckConstraint(
                condition=Q(registered_capital__isnull=True) | Q(registered_capital__gte=0),
                name="org_capital_not_negative",
            ),
            models.CheckConstraint(condition=Q(is_brand=False) | ~Q(origin_city=""), name="org_brand_has_origin"),
            models.UniqueConstraint(
                fields=["name"], condition=~Q(status="draft"), name="org_name_unique_once_submitted"
            ),
        ]
        indexes = [
            # The directory and the review queue: organisations by status, newest first.
            models.Index(fields=["status", "-id"], name="org_status_idx"),
            # The directory: registered organisations by name, a page at a time. Its name search
            # ("contains") has a trigram index on PostgreSQL, made by migration 0004.
            models.Index(fields=["status", "name", "id"], name="org_directory_idx"),
            # The directory filtered by street / community.
            models.Index(fields=["street", "status"], name="org_street_status_idx"),
            models.Index(fields=["community", "status"], name="org_community_status_idx"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_editable(self) -> bool:
        return self.status in (self.Status.DRAFT, self.Status.RETURNED)


class OrganizationDomain(models.Model):
    """One service domain of an organisation (an organisation has one or several)."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="domains")
    domain = models.CharField(_("service domain"), max_length=16, choices=ServiceDomain.choices)

    class Meta:
        verbose_name = _("service domain")
        verbose_name_plural = _("service domains")
        constraints = [models.UniqueConstraint(fields=["organization", "domain"], name="org_domain_unique")]
        indexes = [
            # The directory's domain filter: organisations in one domain.
            models.Index(fields=["domain", "organization"], name="org_domain_filter_idx"),
        ]

    def __str__(self) -> str:
        return self.get_domain_display()


class Member(models.Model):
    """A founding member (at least five to register); one of them is the legal representative."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="members")
    position = models.PositiveSmallIntegerField(_("row"), default=0)
    name = models.CharField(_("name"), max_length=50)
    resident_id = models.CharField(_("resident ID number"), max_length=18)
    is_legal_representative = models.BooleanField(_("legal representative"), default=False)

    class Meta:
        verbose_name = _("member")
        verbose_name_plural = _("members")
        ordering = ["organization", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "resident_id"], name="member_once_per_org"),
            models.UniqueConstraint(
                fields=["organization"], condition=Q(is_legal_representative=True), name="member_one_legal_rep"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class RegistrationCounter(models.Model):
    """The last registration serial issued; its one row is locked while a certificate is issued,
    and `Organization.registration_serial` is unique, so two approvals never share a serial."""

    last_serial = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.CheckConstraint(condition=Q(id=1), name="registration_counter_single_row")]

    def __str__(self) -> str:
        return f"registration serial {self.last_serial}"


class Notification(models.Model):
    """What the organisation's applicant and staff are told: shown on its page, also emailed."""

    class Kind(models.TextChoices):
        SUBMITTED = "submitted", _("Application submitted")
        RETURNED = "returned", _("Application returned for correction")
        REGISTERED = "registered", _("Organisation registered")
        REJECTED = "rejected", _("Application rejected")
        SUSPENDED = "suspended", _("Organisation suspended")
        REINSTATED = "reinstated", _("Organisation reinstated")
        DEREGISTERED = "deregistered", _("Organisation deregistered")
        REPORT_REMINDER = "report_reminder", _("Annual report due by 31 May")
        REPORT_OVERDUE = "report_overdue", _("Annual report overdue")
        DRAFT_EXPIRING = "draft_expiring", _("Draft application about to expire")

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    comment = models.TextField(_("comment"), blank=True)
    # Makes periodic notices idempotent: the same reminder is never recorded twice.
    dedupe_key = models.CharField(max_length=60, blank=True)
    created_at = models.DateTimeField(_("time"), auto_now_add=True)
    emailed_at = models.DateTimeField(_("emailed"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "dedupe_key"], condition=~Q(dedupe_key=""), name="notification_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organization}: {self.get_kind_display()}"


class AnnualReport(models.Model):
    """The annual work report (年度工作报告) for `year`, due 31 May of the next year.

    A row marked overdue by the beat task becomes submitted (late) when the report arrives."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("submitted")
        OVERDUE = "overdue", _("overdue")

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="annual_reports")
    year = models.PositiveSmallIntegerField(_("year"))
    status = models.CharField(_("status"), max_length=12, choices=Status.choices)
    summary = models.TextField(_("work summary"), blank=True)
    activities_count = models.PositiveIntegerField(_("activities held"), default=0)
    income = models.DecimalField(_("income (yuan)"), max_digits=14, decimal_places=2, null=True, blank=True)
    expenditure = models.DecimalField(_("expenditure (yuan)"), max_digits=14, decimal_places=2, null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    is_late = models.BooleanField(_("late"), default=False)

    class Meta:
        verbose_name = _("annual report")
        verbose_name_plural = _("annual reports")
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "year"], name="annual_report_once_a_year"),
            models.CheckConstraint(
                condition=Q(status="overdue") | Q(submitted_at__isnull=False), name="annual_report_submitted_has_time"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organization} {self.year}"


class Incubation(models.Model):
    """An organisation incubated (孵化) by another for a period."""

    incubator = models.ForeignKey(
        Organization, verbose_name=_("incubator"), on_delete=models.PROTECT, related_name="incubations_given"
    )
    incubatee = models.ForeignKey(
        Organization, verbose_name=_("incubatee"), on_delete=models.PROTECT, related_name="incubations"
    )
    start = models.DateField(_("start"))
    end = models.DateField(_("end"))
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("incubation")
        verbose_name_plural = _("incubations")
        constraints = [
            models.CheckConstraint(condition=Q(end__gte=models.F("start")), name="incubation_period_order"),
            models.CheckConstraint(condition=~Q(incubator=models.F("incubatee")), name="incubation_not_self"),
            models.UniqueConstraint(fields=["incubator", "incubatee", "start"], name="incubation_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.incubator} → {self.incubatee}"


class IncubationMilestone(models.Model):
    incubation = models.ForeignKey(Incubation, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(_("milestone"), max_length=100)
    due_date = models.DateField(_("due"))
    done_date = models.DateField(_("done"), null=True, blank=True)

    class Meta:
        verbose_name = _("incubation milestone")
        verbose_name_plural = _("incubation milestones")
        ordering = ["due_date", "id"]

    def __str__(self) -> str:
        return self.title


class Violation(models.Model):
    """A recorded violation or default; any in the look-back period disqualifies."""

    class Kind(models.TextChoices):
        VIOLATION = "violation", _("violation of law or regulation")
        DEFAULT = "default", _("default on a contract")

    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="violations")
    date = models.DateField(_("date"))
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    description = models.TextField(_("description"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("violation record")
        verbose_name_plural = _("violation records")
        ordering = ["-date"]
        indexes = [
            # qualification_check: an organisation's violations since a date.
            models.Index(fields=["organization", "date"], name="violation_org_date_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.organization} {self.date} {self.get_kind_display()}"


class AdmissionStandard(models.Model):
    """The admission standards (准入标准) the district admin sets; one row, id 1."""

    min_months_registered = models.PositiveSmallIntegerField(_("months since registration, at least"), default=6)
    require_annual_report = models.BooleanField(_("last annual report filed"), default=True)
    min_certified_social_workers = models.PositiveSmallIntegerField(_("certified social workers, at least"), default=1)
    violation_lookback_years = models.PositiveSmallIntegerField(
        _("no violation or default in the last N years"), default=3
    )
    min_performance_score = models.DecimalField(
        _("performance score, at least"), max_digits=5, decimal_places=2, null=True, blank=True, default=60
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("admission standard")
        verbose_name_plural = _("admission standards")
        constraints = [
            models.CheckConstraint(condition=Q(id=1), name="admission_standard_single_row"),
            models.CheckConstraint(
                condition=Q(min_performance_score__isnull=True)
                | (Q(min_performance_score__gte=0) & Q(min_performance_score__lte=100)),
                name="admission_score_in_range",
            ),
        ]

    def __str__(self) -> str:
        return str(_("admission standards"))
