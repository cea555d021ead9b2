"""Resident IDs are personal data: whole only for the district's civil-affairs reviewers and the
person's own organisation's staff; masked (5101**********1234) for every other member of the cast,
on every page, in every API response and in the admin; never on the volunteer card."""

from datetime import date

import pytest
from django.urls import reverse

from accounts.models import Role
from accounts.queries import scope_for
from organizations.actions.people import coordinator_transfer
from organizations.identifiers import ric_mask
from organizations.queries.people import ric_for_viewer
from tests.conftest import CAST
from tests.factories import UserFactory
from tests.organizations.people_fixtures import make_coordinator, make_person, make_social_worker, make_volunteer

SEES_WHOLE = {"district_admin", "org_officer"}


@pytest.fixture
def muling_people(cast, muling, nanqiao):
    social_worker = make_social_worker(muling)
    volunteer = make_volunteer(muling, person=make_person(name="刘芳"))
    coordinator = make_coordinator(nanqiao)
    coordinator_transfer(actor=cast.district_admin, person=coordinator.person, organization=muling, on=date(2014, 7, 1))
    still_in_community = make_coordinator(nanqiao)
    return {
        "social_worker": social_worker,
        "volunteer": volunteer,
        "coordinator": coordinator,
        "still_in_community": still_in_community,
    }


@pytest.mark.parametrize("role", CAST)
def test_the_one_masking_rule_for_each_role(cast, muling, rival_org, role):
    user = getattr(cast, role)
    scope = scope_for(user)
    ric = "510107199001011237"
    shown = ric_for_viewer(ric, scope=scope, organization_id=muling.pk)
    assert shown == (ric if role in SEES_WHOLE else "5101**********1237")
    # Nobody but the district admin sees a person who works for no organisation, or for another.
    assert ric_for_viewer(ric, scope=scope, organization_id=None) == (
        ric if role == "district_admin" else ric_mask(ric)
    )
    assert ric_for_viewer(ric, scope=scope, organization_id=rival_org.pk) == (
        ric if role in {"district_admin", "rival_org_officer"} else ric_mask(ric)
    )


API_LISTS = ["api:social-worker-list", "api:volunteer-list", "api:coordinator-list"]
PAGES = [
    ("organizations:social-worker-list", None),
    ("organizations:volunteer-list", None),
    ("organizations:coordinator-list", None),
    ("organizations:social-worker-detail", "social_worker"),
    ("organizations:coordinator-detail", "coordinator"),
]


@pytest.mark.parametrize("role", CAST)
def test_api_responses_show_the_id_whole_or_masked_by_role(cast, api_as, muling, muling_people, role):
    user = getattr(cast, role)
    client = api_as(user)
    people = [
        muling_people["social_worker"].person,
        muling_people["volunteer"].person,
        muling_people["coordinator"].person,
    ]
    seen_any = False
    for name in API_LISTS:
        response = client.get(reverse(name))
        if response.status_code != 200:
            assert response.status_code in (401, 403)
            continue
        body = response.content.decode()
        for person in people:
            if role in SEES_WHOLE:
                continue
            assert person.resident_id not in body, f"{role} saw a whole ID in {name}"
        for row in response.json()["results"]:
            seen_any = True
            org = row["employer"] if "employer" in row else row["organization"]
            whole = role == "district_admin" or (role == "org_officer" and org == muling.pk)
            assert ("*" not in row["resident_id"]) == whole, (role, name, row)
    # The roles that see these people at all: the reviewers, muling's staff and (coordinators)
    # the street office of the community they came from.
    assert seen_any == (role in {"district_admin", "org_officer", "street_officer"})


@pytest.mark.parametrize("role", CAST)
def test_pages_show_the_id_whole_or_masked_by_role(cast, page_as, muling_people, role):
    user = getattr(cast, role)
    client = page_as(user)
    social_worker = muling_people["social_worker"]
    coordinator = muling_people["coordinator"]
    for name, obj in PAGES:
        kwargs = None
        if obj == "social_worker":
            kwargs = {"pk": social_worker.pk}
        elif obj == "coordinator":
            kwargs = {"person_id": coordinator.person_id}
        response = client.get(reverse(name, kwargs=kwargs))
        if response.status_code != 200:
            continue
        html = response.content.decode()
        for person in (social_worker.person, muling_people["volunteer"].person, coordinator.person):
            if role in SEES_WHOLE:
                assert ric_mask(person.resident_id) not in html
            else:
                assert person.resident_id not in html, f"{role} saw a whole ID on {name}"
        # A coordinator still in a community: only the reviewers see the whole ID.
        still = muling_people["still_in_community"].person.resident_id
        if role != "district_admin":
            assert still not in html


@pytest.mark.parametrize("role", CAST)
def test_the_volunteer_card_never_shows_the_id(cast, api_as, page_as, muling_people, role):
    volunteer = muling_people["volunteer"]
    ric = volunteer.person.resident_id
    html = page_as(getattr(cast, role)).get(
        reverse("organizations:volunteer-card", kwargs={"token": volunteer.card_token})
    )
    body = api_as(getattr(cast, role)).get(reverse("api:volunteer-card", kwargs={"token": volunteer.card_token}))
    for text in (html.content.decode(), body.content.decode()):
        assert ric not in text and ric_mask(ric) not in text
    assert ric[-4:] not in body.content.decode() and "resident_id" not in body.json()


@pytest.mark.parametrize("as_reviewer", [False, True])
def test_the_admin_lists_mask_the_id_except_for_the_reviewers(page_as, wuhou, muling_people, as_reviewer):
    admin = UserFactory(username="site_admin", is_staff=True, is_superuser=True)
    if as_reviewer:
        from accounts.models import RoleAssignment

        RoleAssignment.objects.create(user=admin, role=Role.DISTRICT_ADMIN, district=wuhou)
    client = page_as(admin)
    ric = muling_people["social_worker"].person.resident_id
    for name in ("admin:organizations_person_changelist", "admin:organizations_socialworker_changelist"):
        html = client.get(reverse(name)).content.decode()
        assert (ric in html) == as_reviewer
        assert (ric_mask(ric) in html) == (not as_reviewer)
    detail = client.get(reverse("admin:organizations_person_change", args=[muling_people["social_worker"].person_id]))
    assert (ric in detail.content.decode()) == as_reviewer
