"""Public pages and API of the duty lists: anyone reads, search in Chinese, constant queries."""

import pytest

from services.actions.duties import duty_list_publish
from services.models import DutyList
from tests.factories import DutyItemFactory
from tests.helpers import assert_queries_do_not_grow
from tests.services.duties_support import make_list

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("duty_media")]


def add_items(duty_list, start=[0]):  # noqa: B006 - a counter shared by the calls of one test
    def add(n):
        category = duty_list.categories.first()
        for _ in range(n):
            start[0] += 1
            DutyItemFactory(
                duty_list=duty_list,
                category=category,
                code=f"Q{start[0]:05d}",
                title=f"增补事项{start[0]}",
                is_placeholder=True,
            )

    return add


# --- Pages -------------------------------------------------------------------------------------
def test_anyone_reads_the_lists_with_declared_and_actual_counts_and_placeholders(duty_reference, page_as):
    body = page_as(None).get("/duty-lists/").content.decode()
    assert body.count('data-status="published"') == 3
    assert "123 / 123" in body and "14 / 14" in body and "16 / 16" in body and "18 / 18" in body
    assert 'class="badge-placeholder"' in body and 'data-testid="placeholder-notice"' in body


def test_a_list_page_shows_items_by_category_and_flags_placeholders(duty_reference, page_as):
    assisting = duty_reference["assisting"]
    body = page_as(None).get(f"/duty-lists/{assisting.pk}/").content.decode()
    assert body.count('data-testid="category-A') == 14
    assert 'data-code="A14-08"' in body and "人口与计划生育" in body
    assert 'data-testid="placeholder-notice"' in body and body.count('class="badge-placeholder"') >= 123
    assert 'data-testid="export-csv"' not in body


def test_the_district_admin_sees_the_export_buttons(duty_reference, page_as, district_admin):
    body = page_as(district_admin).get(f"/duty-lists/{duty_reference['party'].pk}/").content.decode()
    assert 'data-testid="export-csv"' in body and 'data-testid="export-xlsx"' in body


def test_the_committee_page_names_the_law(duty_reference, page_as):
    body = page_as(None).get(f"/duty-lists/{duty_reference['committee'].pk}/").content.decode()
    assert "调解民间纠纷" in body and "第三条" in body


def test_the_printable_view_has_the_whole_list_without_the_page_chrome_buttons(duty_reference, page_as):
    response = page_as(None).get(f"/duty-lists/{duty_reference['assisting'].pk}/print/")
    body = response.content.decode()
    assert response.status_code == 200 and "data-print" in body and "js/print.js" in body
    assert body.count('data-code="A') == 123


def test_a_draft_is_nobodys_to_read(page_as, api_as, district_admin):
    draft = make_list("party", n=1, categories=0, publish=False)
    assert page_as(district_admin).get(f"/duty-lists/{draft.pk}/").status_code == 404
    assert api_as(None).get(f"/api/v1/duty-lists/{draft.pk}/").status_code == 404


@pytest.mark.parametrize(
    ("words", "codes"),
    [
        ("调解", {"C03"}),
        ("组织法 治安", {"C04"}),
        ("人口与计划生育 第9项", {"A01-09"}),
        ("不存在的词", set()),
    ],
)
def test_search_finds_items_by_chinese_words_inside_their_text(duty_reference, page_as, words, codes):
    response = page_as(None).get("/duty-lists/search/", {"q": words})
    found = {item.code for item in response.context["page"]}
    assert found == codes


def test_search_can_look_inside_a_superseded_version(duty_reference, page_as, district_admin):
    old = duty_reference["party"]
    duty_list_publish(actor=district_admin, duty_list=make_list("party", n=2, categories=0, publish=False))
    in_force = page_as(None).get("/duty-lists/search/", {"q": "社区党组织职责"}).context["page"]
    assert in_force.paginator.count == 0
    old_hits = page_as(None).get("/duty-lists/search/", {"q": "社区党组织职责", "list": old.pk}).context["page"]
    assert old_hits.paginator.count == 16


def test_the_list_index_page_does_not_grow_in_queries(page_as):
    def add(n):
        for _ in range(n):
            make_list("party", n=2, categories=0)

    assert_queries_do_not_grow(lambda: page_as(None).get("/duty-lists/"), add)


def test_a_list_page_does_not_grow_in_queries(page_as):
    duty_list = make_list("assisting", n=2, categories=1)
    assert_queries_do_not_grow(lambda: page_as(None).get(f"/duty-lists/{duty_list.pk}/"), add_items(duty_list))


def test_the_search_page_does_not_grow_in_queries(page_as):
    duty_list = make_list("assisting", n=2, categories=1)
    assert_queries_do_not_grow(lambda: page_as(None).get("/duty-lists/search/", {"q": "增补"}), add_items(duty_list))


