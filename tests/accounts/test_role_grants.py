"""Roles are granted and revoked through the actions, audited, from code and from the admin alike."""

import pytest

from accounts.access import require_district_admin
from accounts.actions import role_grant, role_revoke
from accounts.models import Role, RoleAssignment, User
from accounts.queries import first_holders, scope_for, users_holding
from core.errors import DomainError, NotAllowed
from core.models import AuditRecord
from organizations.models import StaffMembership
from tests.factories import UserFactory


def _fresh(user):
    return User.objects.get(pk=user.pk)


def test_revoking_a_role_takes_it_away_and_is_audited(district_admin, community_officer, nanqiao):
    assert role_revoke(actor=district_admin, user=community_officer, role=Role.COMMUNITY_STAFF, scope=nanqiao)
    assert not scope_for(_fresh(community_officer)).roles
    record = AuditRecord.objects.get(action="user.role_revoke")
    assert (record.actor, record.object_id, record.from_state) == (
        district_admin,
        str(community_officer.pk),
        Role.COMMUNITY_STAFF,
    )
    assert record.data == {"scope": "南桥社区"}


def test_revoking_a_role_the_user_does_not_hold_writes_nothing(district_admin, community_officer, sanhe):
    before = AuditRecord.objects.count()
    assert not role_revoke(actor=district_admin, user=community_officer, role=Role.COMMUNITY_STAFF, scope=sanhe)
    assert community_officer.role_assignments.count() == 1
    assert AuditRecord.objects.count() == before


def test_a_role_revoked_in_a_request_is_gone_for_the_rest_of_it(district_admin, community_officer, nanqiao):
    assert scope_for(community_officer).community_ids == {nanqiao.pk}
    role_revoke(actor=district_admin, user=community_officer, role=Role.COMMUNITY_STAFF, scope=nanqiao)
    assert scope_for(community_officer).community_ids == frozenset()


def test_organisation_staff_is_granted_and_revoked_with_the_organisation(district_admin, stranger, muling):
    role_grant(actor=district_admin, user=stranger, role=Role.ORGANIZATION_STAFF, scope=muling)
    assert StaffMembership.objects.filter(user=stranger, organization=muling).exists()
    assert not RoleAssignment.objects.filter(user=stranger).exists()
    scope = scope_for(_fresh(stranger))
    assert scope.organization_ids == {muling.pk} and scope.has(Role.ORGANIZATION_STAFF)

    assert role_revoke(actor=district_admin, user=stranger, role=Role.ORGANIZATION_STAFF, scope=muling)
    assert not scope_for(_fresh(stranger)).organization_ids
    actions = list(AuditRecord.objects.filter(object_id=str(stranger.pk)).values_list("action", flat=True))
    assert actions == ["user.role_grant", "user.role_revoke"]


def test_an_unknown_role_is_refused_in_chinese(district_admin, stranger):
    with pytest.raises(DomainError) as caught:
        role_grant(actor=district_admin, user=stranger, role="mayor")
    assert caught.value.message == "没有这个角色。"


def test_only_the_district_admin_passes_require_district_admin(district_admin, street_officer, stranger):
    require_district_admin(district_admin)
    for user in (street_officer, stranger):
        with pytest.raises(NotAllowed) as caught:
            require_district_admin(user)
        assert caught.value.message == "只有区民政局可以执行此操作。"


def test_users_holding_a_role_over_a_unit(community_officer, other_community_officer, org_officer, nanqiao, muling):
    colleague = UserFactory(username="nanqiao_2")
    role_grant(actor=None, user=colleague, role=Role.COMMUNITY_STAFF, scope=nanqiao)
    gone = UserFactory(username="nanqiao_gone", is_active=False)
    role_grant(actor=None, user=gone, role=Role.COMMUNITY_STAFF, scope=nanqiao)
    assert set(users_holding(Role.COMMUNITY_STAFF, nanqiao.pk)) == {community_officer, colleague}
    assert set(users_holding(Role.ORGANIZATION_STAFF, muling.pk)) == {org_officer}


def test_first_holders_answers_as_users_holding_for_several_roles_in_one_query(
    community_officer, street_officer, nanqiao, huaxing, muling, django_assert_num_queries
):
    gone = UserFactory(username="huaxing_gone", is_active=False)  # the street's only finance reviewer, inactive
    role_grant(actor=None, user=gone, role=Role.STREET_FINANCE, scope=huaxing)
    colleague = UserFactory(username="nanqiao_2")
    role_grant(actor=None, user=colleague, role=Role.COMMUNITY_STAFF, scope=nanqiao)
    legal = UserFactory(username="huaxing_legal")
    role_grant(actor=None, user=legal, role=Role.STREET_LEGAL, scope=huaxing)
    wanted = [
        (Role.COMMUNITY_STAFF, nanqiao.pk),
        (Role.STREET_LEGAL, huaxing.pk),
        (Role.STREET_STAFF, huaxing.pk),
        (Role.STREET_FINANCE, huaxing.pk),  # nobody active
        (Role.STREET_LEADER, huaxing.pk),  # nobody
    ]
    with django_assert_num_queries(1):
        first = first_holders(wanted)
    expected = {pair: user.pk for pair in wanted if (user := users_holding(*pair).order_by("pk").first()) is not None}
    assert first == expected
    assert first == {wanted[0]: community_officer.pk, wanted[1]: legal.pk, wanted[2]: street_officer.pk}
    with pytest.raises(ValueError):  # held through the organisations' role source
        first_holders([(Role.ORGANIZATION_STAFF, muling.pk)])


