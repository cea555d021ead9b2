"""Social workers, their certificates and rewards, training sessions and attendance."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from core.errors import DomainError, NotAllowed
from core.models import AuditRecord
from organizations.actions.people import (
    attendance_record,
    certificate_add,
    social_worker_create,
    training_session_create,
)
from organizations.models import Attendance, Certificate, Organization, SocialWorker, TrainingSession
from organizations.queries.people import certified_social_worker_count
from tests.factories import OrganizationFactory
from tests.helpers import assert_queries_do_not_grow, error_of
from tests.organizations.people_fixtures import *  # noqa: F403
from tests.organizations.people_fixtures import (
    bad_check_digit,
    make_session,
    make_social_worker,
    snapshot,
    valid_ric,
)

LIST = reverse("api:social-worker-list")


# --- Creating a social worker ----------------------------------------------------------------
def test_an_organisations_staff_records_a_social_worker_of_their_own(api_as, org_officer, muling):
    ric = valid_ric()
    response = api_as(org_officer).post(LIST, {"resident_id": ric, "name": "李梅"})
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["employer"] == muling.pk and body["resident_id"] == ric and body["certificate_count"] == 0
    social_worker = SocialWorker.objects.get(pk=body["id"])
    assert AuditRecord.objects.filter(action="social_worker.create", object_id=str(social_worker.pk)).exists()


@pytest.mark.parametrize(
    ("resident_id", "fragment"),
    [
        ("bad", "18"),
        ("510107199013011234", "birth date"),
        ("check", "check digit"),
    ],
)
def test_it_refuses_a_bad_resident_id_and_changes_nothing(api_as, org_officer, settings, resident_id, fragment):
    settings.LANGUAGE_CODE = "en"
    if resident_id == "check":
        resident_id = bad_check_digit(valid_ric())
    before = snapshot()
    response = api_as(org_officer).post(LIST, {"resident_id": resident_id, "name": "李梅"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert fragment in error_of(response)["fields"]["resident_id"][0]
    assert snapshot() == before


def test_the_error_is_in_chinese_by_default(api_as, org_officer):
    response = api_as(org_officer).post(LIST, {"resident_id": bad_check_digit(valid_ric()), "name": "李梅"})
    assert response.status_code == 400
    assert "校验码" in error_of(response)["fields"]["resident_id"][0]


def test_it_refuses_the_same_person_twice_and_changes_nothing(api_as, org_officer, social_worker):
    before = snapshot()
    response = api_as(org_officer).post(
        LIST, {"resident_id": social_worker.person.resident_id, "name": social_worker.person.name}
    )
    assert response.status_code == 400
    assert "resident_id" in error_of(response)["fields"]
    assert snapshot() == before


def test_it_refuses_a_known_resident_id_under_another_name(api_as, org_officer, social_worker):
    before = snapshot()
    response = api_as(org_officer).post(LIST, {"resident_id": social_worker.person.resident_id, "name": "别人"})
    assert response.status_code == 400
    assert "resident_id" in error_of(response)["fields"]
    assert snapshot() == before


@pytest.mark.parametrize("org", ["rival", "unknown", "unregistered"])
def test_it_refuses_an_organisation_that_is_not_yours_unknown_or_unregistered(api_as, org_officer, rival_org, org):
    target = {
        "rival": rival_org.pk,
        "unknown": 999999,
        "unregistered": OrganizationFactory(name="草稿组织", status=Organization.Status.DRAFT).pk,
    }[org]
    before = snapshot()
    response = api_as(org_officer).post(LIST, {"organization": target, "resident_id": valid_ric(), "name": "李梅"})
    assert response.status_code == 400
    assert "organization" in error_of(response)["fields"]
    assert snapshot() == before


def test_the_district_admin_must_name_the_organisation(api_as, district_admin, muling):
    before = snapshot()
    response = api_as(district_admin).post(LIST, {"resident_id": valid_ric(), "name": "李梅"})
    assert response.status_code == 400 and "organization" in error_of(response)["fields"]
    assert snapshot() == before
    response = api_as(district_admin).post(
        LIST, {"organization": muling.pk, "resident_id": valid_ric(), "name": "李梅"}
    )
    assert response.status_code == 201


def test_the_action_refuses_a_user_who_does_not_manage_the_organisation(rival_org_officer, muling):
    before = snapshot()
    with pytest.raises(NotAllowed):
        social_worker_create(actor=rival_org_officer, organization=muling, resident_id=valid_ric(), name="李梅")
    assert snapshot() == before


def test_the_page_shows_the_error_beside_the_field_and_changes_nothing(page_as, org_officer):
    before = snapshot()
    response = page_as(org_officer).post(
        reverse("organizations:social-worker-create"), {"resident_id": bad_check_digit(valid_ric()), "name": "李梅"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["resident_id"]
    assert 'data-field="resident_id"' in response.content.decode()
    assert snapshot() == before


def test_the_page_records_a_social_worker(page_as, org_officer, muling):
    response = page_as(org_officer).post(
        reverse("organizations:social-worker-create"), {"resident_id": valid_ric(), "name": "李梅"}
    )
    assert response.status_code == 302
    assert SocialWorker.objects.get(name="李梅").employer == muling


def test_staff_edit_a_name_and_the_resident_id_stays(api_as, org_officer, social_worker):
    ric = social_worker.person.resident_id
    url = reverse("api:social-worker-detail", kwargs={"pk": social_worker.pk})
    response = api_as(org_officer).patch(url, {"name": "王小丽", "phone": "13800000000"})
    assert response.status_code == 200
    social_worker.refresh_from_db()
    assert (social_worker.name, social_worker.phone, social_worker.person.resident_id) == ("王小丽", "13800000000", ric)


def test_an_empty_name_is_refused_on_edit_and_changes_nothing(page_as, org_officer, social_worker):
    before = snapshot()
    response = page_as(org_officer).post(
        reverse("organizations:social-worker-edit", kwargs={"pk": social_worker.pk}), {"name": " ", "phone": ""}
    )
    assert response.status_code == 200 and response.context["form"].errors["name"]
    social_worker.refresh_from_db()
    assert social_worker.name.startswith("测试人")
    assert snapshot() == before


def test_other_organisations_staff_get_404_for_a_social_worker(api_as, page_as, rival_org_officer, social_worker):
    assert (
        api_as(rival_org_officer).get(reverse("api:social-worker-detail", kwargs={"pk": social_worker.pk})).status_code
        == 404
    )
    assert (
        page_as(rival_org_officer)
        .get(reverse("organizations:social-worker-detail", kwargs={"pk": social_worker.pk}))
        .status_code
        == 404
    )


def test_each_organisation_lists_only_its_own_social_workers(
    api_as, org_officer, district_admin, social_worker, rival_social_worker
):
    mine = [row["id"] for row in api_as(org_officer).get(LIST).json()["results"]]
    assert mine == [social_worker.pk]
    everyone = {row["id"] for row in api_as(district_admin).get(LIST).json()["results"]}
    assert everyone == {social_worker.pk, rival_social_worker.pk}


def test_the_list_filters_certified_social_workers(api_as, district_admin, muling):
    certified = make_social_worker(muling, certified=True)
    make_social_worker(muling)
    rows = api_as(district_admin).get(LIST + "?certified=true").json()["results"]
    assert [r["id"] for r in rows] == [certified.pk]


def test_the_social_worker_list_does_not_grow_in_queries(api_as, page_as, district_admin, muling, rival_org):
    client = api_as(district_admin)
    pages = page_as(district_admin)

    def add(n):
        for i in range(n):
            make_social_worker(muling if i % 2 else rival_org, certified=bool(i % 3))

    assert_queries_do_not_grow(lambda: client.get(LIST), add)
    assert_queries_do_not_grow(lambda: pages.get(reverse("organizations:social-worker-list")), add)


# --- Certificates and rewards ----------------------------------------------------------------
def _cert_url(social_worker):
    return reverse("api:social-worker-certificates", kwargs={"pk": social_worker.pk})


def test_staff_record_a_certificate_with_its_reward(api_as, org_officer, social_worker):
    response = api_as(org_officer).post(
        _cert_url(social_worker),
        {
            "level": "social_worker",
            "number": "SW2014-0001",
            "year_passed": 2014,
            "reward_amount": "2000.00",
            "reward_paid_on": "2015-03-15",
        },
    )
    assert response.status_code == 201, response.content
    cert = Certificate.objects.get(number="SW2014-0001")
    assert cert.reward_amount == Decimal("2000.00") and cert.social_worker == social_worker


def test_a_certificate_number_is_unique(api_as, org_officer, social_worker, muling):
    other = make_social_worker(muling, certified=True)
    taken = other.certificates.get().number
    before = snapshot()
    response = api_as(org_officer).post(
        _cert_url(social_worker), {"level": "assistant", "number": taken, "year_passed": 2014}
    )
    assert response.status_code == 400 and "number" in error_of(response)["fields"]
    assert snapshot() == before


def test_the_database_refuses_a_duplicate_certificate_number(social_worker):
    Certificate.objects.create(social_worker=social_worker, level="assistant", number="X1", year_passed=2014)
    with pytest.raises(IntegrityError), transaction.atomic():
        Certificate.objects.create(social_worker=social_worker, level="senior", number="X1", year_passed=2015)


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"level": "assistant", "number": "N1", "year_passed": 2007}, "year_passed"),
        ({"level": "assistant", "number": "N1", "year_passed": timezone.localdate().year + 1}, "year_passed"),
        ({"level": "assistant", "number": "N1", "year_passed": 2014, "reward_amount": "0"}, "reward_amount"),
        ({"level": "assistant", "number": "N1", "year_passed": 2014, "reward_paid_on": "2015-01-01"}, "reward_amount"),
        ({"level": "master", "number": "N1", "year_passed": 2014}, "level"),
        ({"level": "assistant", "number": "", "year_passed": 2014}, "number"),
    ],
)
def test_it_refuses_a_bad_certificate_and_changes_nothing(api_as, org_officer, social_worker, data, field):
    before = snapshot()
    response = api_as(org_officer).post(_cert_url(social_worker), data)
    assert response.status_code == 400
    assert field in error_of(response)["fields"]
    assert snapshot() == before


def test_a_rival_cannot_add_a_certificate_to_someone_elses_social_worker(api_as, rival_org_officer, social_worker):
    before = snapshot()
    response = api_as(rival_org_officer).post(
        _cert_url(social_worker), {"level": "assistant", "number": "Z", "year_passed": 2014}
    )
    assert response.status_code == 404
    assert snapshot() == before


def test_the_certificate_page_shows_a_duplicate_number_beside_the_field(page_as, org_officer, social_worker, muling):
    taken = make_social_worker(muling, certified=True).certificates.get().number
    before = snapshot()
    response = page_as(org_officer).post(
        reverse("organizations:social-worker-certificate-add", kwargs={"pk": social_worker.pk}),
        {"level": "assistant", "number": taken, "year_passed": "2014"},
    )
    assert response.status_code == 200 and response.context["form"].errors["number"]
    assert snapshot() == before


# --- The admission-standard figure -----------------------------------------------------------
def test_it_counts_certified_social_workers_of_one_organisation(muling, rival_org):
    make_social_worker(muling, certified=True, year=2012)
    make_social_worker(muling, certified=True, year=2014)
    twice = make_social_worker(muling, certified=True, year=2013)
    Certificate.objects.create(social_worker=twice, level="social_worker", number="TWICE", year_passed=2014)
    make_social_worker(muling)
    make_social_worker(rival_org, certified=True)
    assert certified_social_worker_count(muling) == 3
    assert certified_social_worker_count(muling.pk) == 3
    assert certified_social_worker_count(muling, on=date(2013, 6, 1)) == 2
    assert certified_social_worker_count(muling, on=date(2011, 6, 1)) == 0
    assert certified_social_worker_count(rival_org) == 1


def test_a_social_worker_not_yet_employed_on_the_day_does_not_count(muling):
    make_social_worker(muling, certified=True, year=2012, started_on=date(2014, 7, 1))
    assert certified_social_worker_count(muling, on=date(2014, 6, 30)) == 0
    assert certified_social_worker_count(muling, on=date(2014, 7, 1)) == 1


# --- Training sessions and attendance --------------------------------------------------------
TRAINING = reverse("api:training-session-list")


def test_the_district_admin_schedules_a_training_session(api_as, district_admin):
    response = api_as(district_admin).post(
        TRAINING,
        {"topic": "个案管理", "kind": "practical", "held_on": "2014-06-01", "hours": "6.0", "provider": "川大"},
    )
    assert response.status_code == 201, response.content
    assert TrainingSession.objects.get().hours == Decimal("6.0")


def test_only_the_district_admin_schedules_training(api_as, org_officer):
    before = snapshot()
    response = api_as(org_officer).post(
        TRAINING, {"topic": "个案管理", "kind": "practical", "held_on": "2014-06-01", "hours": "6", "provider": "川大"}
    )
    assert response.status_code == 403
    assert snapshot() == before


@pytest.mark.parametrize(
    ("override", "field"),
    [
        ({"hours": "0"}, "hours"),
        ({"hours": "500"}, "hours"),
        ({"topic": " "}, "topic"),
        ({"provider": " "}, "provider"),
    ],
)
def test_it_refuses_a_bad_training_session_and_changes_nothing(district_admin, override, field):
    data = {
        "topic": "个案管理",
        "kind": "basic",
        "held_on": date(2014, 6, 1),
        "hours": "3",
        "provider": "川大",
        **override,
    }
    before = snapshot()
    with pytest.raises(DomainError) as caught:
        training_session_create(actor=district_admin, **data)
    assert field in caught.value.fields
    assert snapshot() == before


def test_the_training_page_refuses_zero_hours_beside_the_field(page_as, district_admin):
    before = snapshot()
    response = page_as(district_admin).post(
        reverse("organizations:training-create"),
        {"topic": "个案管理", "kind": "basic", "held_on": "2014-06-01", "hours": "0", "provider": "川大"},
    )
    assert response.status_code == 200 and response.context["form"].errors["hours"]
    assert snapshot() == before


def test_staff_record_attendance_once(api_as, org_officer, social_worker, session_2014):
    url = reverse("api:social-worker-attendance", kwargs={"pk": social_worker.pk})
    assert api_as(org_officer).post(url, {"session": session_2014.pk}).status_code == 201
    before = snapshot()
    again = api_as(org_officer).post(url, {"session": session_2014.pk})
    assert again.status_code == 400 and "session" in error_of(again)["fields"]
    assert snapshot() == before
    assert Attendance.objects.get().person == social_worker.person


def test_the_database_refuses_the_same_attendance_twice(social_worker, session_2014):
    Attendance.objects.create(person=social_worker.person, session=session_2014)
    with pytest.raises(IntegrityError), transaction.atomic():
        Attendance.objects.create(person=social_worker.person, session=session_2014)


def test_attendance_of_an_unknown_or_future_session_is_refused(api_as, org_officer, social_worker):
    url = reverse("api:social-worker-attendance", kwargs={"pk": social_worker.pk})
    future = make_session(held_on=timezone.localdate() + timedelta(days=5))
    before = snapshot()
    assert api_as(org_officer).post(url, {"session": 999999}).status_code == 400
    assert api_as(org_officer).post(url, {"session": future.pk}).status_code == 409
    assert snapshot() == before


def test_a_rival_cannot_record_attendance_for_someone_elses_social_worker(
    org_officer, rival_org_officer, social_worker, session_2014
):
    before = snapshot()
    with pytest.raises(NotAllowed):
        attendance_record(actor=rival_org_officer, session=session_2014, social_worker=social_worker)
    assert snapshot() == before


def test_anyone_lists_training_sessions_with_attendee_counts(api, social_worker, session_2014):
    Attendance.objects.create(person=social_worker.person, session=session_2014)
    make_session(held_on=date(2015, 1, 10))
    rows = api.get(TRAINING + "?year=2014").json()["results"]
    assert [(r["id"], r["attendee_count"]) for r in rows] == [(session_2014.pk, 1)]


def test_the_training_lists_do_not_grow_in_queries(api, page_as, muling):
    social_worker = make_social_worker(muling)

    def add(n):
        for _ in range(n):
            Attendance.objects.create(person=social_worker.person, session=make_session())

    assert_queries_do_not_grow(lambda: api.get(TRAINING), add)
    assert_queries_do_not_grow(lambda: page_as(None).get(reverse("organizations:training-list")), add)


def test_the_social_worker_page_does_not_grow_with_certificates_and_training(page_as, org_officer, social_worker):
    url = reverse("organizations:social-worker-detail", kwargs={"pk": social_worker.pk})

    def add(n):
        for _ in range(n):
            session = make_session()
            Attendance.objects.create(person=social_worker.person, session=session)
            Certificate.objects.create(
                social_worker=social_worker, level="assistant", number=f"C{session.pk}", year_passed=2014
            )

    assert_queries_do_not_grow(lambda: page_as(org_officer).get(url), add)


def test_certificate_add_action_audits(org_officer, social_worker):
    certificate_add(actor=org_officer, social_worker=social_worker, level="senior", number="S-1", year_passed=2014)
    assert (
        AuditRecord.objects.filter(action="social_worker.certificate_add", object_id=str(social_worker.pk)).count() == 1
    )


def test_a_social_workers_audit_trail_is_for_their_organisation_and_the_district(
    page_as, org_officer, rival_org_officer, district_admin, muling
):
    social_worker = social_worker_create(actor=org_officer, organization=muling, resident_id=valid_ric(), name="李梅")
    url = reverse("core:history", kwargs={"object_type": "organizations.socialworker", "object_id": social_worker.pk})
    assert page_as(org_officer).get(url).status_code == 200
    assert page_as(district_admin).get(url).status_code == 200
    assert page_as(rival_org_officer).get(url).status_code == 404


def test_the_hand_built_list_rows_match_the_serializer(api_as, district_admin, org_officer, muling, rival_org):
    """The list builds its rows from values(); SocialWorkerSerializer, which the schema documents,
    builds the same from the model."""
    from rest_framework.test import APIRequestFactory

    from organizations.api.social_workers import SocialWorkerSerializer
    from organizations.queries.people import social_workers_for

    make_social_worker(muling, certified=True)
    make_social_worker(rival_org, certified=False)
    for user in (district_admin, org_officer):
        request = APIRequestFactory().get(LIST)
        request.user = user
        rows = api_as(user).get(LIST).json()["results"]
        assert rows
        by_model = SocialWorkerSerializer(
            social_workers_for(user).order_by("-id"), many=True, context={"request": request}
        )
        assert rows == by_model.data
