"""The transition engine, and every lifecycle table of the project checked against the cast."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils.module_loading import autodiscover_modules

from core.audit import LEGACY_ACTION_NAMES, action_name, audit_record, object_type_of, snake_name
from core.errors import Conflict, NotAllowed
from core.models import AuditRecord
from core.states import CREATED, Machine, Party, Transition, machines
from organizations.models import AnnualReport, Organization
from organizations.states import ORGANIZATION
from services.models import DutyList, DutyListImport, TaskAssignment, TaskRequest
from tests.conftest import CAST
from tests.factories import OrganizationFactory

autodiscover_modules("states")

# Who each party of each table is, among the cast ("system" is the portal itself: beat, workers,
# commands). A new table, or a new party, fails the walk below until it is added here.
EXPECTED_PARTIES = {
    "organization": {"applicant": {"org_officer"}, "reviewer": {"district_admin"}},
    "annual_report": {"applicant": {"org_officer"}, "system": {"system"}},
    "task_assignment": {
        "community": {"community_officer"},
        "sender": {"dept_officer"},
        "district": {"district_admin"},
    },
    "duty_list": {"district": {"district_admin"}, "system": {"system"}},
    "duty_list_import": {"district": {"district_admin"}, "system": {"system"}},
    "project": {"purchaser": {"street_officer"}, "district": {"district_admin"}, "system": {"system"}},
    "bid": {"bidder": {"org_officer"}, "system": {"system"}},
    "resident_application": {"applicant": {"stranger"}, "community": {"community_officer"}},
    "demand": {"resident": {"resident"}, "community": {"community_officer"}, "street": {"street_officer"}},
    # The sample contract's open step is the community's (see _sample).
    "contract": {
        "purchaser": {"street_officer"},
        "reviewer": {"community_officer"},
        "contractor": {"org_officer"},
        "implementer": {"community_officer"},
        "system": {"system"},
    },
    "amendment": {"purchaser": {"street_officer"}, "reviewer": {"street_officer"}},
    "milestone": {"implementer": {"community_officer"}},
    "order": {
        "resident": {"resident"},
        "provider": {"org_officer"},
        "community": {"community_officer"},
        "system": {"system"},
    },
}


def _sample(name: str, cast):
    """An object of each table that belongs to the cast's units (muling, nanqiao, the HR bureau)."""
    muling = Organization.objects.get(pk=next(iter(cast.org_officer._portal_scope.organization_ids)))
    if name == "organization":
        return muling
    if name == "annual_report":
        return AnnualReport(organization=muling, year=2025)
    if name == "task_assignment":
        scope = cast.dept_officer._portal_scope
        task = TaskRequest(sender_department_id=next(iter(scope.department_ids)), title="t")
        return TaskAssignment(task=task, community_id=next(iter(cast.community_officer._portal_scope.community_ids)))
    if name == "duty_list":
        return DutyList(kind=DutyList.Kind.COMMITTEE, version=1)
    if name == "duty_list_import":
        return DutyListImport(kind=DutyList.Kind.COMMITTEE)
    if name in ("project", "bid"):
        from datetime import timedelta

        from django.utils import timezone

        from procurement.models import Bid, Project

        street_id = next(iter(cast.street_officer._portal_scope.street_ids))
        project = Project(
            street_id=street_id, status=Project.Status.PUBLISHED, bid_deadline=timezone.now() + timedelta(days=1)
        )
        return project if name == "project" else Bid(project=project, organization=muling)
    if name in ("resident_application", "demand"):
        from orders.models import Demand, ResidentApplication

        community_id = next(iter(cast.community_officer._portal_scope.community_ids))
        if name == "resident_application":
            return ResidentApplication(user=cast.stranger, community_id=community_id)
        return Demand(community_id=community_id, raised_by=cast.resident)
    if name in ("contract", "amendment", "milestone"):
        from procurement.models import Amendment, Contract, Milestone

        street_id = next(iter(cast.street_officer._portal_scope.street_ids))
        contract = Contract(
            street_id=street_id,
            community_id=next(iter(cast.community_officer._portal_scope.community_ids)),
            organization=muling,
            current_assignee=cast.community_officer,
            status=Contract.Status.ACTIVE if name == "amendment" else Contract.Status.IN_REVIEW,
        )
        if name == "milestone":
            contract.status = Contract.Status.ACTIVE
            return Milestone(contract=contract, status=Milestone.Status.SCHEDULED)
        return contract if name == "contract" else Amendment(contract=contract, assignee=cast.street_officer)
    if name == "order":
        from orders.models import Offering, Order

        community_id = next(iter(cast.community_officer._portal_scope.community_ids))
        return Order(
            offering=Offering(organization=muling),
            organization=muling,
            community_id=community_id,
            resident=cast.resident,
            placed_by=cast.resident,
        )
    raise AssertionError(f"no sample object for the table {name!r}: add one to _sample")


def _actors(cast):
    from accounts.queries import scope_for

    actors = {}
    for member in CAST:
        user = getattr(cast, member)
        if user is None:
            user = AnonymousUser()
        else:
            scope_for(user)  # cached on the user, read by _sample
        actors[member] = user
    actors["system"] = None
    return actors


@pytest.fixture
def submitted_application(nanqiao):
    return OrganizationFactory(name="邻里互助社", community=nanqiao, status=Organization.Status.SUBMITTED)


def test_every_table_is_checked_here():
    assert {m.name for m in machines()} == set(EXPECTED_PARTIES)


