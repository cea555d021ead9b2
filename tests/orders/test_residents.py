"""Residents sign up with their mobile number and community, and their community verifies them
(or registers them in person)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from accounts.models import Role, RoleAssignment, User
from core.errors import Conflict, DomainError, NotAllowed
from core.models import AuditRecord
from orders.actions.residents import (
    phone_normalise,
    resident_application_reject,
    resident_application_verify,
    resident_apply,
    resident_register_in_person,
)
from orders.models import ResidentApplication
from orders.queries.residents import verified_community
from tests.orders.residents_support import applicant

A = ResidentApplication.Status


@pytest.mark.parametrize(
    ("raw", "normalised"),
    [
        ("13812345678", "13812345678"),
        ("138 1234 5678", "13812345678"),
        ("+86 138-1234-5678", "13812345678"),
        ("008613812345678", "13812345678"),
        ("12812345678", None),  # no operator range starts 12
        ("1381234567", None),  # ten digits
        ("028-85551234", None),  # a landline
        ("", None),
    ],
)
def test_a_mainland_mobile_number_is_recognised_in_the_ways_people_write_it(raw, normalised):
    assert phone_normalise(raw) == normalised


def test_a_newcomer_signs_up_with_phone_and_community_and_waits_for_the_community(client, nanqiao, community_officer):
    response = client.post(
        reverse("orders:resident-signup"),
        {
            "name": "李秀兰",
            "phone": "138 8000 1234",
            "street": nanqiao.street_id,
            "community": nanqiao.pk,
            "password": "Lantern-7421x",
            "password2": "Lantern-7421x",
        },
    )
    assert response.status_code == 302
    user = User.objects.get(username="13880001234")
    application = ResidentApplication.objects.get(user=user)
    assert (application.status, application.community, application.phone) == (A.PENDING, nanqiao, "13880001234")
    assert not RoleAssignment.objects.filter(user=user, role=Role.RESIDENT).exists()
    assert verified_community(user) is None
    # Signed in at once: they can browse, and the page says they wait for the community.
    page = client.get(reverse("orders:resident-signup")).content.decode()
    assert "等待社区确认" in page
    assert AuditRecord.objects.filter(action="resident_application.submit", object_id=str(application.pk)).exists()


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"phone": "12345"}, "phone", "请填写11位大陆手机号码"),
        ({"name": ""}, "name", "该字段是必填项"),
        ({"password2": "different-1"}, "password2", "两次输入的密码不一致"),
        ({"password": "123", "password2": "123"}, "phone", None),
    ],
)
def test_bad_sign_up_input_is_refused_in_chinese_beside_its_field_and_nothing_is_created(
    client, nanqiao, change, field, message
):
    data = {
        "name": "李秀兰",
        "phone": "13880001234",
        "street": nanqiao.street_id,
        "community": nanqiao.pk,
        "password": "Lantern-7421x",
        "password2": "Lantern-7421x",
        **change,
    }
    users, audits = User.objects.count(), AuditRecord.objects.count()
    response = client.post(reverse("orders:resident-signup"), data)
    assert response.status_code == 200
    form = response.context["form"]
    if message:
        assert any(message in e for e in form.errors[field]), form.errors
    else:
        assert form.errors  # a weak password: Django's validators answer, in Chinese
        assert "密码" in str(form.errors)
    assert User.objects.count() == users
    assert AuditRecord.objects.count() == audits
    assert not ResidentApplication.objects.exists()


def test_a_community_outside_the_chosen_street_is_refused(client, nanqiao, yulin_east):
    response = client.post(
        reverse("orders:resident-signup"),
        {
            "name": "李秀兰",
            "phone": "13880001234",
            "street": nanqiao.street_id,
            "community": yulin_east.pk,
            "password": "Lantern-7421x",
            "password2": "Lantern-7421x",
        },
    )
    assert "玉林东路社区不属于华兴街道" in str(response.context["form"].errors["community"])
    assert not User.objects.filter(username="13880001234").exists()


def test_a_phone_number_signs_up_once(nanqiao):
    applicant(nanqiao)
    with pytest.raises(DomainError) as caught:
        applicant(nanqiao, name="另一人")
    assert "phone" in caught.value.fields


def test_the_community_staff_confirm_and_the_resident_is_verified_into_that_community(nanqiao, community_officer):
    application = applicant(nanqiao)
    resident_application_verify(actor=community_officer, application=application)
    application.refresh_from_db()
    assert application.status == A.VERIFIED and application.decided_by == community_officer
    user = User.objects.get(pk=application.user_id)
    assert verified_community(user) == nanqiao
    assert AuditRecord.objects.filter(action="user.role_grant", object_id=str(user.pk)).exists()
    assert AuditRecord.objects.filter(action="resident_application.verify").exists()


def test_only_that_community_s_staff_may_verify(nanqiao, other_community_officer, street_officer, district_admin):
    application = applicant(nanqiao)
    for outsider in (other_community_officer, street_officer, district_admin, application.user):
        with pytest.raises(NotAllowed):
            resident_application_verify(actor=outsider, application=application)
    application.refresh_from_db()
    assert application.status == A.PENDING
    assert not RoleAssignment.objects.filter(user=application.user, role=Role.RESIDENT).exists()


def test_a_rejection_needs_a_reason_which_the_applicant_reads_and_they_may_apply_again(nanqiao, community_officer):
    application = applicant(nanqiao)
    with pytest.raises(DomainError) as caught:
        resident_application_reject(actor=community_officer, application=application, comment=" ")
    assert "comment" in caught.value.fields
    resident_application_reject(actor=community_officer, application=application, comment="本社区无此住址")
    application.refresh_from_db()
    assert (application.status, application.reject_reason) == (A.REJECTED, "本社区无此住址")
    with pytest.raises(Conflict):
        resident_application_verify(actor=community_officer, application=application)
    again = resident_apply(actor=application.user, community=nanqiao, name="李秀兰", phone="13880001234")
    assert again.status == A.PENDING


def test_one_waiting_application_at_a_time_and_none_for_a_verified_resident(nanqiao, sanhe, resident):
    application = applicant(nanqiao)
    with pytest.raises(Conflict):
        resident_apply(actor=application.user, community=sanhe, name="李秀兰", phone="13880001234")
    with pytest.raises(Conflict):
        resident_apply(actor=resident, community=sanhe, name="张阿姨", phone="13880005678")


def test_staff_register_an_elderly_resident_in_person_verified_at_once_without_a_password(
    page_as, nanqiao, community_officer
):
    client = page_as(community_officer)
    response = client.post(
        reverse("orders:resident-register"), {"name": "刘德明", "phone": "", "community": nanqiao.pk}
    )
    assert response.status_code == 302
    application = ResidentApplication.objects.get(name="刘德明")
    assert (application.status, application.in_person, application.registered_by) == (
        A.VERIFIED,
        True,
        community_officer,
    )
    assert not application.user.has_usable_password()
    assert verified_community(application.user) == nanqiao
    assert AuditRecord.objects.filter(action="resident_application.register").exists()


def test_only_community_staff_register_in_person_and_only_into_their_own_community(
    nanqiao, yulin_east, community_officer, street_officer, resident
):
    for outsider in (street_officer, resident):
        with pytest.raises(NotAllowed):
            resident_register_in_person(actor=outsider, community=nanqiao, name="刘德明")
    with pytest.raises(NotAllowed):
        resident_register_in_person(actor=community_officer, community=yulin_east, name="刘德明")
    assert not ResidentApplication.objects.exists()


def test_a_phone_already_signed_up_is_not_registered_twice(nanqiao, community_officer):
    applicant(nanqiao)
    with pytest.raises(DomainError) as caught:
        resident_register_in_person(actor=community_officer, community=nanqiao, name="李秀兰", phone="13880001234")
    assert "phone" in caught.value.fields


def test_the_overview_lists_the_residents_to_confirm_and_confirms_in_one_click(page_as, nanqiao, community_officer):
    application = applicant(nanqiao)
    client = page_as(community_officer)
    page = client.get(reverse("orders:community-overview")).content.decode()
    assert "李秀兰" in page and "待确认的居民" in page
    response = client.post(reverse("orders:application-verify", args=[application.pk]))
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == A.VERIFIED


def test_the_api_lists_applications_scoped_and_verifies(api_as, nanqiao, community_officer, other_community_officer):
    application = applicant(nanqiao)
    mine = api_as(community_officer).get(reverse("api:resident-application-list")).json()["results"]
    assert [a["id"] for a in mine] == [application.pk]
    assert mine[0]["allowed_actions"] == ["verify", "reject"]
    assert api_as(other_community_officer).get(reverse("api:resident-application-list")).json()["results"] == []
    own = api_as(application.user).get(reverse("api:resident-application-list")).json()["results"]
    assert [a["id"] for a in own] == [application.pk]
    response = api_as(other_community_officer).post(reverse("api:resident-application-verify", args=[application.pk]))
    assert response.status_code == 404
    response = api_as(community_officer).post(reverse("api:resident-application-verify", args=[application.pk]))
    assert response.status_code == 200 and response.json()["status"] == "verified"


def test_the_api_refuses_a_bad_phone_in_chinese_and_changes_nothing(api_as, stranger, nanqiao):
    response = api_as(stranger).post(
        reverse("api:resident-application-list"),
        {"name": "新人", "phone": "1234", "community": nanqiao.pk},
        format="json",
    )
    assert response.status_code == 400
    assert "11位" in response.json()["fields"]["phone"][0]
    assert not ResidentApplication.objects.exists()


def test_a_verified_resident_is_told_so_on_the_sign_up_page(page_as, resident):
    page = page_as(resident).get(reverse("orders:resident-signup")).content.decode()
    assert "您是南桥社区的认证居民" in page and "resident-signup-form" not in page
