"""Admission standards (准入标准): the rules, the one check function and its endpoint."""

from datetime import date, datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from core.errors import DomainError, NotAllowed
from organizations.actions.admission import admission_standard_update, organization_score_set
from organizations.actions.standing import ReportInput, annual_report_submit, last_due_report_year, violation_record
from organizations.models import AdmissionStandard, AnnualReport, Organization
from organizations.qualification import qualification_check
from tests.clock import SHANGHAI
from tests.factories import AnnualReportFactory
from tests.helpers import error_of
from tests.organizations.people_fixtures import make_social_worker

ON = date(2025, 9, 1)


@pytest.fixture
def seasoned(registered, applicant):
    """Registered in January 2023, 2024 report filed, two certified social workers, score 85."""
    Organization.objects.filter(pk=registered.pk).update(registered_on=date(2023, 1, 10))
    registered.refresh_from_db()
    AnnualReportFactory(
        organization=registered, year=2024, summary="x", submitted_at=datetime(2025, 3, 1, 10, tzinfo=SHANGHAI)
    )
    for _ in range(2):
        make_social_worker(registered, certified=True, year=2020)
    Organization.objects.filter(pk=registered.pk).update(performance_score=Decimal("85.00"))
    registered.refresh_from_db()
    return registered


def _results(q):
    return {r.rule: r.passed for r in q.results}


def test_a_seasoned_organisation_is_qualified_on_every_rule(seasoned):
    q = qualification_check(seasoned, on=ON)
    assert q.qualified, [(r.rule, r.reason) for r in q.failed]
    assert set(_results(q)) == {
        "registered",
        "months_registered",
        "annual_report",
        "social_workers",
        "violations",
        "performance_score",
    }


def test_a_new_organisation_fails_the_months_rule(seasoned):
    Organization.objects.filter(pk=seasoned.pk).update(registered_on=date(2025, 5, 1))
    seasoned.refresh_from_db()
    q = qualification_check(seasoned, on=ON)
    assert _results(q)["months_registered"] is False
    assert not q.qualified
    # ... but owes no annual report yet.
    assert _results(q)["annual_report"] is True


def test_a_missing_annual_report_fails(seasoned):
    AnnualReport.objects.filter(organization=seasoned).delete()
    q = qualification_check(seasoned, on=ON)
    assert _results(q)["annual_report"] is False
    reason = next(r.reason for r in q.results if r.rule == "annual_report")
    assert "2024" in reason


def test_too_few_certified_social_workers_fails(seasoned, district_admin):
    admission_standard_update(actor=district_admin, values={"min_certified_social_workers": 3})
    q = qualification_check(seasoned, on=ON)
    assert _results(q)["social_workers"] is False
    assert "2" in next(r.reason for r in q.results if r.rule == "social_workers")


def test_a_violation_within_three_years_fails_and_an_older_one_does_not(seasoned, district_admin):
    violation_record(
        actor=district_admin, organization=seasoned, on=date(2022, 8, 1), kind="violation", description="旧记录"
    )
    assert qualification_check(seasoned, on=ON).qualified
    violation_record(
        actor=district_admin, organization=seasoned, on=date(2024, 2, 1), kind="default", description="未履约"
    )
    q = qualification_check(seasoned, on=ON)
    assert _results(q)["violations"] is False


def test_a_low_score_fails_and_no_score_yet_passes(seasoned, district_admin):
    org = organization_score_set(actor=district_admin, organization=seasoned, score=Decimal("59.50"))
    assert _results(qualification_check(org, on=ON))["performance_score"] is False
    org = organization_score_set(actor=district_admin, organization=seasoned, score=None)
    assert _results(qualification_check(org, on=ON))["performance_score"] is True


def test_a_suspended_organisation_is_not_qualified(seasoned):
    Organization.objects.filter(pk=seasoned.pk).update(status="suspended")
    seasoned.refresh_from_db()
    assert _results(qualification_check(seasoned, on=ON))["registered"] is False


