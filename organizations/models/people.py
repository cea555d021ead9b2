"""The people who do the work: social workers, coordinators, volunteers.

A `Person` is one real resident, identified by the 18-digit resident ID (GB 11643). The same
person may be a social worker, a community coordinator and a volunteer; each of those roles is
its own record pointing at the person. Resident IDs are personal data: everything that shows
one goes through `organizations.queries.people.ric_for_viewer`.

Each role record keeps its own copy of the name and phone its organisation (or community) gave:
the person is linked, never merged, so one organisation can neither read nor change what another
holds about the same resident. `Person.name` and `Person.phone` are only what was first recorded,
for the district's own eyes.
"""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

__all__ = [
    "Attendance",
    "Branch",
    "Certificate",
    "Employment",
    "Person",
    "SocialWorker",
    "TrainingSession",
    "Volunteer",
]

# The national social-work exam (全国社会工作者职业水平考试) was first held in 2008.
FIRST_EXAM_YEAR = 2008


class Person(models.Model):
    resident_id = models.CharField(_("resident ID"), max_length=18, unique=True)
    name = models.CharField(_("name"), max_length=50)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        constraints = [
            # The action checks GB 11643 fully; the database at least refuses the wrong length.
            models.CheckConstraint(condition=Q(resident_id__regex=r"^[0-9]{17}[0-9X]$"), name="person_ric_shape"),
        ]

    def __str__(self) -> str:
        return self.name