def test_me_lists_the_organisations_a_user_acts_for(api_as, org_officer, muling):
    roles = api_as(org_officer).get("/api/v1/me/").json()["roles"]
    assert roles == [
        {
            "role": "organization_staff",
            "role_display": "社会组织工作人员",
            "scope_type": "organization",
            "scope_id": muling.pk,
            "scope_name": "睦林长者互助社",
        }
    ]


def test_the_home_page_shows_the_organisation_staff_role(page_as, org_officer):
    assert "睦林长者互助社" in page_as(org_officer).get("/").content.decode()


# --- The admin grants and revokes through the actions -------------------------------------------
@pytest.fixture
def admin_page(page_as, district_admin):
    User.objects.filter(pk=district_admin.pk).update(is_staff=True, is_superuser=True)
    return page_as(_fresh(district_admin))


def test_the_admin_grants_a_role_through_the_action(admin_page, district_admin, stranger, sanhe):
    response = admin_page.post(
        "/admin/accounts/roleassignment/add/",
        {"user": stranger.pk, "role": Role.COMMUNITY_STAFF, "community": sanhe.pk},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert scope_for(_fresh(stranger)).community_ids == {sanhe.pk}
    record = AuditRecord.objects.get(action="user.role_grant", object_id=str(stranger.pk))
    assert record.actor_id == district_admin.pk and record.to_state == Role.COMMUNITY_STAFF


def test_the_admin_refuses_a_role_with_the_wrong_scope(admin_page, stranger, huaxing, sanhe):
    response = admin_page.post(
        "/admin/accounts/roleassignment/add/",
        {"user": stranger.pk, "role": Role.STREET_STAFF, "street": huaxing.pk, "community": sanhe.pk},
    )
    assert response.status_code == 200
    assert "该角色不适用于此单位。" in response.content.decode()
    assert not RoleAssignment.objects.filter(user=stranger).exists()
    assert not AuditRecord.objects.filter(object_id=str(stranger.pk)).exists()


def test_the_admin_does_not_offer_organisation_staff_among_the_roles(admin_page, stranger, muling):
    response = admin_page.post(
        "/admin/accounts/roleassignment/add/", {"user": stranger.pk, "role": Role.ORGANIZATION_STAFF}
    )
    assert response.status_code == 200
    assert not StaffMembership.objects.filter(user=stranger).exists()


def test_the_admin_revokes_a_role_through_the_action(admin_page, district_admin, community_officer):
    assignment = community_officer.role_assignments.get()
    response = admin_page.post(f"/admin/accounts/roleassignment/{assignment.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not RoleAssignment.objects.filter(pk=assignment.pk).exists()
    assert AuditRecord.objects.filter(
        action="user.role_revoke", object_id=str(community_officer.pk), actor=district_admin
    ).exists()


def test_the_admin_revokes_several_roles_with_the_bulk_action(admin_page, community_officer, street_officer):
    pks = list(RoleAssignment.objects.filter(user__in=[community_officer, street_officer]).values_list("pk", flat=True))
    response = admin_page.post(
        "/admin/accounts/roleassignment/", {"action": "delete_selected", "_selected_action": pks, "post": "yes"}
    )
    assert response.status_code == 302
    assert not RoleAssignment.objects.filter(pk__in=pks).exists()
    assert AuditRecord.objects.filter(action="user.role_revoke").count() == 2


def test_the_admin_does_not_edit_a_role_in_place(admin_page, community_officer, sanhe):
    assignment = community_officer.role_assignments.get()
    admin_page.post(
        f"/admin/accounts/roleassignment/{assignment.pk}/change/",
        {"user": community_officer.pk, "role": Role.COMMUNITY_STAFF, "community": sanhe.pk},
    )
    assert community_officer.role_assignments.get().community_id != sanhe.pk


def test_the_user_page_shows_roles_but_no_longer_edits_them(admin_page, community_officer):
    response = admin_page.get(f"/admin/accounts/user/{community_officer.pk}/change/")
    assert response.status_code == 200
    assert "role_assignments-TOTAL_FORMS" in response.content.decode()
    assert 'name="role_assignments-0-community"' not in response.content.decode()


def test_the_admin_makes_and_ends_organisation_staff_through_the_actions(admin_page, district_admin, stranger, muling):
    response = admin_page.post(
        "/admin/organizations/staffmembership/add/", {"user": stranger.pk, "organization": muling.pk}
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    membership = StaffMembership.objects.get(user=stranger)
    response = admin_page.post(f"/admin/organizations/staffmembership/{membership.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not StaffMembership.objects.filter(user=stranger).exists()
    actions = AuditRecord.objects.filter(object_id=str(stranger.pk), actor=district_admin)
    assert list(actions.values_list("action", flat=True)) == ["user.role_grant", "user.role_revoke"]
