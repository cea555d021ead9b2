"""Standing: annual reports and their reminders, suspension, deregistration, incubation,
violations."""

from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from core.errors import Conflict, DomainError, NotAllowed
from core.models import AuditRecord
from organizations.actions.standing import (
    MilestoneInput,
    ReportInput,
    annual_report_reminders_send,
    annual_report_submit,
    annual_reports_mark_overdue,
    incubation_record,
    last_due_report_year,
    milestone_complete,
    organization_deregister,
    organization_reinstate,
    organization_suspend,
    violation_record,
)
from organizations.models import AnnualReport, Incubation, Notification, Organization
from tests.clock import SHANGHAI
from tests.factories import AnnualReportFactory
from tests.helpers import error_of
from tests.organizations.registration_helpers import snapshot
from wuhou_portal.celery import app as celery_app

LAST_YEAR = timezone.localdate().year - 1


@pytest.fixture
def veteran(registered):
    """A registered organisation that has been registered since early 2020."""
    Organization.objects.filter(pk=registered.pk).update(registered_on=date(2020, 1, 10))
    registered.refresh_from_db()
    return registered


def _report(year=LAST_YEAR, **kw):
    return ReportInput(year=year, summary=kw.pop("summary", "全年开展助老活动 48 次。"), **kw)


# --- Annual reports -------------------------------------------------------------------------
def test_the_report_for_a_year_is_due_on_31_may_of_the_next():
    assert last_due_report_year(date(2025, 5, 31)) == 2023
    assert last_due_report_year(date(2025, 6, 1)) == 2024


def test_the_staff_file_last_years_report(veteran, applicant):
    report = annual_report_submit(actor=applicant, organization=veteran, report=_report(activities_count=48))
    assert report.status == "submitted" and report.activities_count == 48
    assert AuditRecord.objects.filter(action="annual_report.submit").exists()


def test_only_the_staff_file_the_report(veteran, district_admin, rival_org_officer):
    for user in (district_admin, rival_org_officer):
        with pytest.raises(NotAllowed):
            annual_report_submit(actor=user, organization=veteran, report=_report())


@pytest.mark.parametrize(
    ("report", "field"),
    [
        (ReportInput(year=timezone.localdate().year, summary="x"), "year"),
        (ReportInput(year=2019, summary="x"), "year"),
        (ReportInput(year=LAST_YEAR, summary="  "), "summary"),
        (ReportInput(year=LAST_YEAR, summary="x", income=Decimal("-1")), "income"),
    ],
)
def test_it_refuses_a_bad_report_and_changes_nothing(veteran, applicant, report, field):
    before = snapshot()
    with pytest.raises(DomainError) as info:
        annual_report_submit(actor=applicant, organization=veteran, report=report)
    assert field in info.value.fields
    assert snapshot() == before


def test_a_report_is_filed_once(veteran, applicant):
    annual_report_submit(actor=applicant, organization=veteran, report=_report())
    before = snapshot()
    with pytest.raises(Conflict):
        annual_report_submit(actor=applicant, organization=veteran, report=_report())
    assert snapshot() == before


def test_missing_reports_are_marked_overdue_after_31_may_once(veteran, muling):
    assert annual_reports_mark_overdue(today=date(2025, 6, 1)) == 1  # muling carries no registration date
    assert AnnualReport.objects.get(organization=veteran, year=2024).status == "overdue"
    assert veteran.notifications.filter(kind="report_overdue").count() == 1
    before = snapshot()
    assert annual_reports_mark_overdue(today=date(2025, 6, 2)) == 0
    assert snapshot() == before


def test_nothing_is_overdue_before_the_first_report_is_due(registered):
    Organization.objects.filter(pk=registered.pk).update(registered_on=date(2025, 1, 10))
    assert annual_reports_mark_overdue(today=date(2025, 12, 31)) == 0
    assert annual_reports_mark_overdue(today=date(2026, 5, 31)) == 0
    assert annual_reports_mark_overdue(today=date(2026, 6, 1)) == 1


def test_a_filed_report_is_not_marked_overdue(veteran, applicant):
    annual_report_submit(actor=applicant, organization=veteran, report=_report())
    assert annual_reports_mark_overdue(today=date(LAST_YEAR + 1, 6, 1)) == 0


def test_an_overdue_report_filed_late_becomes_submitted_and_late(veteran, applicant, time_machine):
    time_machine.move_to(datetime(LAST_YEAR + 1, 7, 1, 10, tzinfo=SHANGHAI))
    annual_reports_mark_overdue(today=date(LAST_YEAR + 1, 6, 1))
    report = annual_report_submit(actor=applicant, organization=veteran, report=_report())
    assert report.status == "submitted"
    assert report.is_late is True
    assert AnnualReport.objects.filter(organization=veteran).count() == 1


