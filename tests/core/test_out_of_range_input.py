"""Input at the edge of what Python and the database can represent is a 400 in the one error
shape, never a 500; and the API answers JSON even where Django, not DRF, answers."""

import pytest
from django.test import Client

from tests.helpers import error_of


@pytest.mark.parametrize("month", ["9999-12", "0001-01", "0-12", "2026-13", "March"])
@pytest.mark.parametrize("url", ["/api/v1/burden/", "/api/v1/burden/refusals/"])
def test_an_out_of_range_month_is_a_400_on_the_burden_api(api_as, district_admin, url, month):
    response = api_as(district_admin).get(url, {"month": month})
    assert response.status_code == 400
    assert "month" in error_of(response)["fields"]


@pytest.mark.parametrize("url", ["/tasks/burden/", "/burden/refusals/"])
def test_an_out_of_range_month_is_a_400_on_the_burden_pages(page_as, district_admin, url):
    assert page_as(district_admin).get(url, {"month": "9999-12"}).status_code == 400


@pytest.mark.parametrize("year", ["0", "99999", "-1", "2026.5"])
@pytest.mark.parametrize("url", ["/api/v1/training-sessions/", "/api/v1/coordinator-moves/"])
def test_an_out_of_range_year_is_a_400(api_as, district_admin, url, year):
    response = api_as(district_admin).get(url, {"year": year})
    assert response.status_code == 400
    assert "year" in error_of(response)["fields"]


@pytest.mark.parametrize("on", ["0001-01-01", "9999-12-31"])
def test_an_out_of_range_qualification_date_is_a_400(api, muling, on):
    response = api.get(f"/api/v1/organizations/{muling.pk}/qualification/", {"on": on})
    assert response.status_code == 400
    assert "on" in error_of(response)["fields"]


def test_a_json_body_nested_fifty_thousand_deep_is_a_400(api_as, stranger):
    body = "[" * 50_000 + "]" * 50_000
    response = api_as(stranger).post("/api/v1/organizations/", body, content_type="application/json")
    assert response.status_code == 400
    assert error_of(response)["code"] == "parse_error"


def test_an_unknown_api_path_is_a_json_404(api_as, community_officer):
    response = api_as(community_officer).get("/api/v1/no-such-thing/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert error_of(response)["code"] == "not_found"


def test_an_unknown_page_is_still_the_html_404(client, db):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")


def test_an_api_500_answers_json_without_a_traceback(settings, db, monkeypatch):
    from accounts import api as accounts_api

    def explode(*args, **kwargs):
        raise RuntimeError("secret internals")

    monkeypatch.setattr(accounts_api.StreetList, "get_queryset", explode)
    response = Client(raise_request_exception=False).get("/api/v1/streets/")
    assert response.status_code == 500
    assert response["Content-Type"] == "application/json"
    body = error_of(response)
    assert body["code"] == "error"
    assert "secret internals" not in response.content.decode()


@pytest.mark.parametrize(
    ("url", "params", "field"),
    [
        ("/api/v1/social-workers/", {"certified": "maybe"}, "certified"),
        ("/api/v1/duty-items/", {"list": "0.5"}, "list"),
        ("/api/v1/volunteers/", {"organization": "1e+50"}, "organization"),
    ],
)
def test_a_filter_value_of_the_wrong_type_is_a_400_not_ignored(api_as, district_admin, url, params, field):
    response = api_as(district_admin).get(url, params)
    assert response.status_code == 400
    assert field in error_of(response)["fields"]


def test_the_api_takes_json_and_refuses_form_data_where_no_file_is_sent(api_as, stranger):
    response = api_as(stranger).post("/api/v1/organizations/", {"name": "某某服务中心"}, format="multipart")
    assert response.status_code == 415
    assert error_of(response)["code"] == "unsupported_media_type"


def test_a_number_where_the_schema_says_text_is_a_400(api_as, stranger):
    response = api_as(stranger).post("/api/v1/organizations/", {"name": 12}, format="json")
    assert response.status_code == 400
    assert "name" in error_of(response)["fields"]


@pytest.mark.parametrize(
    "body", [{"require_annual_report": 0}, {"min_months_registered": "6"}, {"min_months_registered": True}]
)
def test_a_json_value_of_another_type_than_the_schema_says_is_a_400(api_as, district_admin, body):
    response = api_as(district_admin).patch("/api/v1/admission-standard/", body, format="json")
    assert response.status_code == 400
    assert set(error_of(response)["fields"]) == set(body)
