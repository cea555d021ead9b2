"""Community coordinators (社区综合服务协管员): employment history, moves, the yearly figures."""

from datetime import date, timedelta

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from core.errors import Conflict, DomainError, NotAllowed
from core.models import AuditRecord
from organizations.actions.people import coordinator_hire, coordinator_transfer
from organizations.models import Employment, Organization
from organizations.queries.people import coordinator_moves
from tests.factories import EmploymentFactory, OrganizationFactory
from tests.helpers import assert_queries_do_not_grow, error_of
from tests.organizations.people_fixtures import *  # noqa: F403
from tests.organizations.people_fixtures import bad_check_digit, make_coordinator, make_person, snapshot, valid_ric

MOVE_ON = date(2014, 7, 1)


def _transfer_url(person_id):
    return reverse("api:coordinator-transfer", kwargs={"person_id": person_id})


# --- The rules the database keeps ------------------------------------------------------------
def test_an_employment_has_exactly_one_employer(nanqiao, muling):
    person = make_person()
    with pytest.raises(IntegrityError), transaction.atomic():
        Employment.objects.create(person=person, community=nanqiao, organization=muling, started_on=MOVE_ON)
    with pytest.raises(IntegrityError), transaction.atomic():
        Employment.objects.create(person=person, started_on=MOVE_ON)


def test_a_person_has_at_most_one_current_employment(nanqiao, sanhe):
    current = make_coordinator(nanqiao)
    with pytest.raises(IntegrityError), transaction.atomic():
        Employment.objects.create(person=current.person, community=sanhe, started_on=MOVE_ON)
    # A closed record does not count.
    Employment.objects.filter(pk=current.pk).update(ended_on=MOVE_ON)
    Employment.objects.create(person=current.person, community=sanhe, started_on=MOVE_ON)


def test_an_employment_cannot_end_before_it_starts(nanqiao):
    with pytest.raises(IntegrityError), transaction.atomic():
        Employment.objects.create(
            person=make_person(), community=nanqiao, started_on=MOVE_ON, ended_on=MOVE_ON - timedelta(days=1)
        )


# --- Moving a coordinator --------------------------------------------------------------------
def test_a_transfer_closes_the_current_record_and_opens_a_new_one(street_officer, coordinator, muling):
    first_id = coordinator.pk
    new = coordinator_transfer(actor=street_officer, person=coordinator.person, organization=muling, on=MOVE_ON)
    history = list(Employment.objects.filter(person=coordinator.person).order_by("started_on"))
    assert [e.pk for e in history] == [first_id, new.pk]
    old = history[0]
    assert (old.community_id, old.ended_on) == (coordinator.community_id, MOVE_ON)
    assert (new.organization, new.started_on, new.ended_on, new.previous_id) == (muling, MOVE_ON, None, first_id)
    audit = AuditRecord.objects.get(action="person.coordinator_transfer")
    assert (audit.from_state, audit.to_state) == (f"community:{coordinator.community_id}", f"organization:{muling.pk}")