def test_rules_switched_off_are_not_checked(seasoned, district_admin):
    admission_standard_update(
        actor=district_admin,
        values={"require_annual_report": False, "min_certified_social_workers": 0, "min_performance_score": None},
    )
    AnnualReport.objects.filter(organization=seasoned).delete()
    q = qualification_check(seasoned, on=ON)
    assert set(_results(q)) == {"registered", "months_registered", "violations"}
    assert q.qualified


def test_only_the_bureau_sets_the_standards_and_bad_values_change_nothing(district_admin, org_officer):
    with pytest.raises(NotAllowed):
        admission_standard_update(actor=org_officer, values={"min_months_registered": 1})
    with pytest.raises(DomainError):
        admission_standard_update(actor=district_admin, values={"min_performance_score": Decimal("101")})
    assert not AdmissionStandard.objects.exists()


def test_the_endpoint_answers_each_rules_result_and_reason(api_as, seasoned, resident):
    url = reverse("api:organization-qualification", kwargs={"pk": seasoned.pk})
    body = api_as(resident).get(url + "?on=2025-09-01").json()
    assert body["qualified"] is True
    assert body["on"] == "2025-09-01"
    assert {r["rule"] for r in body["results"]} >= {"months_registered", "annual_report", "social_workers"}
    assert all(r["reason"] for r in body["results"])


def test_the_endpoint_names_the_failing_rule(api_as, seasoned):
    AnnualReport.objects.filter(organization=seasoned).delete()
    body = (
        api_as(None)
        .get(reverse("api:organization-qualification", kwargs={"pk": seasoned.pk}) + "?on=2025-09-01")
        .json()
    )
    assert body["qualified"] is False
    failing = [r for r in body["results"] if not r["passed"]]
    assert [r["rule"] for r in failing] == ["annual_report"]
    assert failing[0]["reason"] == "2024 年度工作报告未提交。"


def test_the_endpoint_refuses_a_bad_date(api_as, seasoned):
    response = api_as(None).get(reverse("api:organization-qualification", kwargs={"pk": seasoned.pk}) + "?on=x")
    assert response.status_code == 400
    assert "on" in error_of(response)["fields"]


def test_the_standards_api_reads_for_all_and_writes_for_the_bureau(api_as, district_admin, org_officer):
    url = reverse("api:admission-standard")
    assert api_as(None).get(url).json()["min_months_registered"] == 6
    assert api_as(org_officer).patch(url, {"min_months_registered": 1}, format="json").status_code == 403
    response = api_as(district_admin).patch(url, {"min_months_registered": 12}, format="json")
    assert response.status_code == 200
    assert AdmissionStandard.objects.get().min_months_registered == 12
    response = api_as(district_admin).patch(url, {"min_performance_score": "150"}, format="json")
    assert response.status_code == 400
    assert AdmissionStandard.objects.get().min_performance_score == Decimal("60.00")


def test_the_score_api_is_for_the_bureau(api_as, seasoned, district_admin, applicant):
    url = reverse("api:organization-score", kwargs={"pk": seasoned.pk})
    assert api_as(applicant).put(url, {"performance_score": "99"}, format="json").status_code == 403
    response = api_as(district_admin).put(url, {"performance_score": "91.5"}, format="json")
    assert response.status_code == 200
    assert response.json()["performance_score"] == "91.50"


def test_a_report_filed_through_the_action_counts_from_the_day_it_was_filed(seasoned, applicant):
    year = last_due_report_year(timezone.localdate())
    AnnualReport.objects.filter(organization=seasoned).delete()
    assert _results(qualification_check(seasoned))["annual_report"] is False
    annual_report_submit(actor=applicant, organization=seasoned, report=ReportInput(year=year, summary="总结"))
    assert _results(qualification_check(seasoned))["annual_report"] is True
