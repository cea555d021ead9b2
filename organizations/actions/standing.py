"""Standing: annual reports, suspension and deregistration, incubation, violations."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.access import require_district_admin
from accounts.queries import scope_for
from core.audit import audit_record
from core.errors import Conflict, DomainError, NotAllowed
from core.public_cache import ORGANIZATIONS, public_changed
from core.text import DESCRIPTION_MAX, REASON_MAX, require_comment, require_text_within

from ..models import AnnualReport, Incubation, IncubationMilestone, Notification, Organization, Violation
from ..states import ANNUAL_REPORT, ORGANIZATION, REPORTING_STATES
from .lifecycle import notify, transition


def report_due_date(year: int) -> date:
    """The annual report for `year` is due on 31 May of the next year."""
    return date(year + 1, 5, 31)


def last_due_report_year(on: date) -> int:
    """The latest year whose report was due on or before `on`."""
    return on.year - 1 if on > report_due_date(on.year - 1) else on.year - 2


def _required_comment(actor, organization: Organization, action: str, comment: str) -> str:
    """The reason for a standing decision is required; outsiders are refused before it is read."""
    ORGANIZATION.check(actor, organization, action)
    return require_comment(comment, _("Give the reason."))


# --- Suspension and deregistration ----------------------------------------------------------
@transaction.atomic
def organization_suspend(*, actor, organization: Organization, comment: str) -> Organization:
    comment = _required_comment(actor, organization, "suspend", comment)
    org = transition(actor=actor, organization=organization, action="suspend", reason=comment, status_reason=comment)
    notify(org, Notification.Kind.SUSPENDED, comment=comment)
    return org


@transaction.atomic
def organization_reinstate(*, actor, organization: Organization, comment: str = "") -> Organization:
    comment = (comment or "").strip()
    require_text_within(comment=(comment, REASON_MAX))
    org = transition(actor=actor, organization=organization, action="reinstate", reason=comment, status_reason="")
    notify(org, Notification.Kind.REINSTATED, comment=comment)
    return org


@transaction.atomic
def organization_deregister(*, actor, organization: Organization, comment: str) -> Organization:
    comment = _required_comment(actor, organization, "deregister", comment)
    org = transition(actor=actor, organization=organization, action="deregister", reason=comment, status_reason=comment)
    notify(org, Notification.Kind.DEREGISTERED, comment=comment)
    return org


# --- Annual reports -------------------------------------------------------------------------
@dataclass(frozen=True)
class ReportInput:
    year: int
    summary: str
    activities_count: int = 0
    income: Decimal | None = None
    expenditure: Decimal | None = None


@transaction.atomic
def annual_report_submit(*, actor, organization: Organization, report: ReportInput) -> AnnualReport:
    """File the annual work report (年度工作报告) for a year that has ended; late is allowed."""
    org = Organization.objects.select_for_update().get(pk=organization.pk)
    # Who may file is the table's to say, before anything about the report itself.
    ANNUAL_REPORT.check_party(actor, AnnualReport(organization=org), "submit")
    if org.status not in REPORTING_STATES:
        raise Conflict(_("Only a registered organisation files annual reports."))
    today = timezone.localdate()
    first_year = org.registered_on.year if org.registered_on else today.year
    if not first_year <= report.year < today.year:
        raise DomainError(
            _("Choose a year between %(first)d and %(last)d.") % {"first": first_year, "last": today.year - 1},
            fields={
                "year": _("Choose a year between %(first)d and %(last)d.")
                % {"first": first_year, "last": today.year - 1}
            },
        )
    if not report.summary.strip():
        raise DomainError(_("Summarise the year's work."), fields={"summary": _("Summarise the year's work.")})
    require_text_within(summary=(report.summary.strip(), DESCRIPTION_MAX))
    for field in ("income", "expenditure"):
        value = getattr(report, field)
        if value is not None and value < 0:
            raise DomainError(_("Amounts cannot be negative."), fields={field: _("Amounts cannot be negative.")})
    existing = AnnualReport.objects.filter(organization=org, year=report.year).first()
    if existing and existing.status == AnnualReport.Status.SUBMITTED:
        raise Conflict(
            _("The report for %(year)d has already been filed.") % {"year": report.year},
            fields={"year": _("The report for %(year)d has already been filed.") % {"year": report.year}},
        )
    content = {
        "summary": report.summary.strip(),
        "activities_count": report.activities_count,
        "income": report.income,
        "expenditure": report.expenditure,
        "submitted_at": timezone.now(),
        "submitted_by": actor,
        "is_late": today > report_due_date(report.year),
    }
    audit_data = {"year": report.year, "late": content["is_late"]}
    if existing is not None:
        # An overdue report arrives late.
        return ANNUAL_REPORT.move(actor=actor, obj=existing, action="submit", data=audit_data, **content)
    row = AnnualReport(organization=org, year=report.year, **content)
    ANNUAL_REPORT.check_create(actor, row, "submit")
    row.status = AnnualReport.Status.SUBMITTED
    row.save()
    ANNUAL_REPORT.record_creation(actor=actor, obj=row, action="submit", data=audit_data)
    return row


def _organizations_owing(year: int):
    """Organisations registered by the end of `year`, still reporting, with no report filed."""
    # Exists(), not exclude() across the relation: exclude() may match year and status on
    # two different reports.
    filed = AnnualReport.objects.filter(organization=OuterRef("pk"), year=year, status=AnnualReport.Status.SUBMITTED)
    return (
        Organization.objects.filter(status__in=REPORTING_STATES, registered_on__year__lte=year)
        .filter(~Exists(filed))
        .order_by("pk")
    )


@transaction.atomic
def annual_reports_mark_overdue(*, today: date | None = None) -> int:
    """After 31 May, mark the previous year's missing reports overdue. Running it again marks
    nothing twice. Returns how many organisations were newly marked."""
    today = today or timezone.localdate()
    year = last_due_report_year(today)
    marked = AnnualReport.objects.filter(organization=OuterRef("pk"), year=year)
    owing = list(_organizations_owing(year).filter(~Exists(marked)))
    if not owing:
        return 0
    for org in owing:
        ANNUAL_REPORT.check_create(None, AnnualReport(organization=org), "mark_overdue")
    AnnualReport.objects.bulk_create(
        [AnnualReport(organization=org, year=year, status=AnnualReport.Status.OVERDUE) for org in owing],
        ignore_conflicts=True,
    )
    for report in AnnualReport.objects.filter(organization__in=owing, year=year, status=AnnualReport.Status.OVERDUE):
        ANNUAL_REPORT.record_creation(actor=None, obj=report, action="mark_overdue", data={"year": year})
    for org in owing:
        notify(org, Notification.Kind.REPORT_OVERDUE, dedupe_key=f"report-overdue-{year}")
    return len(owing)


@transaction.atomic
def annual_report_reminders_send(*, today: date | None = None) -> int:
    """In May, remind every organisation that has not filed last year's report. At most one
    reminder per organisation per day, however often it runs. Returns reminders recorded."""
    today = today or timezone.localdate()
    if today.month != 5:
        return 0
    year = today.year - 1
    sent = 0
    for org in _organizations_owing(year):
        sent += notify(org, Notification.Kind.REPORT_REMINDER, dedupe_key=f"report-reminder-{today}") is not None
    return sent


# --- Incubation -----------------------------------------------------------------------------
@dataclass(frozen=True)
class MilestoneInput:
    title: str
    due_date: date


@transaction.atomic
def incubation_record(
    *,
    actor,
    incubator: Organization,
    incubatee: Organization,
    start: date,
    end: date,
    note: str = "",
    milestones: list[MilestoneInput] = (),
) -> Incubation:
    """Record that `incubator` incubates (孵化) `incubatee` from `start` to `end`."""
    require_district_admin(actor)
    if incubator.pk == incubatee.pk:
        raise DomainError(
            _("An organisation cannot incubate itself."),
            fields={"incubatee": _("An organisation cannot incubate itself.")},
        )
    if end < start:
        raise DomainError(
            _("The period ends before it starts."), fields={"end": _("The period ends before it starts.")}
        )
    for m in milestones:
        if not m.title.strip():
            raise DomainError(_("Name every milestone."), fields={"milestones": _("Name every milestone.")})
    try:
        with transaction.atomic():
            incubation = Incubation.objects.create(
                incubator=incubator, incubatee=incubatee, start=start, end=end, note=note.strip()
            )
    except IntegrityError as exc:
        raise Conflict(_("This incubation is already recorded.")) from exc
    IncubationMilestone.objects.bulk_create(
        [IncubationMilestone(incubation=incubation, title=m.title.strip(), due_date=m.due_date) for m in milestones]
    )
    public_changed(ORGANIZATIONS)  # the directory marks and filters incubated organisations
    audit_record(
        actor=actor,
        obj=incubatee,
        action="organization.incubation_record",
        data={"incubator": incubator.pk, "start": start, "end": end, "milestones": len(milestones)},
    )
    return incubation


@transaction.atomic
def milestone_complete(*, actor, milestone: IncubationMilestone, done_date: date) -> IncubationMilestone:
    """Mark a milestone done: the bureau or the incubator's staff."""
    milestone = IncubationMilestone.objects.select_for_update().select_related("incubation").get(pk=milestone.pk)
    scope = scope_for(actor)
    if not (scope.is_district_admin or milestone.incubation.incubator_id in scope.organization_ids):
        raise NotAllowed(_("Only the bureau or the incubating organisation may do this."))
    if milestone.done_date is not None:
        raise Conflict(_("This milestone is already done."))
    if done_date > timezone.localdate():
        raise DomainError(_("The date is in the future."), fields={"done_date": _("The date is in the future.")})
    milestone.done_date = done_date
    milestone.save(update_fields=["done_date"])
    audit_record(
        actor=actor,
        obj=milestone.incubation.incubatee,
        action="organization.milestone_complete",
        data={"milestone": milestone.title, "done": done_date},
    )
    return milestone


