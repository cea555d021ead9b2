"""A person's shared identity is linked, never merged: one organisation cannot read or change
what another holds about the same resident, nor learn from an error whether an ID is on file."""

import pytest
from django.urls import reverse

from organizations.models import Employment, SocialWorker, Volunteer
from tests.helpers import error_of
from tests.organizations.people_fixtures import *  # noqa: F403
from tests.organizations.people_fixtures import make_coordinator, make_person, make_social_worker, make_volunteer

SOCIAL_WORKERS = reverse("api:social-worker-list")
VOLUNTEERS = reverse("api:volunteer-list")
COORDINATORS = reverse("api:coordinator-list")
THEIR_NAME, THEIR_PHONE = "周晓燕", "13912345678"


@pytest.fixture
def their_person(db):
    return make_person(name=THEIR_NAME, phone=THEIR_PHONE)


@pytest.fixture
def their_volunteer(rival_org, their_person):
    return make_volunteer(rival_org, person=their_person)


def _shown(response) -> str:
    return response.content.decode()


@pytest.mark.parametrize("given_name", [THEIR_NAME, "冒名者"])
def test_a_social_worker_made_from_another_organisations_volunteer_shows_nothing_of_theirs(
    api_as, org_officer, their_volunteer, given_name
):
    response = api_as(org_officer).post(
        SOCIAL_WORKERS, {"resident_id": their_volunteer.person.resident_id, "name": given_name}
    )
    assert response.status_code == 201, response.content
    assert THEIR_PHONE not in _shown(response)
    assert response.json()["phone"] == "" and response.json()["name"] == given_name


def test_renaming_ones_own_record_leaves_the_other_organisations_record_and_public_card_alone(
    api_as, api, org_officer, rival_org_officer, their_volunteer
):
    created = api_as(org_officer).post(
        SOCIAL_WORKERS, {"resident_id": their_volunteer.person.resident_id, "name": THEIR_NAME}
    )
    url = reverse("api:social-worker-detail", kwargs={"pk": created.json()["id"]})
    response = api_as(org_officer).patch(url, {"name": "冒名者", "phone": "13000000000"})
    assert response.status_code == 200
    their_volunteer.refresh_from_db()
    assert (their_volunteer.name, their_volunteer.phone) == (THEIR_NAME, THEIR_PHONE)
    card = api.get(reverse("api:volunteer-card", kwargs={"token": their_volunteer.card_token})).json()
    assert card["name"] == THEIR_NAME
    listed = api_as(rival_org_officer).get(VOLUNTEERS).json()["results"]
    assert [v["name"] for v in listed] == [THEIR_NAME]


def test_the_real_employer_can_still_record_its_own_social_worker(
    api_as, org_officer, rival_org_officer, rival_org, their_volunteer
):
    ric = their_volunteer.person.resident_id
    assert api_as(org_officer).post(SOCIAL_WORKERS, {"resident_id": ric, "name": "冒名者"}).status_code == 201
    response = api_as(rival_org_officer).post(
        SOCIAL_WORKERS, {"resident_id": ric, "name": THEIR_NAME, "phone": THEIR_PHONE}
    )
    assert response.status_code == 201, response.content
    theirs = SocialWorker.objects.get(employer=rival_org)
    assert (theirs.name, theirs.phone) == (THEIR_NAME, THEIR_PHONE)


def test_the_answer_is_the_same_whether_an_id_is_on_file_or_not(api_as, org_officer, rival_org, their_person):
    from tests.organizations.people_fixtures import valid_ric

    make_social_worker(rival_org, person=their_person)
    on_file = api_as(org_officer).post(SOCIAL_WORKERS, {"resident_id": their_person.resident_id, "name": "别人"})
    fresh = api_as(org_officer).post(SOCIAL_WORKERS, {"resident_id": valid_ric(), "name": "别人"})
    assert on_file.status_code == fresh.status_code == 201
    assert THEIR_NAME not in _shown(on_file) and THEIR_PHONE not in _shown(on_file)


def test_a_volunteer_made_from_another_organisations_social_worker_shows_and_changes_nothing_of_theirs(
    api_as, org_officer, rival_org, their_person
):
    theirs = make_social_worker(rival_org, person=their_person)
    theirs.phone = THEIR_PHONE
    theirs.save()
    response = api_as(org_officer).post(VOLUNTEERS, {"resident_id": their_person.resident_id, "name": "冒名者"})
    assert response.status_code == 201, response.content
    assert THEIR_NAME not in _shown(response) and THEIR_PHONE not in _shown(response)
    theirs.refresh_from_db()
    assert (theirs.name, theirs.phone) == (THEIR_NAME, THEIR_PHONE)
    assert Volunteer.objects.get(pk=response.json()["id"]).name == "冒名者"


def test_hiring_a_coordinator_neither_reveals_nor_renames_an_organisations_person(
    api_as, street_officer, nanqiao, rival_org, their_person
):
    theirs = make_volunteer(rival_org, person=their_person)
    response = api_as(street_officer).post(
        COORDINATORS, {"community": nanqiao.pk, "resident_id": their_person.resident_id, "name": "另一个名字"}
    )
    assert response.status_code == 201, response.content
    assert THEIR_NAME not in _shown(response) and THEIR_PHONE not in _shown(response)
    theirs.refresh_from_db()
    assert theirs.name == THEIR_NAME
    assert Employment.objects.get(person=their_person).name == "另一个名字"


def test_moving_a_coordinator_to_an_organisation_keeps_the_coordinators_own_name(
    api_as, street_officer, rival_org, muling, nanqiao, their_person
):
    from datetime import date

    make_volunteer(rival_org, person=their_person)
    current = make_coordinator(nanqiao, person=their_person)
    Employment.objects.filter(pk=current.pk).update(name="协管员本名")
    response = api_as(street_officer).post(
        reverse("api:coordinator-transfer", kwargs={"person_id": their_person.pk}),
        {"organization": muling.pk, "on": date(2014, 6, 1).isoformat()},
    )
    assert response.status_code == 201, response.content
    assert response.json()["name"] == "协管员本名"
    assert Employment.objects.get(person=their_person, ended_on__isnull=True).name == "协管员本名"
    assert THEIR_PHONE not in _shown(response)


def test_a_duplicate_within_ones_own_organisation_is_still_refused(api_as, org_officer, social_worker):
    response = api_as(org_officer).post(
        SOCIAL_WORKERS, {"resident_id": social_worker.person.resident_id, "name": "别人"}
    )
    assert response.status_code == 400
    assert "resident_id" in error_of(response)["fields"]


def test_linking_a_social_worker_to_a_coordinators_id_does_not_open_the_coordinators_history(
    api_as, page_as, org_officer, coordinator
):
    ric = coordinator.person.resident_id
    assert api_as(org_officer).post(SOCIAL_WORKERS, {"resident_id": ric, "name": "冒名者"}).status_code == 201
    url = reverse("core:history", kwargs={"object_type": "organizations.person", "object_id": coordinator.person_id})
    assert page_as(org_officer).get(url).status_code == 404
