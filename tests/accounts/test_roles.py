import pytest
from django.core.management import call_command
from django.db import IntegrityError, transaction

from accounts.models import Role, RoleAssignment, User
from accounts.queries import scope_for
from core.models import AuditRecord
from organizations.models import Organization, StaffMembership


def test_a_street_role_without_a_street_is_refused_by_the_database(huaxing, stranger):
    with pytest.raises(IntegrityError), transaction.atomic():
        RoleAssignment.objects.create(user=stranger, role=Role.STREET_STAFF)


def test_a_role_scoped_to_the_wrong_kind_of_unit_is_refused(huaxing, nanqiao, stranger):
    with pytest.raises(IntegrityError), transaction.atomic():
        RoleAssignment.objects.create(user=stranger, role=Role.STREET_STAFF, street=huaxing, community=nanqiao)


def test_a_resident_is_verified_into_one_community_only(resident, yulin_east):
    with pytest.raises(IntegrityError), transaction.atomic():
        RoleAssignment.objects.create(user=resident, role=Role.RESIDENT, community=yulin_east)


def test_a_user_may_hold_several_roles(community_officer, huaxing):
    RoleAssignment.objects.create(user=community_officer, role=Role.STREET_STAFF, street=huaxing)
    scope = scope_for(User.objects.get(pk=community_officer.pk))
    assert scope.roles == {Role.COMMUNITY_STAFF, Role.STREET_STAFF}


def test_street_staff_oversee_the_communities_of_their_street(street_officer, nanqiao, sanhe, yulin_east):
    scope = scope_for(street_officer)
    assert scope.street_ids == {nanqiao.street_id}
    assert scope.overseen_community_ids == {nanqiao.pk, sanhe.pk}


def test_the_anonymous_public_has_no_scope(db):
    from django.contrib.auth.models import AnonymousUser

    scope = scope_for(AnonymousUser())
    assert not scope.authenticated and not scope.roles


def test_load_demo_creates_one_user_per_role_and_a_second_run_changes_nothing(db):
    call_command("load_demo")
    users = {u.username: u for u in User.objects.all()}
    assert {
        "district_admin",
        "dept_hr",
        "street_huaxing",
        "community_nanqiao",
        "org_muling",
        "expert_wang",
        "resident_zhang",
    } <= set(users)
    assert users["community_nanqiao"].check_password("wuhou-demo-2026")
    # organizations' demo loader, not accounts', makes org_muling the organisation's staff.
    assert scope_for(users["org_muling"]).organization_ids == {Organization.objects.get(name="睦林长者互助社").pk}

    def snapshot():
        return (
            User.objects.count(),
            RoleAssignment.objects.count(),
            StaffMembership.objects.count(),
            AuditRecord.objects.count(),
        )

    before = snapshot()
    call_command("load_demo")
    assert snapshot() == before


def test_the_scope_reads_roles_grants_and_overseen_communities_in_one_query(
    community_officer, huaxing, hr_bureau, muling, rival_org, nanqiao, sanhe, django_assert_num_queries
):
    # Every signed-in request reads its scope: the role assignments, each role source's grants
    # (organisation staff) and the communities under the user's streets come in one statement.
    RoleAssignment.objects.create(user=community_officer, role=Role.STREET_STAFF, street=huaxing)
    RoleAssignment.objects.create(user=community_officer, role=Role.DEPARTMENT_STAFF, department=hr_bureau)
    StaffMembership.objects.create(user=community_officer, organization=muling)
    StaffMembership.objects.create(user=community_officer, organization=rival_org)
    user = User.objects.get(pk=community_officer.pk)
    with django_assert_num_queries(1):
        scope = scope_for(user)
        assert scope_for(user) is scope  # then kept for the rest of the request
    assert scope.roles == {Role.COMMUNITY_STAFF, Role.STREET_STAFF, Role.DEPARTMENT_STAFF, Role.ORGANIZATION_STAFF}
    assert scope.community_ids == {nanqiao.pk}
    assert scope.street_ids == {huaxing.pk}
    assert scope.department_ids == {hr_bureau.pk}
    assert scope.organization_ids == {muling.pk, rival_org.pk}
    assert scope.overseen_community_ids == {nanqiao.pk, sanhe.pk}
    assert scope.resident_community_id is None


def test_a_user_without_roles_has_an_empty_scope_and_a_resident_their_community(stranger, resident, nanqiao):
    scope = scope_for(stranger)
    assert scope.authenticated and not scope.roles and not scope.organization_ids
    assert scope.overseen_community_ids == frozenset()
    assert scope_for(resident).resident_community_id == nanqiao.pk
    assert scope_for(resident).roles == {Role.RESIDENT}


def test_a_revoked_grant_leaves_the_scope_read_afresh(org_officer, muling):
    from accounts.queries import scope_forget

    assert scope_for(org_officer).organization_ids == {muling.pk}
    StaffMembership.objects.filter(user=org_officer).delete()
    scope_forget(org_officer)
    scope = scope_for(org_officer)
    assert Role.ORGANIZATION_STAFF not in scope.roles and not scope.organization_ids