def test_a_report_filed_on_31_may_is_not_late(veteran, applicant, time_machine):
    time_machine.move_to(datetime(LAST_YEAR + 1, 5, 31, 23, 30, tzinfo=SHANGHAI))
    report = annual_report_submit(actor=applicant, organization=veteran, report=_report())
    assert report.status == "submitted"
    assert report.is_late is False


def test_reminders_go_out_in_may_only_and_once_a_day(veteran, mailoutbox, django_capture_on_commit_callbacks):
    assert annual_report_reminders_send(today=date(2025, 4, 30)) == 0
    with django_capture_on_commit_callbacks(execute=True):
        assert annual_report_reminders_send(today=date(2025, 5, 1)) == 1
    assert annual_report_reminders_send(today=date(2025, 5, 1)) == 0
    assert annual_report_reminders_send(today=date(2025, 5, 15)) == 1
    assert veteran.notifications.filter(kind="report_reminder").count() == 2
    assert len(mailoutbox) == 1


def test_the_beat_schedule_runs_the_reminders_and_the_overdue_sweep():
    tasks = {entry["task"] for entry in celery_app.conf.beat_schedule.values()}
    assert {"organizations.tasks.annual_report_reminders", "organizations.tasks.annual_reports_overdue"} <= tasks
    assert "organizations.tasks.annual_report_reminders" in celery_app.tasks


def test_the_overdue_task_runs_eagerly(veteran):
    from organizations.tasks import annual_reports_overdue

    assert annual_reports_overdue.delay().get() >= 0


def test_the_api_files_a_report_and_refuses_a_second(api_as, veteran, applicant):
    url = reverse("api:organization-annual-reports", kwargs={"pk": veteran.pk})
    response = api_as(applicant).post(url, {"year": LAST_YEAR, "summary": "总结"}, format="json")
    assert response.status_code == 201, response.content
    before = snapshot()
    response = api_as(applicant).post(url, {"year": LAST_YEAR, "summary": "总结"}, format="json")
    assert response.status_code == 409
    assert "year" in error_of(response)["fields"]
    assert snapshot() == before
    assert [r["year"] for r in api_as(applicant).get(url).json()] == [LAST_YEAR]


def test_the_report_page_files_the_report_and_shows_errors_beside_fields(page_as, veteran, applicant):
    url = reverse("organizations:annual-report", kwargs={"pk": veteran.pk})
    client = page_as(applicant)
    before = snapshot()
    response = client.post(url, {"year": LAST_YEAR, "summary": "", "activities_count": 0})
    assert 'data-field="summary"' in response.content.decode()
    assert snapshot() == before
    response = client.post(url, {"year": LAST_YEAR, "summary": "总结", "activities_count": 3})
    assert response.status_code == 302
    assert AnnualReport.objects.filter(organization=veteran, year=LAST_YEAR, status="submitted").exists()


# --- Suspension and deregistration ----------------------------------------------------------
def test_the_bureau_suspends_reinstates_and_deregisters_with_reasons(registered, district_admin):
    org = organization_suspend(actor=district_admin, organization=registered, comment="年度报告逾期")
    assert org.status == "suspended" and org.status_reason == "年度报告逾期"
    org = organization_reinstate(actor=district_admin, organization=org)
    assert org.status == "registered"
    org = organization_deregister(actor=district_admin, organization=org, comment="自行解散")
    assert org.status == "deregistered"
    actions = list(
        AuditRecord.objects.filter(object_id=str(org.pk), object_type="organizations.organization")
        .order_by("seq")
        .values_list("action", flat=True)
    )
    assert actions[-3:] == ["organization.suspend", "organization.reinstate", "organization.deregister"]
    assert set(org.notifications.values_list("kind", flat=True)) >= {"suspended", "reinstated", "deregistered"}


def test_suspension_needs_a_reason_and_the_bureau(registered, district_admin, applicant):
    before = snapshot()
    with pytest.raises(DomainError) as info:
        organization_suspend(actor=district_admin, organization=registered, comment="")
    assert "comment" in info.value.fields
    with pytest.raises(NotAllowed):
        organization_suspend(actor=applicant, organization=registered, comment="x")
    assert snapshot() == before


def test_a_deregistered_organisation_stays_deregistered(registered, district_admin):
    org = organization_deregister(actor=district_admin, organization=registered, comment="撤销")
    with pytest.raises(Conflict):
        organization_reinstate(actor=district_admin, organization=org)


def test_a_suspended_organisation_leaves_the_public_directory(api_as, registered, district_admin):
    organization_suspend(actor=district_admin, organization=registered, comment="x")
    url = reverse("api:organization-detail", kwargs={"pk": registered.pk})
    assert api_as(None).get(url).status_code == 404
    assert api_as(district_admin).get(url).status_code == 200


