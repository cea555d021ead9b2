from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

GENESIS_HASH = "0" * 64


class AuditRecord(models.Model):
    """One state change, append-only, chained to the one before by `prev_hash`.

    The fields that go into the hash are copies (actor name, object repr) so that the record
    reads the same after the objects it names have changed.
    """

    seq = models.PositiveBigIntegerField(_("sequence"), unique=True)
    created_at = models.DateTimeField(_("time"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        null=True,
        blank=True,
        # Users are deactivated, never deleted: deleting one would rewrite its audit trail.
        on_delete=models.PROTECT,
        related_name="+",
    )
    actor_name = models.CharField(_("actor name"), max_length=150, blank=True)
    action = models.CharField(_("action"), max_length=64)
    object_type = models.CharField(_("object type"), max_length=100)
    object_id = models.CharField(_("object id"), max_length=64)
    object_repr = models.CharField(_("object"), max_length=200, blank=True)
    from_state = models.CharField(_("from"), max_length=32, blank=True)
    to_state = models.CharField(_("to"), max_length=32, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    request_id = models.CharField(_("request id"), max_length=64, blank=True)
    data = models.JSONField(_("details"), default=dict, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    class Meta:
        verbose_name = _("audit record")
        verbose_name_plural = _("audit records")
        ordering = ["seq"]
        indexes = [
            # The history page: one object's records in order.
            models.Index(fields=["object_type", "object_id", "seq"], name="audit_object_idx"),
        ]

    def __str__(self) -> str:
        return f"#{self.seq} {self.action} {self.object_type}:{self.object_id}"


class AuditHead(models.Model):
    """The chain's tip, one row. Locking it serialises appends so the chain never forks."""

    seq = models.PositiveBigIntegerField(default=0)
    hash = models.CharField(max_length=64, default=GENESIS_HASH)

    class Meta:
        constraints = [models.CheckConstraint(condition=models.Q(id=1), name="audit_head_single_row")]

    def __str__(self) -> str:
        return f"audit head #{self.seq}"


class AuditCheckpoint(models.Model):
    """The chain's head as it stood once a day, published so that outsiders can keep a copy.

    Someone who saved a checkpoint can later ask `verify_audit --head SEQ:HASH` whether the
    chain up to it is still the one they saw: rewriting history would change that hash.
    """

    recorded_on = models.DateField(_("date"), unique=True)
    seq = models.PositiveBigIntegerField(_("record number"))
    hash = models.CharField(_("hash"), max_length=64)
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        verbose_name = _("audit checkpoint")
        verbose_name_plural = _("audit checkpoints")
        ordering = ["-recorded_on"]

    def __str__(self) -> str:
        return f"{self.recorded_on} #{self.seq}"


class Job(models.Model):
    """A unit of background work, recorded in the same transaction as the change that needs it.

    The broker only carries a nudge; this row is the truth. `core.tasks.sweep_pending_jobs`
    re-sends pending jobs whose message may have been lost.
    """

    class State(models.TextChoices):
        PENDING = "pending", _("pending")
        DONE = "done", _("done")
        FAILED = "failed", _("failed")

    task_name = models.CharField(_("task"), max_length=200)
    kwargs = models.JSONField(_("arguments"), default=dict)
    state = models.CharField(_("state"), max_length=16, choices=State.choices, default=State.PENDING)
    attempts = models.PositiveIntegerField(_("dispatches"), default=0)
    request_id = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    dispatched_at = models.DateTimeField(_("last dispatched"), null=True, blank=True)
    # Set when a worker starts the job and renewed while it runs: a heartbeat that stops means the
    # worker died, and the sweep re-sends the job within minutes instead of waiting for the broker.
    heartbeat_at = models.DateTimeField(_("last heartbeat"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)

    class Meta:
        verbose_name = _("background job")
        verbose_name_plural = _("background jobs")
        indexes = [
            # sweep_pending_jobs: pending jobs by last dispatch.
            models.Index(fields=["state", "dispatched_at"], name="job_sweep_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.task_name}#{self.pk} ({self.state})"