def test_the_api_moves_a_coordinator_and_shows_the_whole_history(api_as, street_officer, coordinator, muling):
    response = api_as(street_officer).post(
        _transfer_url(coordinator.person_id), {"organization": muling.pk, "on": MOVE_ON.isoformat()}
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["organization"] == muling.pk
    assert [h["ended_on"] for h in body["history"]] == [MOVE_ON.isoformat(), None]


def test_a_second_transfer_is_refused_and_changes_nothing(street_officer, coordinator, muling, rival_org):
    coordinator_transfer(actor=street_officer, person=coordinator.person, organization=muling, on=MOVE_ON)
    before = snapshot()
    with pytest.raises(Conflict):
        coordinator_transfer(actor=street_officer, person=coordinator.person, organization=rival_org, on=MOVE_ON)
    assert snapshot() == before


@pytest.mark.parametrize("case", ["before_start", "same_day_as_start", "future", "unregistered_org", "unknown_org"])
def test_it_refuses_a_bad_transfer_and_changes_nothing(api_as, district_admin, coordinator, muling, case):
    organization, on = muling.pk, MOVE_ON
    if case == "before_start":
        on = coordinator.started_on - timedelta(days=10)
    elif case == "same_day_as_start":
        on = coordinator.started_on
    elif case == "future":
        on = timezone.localdate() + timedelta(days=3)
    elif case == "unregistered_org":
        organization = OrganizationFactory(name="被注销的组织", status=Organization.Status.DEREGISTERED).pk
    elif case == "unknown_org":
        organization = 999999
    before = snapshot()
    response = api_as(district_admin).post(
        _transfer_url(coordinator.person_id), {"organization": organization, "on": on.isoformat()}
    )
    assert response.status_code == 400, response.content
    assert set(error_of(response)["fields"]) & {"on", "organization"}
    assert snapshot() == before
    assert Employment.objects.get(person=coordinator.person).ended_on is None


def test_a_person_with_no_current_employment_cannot_be_moved(district_admin, muling):
    person = make_person()
    before = snapshot()
    with pytest.raises(Conflict):
        coordinator_transfer(actor=district_admin, person=person, organization=muling, on=MOVE_ON)
    assert snapshot() == before


def test_another_streets_or_a_communitys_staff_cannot_move_a_coordinator(
    api_as, other_community_officer, org_officer, dept_officer, coordinator, muling
):
    before = snapshot()
    for user in (other_community_officer, org_officer, dept_officer):
        response = api_as(user).post(
            _transfer_url(coordinator.person_id), {"organization": muling.pk, "on": "2014-07-01"}
        )
        assert response.status_code == 404
    assert snapshot() == before


def test_the_action_refuses_a_street_officer_of_another_street(yulin, yulin_east, muling):
    from accounts.models import Role
    from tests.factories import user_with_role

    officer = user_with_role("street_yulin", Role.STREET_STAFF, yulin)
    coordinator = make_coordinator(yulin_east)
    huaxing_coordinator = make_coordinator(muling.community)
    coordinator_transfer(actor=officer, person=coordinator.person, organization=muling, on=MOVE_ON)
    before = snapshot()
    with pytest.raises(NotAllowed):
        coordinator_transfer(actor=officer, person=huaxing_coordinator.person, organization=muling, on=MOVE_ON)
    assert snapshot() == before


def test_the_page_records_a_move_and_keeps_the_history(page_as, street_officer, coordinator, muling):
    url = reverse("organizations:coordinator-detail", kwargs={"person_id": coordinator.person_id})
    response = page_as(street_officer).post(url, {"organization": muling.pk, "on": "2014-07-01"})
    assert response.status_code == 302
    page = page_as(street_officer).get(url)
    # The coordinator now works for an organisation outside the street's communities but in
    # the street: the street office still sees them, and both records.
    assert page.status_code == 200
    assert len(page.context["history"]) == 2


def test_the_page_shows_a_bad_move_date_beside_the_field(page_as, street_officer, coordinator, muling):
    before = snapshot()
    response = page_as(street_officer).post(
        reverse("organizations:coordinator-detail", kwargs={"person_id": coordinator.person_id}),
        {"organization": muling.pk, "on": "2001-01-01"},
    )
    assert response.status_code == 200 and response.context["form"].errors["on"]
    assert snapshot() == before


# --- Hiring --------------------------------------------------------------------------------
def test_a_street_officer_hires_a_coordinator_into_one_of_its_communities(api_as, street_officer, nanqiao):
    response = api_as(street_officer).post(
        reverse("api:coordinator-list"), {"community": nanqiao.pk, "resident_id": valid_ric(), "name": "赵敏"}
    )
    assert response.status_code == 201, response.content
    assert Employment.objects.get().community == nanqiao


def test_a_street_officer_cannot_hire_into_another_streets_community(street_officer, yulin_east):
    before = snapshot()
    with pytest.raises(NotAllowed):
        coordinator_hire(actor=street_officer, community=yulin_east, resident_id=valid_ric(), name="赵敏")
    assert snapshot() == before


@pytest.mark.parametrize("case", ["bad_check_digit", "already_employed", "unknown_community"])
def test_it_refuses_a_bad_hire_and_changes_nothing(api_as, district_admin, coordinator, nanqiao, case):
    data = {"community": nanqiao.pk, "resident_id": valid_ric(), "name": "赵敏"}
    if case == "bad_check_digit":
        data["resident_id"] = bad_check_digit(valid_ric())
    elif case == "already_employed":
        data.update(resident_id=coordinator.person.resident_id, name=coordinator.person.name)
    elif case == "unknown_community":
        data["community"] = 999999
    before = snapshot()
    response = api_as(district_admin).post(reverse("api:coordinator-list"), data)
    assert response.status_code == 400
    assert set(error_of(response)["fields"]) & {"resident_id", "community"}
    assert snapshot() == before


def test_the_hire_action_refuses_an_empty_name(district_admin, nanqiao):
    before = snapshot()
    with pytest.raises(DomainError) as caught:
        coordinator_hire(actor=district_admin, community=nanqiao, resident_id=valid_ric(), name="")
    assert "name" in caught.value.fields
    assert snapshot() == before


# --- Who sees which coordinators -------------------------------------------------------------
def test_each_viewer_lists_the_coordinators_in_their_scope(api_as, cast, nanqiao, yulin_east, muling):
    here = make_coordinator(nanqiao)
    there = make_coordinator(yulin_east)
    moved = make_coordinator(nanqiao)
    coordinator_transfer(actor=cast.district_admin, person=moved.person, organization=muling, on=MOVE_ON)

    def ids(user):
        response = api_as(user).get(reverse("api:coordinator-list"))
        return response.status_code, {r["person_id"] for r in response.json().get("results", [])}

    assert ids(cast.district_admin) == (200, {here.person_id, there.person_id, moved.person_id})
    assert ids(cast.street_officer) == (200, {here.person_id, moved.person_id})
    assert ids(cast.org_officer) == (200, {moved.person_id})
    assert ids(cast.rival_org_officer) == (200, set())
    for name in ("community_officer", "resident", "expert", "stranger", "dept_officer"):
        assert ids(getattr(cast, name))[0] == 403


# --- How many moved, from where to where, by year --------------------------------------------
def _move_many(actor, n, community, organization, year):
    for i in range(n):
        e = make_coordinator(community, started_on=date(year - 2, 1, 1))
        coordinator_transfer(actor=actor, person=e.person, organization=organization, on=date(year, 1 + i % 12, 1))


def test_moves_are_counted_per_year_and_route_in_sql(district_admin, nanqiao, sanhe, muling, rival_org):
    _move_many(district_admin, 3, nanqiao, muling, 2014)
    _move_many(district_admin, 2, sanhe, rival_org, 2014)
    _move_many(district_admin, 1, nanqiao, muling, 2015)
    make_coordinator(nanqiao)  # never moved
    rows = coordinator_moves(year=2014)
    assert {(r["from_community"], r["to_organization"], r["moved"]) for r in rows} == {
        ("南桥社区", muling.name, 3),
        ("三河社区", rival_org.name, 2),
    }
    assert sum(r["moved"] for r in coordinator_moves()) == 6


def test_the_public_api_and_page_show_the_moves_without_personal_data(api, page_as, district_admin, nanqiao, muling):
    _move_many(district_admin, 2, nanqiao, muling, 2014)
    response = api.get(reverse("api:coordinator-moves") + "?year=2014")
    assert response.status_code == 200
    assert response.json() == [
        {
            "year": 2014,
            "from_street": "华兴街道",
            "from_community": "南桥社区",
            "to_organization": muling.name,
            "moved": 2,
        }
    ]
    page = page_as(None).get(reverse("organizations:coordinator-moves") + "?year=2014")
    assert page.status_code == 200 and page.context["total"] == 2
    assert "5101" not in page.content.decode()


def test_a_bad_year_is_refused(api):
    response = api.get(reverse("api:coordinator-moves") + "?year=abc")
    assert response.status_code == 400 and "year" in error_of(response)["fields"]


def test_the_coordinator_lists_and_moves_do_not_grow_in_queries(
    api, api_as, page_as, district_admin, nanqiao, sanhe, muling
):
    admin_api = api_as(district_admin)
    admin_pages = page_as(district_admin)

    def add(n):
        _move_many(district_admin, n, nanqiao, muling, 2014)
        for _ in range(n):
            make_coordinator(sanhe)

    assert_queries_do_not_grow(lambda: admin_api.get(reverse("api:coordinator-list")), add)
    assert_queries_do_not_grow(lambda: admin_pages.get(reverse("organizations:coordinator-list")), add)
    assert_queries_do_not_grow(lambda: api.get(reverse("api:coordinator-moves") + "?year=2014"), add)
    assert_queries_do_not_grow(
        lambda: page_as(None).get(reverse("organizations:coordinator-moves") + "?year=2014"), add
    )


def test_a_long_history_does_not_grow_the_detail_queries(api_as, district_admin, nanqiao):
    e = make_coordinator(nanqiao, started_on=date(2000, 1, 1))
    url = reverse("api:coordinator-detail", kwargs={"person_id": e.person_id})
    state = {"start": date(2001, 1, 1)}

    def add(n):
        # Close the current record and open the next, n times, directly: the history grows.
        for _ in range(n):
            current = Employment.objects.get(person=e.person, ended_on__isnull=True)
            Employment.objects.filter(pk=current.pk).update(ended_on=state["start"])
            EmploymentFactory(person=e.person, community=nanqiao, started_on=state["start"], previous=current)
            state["start"] += timedelta(days=30)

    client = api_as(district_admin)
    assert_queries_do_not_grow(lambda: client.get(url), add)


def test_a_coordinators_audit_trail_is_theirs_to_see_who_may_see_the_coordinator(
    page_as, street_officer, other_community_officer, org_officer, district_admin, coordinator, muling
):
    coordinator_transfer(actor=street_officer, person=coordinator.person, organization=muling, on=MOVE_ON)
    url = reverse("core:history", kwargs={"object_type": "organizations.person", "object_id": coordinator.person_id})
    for user in (street_officer, org_officer, district_admin):
        response = page_as(user).get(url)
        assert response.status_code == 200
        assert "person.coordinator_transfer" in response.content.decode()
    assert page_as(other_community_officer).get(url).status_code == 404
    assert page_as(None).get(url).status_code == 404
