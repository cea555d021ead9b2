"""Admission standards (准入标准): is an organisation qualified to undertake purchased services?

`qualification_check(organization, on=...)` is the one function: the qualification API calls
it, and procurement calls it at bid time and again at contract review. It reads the rules the
district admin set (`AdmissionStandard`) and answers with every rule's result and reason.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.utils import timezone
from django.utils.translation import gettext as _

from .actions.standing import last_due_report_year
from .models import AdmissionStandard, AnnualReport, Organization, Violation
from .queries.people import certified_social_worker_count
from .queries.registration import admission_standard_current


@dataclass(frozen=True)
class RuleResult:
    rule: str  # a stable key: registered, months_registered, annual_report, social_workers, ...
    label: str
    passed: bool
    reason: str


@dataclass(frozen=True)
class Qualification:
    organization_id: int
    on: date
    qualified: bool
    results: list[RuleResult] = field(default_factory=list)

    @property
    def failed(self) -> list[RuleResult]:
        return [r for r in self.results if not r.passed]


def _months_between(start: date, end: date) -> int:
    months = (end.year - start.year) * 12 + end.month - start.month
    return months - (end.day < start.day)


def _years_before(on: date, years: int) -> date:
    try:
        return on.replace(year=on.year - years)
    except ValueError:  # 29 February
        return on.replace(year=on.year - years, day=28)


def qualification_check(
    organization: Organization, *, on: date | None = None, standard: AdmissionStandard | None = None
) -> Qualification:
    """Check `organization` against the admission standards as of `on` (default: today)."""
    on = on or timezone.localdate()
    standard = standard or admission_standard_current()
    org = organization
    results: list[RuleResult] = []

    registered = org.status == Organization.Status.REGISTERED and org.registered_on is not None
    results.append(
        RuleResult(
            "registered",
            _("Registered and in good standing"),
            registered,
            _("Registered on %(date)s.") % {"date": org.registered_on}
            if registered
            else _("The organisation is %(status)s, not registered.") % {"status": org.get_status_display()},
        )
    )

    need = standard.min_months_registered
    months = _months_between(org.registered_on, on) if org.registered_on else 0
    results.append(
        RuleResult(
            "months_registered",
            _("Registered for at least %(n)d months") % {"n": need},
            bool(org.registered_on) and months >= need,
            _("Registered for %(months)d months.") % {"months": months}
            if org.registered_on
            else _("Not registered yet."),
        )
    )

    if standard.require_annual_report:
        year = last_due_report_year(on)
        if org.registered_on and org.registered_on.year > year:
            passed, reason = True, _("No annual report was due yet.")
        else:
            filed = AnnualReport.objects.filter(
                organization=org, year=year, status=AnnualReport.Status.SUBMITTED, submitted_at__date__lte=on
            ).exists()
            passed = filed
            reason = (
                _("The annual report for %(year)d is filed.") % {"year": year}
                if filed
                else _("The annual report for %(year)d is not filed.") % {"year": year}
            )
        results.append(RuleResult("annual_report", _("Last annual report filed"), passed, reason))

    need = standard.min_certified_social_workers
    if need:
        count = certified_social_worker_count(org, on=on)
        results.append(
            RuleResult(
                "social_workers",
                _("At least %(n)d certified social workers") % {"n": need},
                count >= need,
                _("%(count)d certified social workers.") % {"count": count},
            )
        )

    years = standard.violation_lookback_years
    if years:
        since = _years_before(on, years)
        recent = Violation.objects.filter(organization=org, date__gt=since, date__lte=on).order_by("-date").first()
        results.append(
            RuleResult(
                "violations",
                _("No violation or default in the last %(n)d years") % {"n": years},
                recent is None,
                _("None recorded since %(date)s.") % {"date": since}
                if recent is None
                else _("%(kind)s on %(date)s.") % {"kind": recent.get_kind_display(), "date": recent.date},
            )
        )

    threshold = standard.min_performance_score
    if threshold is not None:
        score = org.performance_score
        # A newcomer without a score passes: otherwise no organisation could win its first contract.
        results.append(
            RuleResult(
                "performance_score",
                _("Performance score at least %(n)s") % {"n": threshold},
                score is None or score >= threshold,
                _("Not evaluated yet.") if score is None else _("Score %(score)s.") % {"score": score},
            )
        )

    return Qualification(organization_id=org.pk, on=on, qualified=all(r.passed for r in results), results=results)
