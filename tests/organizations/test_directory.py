"""The public directory, the organisation's page, the resident service centre, and who sees what."""

from datetime import date

import pytest
from django.urls import reverse

from organizations.actions.standing import incubation_record
from organizations.models import Organization
from tests.factories import AnnualReportFactory, OrganizationDomainFactory, OrganizationFactory, ViolationFactory
from tests.helpers import assert_queries_do_not_grow
from tests.organizations.registration_helpers import apply


@pytest.fixture
def catalogue(muling, rival_org, nanqiao, yulin_east, district_admin):
    """Registered organisations with domains, a brand one and an incubated one, plus a draft."""
    OrganizationDomainFactory(organization=muling, domain="elderly")
    OrganizationDomainFactory(organization=rival_org, domain="youth")
    brand = OrganizationFactory(name="上海屋里厢社区服务社", community=nanqiao, is_brand=True, origin_city="上海")
    OrganizationDomainFactory(organization=brand, domain="elderly")
    incubation_record(
        actor=district_admin, incubator=brand, incubatee=rival_org, start=date(2025, 1, 1), end=date(2025, 12, 31)
    )
    muling.communities_served.add(nanqiao, yulin_east)
    draft = OrganizationFactory(name="南桥草稿社", community=nanqiao, status=Organization.Status.DRAFT)
    return {"muling": muling, "rival": rival_org, "brand": brand, "draft": draft}


def _names(response):
    return sorted(o["name"] for o in response.json()["results"])


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", ["上海屋里厢社区服务社", "玉林青少年服务中心", "睦林长者互助社"]),
        ("?q=长者", ["睦林长者互助社"]),
        ("?q=服务", ["上海屋里厢社区服务社", "玉林青少年服务中心"]),
        ("?domain=elderly", ["上海屋里厢社区服务社", "睦林长者互助社"]),
        ("?brand=true", ["上海屋里厢社区服务社"]),
        ("?brand=false", ["玉林青少年服务中心", "睦林长者互助社"]),
        ("?incubated=true", ["玉林青少年服务中心"]),
        ("?incubated=false", ["上海屋里厢社区服务社", "睦林长者互助社"]),
    ],
)
def test_the_public_searches_and_filters_registered_organisations(api_as, catalogue, query, expected):
    assert _names(api_as(None).get(reverse("api:organization-list") + query)) == expected


def test_filters_by_street_community_and_community_served(api_as, catalogue, nanqiao, yulin_east, yulin):
    url = reverse("api:organization-list")
    assert _names(api_as(None).get(f"{url}?community={nanqiao.pk}")) == ["上海屋里厢社区服务社", "睦林长者互助社"]
    assert _names(api_as(None).get(f"{url}?street={yulin.pk}")) == ["玉林青少年服务中心"]
    assert _names(api_as(None).get(f"{url}?served={yulin_east.pk}")) == ["睦林长者互助社"]


def test_the_public_never_sees_a_draft_but_its_staff_and_the_bureau_do(api_as, catalogue, district_admin):
    from tests.factories import user_with_role

    draft = catalogue["draft"]
    owner = user_with_role("draft_owner", "organization_staff", draft)
    url = reverse("api:organization-list")
    assert "南桥草稿社" not in _names(api_as(None).get(url))
    assert "南桥草稿社" in _names(api_as(owner).get(url))
    assert "南桥草稿社" in _names(api_as(district_admin).get(url))
    detail = reverse("api:organization-detail", kwargs={"pk": draft.pk})
    assert api_as(None).get(detail).status_code == 404
    assert api_as(owner).get(detail).status_code == 200


def test_the_list_uses_cursor_pagination(api_as, catalogue):
    body = api_as(None).get(reverse("api:organization-list") + "?page_size=2").json()
    assert set(body) == {"next", "previous", "results"}
    assert len(body["results"]) == 2 and "cursor=" in body["next"]


def _more(nanqiao):
    def add(n):
        for _ in range(n):
            org = OrganizationFactory(community=nanqiao)
            OrganizationDomainFactory(organization=org, domain="culture")
            org.communities_served.add(nanqiao)

    return add


def test_the_api_list_query_count_does_not_grow(api_as, nanqiao, resident):
    client = api_as(resident)
    assert_queries_do_not_grow(lambda: client.get(reverse("api:organization-list")), _more(nanqiao))


def test_the_directory_page_query_count_does_not_grow(page_as, nanqiao):
    client = page_as(None)
    assert_queries_do_not_grow(lambda: client.get(reverse("organizations:directory")), _more(nanqiao))


def test_the_service_centre_query_count_does_not_grow(page_as, nanqiao):
    client = page_as(None)
    url = reverse("organizations:service-centre", kwargs={"pk": nanqiao.pk})
    assert_queries_do_not_grow(lambda: client.get(url), _more(nanqiao))


