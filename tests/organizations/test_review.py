"""The bureau's review: approve (certificate number and credit code), return, reject."""

import pytest
from django.urls import reverse

from core.errors import Conflict, DomainError, NotAllowed
from core.models import AuditRecord
from organizations.actions.registration import (
    organization_approve,
    organization_reject,
    organization_return,
    organization_submit,
    organization_update,
)
from organizations.identifiers import uscc_is_valid
from organizations.models import Organization, RegistrationCounter
from organizations.states import ORGANIZATION
from tests.helpers import error_of
from tests.organizations.registration_helpers import apply, snapshot


def test_approval_registers_with_a_certificate_number_and_a_valid_credit_code(submitted, district_admin):
    org = organization_approve(actor=district_admin, organization=submitted)
    assert org.status == Organization.Status.REGISTERED
    assert uscc_is_valid(org.credit_code)
    assert org.credit_code.startswith("52510107")
    assert org.certificate_number.startswith("武民社证字第")
    assert org.registered_on is not None
    assert list(org.communities_served.all()) == [org.community]


def test_each_approval_takes_the_next_serial_and_codes_never_repeat(applicant, nanqiao, district_admin):
    orgs = [apply(applicant, nanqiao, submit=True, name=f"邻里社{i}") for i in range(3)]
    approved = [organization_approve(actor=district_admin, organization=o) for o in orgs]
    serials = [o.registration_serial for o in approved]
    assert serials == sorted(serials) and len(set(serials)) == 3
    assert len({o.credit_code for o in approved}) == 3
    assert len({o.certificate_number for o in approved}) == 3
    assert RegistrationCounter.objects.get(id=1).last_serial == serials[-1]


def test_a_serial_already_used_by_loaded_data_is_not_issued_again(submitted, district_admin, muling):
    Organization.objects.filter(pk=muling.pk).update(registration_serial=41)
    org = organization_approve(actor=district_admin, organization=submitted)
    assert org.registration_serial == 42


