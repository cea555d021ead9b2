"""The admission standards (准入标准) the district admin sets, and the score that feeds one rule."""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from accounts.access import require_district_admin
from core.audit import audit_record
from core.errors import DomainError
from core.public_cache import ORGANIZATIONS, public_changed

from ..models import AdmissionStandard, Organization

STANDARD_FIELDS = (
    "min_months_registered",
    "require_annual_report",
    "min_certified_social_workers",
    "violation_lookback_years",
    "min_performance_score",
)


def _score_problem(score) -> str | None:
    if score is not None and not Decimal("0") <= score <= Decimal("100"):
        return _("A score is between 0 and 100.")
    return None


@transaction.atomic
def admission_standard_update(*, actor, values: dict) -> AdmissionStandard:
    """Change some of the rules; those not given stay."""
    require_district_admin(actor)
    if problem := _score_problem(values.get("min_performance_score")):
        raise DomainError(problem, fields={"min_performance_score": problem})
    if values.get("min_months_registered", 0) > 600:
        raise DomainError(_("At most 600 months."), fields={"min_months_registered": _("At most 600 months.")})
    if "violation_lookback_years" in values and not 0 <= values["violation_lookback_years"] <= 10:
        raise DomainError(
            _("Between 0 and 10 years."), fields={"violation_lookback_years": _("Between 0 and 10 years.")}
        )
    standard, _created = AdmissionStandard.objects.select_for_update().get_or_create(id=1)
    before = {f: str(getattr(standard, f)) for f in STANDARD_FIELDS}
    for field in STANDARD_FIELDS:
        if field in values:
            setattr(standard, field, values[field])
    standard.updated_by = actor
    standard.save()
    after = {f: str(getattr(standard, f)) for f in STANDARD_FIELDS}
    audit_record(
        actor=actor,
        obj=standard,
        action="admission_standard.update",
        data={"before": before, "after": after},
    )
    return standard


@transaction.atomic
def organization_score_set(*, actor, organization: Organization, score: Decimal | None) -> Organization:
    """Record a performance score by hand until procurement's evaluation feeds it."""
    require_district_admin(actor)
    if problem := _score_problem(score):
        raise DomainError(problem, fields={"performance_score": problem})
    org = Organization.objects.select_for_update().get(pk=organization.pk)
    before = org.performance_score
    org.performance_score = score
    org.save(update_fields=["performance_score", "updated_at"])
    public_changed(ORGANIZATIONS)  # the organisations list shows the score
    audit_record(actor=actor, obj=org, action="organization.score_set", data={"before": before, "after": score})
    return org


@transaction.atomic
def organization_score_record(*, organization: Organization, score: Decimal, data: dict | None = None) -> Organization:
    """The portal records the performance score that procurement's evaluations (绩效评价) compute:
    the mean of the organisation's evaluated contracts. No user sets it: it follows the evidence."""
    if problem := _score_problem(score):
        raise DomainError(problem, fields={"performance_score": problem})
    org = Organization.objects.select_for_update().get(pk=organization.pk)
    before = org.performance_score
    org.performance_score = score
    org.save(update_fields=["performance_score", "updated_at"])
    public_changed(ORGANIZATIONS)  # the organisations list shows the score
    audit_record(
        actor=None, obj=org, action="organization.score_record", data={"before": before, "after": score, **(data or {})}
    )
    return org