# --- Incubation -----------------------------------------------------------------------------
def test_the_bureau_records_an_incubation_with_milestones(muling, rival_org, district_admin, org_officer):
    inc = incubation_record(
        actor=district_admin,
        incubator=muling,
        incubatee=rival_org,
        start=date(2025, 3, 1),
        end=date(2026, 2, 28),
        milestones=[MilestoneInput("完成登记", date(2025, 6, 1)), MilestoneInput("独立承接项目", date(2026, 1, 1))],
    )
    assert inc.milestones.count() == 2
    first = inc.milestones.order_by("due_date").first()
    milestone_complete(actor=org_officer, milestone=first, done_date=date(2025, 5, 20))
    first.refresh_from_db()
    assert first.done_date == date(2025, 5, 20)


def test_it_refuses_a_bad_incubation_and_changes_nothing(muling, rival_org, district_admin, org_officer):
    before = Incubation.objects.count()
    with pytest.raises(DomainError):
        incubation_record(
            actor=district_admin, incubator=muling, incubatee=muling, start=date(2025, 1, 1), end=date(2025, 12, 31)
        )
    with pytest.raises(DomainError):
        incubation_record(
            actor=district_admin, incubator=muling, incubatee=rival_org, start=date(2025, 1, 1), end=date(2024, 12, 31)
        )
    with pytest.raises(NotAllowed):
        incubation_record(
            actor=org_officer, incubator=muling, incubatee=rival_org, start=date(2025, 1, 1), end=date(2025, 12, 31)
        )
    assert Incubation.objects.count() == before


def test_the_incubatee_cannot_tick_its_own_milestones(muling, rival_org, district_admin, rival_org_officer):
    inc = incubation_record(
        actor=district_admin,
        incubator=muling,
        incubatee=rival_org,
        start=date(2025, 1, 1),
        end=date(2025, 12, 31),
        milestones=[MilestoneInput("里程碑", date(2025, 6, 1))],
    )
    with pytest.raises(NotAllowed):
        milestone_complete(actor=rival_org_officer, milestone=inc.milestones.get(), done_date=date(2025, 5, 1))


def test_the_api_records_an_incubation_and_lists_it(api_as, muling, rival_org, district_admin, org_officer):
    payload = {
        "incubator": muling.pk,
        "incubatee": rival_org.pk,
        "start": "2025-03-01",
        "end": "2026-02-28",
        "milestones": [{"title": "完成登记", "due_date": "2025-06-01"}],
    }
    assert api_as(org_officer).post(reverse("api:incubation-list"), payload, format="json").status_code == 403
    response = api_as(district_admin).post(reverse("api:incubation-list"), payload, format="json")
    assert response.status_code == 201, response.content
    listed = api_as(None).get(reverse("api:incubation-list")).json()["results"]
    assert [i["incubatee_name"] for i in listed] == ["玉林青少年服务中心"]
    milestone_id = response.json()["milestones"][0]["id"]
    url = reverse("api:incubation-milestone-done", kwargs={"pk": milestone_id})
    assert api_as(org_officer).post(url, {"done_date": "2025-05-30"}, format="json").status_code == 200


# --- Violations -----------------------------------------------------------------------------
def test_the_bureau_records_a_violation(muling, district_admin):
    v = violation_record(
        actor=district_admin, organization=muling, on=date(2025, 1, 5), kind="default", description="未按合同提供服务"
    )
    assert v.recorded_by == district_admin


def test_it_refuses_a_bad_violation_record(api_as, muling, district_admin, org_officer):
    url = reverse("api:organization-violations", kwargs={"pk": muling.pk})
    payload = {"date": "2025-01-05", "kind": "default", "description": "未履约"}
    assert api_as(org_officer).post(url, payload, format="json").status_code == 403
    before = snapshot()
    future = (timezone.localdate() + timedelta(days=3)).isoformat()
    response = api_as(district_admin).post(url, {**payload, "date": future}, format="json")
    assert response.status_code == 400 and "date" in error_of(response)["fields"]
    response = api_as(district_admin).post(url, {**payload, "description": ""}, format="json")
    assert response.status_code == 400 and "description" in error_of(response)["fields"]
    assert snapshot() == before
    assert api_as(district_admin).post(url, payload, format="json").status_code == 201
    assert len(api_as(org_officer).get(url).json()) == 1


def test_notifications_are_not_duplicated_by_their_key(muling):
    from organizations.actions.lifecycle import notify

    assert notify(muling, Notification.Kind.REPORT_REMINDER, dedupe_key="k") is not None
    assert notify(muling, Notification.Kind.REPORT_REMINDER, dedupe_key="k") is None


def test_a_report_filed_for_another_year_does_not_hide_a_missing_one(veteran, applicant):
    # Filed for 2023, overdue for 2024: the reminder in May 2025 still goes out.
    AnnualReportFactory(organization=veteran, year=2023, summary="x")
    AnnualReportFactory(organization=veteran, year=2024, overdue=True)
    assert annual_report_reminders_send(today=date(2025, 5, 20)) == 1