class SocialWorker(models.Model):
    """A social worker (社工) employed by an organisation."""

    # A foreign key, not one-to-one: a record another organisation made up for the same resident
    # ID must not stop the real employer from recording its own.
    person = models.ForeignKey(Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="social_worker")
    employer = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("employer"),
        on_delete=models.PROTECT,
        related_name="social_workers",
    )
    name = models.CharField(_("name"), max_length=50)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    started_on = models.DateField(_("employed since"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("social worker")
        verbose_name_plural = _("social workers")
        constraints = [
            models.UniqueConstraint(fields=["person", "employer"], name="social_worker_once_per_employer"),
        ]
        indexes = [
            # social_workers_for(): one organisation's workers, newest first (cursor on id).
            models.Index(fields=["employer", "-id"], name="sw_employer_id"),
        ]

    def __str__(self) -> str:
        return self.name


class Certificate(models.Model):
    """A pass of the national social-work exam, and the reward the district paid for it."""

    class Level(models.TextChoices):
        ASSISTANT = "assistant", _("Assistant social worker (助理社会工作师)")
        SOCIAL_WORKER = "social_worker", _("Social worker (社会工作师)")
        SENIOR = "senior", _("Senior social worker (高级社会工作师)")

    social_worker = models.ForeignKey(
        SocialWorker, verbose_name=_("social worker"), on_delete=models.PROTECT, related_name="certificates"
    )
    level = models.CharField(_("level"), max_length=16, choices=Level.choices)
    number = models.CharField(_("certificate number"), max_length=40, unique=True)
    year_passed = models.PositiveSmallIntegerField(_("year passed"))
    reward_amount = models.DecimalField(_("reward (yuan)"), max_digits=14, decimal_places=2, null=True, blank=True)
    reward_paid_on = models.DateField(_("reward paid on"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        constraints = [
            models.CheckConstraint(condition=Q(year_passed__gte=FIRST_EXAM_YEAR), name="cert_year_after_first_exam"),
            models.CheckConstraint(
                condition=Q(reward_amount__isnull=True) | Q(reward_amount__gt=0), name="cert_reward_positive"
            ),
            models.CheckConstraint(
                condition=Q(reward_paid_on__isnull=True) | Q(reward_amount__isnull=False),
                name="cert_paid_reward_has_amount",
            ),
        ]
        indexes = [
            # certified_social_worker_count(): certificates of a worker passed by a year.
            models.Index(fields=["social_worker", "year_passed"], name="cert_worker_year"),
        ]

    def __str__(self) -> str:
        return self.number


class TrainingSession(models.Model):
    class Kind(models.TextChoices):
        BASIC = "basic", _("basic")
        UNIVERSITY = "university", _("university")
        PRACTICAL = "practical", _("practical")

    topic = models.CharField(_("topic"), max_length=200)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    held_on = models.DateField(_("date"))
    hours = models.DecimalField(_("hours"), max_digits=5, decimal_places=1)
    provider = models.CharField(_("provider"), max_length=200)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True, blank=True, on_delete=models.PROTECT
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("training session")
        verbose_name_plural = _("training sessions")
        constraints = [
            models.CheckConstraint(condition=Q(hours__gt=0) & Q(hours__lte=200), name="training_hours_sane"),
        ]
        indexes = [
            # training_sessions_public(?year=): sessions of a year, by date.
            models.Index(fields=["held_on"], name="training_held_on"),
        ]

    def __str__(self) -> str:
        return f"{self.held_on} {self.topic}"


class Attendance(models.Model):
    person = models.ForeignKey(Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="attendances")
    session = models.ForeignKey(
        TrainingSession, verbose_name=_("training session"), on_delete=models.PROTECT, related_name="attendances"
    )
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendances")
        constraints = [
            models.UniqueConstraint(fields=["session", "person"], name="attendance_once_per_session"),
        ]
        indexes = [
            # a social worker's page: the sessions the person attended.
            models.Index(fields=["person", "session"], name="attendance_person"),
        ]

    def __str__(self) -> str:
        return f"{self.person_id} @ {self.session_id}"


class Employment(models.Model):
    """One stretch of a community coordinator's (社区综合服务协管员) employment.

    A move is never an overwrite: the current record gets its end date and a new record starts,
    pointing at the one it follows, so "who moved from where to where" is one SQL aggregate.
    """

    person = models.ForeignKey(Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="employments")
    community = models.ForeignKey(
        "accounts.Community",
        verbose_name=_("community"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="coordinator_employments",
    )
    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="coordinator_employments",
    )
    name = models.CharField(_("name"), max_length=50)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    started_on = models.DateField(_("start date"))
    ended_on = models.DateField(_("end date"), null=True, blank=True)
    previous = models.OneToOneField(
        "self",
        verbose_name=_("previous employment"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="next",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("employment")
        verbose_name_plural = _("employments")
        constraints = [
            models.CheckConstraint(
                condition=(Q(community__isnull=False) & Q(organization__isnull=True))
                | (Q(community__isnull=True) & Q(organization__isnull=False)),
                name="employment_exactly_one_employer",
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                name="employment_ends_after_start",
            ),
            models.UniqueConstraint(
                fields=["person"], condition=Q(ended_on__isnull=True), name="employment_one_current"
            ),
        ]
        indexes = [
            # coordinator_moves(): moves into organisations, grouped by the year they started.
            models.Index(fields=["started_on"], name="employment_started_on"),
        ]

    def __str__(self) -> str:
        return f"{self.name} · {self.community or self.organization}"


class Branch(models.Model):
    """A branch (分社) of an organisation, e.g. 睦林长者互助社 南桥分社."""

    organization = models.ForeignKey(
        "organizations.Organization", verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="branches"
    )
    name = models.CharField(_("name"), max_length=100)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("branch")
        verbose_name_plural = _("branches")
        constraints = [models.UniqueConstraint(fields=["organization", "name"], name="branch_unique_name")]

    def __str__(self) -> str:
        return self.name


def new_card_token() -> str:
    return secrets.token_urlsafe(16)


class Volunteer(models.Model):
    """A volunteer of an organisation (or one of its branches), with a public card."""

    person = models.ForeignKey(Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="volunteering")
    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="volunteers",
    )
    branch = models.ForeignKey(
        Branch, verbose_name=_("branch"), null=True, blank=True, on_delete=models.PROTECT, related_name="volunteers"
    )
    # The card's address: unguessable, so the list of volunteers cannot be walked by id.
    card_token = models.CharField(_("card token"), max_length=32, unique=True, default=new_card_token, editable=False)
    name = models.CharField(_("name"), max_length=50)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    photo = models.FileField(_("photo"), upload_to="volunteers/%Y/", blank=True)
    joined_on = models.DateField(_("joined on"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("volunteer")
        verbose_name_plural = _("volunteers")
        constraints = [
            models.UniqueConstraint(fields=["organization", "person"], name="volunteer_once_per_organization"),
        ]
        indexes = [
            # volunteers_for(): one organisation's volunteers, newest first (cursor on id).
            models.Index(fields=["organization", "-id"], name="volunteer_org_id"),
        ]

    def __str__(self) -> str:
        return self.name
