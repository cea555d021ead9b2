from accounts.models import Community, Street
from accounts.reference import reference_units_load
from tests.factories import CommunityFactory, StreetFactory
from tests.helpers import assert_queries_do_not_grow


def test_the_reference_loader_ships_wuhous_streets_and_communities_with_their_sources(db):
    counts = reference_units_load()
    assert counts == {"streets": 13, "communities": 30, "departments": 8}
    nanqiao = Community.objects.get(name="南桥社区")
    assert nanqiao.street.name == "华兴街道"
    assert "论坛报道" in nanqiao.note
    assert nanqiao.source
    assert not Street.objects.get(name="双楠街道").is_active


def test_loading_the_reference_data_twice_creates_nothing_twice(db):
    reference_units_load()
    reference_units_load()
    assert Street.objects.count() == 13
    assert Community.objects.count() == 30


def test_the_streets_api_lists_streets_with_community_counts(api, nanqiao, sanhe, yulin_east):
    rows = {r["name"]: r for r in api.get("/api/v1/streets/").json()["results"]}
    assert rows["华兴街道"]["community_count"] == 2
    assert rows["玉林街道"]["community_count"] == 1


def test_the_communities_api_filters_by_street(api, nanqiao, sanhe, yulin_east, huaxing):
    names = [r["name"] for r in api.get(f"/api/v1/communities/?street={huaxing.pk}").json()["results"]]
    assert sorted(names) == ["三河社区", "南桥社区"]


def test_an_unknown_street_filter_is_a_clear_400(api, db):
    response = api.get("/api/v1/communities/?street=99999")
    assert response.status_code == 400
    assert "street" in response.json()["fields"]


def test_place_lists_take_the_same_queries_however_many_rows(api, client, wuhou):
    def add(n):
        for _ in range(n):
            CommunityFactory(street=StreetFactory(district=wuhou))

    assert_queries_do_not_grow(lambda: api.get("/api/v1/streets/"), add)
    assert_queries_do_not_grow(lambda: api.get("/api/v1/communities/"), add)
    assert_queries_do_not_grow(lambda: client.get("/places/"), add)


def test_the_street_page_lists_its_communities_and_sources(client, nanqiao, sanhe):
    html = client.get(f"/places/streets/{nanqiao.street_id}/").content.decode()
    assert "南桥社区" in html and "三河社区" in html


def test_a_street_renamed_in_the_admin_shows_at_once_on_the_cached_lists(api, page_as, nanqiao, huaxing):
    from django.contrib import admin

    def street_names():
        return [r["name"] for r in api.get("/api/v1/streets/").json()["results"]]

    assert street_names() == ["华兴街道"]
    assert "华兴街道" in page_as(None).get("/places/").content.decode()
    huaxing.name = "华兴街道办事处"
    admin.site._registry[Street].save_model(request=None, obj=huaxing, form=None, change=True)
    assert street_names() == ["华兴街道办事处"]
    assert "华兴街道办事处" in page_as(None).get("/places/").content.decode()
    community_names = [r["street_name"] for r in api.get(f"/api/v1/communities/?street={huaxing.pk}").json()["results"]]
    assert community_names == ["华兴街道办事处"]


def test_the_streets_api_answers_a_second_visitor_from_the_cache(api, nanqiao, django_assert_max_num_queries):
    first = api.get("/api/v1/streets/").json()
    with django_assert_max_num_queries(0):
        assert api.get("/api/v1/streets/").json() == first


def test_the_place_lists_answer_signed_in_clients_the_same_without_reading_their_token(
    api, api_as, nanqiao, huaxing, street_officer, django_assert_max_num_queries
):
    communities, streets = (
        api.get(url).json() for url in (f"/api/v1/communities/?street={huaxing.pk}", "/api/v1/streets/")
    )
    signed_in = api_as(street_officer)
    with django_assert_max_num_queries(0):  # not even the token's lookup
        assert signed_in.get(f"/api/v1/communities/?street={huaxing.pk}").json() == communities
        assert signed_in.get("/api/v1/streets/").json() == streets