def test_approval_is_audited_and_the_applicant_told(
    submitted, district_admin, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        organization_approve(actor=district_admin, organization=submitted, comment="材料齐全")
    record = AuditRecord.objects.get(action="organization.approve", object_id=str(submitted.pk))
    assert (record.from_state, record.to_state, record.reason) == ("submitted", "registered", "材料齐全")
    assert submitted.notifications.filter(kind="registered").exists()
    assert len(mailoutbox) == 1


def test_only_the_bureau_approves(submitted, applicant, street_officer, org_officer):
    for user in (applicant, street_officer, org_officer):
        before = snapshot()
        with pytest.raises(NotAllowed):
            organization_approve(actor=user, organization=submitted)
        assert snapshot() == before


def test_a_draft_cannot_be_approved(draft, district_admin):
    before = snapshot()
    with pytest.raises(Conflict):
        organization_approve(actor=district_admin, organization=draft)
    assert snapshot() == before
    assert not RegistrationCounter.objects.exists()


def test_return_needs_a_comment_and_changes_nothing_without_one(submitted, district_admin):
    before = snapshot()
    with pytest.raises(DomainError) as info:
        organization_return(actor=district_admin, organization=submitted, comment="  ")
    assert "comment" in info.value.fields
    assert snapshot() == before
    submitted.refresh_from_db()
    assert submitted.status == "submitted"


def test_a_returned_application_is_corrected_and_resubmitted(submitted, district_admin, applicant):
    org = organization_return(actor=district_admin, organization=submitted, comment="请补充章程第三条")
    assert org.status == "returned"
    assert org.notifications.filter(kind="returned", comment="请补充章程第三条").exists()
    org = organization_update(actor=applicant, organization=org, fields={"articles": "章程（修订）"})
    org = organization_submit(actor=applicant, organization=org)
    assert org.status == "submitted"
    org = organization_approve(actor=district_admin, organization=org)
    assert org.status == "registered"


def test_reject_needs_a_reason_and_ends_the_application(submitted, district_admin, applicant):
    with pytest.raises(DomainError):
        organization_reject(actor=district_admin, organization=submitted, comment="")
    org = organization_reject(actor=district_admin, organization=submitted, comment="名称与业务范围不符")
    assert org.status == "rejected"
    assert org.status_reason == "名称与业务范围不符"
    with pytest.raises(Conflict):
        organization_submit(actor=applicant, organization=org)


def test_the_transition_table_is_the_only_way_through_the_lifecycle():
    pairs = {(source, t.target) for t in ORGANIZATION.transitions for source in t.sources}
    assert ("draft", "registered") not in pairs
    assert ("rejected", "submitted") not in pairs
    assert ("deregistered", "registered") not in pairs
    targets = {t.target for t in ORGANIZATION.transitions}
    assert targets == set(Organization.Status.values) - {"draft"}


def test_buttons_follow_the_table_and_the_role(submitted, district_admin, applicant):
    assert ORGANIZATION.allowed_actions(district_admin, submitted) == ["return", "approve", "reject"]
    assert ORGANIZATION.allowed_actions(applicant, submitted) == []


# --- The API --------------------------------------------------------------------------------
@pytest.mark.parametrize("step", ["approve", "return", "reject"])
def test_only_the_bureau_may_use_the_review_endpoints(step, api_as, submitted, applicant, street_officer):
    url = reverse(f"api:organization-{step}", kwargs={"pk": submitted.pk})
    before = snapshot()
    response = api_as(applicant).post(url, {"comment": "x"}, format="json")
    assert response.status_code == 403
    assert error_of(response)["code"] == "permission_denied"
    # Others do not even see a submitted application.
    assert api_as(street_officer).post(url, {"comment": "x"}, format="json").status_code == 404
    assert snapshot() == before


def test_the_approve_endpoint_answers_with_the_certificate(api_as, submitted, district_admin):
    response = api_as(district_admin).post(
        reverse("api:organization-approve", kwargs={"pk": submitted.pk}), {"comment": "同意"}, format="json"
    )
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "registered"
    assert uscc_is_valid(body["credit_code"])


def test_the_return_endpoint_refuses_an_empty_comment_and_changes_nothing(api_as, submitted, district_admin):
    before = snapshot()
    response = api_as(district_admin).post(
        reverse("api:organization-return", kwargs={"pk": submitted.pk}), {"comment": ""}, format="json"
    )
    assert response.status_code == 400
    assert error_of(response)["fields"]["comment"] == ["请告知申请人需要补正的内容。"]
    assert snapshot() == before


def test_approving_twice_is_a_conflict(api_as, registered, district_admin):
    response = api_as(district_admin).post(reverse("api:organization-approve", kwargs={"pk": registered.pk}))
    assert response.status_code == 409
    assert error_of(response)["code"] == "wrong_state"


# --- Pages ----------------------------------------------------------------------------------
def test_the_review_queue_lists_submitted_applications_for_the_bureau(page_as, submitted, district_admin):
    response = page_as(district_admin).get(reverse("organizations:review"))
    assert response.status_code == 200
    assert submitted.name in response.content.decode()


def test_the_bureau_approves_from_the_page(page_as, submitted, district_admin):
    response = page_as(district_admin).post(
        reverse("organizations:step", kwargs={"pk": submitted.pk, "action": "approve"}), {"comment": ""}
    )
    assert response.status_code == 302
    submitted.refresh_from_db()
    assert submitted.status == "registered"


def test_a_return_without_comment_from_the_page_shows_the_error_and_changes_nothing(page_as, submitted, district_admin):
    before = snapshot()
    client = page_as(district_admin)
    response = client.post(
        reverse("organizations:step", kwargs={"pk": submitted.pk, "action": "return"}), {"comment": ""}, follow=True
    )
    assert "请告知申请人需要补正的内容。" in response.content.decode()
    assert snapshot() == before


def test_the_certificate_page_shows_what_a_certificate_shows(page_as, registered, resident):
    html = page_as(None).get(reverse("organizations:certificate", kwargs={"pk": registered.pk})).content.decode()
    for text in (registered.name, registered.certificate_number, registered.credit_code, "黄素芬", "为老"):
        assert text in html


def test_there_is_no_certificate_before_registration(page_as, submitted, applicant):
    assert page_as(applicant).get(reverse("organizations:certificate", kwargs={"pk": submitted.pk})).status_code == 404