def test_the_review_queue_query_count_does_not_grow(page_as, district_admin, nanqiao, stranger):
    client = page_as(district_admin)

    def add(n):
        for _ in range(n):
            apply(stranger, nanqiao, submit=True, name=f"排队社{Organization.objects.count()}")

    assert_queries_do_not_grow(lambda: client.get(reverse("organizations:review")), add)


def test_the_incubation_list_query_count_does_not_grow(api_as, district_admin, muling):
    client = api_as(None)

    def add(n):
        for _ in range(n):
            incubation_record(
                actor=district_admin,
                incubator=muling,
                incubatee=OrganizationFactory(),
                start=date(2025, 1, 1),
                end=date(2025, 12, 31),
            )

    assert_queries_do_not_grow(lambda: client.get(reverse("api:incubation-list")), add)


def test_the_directory_page_searches_in_chinese(page_as, catalogue):
    html = page_as(None).get(reverse("organizations:directory") + "?q=屋里厢").content.decode()
    assert "上海屋里厢社区服务社" in html and "睦林长者互助社" not in html
    assert "品牌 · 来自上海" in html


def test_the_service_centre_lists_the_organisations_serving_the_community(page_as, catalogue, yulin_east):
    html = page_as(None).get(reverse("organizations:service-centre", kwargs={"pk": yulin_east.pk})).content.decode()
    assert "睦林长者互助社" in html
    assert "社会组织居民服务中心" in html


def test_the_public_page_shows_domains_communities_and_the_procurement_placeholder(page_as, catalogue):
    muling = catalogue["muling"]
    muling.performance_score = 88
    Organization.objects.filter(pk=muling.pk).update(performance_score=88)
    html = page_as(None).get(reverse("organizations:detail", kwargs={"pk": muling.pk})).content.decode()
    assert "为老" in html and "玉林东路社区" in html
    assert 'data-testid="contracts-placeholder"' in html
    assert "88" in html
    assert 'data-testid="member-list"' not in html


def test_the_staff_page_shows_members_and_the_next_steps(page_as, submitted, applicant, district_admin):
    html = page_as(district_admin).get(reverse("organizations:detail", kwargs={"pk": submitted.pk})).content.decode()
    assert 'data-testid="member-list"' in html and 'data-testid="step-approve"' in html
    html = page_as(applicant).get(reverse("organizations:detail", kwargs={"pk": submitted.pk})).content.decode()
    assert 'data-testid="step-approve"' not in html


def test_the_history_page_is_for_the_staff_and_the_bureau(page_as, registered, applicant, district_admin, resident):
    url = reverse("core:history", kwargs={"object_type": "organizations.organization", "object_id": registered.pk})
    assert page_as(applicant).get(url).status_code == 200
    assert page_as(district_admin).get(url).status_code == 200
    assert page_as(resident).get(url).status_code == 404


def test_the_staff_say_which_communities_they_serve(api_as, muling, org_officer, nanqiao, yulin_east, page_as):
    url = reverse("api:organization-communities-served", kwargs={"pk": muling.pk})
    response = api_as(org_officer).put(url, {"communities": [nanqiao.pk, yulin_east.pk]}, format="json")
    assert response.status_code == 200
    assert sorted(response.json()["communities_served"]) == ["南桥社区", "玉林东路社区"]
    html = page_as(None).get(reverse("organizations:service-centre", kwargs={"pk": yulin_east.pk})).content.decode()
    assert "睦林长者互助社" in html


def test_serving_no_community_is_refused_and_changes_nothing(api_as, muling, org_officer, rival_org_officer, nanqiao):
    muling.communities_served.add(nanqiao)
    url = reverse("api:organization-communities-served", kwargs={"pk": muling.pk})
    response = api_as(org_officer).put(url, {"communities": []}, format="json")
    assert response.status_code == 400
    assert "communities" in response.json()["fields"]
    assert api_as(rival_org_officer).put(url, {"communities": [nanqiao.pk]}, format="json").status_code == 403
    assert list(muling.communities_served.all()) == [nanqiao]


def test_the_annual_report_and_violation_lists_do_not_grow_in_queries(api_as, muling, org_officer):
    client = api_as(org_officer)
    years = iter(range(1990, 2100))

    def add(n):
        for _ in range(n):
            year = next(years)
            AnnualReportFactory(organization=muling, year=year, overdue=True)
            ViolationFactory(organization=muling, date=date(year, 1, 1), description="x")

    assert_queries_do_not_grow(
        lambda: client.get(reverse("api:organization-annual-reports", kwargs={"pk": muling.pk})), add
    )
    assert_queries_do_not_grow(
        lambda: client.get(reverse("api:organization-violations", kwargs={"pk": muling.pk})), add
    )