def test_every_row_names_who_may_make_it_and_they_are_the_right_members_of_the_cast(cast):
    actors = _actors(cast)
    for machine in machines():
        sample = _sample(machine.name, cast)
        used = {party for row in machine.transitions for party in row.by}
        assert used == set(EXPECTED_PARTIES[machine.name]), machine.name
        for party_name in used:
            party = machine.party(party_name)
            admitted = {who for who, actor in actors.items() if party.admits(actor, sample)}
            assert admitted == EXPECTED_PARTIES[machine.name][party_name], f"{machine.name}: {party_name}"


def test_the_buttons_offered_are_exactly_the_moves_the_engine_allows(cast):
    actors = _actors(cast)
    for machine in machines():
        sample = _sample(machine.name, cast)
        states = [value for value, _label in machine.model._meta.get_field(machine.state_field).choices]
        for state in states:
            setattr(sample, machine.state_field, state)
            for who, actor in actors.items():
                allowed = []
                for action in machine.actions():
                    try:
                        machine.check(actor, sample, action)
                    except (NotAllowed, Conflict):
                        continue
                    allowed.append(action)
                assert machine.allowed_actions(actor, sample) == allowed, (machine.name, state, who)


def test_someone_who_is_no_party_to_a_move_is_refused_and_nothing_changes(submitted_application, street_officer):
    before = AuditRecord.objects.count()
    with pytest.raises(NotAllowed):
        ORGANIZATION.move(actor=street_officer, obj=submitted_application, action="approve")
    submitted_application.refresh_from_db()
    assert submitted_application.status == Organization.Status.SUBMITTED
    assert AuditRecord.objects.count() == before


def test_a_move_from_a_state_that_has_no_such_row_is_a_conflict_naming_the_state(muling, district_admin):
    with pytest.raises(Conflict) as caught:
        ORGANIZATION.move(actor=district_admin, obj=muling, action="approve")
    assert caught.value.code == "wrong_state"
    assert "已登记" in caught.value.message or Organization.Status.REGISTERED.label in caught.value.message
    assert Organization.objects.get(pk=muling.pk).status == Organization.Status.REGISTERED


def test_a_move_is_audited_as_model_dot_verb_with_both_states(submitted_application, district_admin):
    ORGANIZATION.move(actor=district_admin, obj=submitted_application, action="return", reason="补正材料")
    record = AuditRecord.objects.latest("seq")
    assert (record.action, record.from_state, record.to_state, record.reason) == (
        "organization.return",
        "submitted",
        "returned",
        "补正材料",
    )
    assert record.actor == district_admin


def test_the_row_for_the_current_state_decides_who_may_not_the_first_row_of_the_action(muling, org_officer):
    # One action, two rows, two different parties: the engine must read the row of the state the
    # object is in. (The old organisation lookup took the first row with the action's name.)
    S = Organization.Status
    staff = Party("staff", lambda actor, obj: obj.pk in actor._portal_scope.organization_ids, "staff only")
    nobody = Party("nobody", lambda actor, obj: False, "nobody")
    table = Machine(
        model=Organization,
        parties=(nobody, staff),
        register=False,
        transitions=(
            Transition("close", S.DRAFT, S.DEREGISTERED, "nobody"),
            Transition("close", S.REGISTERED, S.DEREGISTERED, "staff"),
        ),
    )
    from accounts.queries import scope_for

    scope_for(org_officer)
    assert table.check(org_officer, muling, "close").sources == (S.REGISTERED,)
    muling.status = S.DRAFT
    with pytest.raises(NotAllowed):
        table.check(org_officer, muling, "close")
    assert table.allowed_actions(org_officer, muling) == []


def test_a_guard_refuses_a_move_its_state_would_allow_with_its_own_message_and_code(muling, org_officer):
    S = Organization.Status
    anyone = Party("anyone", lambda actor, obj: True, "")
    table = Machine(
        model=Organization,
        parties=(anyone,),
        register=False,
        transitions=(
            Transition("rename", S.REGISTERED, S.REGISTERED, "anyone", guard=lambda o: "no name", guard_code="x"),
        ),
    )
    with pytest.raises(Conflict) as caught:
        table.check(org_officer, muling, "rename")
    assert (caught.value.message, caught.value.code) == ("no name", "x")
    assert table.allowed_actions(org_officer, muling) == []


def test_a_table_with_an_unknown_state_or_party_does_not_load():
    with pytest.raises(ValueError, match="unknown states"):
        Machine(model=Organization, parties=(), register=False, transitions=(Transition("x", "nowhere", "draft", "a"),))
    with pytest.raises(ValueError, match="no party"):
        Machine(model=Organization, parties=(), register=False, transitions=(Transition("x", CREATED, "draft", "a"),))


@pytest.mark.django_db(transaction=False)
def test_audit_action_names_have_one_form(muling):
    from django.db import transaction

    with transaction.atomic(), pytest.raises(ValueError, match="organization.<verb>"):
        audit_record(actor=None, obj=muling, action="org_approve")


def test_records_written_under_the_old_names_are_read_under_today_s(db):
    assert action_name("services.taskassignment", "task.accept") == "task_assignment.accept"
    assert action_name("services.taskrequest", "task.send") == "task_request.send"
    assert action_name("organizations.organization", "organization.approve") == "organization.approve"
    for (object_type, _old), new in LEGACY_ACTION_NAMES.items():
        model_name = new.split(".")[0]
        from django.apps import apps

        model = apps.get_model(object_type)
        assert object_type_of(model) == object_type and snake_name(model) == model_name, new
