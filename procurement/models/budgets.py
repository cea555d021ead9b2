"""Budget lines and the commitments made on them."""

from decimal import Decimal

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
