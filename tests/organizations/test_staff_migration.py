"""Organisation-staff grants moved from accounts' RoleAssignment to organizations' StaffMembership:
every grant made before the move is still there after it, with its date."""

from datetime import UTC, datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader

BEFORE = [("accounts", "0002_initial"), ("organizations", "0003_registration")]
AFTER = [("accounts", "0003_organization_staff_moved_to_organizations"), ("organizations", "0004_staff_membership")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return MigrationExecutor(connection).loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_every_organisation_staff_grant_survives_the_move():
    old = _migrate(BEFORE)
    try:
        User = old.get_model("accounts", "User")
        District = old.get_model("accounts", "District")
        Street = old.get_model("accounts", "Street")
        Community = old.get_model("accounts", "Community")
        Organization = old.get_model("organizations", "Organization")
        RoleAssignment = old.get_model("accounts", "RoleAssignment")
        wuhou = District.objects.create(name="武侯区", code="510107")
        nanqiao = Community.objects.create(
            street=Street.objects.create(district=wuhou, name="华兴街道"), name="南桥社区"
        )
        muling = Organization.objects.create(name="睦林长者互助社", status="registered", community=nanqiao)
        rival = Organization.objects.create(name="玉林青少年服务中心", status="registered", community=nanqiao)
        alice, bob = User.objects.create(username="alice"), User.objects.create(username="bob")
        RoleAssignment.objects.create(user=alice, role="organization_staff", organization=muling)
        RoleAssignment.objects.create(user=alice, role="organization_staff", organization=rival)
        RoleAssignment.objects.create(user=bob, role="organization_staff", organization=rival)
        RoleAssignment.objects.create(user=bob, role="community_staff", community=nanqiao)
        granted = datetime(2025, 3, 1, 9, tzinfo=UTC)
        RoleAssignment.objects.filter(role="organization_staff").update(created_at=granted)

        new = _migrate(AFTER)
        StaffMembership = new.get_model("organizations", "StaffMembership")
        moved = set(StaffMembership.objects.values_list("user__username", "organization__name", "created_at"))
        assert moved == {
            ("alice", "睦林长者互助社", granted),
            ("alice", "玉林青少年服务中心", granted),
            ("bob", "玉林青少年服务中心", granted),
        }
        roles = new.get_model("accounts", "RoleAssignment").objects.values_list("user__username", "role")
        assert list(roles) == [("bob", "community_staff")]
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())


def test_the_migration_graph_has_no_cycle_and_accounts_ends_up_knowing_no_organisation():
    loader = MigrationLoader(None, ignore_no_migrations=True)
    loader.graph.ensure_not_cyclic()
    state = loader.project_state()
    for model in state.apps.get_app_config("accounts").get_models():
        for field in model._meta.get_fields():
            if field.is_relation and not field.auto_created:
                assert field.related_model._meta.app_label in {"accounts", "auth"}, (model, field)