# --- API ---------------------------------------------------------------------------------------
def test_the_api_lists_every_version_filtered_by_kind_and_status(duty_reference, api_as, district_admin):
    duty_list_publish(actor=district_admin, duty_list=make_list("party", n=2, categories=0, publish=False))
    client = api_as(None)
    everything = client.get("/api/v1/duty-lists/").json()["results"]
    assert len(everything) == 4
    party = client.get("/api/v1/duty-lists/", {"kind": "party"}).json()["results"]
    assert [(p["version"], p["status"]) for p in party] == [(2, "published"), (1, "superseded")]
    assisting = client.get("/api/v1/duty-lists/", {"kind": "assisting", "status": "published"}).json()["results"][0]
    assert (assisting["item_count"], assisting["category_count"], assisting["placeholder_count"]) == (123, 14, 123)
    assert client.get("/api/v1/duty-lists/", {"status": "bogus"}).status_code == 400


def test_the_api_gives_a_list_with_its_categories_and_items(duty_reference, api_as):
    body = api_as(None).get(f"/api/v1/duty-lists/{duty_reference['assisting'].pk}/").json()
    assert len(body["categories"]) == 14
    assert sum(len(c["items"]) for c in body["categories"]) == 123
    assert body["categories"][0]["items"][0]["is_placeholder"] is True
    assert api_as(None).get("/api/v1/duty-lists/999999/").status_code == 404


def test_the_api_searches_items_by_list_category_and_words(duty_reference, api_as):
    client = api_as(None)
    assisting = duty_reference["assisting"]
    category = assisting.categories.get(code="A02")
    assert client.get("/api/v1/duty-items/").json()["count"] == 16 + 18 + 123
    by_category = client.get("/api/v1/duty-items/", {"list": assisting.pk, "category": category.pk}).json()
    assert by_category["count"] == 9 and {i["category_name"] for i in by_category["results"]} == {"民政"}
    found = client.get("/api/v1/duty-items/", {"search": "民间纠纷"}).json()["results"]
    assert [(i["code"], i["list_kind"], i["list_status"]) for i in found] == [("C03", "committee", "published")]


def test_the_api_list_of_lists_does_not_grow_in_queries(api_as):
    def add(n):
        for _ in range(n):
            make_list("assisting", n=2, categories=1)

    assert_queries_do_not_grow(lambda: api_as(None).get("/api/v1/duty-lists/"), add)


def test_the_api_list_detail_does_not_grow_in_queries(api_as):
    duty_list = make_list("assisting", n=2, categories=1)
    assert_queries_do_not_grow(lambda: api_as(None).get(f"/api/v1/duty-lists/{duty_list.pk}/"), add_items(duty_list))


def test_the_api_item_list_does_not_grow_in_queries(api_as):
    duty_list = make_list("assisting", n=2, categories=1)
    assert_queries_do_not_grow(
        lambda: api_as(None).get("/api/v1/duty-items/", {"search": "增补"}), add_items(duty_list)
    )


def test_the_superseded_list_keeps_its_status_in_the_api(api_as, district_admin):
    old = make_list("party", n=1, categories=0)
    duty_list_publish(actor=district_admin, duty_list=make_list("party", n=1, categories=0, publish=False))
    assert api_as(None).get(f"/api/v1/duty-lists/{old.pk}/").json()["status"] == DutyList.Status.SUPERSEDED


def test_a_new_version_in_force_shows_at_once_on_the_cached_lists_and_search(page_as, api_as, district_admin):
    first = make_list("party", n=2, categories=0, title="党组织清单（旧）")
    assert "党组织清单（旧）" in page_as(None).get("/duty-lists/").content.decode()
    assert [r["title"] for r in api_as(None).get("/api/v1/duty-lists/").json()["results"]] == ["党组织清单（旧）"]
    search = {"q": "增补"}
    old_codes = [r["code"] for r in api_as(None).get("/api/v1/duty-items/", {"search": ""}).json()["results"]]
    page_as(None).get("/duty-lists/search/", search)
    second = make_list("party", n=3, categories=0, title="党组织清单（新）", publish=False)
    duty_list_publish(actor=district_admin, duty_list=second)
    index = page_as(None).get("/duty-lists/").content.decode()
    assert "党组织清单（新）" in index
    rows = {r["title"]: r["status"] for r in api_as(None).get("/api/v1/duty-lists/").json()["results"]}
    assert rows == {"党组织清单（旧）": "superseded", "党组织清单（新）": "published"}
    items = api_as(None).get("/api/v1/duty-items/", {"search": ""}).json()["results"]
    assert {r["duty_list"] for r in items} == {second.pk} and len(items) == 3 != len(old_codes)
    assert first.pk != second.pk


def test_the_district_admin_and_the_public_get_their_own_cached_index(page_as, district_admin):
    make_list("party", n=2, categories=0)
    assert 'data-testid="import-link"' not in page_as(None).get("/duty-lists/").content.decode()
    assert 'data-testid="import-link"' in page_as(district_admin).get("/duty-lists/").content.decode()
    assert 'data-testid="import-link"' not in page_as(None).get("/duty-lists/").content.decode()