# --- Violations -----------------------------------------------------------------------------
@transaction.atomic
def violation_record(*, actor, organization: Organization, on: date, kind: str, description: str) -> Violation:
    require_district_admin(actor)
    if kind not in Violation.Kind.values:
        raise DomainError(_("Choose the kind of record."), fields={"kind": _("Choose the kind of record.")})
    if on > timezone.localdate():
        raise DomainError(_("The date is in the future."), fields={"date": _("The date is in the future.")})
    if not description.strip():
        raise DomainError(_("Describe what happened."), fields={"description": _("Describe what happened.")})
    require_text_within(description=(description.strip(), REASON_MAX))
    violation = Violation.objects.create(
        organization=organization, date=on, kind=kind, description=description.strip(), recorded_by=actor
    )
    audit_record(actor=actor, obj=organization, action="organization.violation_record", data={"date": on, "kind": kind})
    return violation


# --- Communities served (the resident service centres that list the organisation) -----------
@transaction.atomic
def organization_communities_set(*, actor, organization: Organization, communities: list) -> Organization:
    """Say which communities a registered organisation serves: its staff or the bureau."""
    org = Organization.objects.select_for_update().get(pk=organization.pk)
    scope = scope_for(actor)
    if not (scope.is_district_admin or org.pk in scope.organization_ids):
        raise NotAllowed(_("Only the organisation's own staff may do this."))
    if org.status != Organization.Status.REGISTERED:
        raise Conflict(_("Only a registered organisation serves communities."))
    if not communities:
        raise DomainError(
            _("Choose at least one community."), fields={"communities": _("Choose at least one community.")}
        )
    if any(not c.is_active for c in communities):
        raise DomainError(
            _("Choose communities on record."), fields={"communities": _("Choose communities on record.")}
        )
    before = sorted(org.communities_served.values_list("pk", flat=True))
    org.communities_served.set(communities)
    public_changed(ORGANIZATIONS)  # the directory filters by community served
    audit_record(
        actor=actor,
        obj=org,
        action="organization.communities_set",
        data={"before": before, "after": sorted(c.pk for c in communities)},
    )
    return org