def test_the_communities_page_saves_and_refuses_none(page_as, muling, org_officer, nanqiao, yulin_east):
    url = reverse("organizations:communities", kwargs={"pk": muling.pk})
    client = page_as(org_officer)
    response = client.post(url, {"communities": []})
    assert 'data-field="communities"' in response.content.decode()
    assert not muling.communities_served.exists()
    assert client.post(url, {"communities": [nanqiao.pk, yulin_east.pk]}).status_code == 302
    assert set(muling.communities_served.all()) == {nanqiao, yulin_east}


@pytest.mark.parametrize("model", ["organization", "incubation", "annualreport", "violation", "admissionstandard"])
def test_the_admin_lists_are_read_only_and_load(client, registered, model):
    from tests.factories import UserFactory

    admin_user = UserFactory(username="root", is_staff=True, is_superuser=True)
    client.force_login(admin_user, backend="django.contrib.auth.backends.ModelBackend")
    assert client.get(f"/admin/organizations/{model}/").status_code == 200
    assert client.get(f"/admin/organizations/{model}/add/").status_code == 403
    assert client.get(f"/admin/organizations/organization/{registered.pk}/change/").status_code == 200


def test_the_directory_offers_a_streets_communities_only_once_the_street_is_chosen(
    page_as, catalogue, huaxing, nanqiao, yulin_east
):
    def community_options(response):
        return [label for value, label in response.context["filter"].form.fields["community"].widget.choices if value]

    url = reverse("organizations:directory")
    first = page_as(None).get(url)
    assert community_options(first) == []
    assert "请先选择街道" in first.content.decode()
    assert community_options(page_as(None).get(url, {"street": huaxing.pk})) == ["南桥社区"]
    assert community_options(page_as(None).get(url, {"street": yulin_east.street_id})) == ["玉林东路社区"]
    # A link naming a community (with no street) still filters and still shows the choice.
    named = page_as(None).get(url, {"community": nanqiao.pk})
    assert community_options(named) == ["南桥社区"]
    assert "上海屋里厢社区服务社" in named.content.decode()


# --- The cached public lists: a change shows at once --------------------------------------------
def _directory_names(page_as, api_as):
    page = page_as(None).get(reverse("organizations:directory")).content.decode()
    return _names(api_as(None).get(reverse("api:organization-list"))), page


def test_an_organisation_registered_or_suspended_shows_at_once_on_the_cached_directory(
    api_as, page_as, catalogue, district_admin, stranger, nanqiao
):
    from organizations.actions.registration import organization_approve
    from organizations.actions.standing import organization_suspend

    names, page = _directory_names(page_as, api_as)
    assert "睦林长者互助社" in names and "睦林长者互助社" in page
    applied = apply(stranger, nanqiao, submit=True, name="南桥新邻里服务社")
    organization_approve(actor=district_admin, organization=applied)
    names, page = _directory_names(page_as, api_as)
    assert "南桥新邻里服务社" in names and "南桥新邻里服务社" in page
    organization_suspend(actor=district_admin, organization=catalogue["muling"], comment="年检未通过")
    names, page = _directory_names(page_as, api_as)
    assert "睦林长者互助社" not in names and "睦林长者互助社" not in page


def test_communities_served_and_incubation_show_at_once_on_the_cached_directory(
    api_as, catalogue, district_admin, org_officer, yulin_east, muling
):
    from organizations.actions.standing import organization_communities_set

    url = reverse("api:organization-list")
    assert _names(api_as(None).get(f"{url}?incubated=true")) == ["玉林青少年服务中心"]
    incubation_record(
        actor=district_admin,
        incubator=catalogue["brand"],
        incubatee=muling,
        start=date(2025, 1, 1),
        end=date(2025, 6, 1),
    )
    assert _names(api_as(None).get(f"{url}?incubated=true")) == ["玉林青少年服务中心", "睦林长者互助社"]
    assert _names(api_as(None).get(f"{url}?served={yulin_east.pk}")) == ["睦林长者互助社"]
    organization_communities_set(actor=org_officer, organization=muling, communities=[catalogue["brand"].community])
    assert _names(api_as(None).get(f"{url}?served={yulin_east.pk}")) == []


def test_a_second_visitor_gets_the_directory_from_the_cache(api_as, page_as, catalogue, django_assert_max_num_queries):
    url = reverse("api:organization-list")
    first = api_as(None).get(url).json()
    page_as(None).get(reverse("organizations:directory"))
    with django_assert_max_num_queries(0):
        assert api_as(None).get(url).json() == first
        assert page_as(None).get(reverse("organizations:directory")).status_code == 200


def test_the_bureau_and_an_organisations_staff_never_get_the_cached_public_answer(
    api_as, catalogue, district_admin, stranger
):
    url = reverse("api:organization-list")
    assert "南桥草稿社" not in _names(api_as(None).get(url))
    assert "南桥草稿社" in _names(api_as(district_admin).get(url))
