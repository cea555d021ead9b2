"""Offerings: organisations offer services in communities; anyone browses them, by community and
domain, with a Chinese substring search; who delivers shows only public fields."""

from decimal import Decimal

import pytest
from django.urls import reverse

from core.models import AuditRecord
from orders.models import Offering
from orders.queries.orders import average_rating, confirmed_deliveries, delivery_figures
from tests.factories import PersonFactory, SocialWorkerFactory, VolunteerFactory
from tests.helpers import assert_queries_do_not_grow, error_of
from tests.orders.factories import advance, make_offering, make_order, make_resident


def test_anyone_browses_a_community_s_offerings_by_domain_and_chinese_search(
    api, org_officer, muling, nanqiao, yulin_east
):
    make_offering(actor=org_officer, organization=muling, communities=[nanqiao], title="剪纸兴趣班", domain="culture")
    make_offering(actor=org_officer, organization=muling, communities=[nanqiao], title="上门助浴", domain="elderly")
    make_offering(
        actor=org_officer, organization=muling, communities=[yulin_east], title="玉林剪纸课", domain="culture"
    )
    url = reverse("api:offering-list")
    titles = lambda **q: [o["title"] for o in api.get(url, q).json()["results"]]  # noqa: E731
    assert sorted(titles(community=nanqiao.pk)) == ["上门助浴", "剪纸兴趣班"]
    assert titles(community=nanqiao.pk, domain="culture") == ["剪纸兴趣班"]
    assert sorted(titles(search="剪纸")) == ["剪纸兴趣班", "玉林剪纸课"]
    assert titles(community=nanqiao.pk, search="剪纸") == ["剪纸兴趣班"]
    assert titles(community=99999999999) == []


def test_a_closed_offering_is_hidden_from_residents_but_not_from_its_organisation(
    api, api_as, org_officer, rival_org_officer, offering
):
    response = api_as(org_officer).patch(reverse("api:offering-detail", args=[offering.pk]), {"is_active": False})
    assert response.status_code == 200, response.content
    assert api.get(reverse("api:offering-detail", args=[offering.pk])).status_code == 404
    assert api.get(reverse("api:offering-list")).json()["results"] == []
    assert api_as(org_officer).get(reverse("api:offering-detail", args=[offering.pk])).status_code == 200
    # Another organisation's staff may read an open offering but never change it.
    api_as(org_officer).patch(reverse("api:offering-detail", args=[offering.pk]), {"is_active": True})
    response = api_as(rival_org_officer).patch(reverse("api:offering-detail", args=[offering.pk]), {"price": "9.00"})
    assert response.status_code == 403
    assert Offering.objects.get(pk=offering.pk).price == 0


def test_organisation_staff_offer_a_service_through_the_api_and_it_is_audited(api_as, org_officer, nanqiao, muling):
    worker = SocialWorkerFactory(employer=muling, name="李社工", phone="13800000000")
    volunteer = VolunteerFactory(organization=muling, name="王志愿", phone="13900000000")
    body = {
        "communities": [nanqiao.pk],
        "title": "长者理发",
        "domain": "elderly",
        "price": "10.00",
        "answer_hours": 12,
        "social_workers": [worker.pk],
        "volunteers": [volunteer.pk],
    }
    response = api_as(org_officer).post(reverse("api:offering-list"), body)
    assert response.status_code == 201, response.content
    data = response.json()
    assert (data["organization"], data["price"], data["answer_hours"]) == (muling.pk, "10.00", 12)
    # Who delivers: public cards only, never a phone number or a resident ID.
    assert data["social_workers"] == [{"name": "李社工"}]
    assert data["volunteers"][0]["name"] == "王志愿" and "phone" not in data["volunteers"][0]
    assert "13800000000" not in response.content.decode() and "13900000000" not in response.content.decode()
    assert AuditRecord.objects.filter(action="offering.create", object_id=str(data["id"])).exists()


def test_an_organisation_cannot_name_another_organisation_s_people(api_as, org_officer, nanqiao, rival_org):
    other = SocialWorkerFactory(employer=rival_org, person=PersonFactory())
    response = api_as(org_officer).post(
        reverse("api:offering-list"),
        {"communities": [nanqiao.pk], "title": "助餐", "domain": "elderly", "social_workers": [other.pk]},
    )
    assert response.status_code == 400
    assert "social_workers" in error_of(response)["fields"]
    assert not Offering.objects.exists()


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"title": ""}, "title"),
        ({"price": "-1"}, "price"),
        ({"answer_hours": 0}, "answer_hours"),
        ({"communities": []}, "communities"),
    ],
)
def test_bad_offerings_are_refused_on_their_field_in_chinese(api_as, org_officer, nanqiao, change, field):
    body = {"communities": [nanqiao.pk], "title": "助餐", "domain": "elderly", **change}
    response = api_as(org_officer).post(reverse("api:offering-list"), body)
    assert response.status_code == 400
    assert field in error_of(response)["fields"]
    assert not Offering.objects.exists()


def test_residents_and_communities_cannot_offer_services(api_as, resident, community_officer, nanqiao):
    body = {"communities": [nanqiao.pk], "title": "助餐", "domain": "elderly"}
    for user in (resident, community_officer):
        assert api_as(user).post(reverse("api:offering-list"), body).status_code == 403


def test_slots_must_be_in_the_future_with_places(api_as, org_officer, offering):
    url = reverse("api:offering-slots", args=[offering.pk])
    past = {"start": "2020-01-01T09:00:00+08:00", "end": "2020-01-01T10:00:00+08:00", "capacity": 3}
    response = api_as(org_officer).post(url, past)
    assert response.status_code == 400 and "start" in error_of(response)["fields"]
    future = {"start": "2099-01-01T09:00:00+08:00", "end": "2099-01-01T10:00:00+08:00", "capacity": 3}
    response = api_as(org_officer).post(url, future)
    assert response.status_code == 201 and response.json()["places_left"] == 3


def test_the_offering_list_costs_the_same_queries_whatever_its_length(api, org_officer, muling, nanqiao):
    def add(n):
        for i in range(n):
            make_offering(actor=org_officer, organization=muling, communities=[nanqiao], title=f"服务{i}")

    queries = assert_queries_do_not_grow(lambda: api.get(reverse("api:offering-list"), {"community": nanqiao.pk}), add)
    assert queries <= 4


def test_deliveries_and_ratings_count_confirmed_orders_only(org_officer, muling, nanqiao, resident):
    offering = make_offering(actor=org_officer, organization=muling, communities=[nanqiao], title="助餐")
    other = make_resident("resident_li", nanqiao)
    for who, stars in ((resident, 5), (other, 4)):
        from orders.actions.orders import order_rate

        order = advance(make_order(resident=who, offering=offering), "confirmed", provider=org_officer)
        order_rate(actor=who, order=order, rating=stars)
    make_order(resident=resident, offering=offering)  # placed: does not count
    assert confirmed_deliveries(offering_ids=[offering.pk]) == 2
    assert average_rating(offering_ids=[offering.pk]) == Decimal("4.50")
    assert delivery_figures(offering_ids=[]).average_rating is None
