"""The social-workers list is kept per scope in the shared cache: an organisation's staff and the
district each get their own answer, and every change to a worker shows at once."""

from django.urls import reverse

from accounts.models import Role
from organizations.actions.people import certificate_add, social_worker_update
from organizations.queries.people import SOCIAL_WORKER_LIST_SCOPE
from tests.cast import user_with_role
from tests.helpers import ScopeReads, count_queries
from tests.organizations.people_fixtures import *  # noqa: F403
from tests.organizations.people_fixtures import valid_ric

LIST = reverse("api:social-worker-list")


def _rows(client):
    return client.get(LIST).json()["results"]


def test_each_scope_gets_its_own_answer_whoever_asked_first(
    api_as, district_admin, org_officer, rival_org_officer, social_worker, rival_social_worker
):
    everyone = _rows(api_as(district_admin))
    assert {r["id"] for r in everyone} == {social_worker.pk, rival_social_worker.pk}
    assert all("*" not in r["resident_id"] for r in everyone)  # the district sees IDs whole

    (own,) = _rows(api_as(org_officer))
    assert own["id"] == social_worker.pk and own["resident_id"] == social_worker.person.resident_id
    (rival,) = _rows(api_as(rival_org_officer))
    assert rival["id"] == rival_social_worker.pk


def test_a_colleague_in_the_same_organisation_is_served_the_kept_answer(api_as, org_officer, muling, social_worker):
    colleague = api_as(user_with_role("org_muling_2", Role.ORGANIZATION_STAFF, muling))
    first = api_as(org_officer).get(LIST)
    queries, second = count_queries(lambda: colleague.get(LIST))
    assert second.content == first.content
    assert queries == 2  # the token and the scope


def test_every_change_to_a_worker_shows_at_once(api_as, org_officer, social_worker):
    client = api_as(org_officer)
    assert [(r["name"], r["certificate_count"]) for r in _rows(client)] == [(social_worker.name, 0)]

    created = client.post(LIST, {"resident_id": valid_ric(), "name": "李梅"})
    assert created.status_code == 201
    assert [r["name"] for r in _rows(client)] == ["李梅", social_worker.name]

    social_worker_update(actor=org_officer, social_worker=social_worker, name="王芳", phone="13800000000")
    assert [(r["name"], r["phone"]) for r in _rows(client)][1] == ("王芳", "13800000000")

    certificate_add(actor=org_officer, social_worker=social_worker, level="assistant", number="ZS-1", year_passed=2020)
    assert _rows(client)[1]["certificate_count"] == 1


def test_the_list_reads_nothing_of_a_scope_but_what_keys_the_kept_answer(
    api_as, district_admin, org_officer, rival_org_officer, social_worker, rival_social_worker, monkeypatch
):
    reads = ScopeReads().patch(monkeypatch, "organizations.api.social_workers", "organizations.queries.people")
    for caller in (district_admin, org_officer, rival_org_officer):
        for query in ("", "?certified=false", f"?organization={social_worker.employer_id}"):
            assert api_as(caller).get(LIST + query).status_code == 200
    assert reads.read and reads.read <= set(SOCIAL_WORKER_LIST_SCOPE)
