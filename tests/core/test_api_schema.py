"""The schema is a contract: what it says of nulls, errors and page sizes is what the API does."""

import pytest
from drf_spectacular.generators import SchemaGenerator

from tests.helpers import error_of


@pytest.fixture(scope="module")
def schema():
    return SchemaGenerator().get_schema(request=None, public=True)


def _component(schema, name):
    return schema["components"]["schemas"][name]["properties"]


def test_fields_that_can_be_null_are_nullable_in_the_schema(schema):
    for component in ("OrganizationList", "OrganizationDetail"):
        for field in ("street_name", "community_name"):
            assert _component(schema, component)[field].get("nullable") is True, (component, field)
    assert _component(schema, "AdmissionStandard")["updated_at"].get("nullable") is True


def test_every_operation_documents_its_error_answers_in_the_error_shape(schema):
    error = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            expected = {"400", "401", "403", "404", "429"} | ({"409"} if method != "get" else set())
            documented = {status for status, answer in operation["responses"].items() if answer.get("content") == error}
            assert expected <= documented, (method, path, expected - documented)
    assert set(schema["components"]["schemas"]["Error"]["required"]) == {"message", "code", "fields"}


def test_the_admission_standard_answers_as_its_schema_says_before_it_is_ever_saved(api_as, district_admin):
    body = api_as(district_admin).get("/api/v1/admission-standard/").json()
    assert body["updated_at"] is None


@pytest.mark.parametrize("page_size", ["null", "0", "-5", "abc", "1.5", "100000"])
@pytest.mark.parametrize("url", ["/api/v1/streets/", "/api/v1/organizations/"])
def test_an_invalid_page_size_is_a_400(api_as, district_admin, url, page_size):
    response = api_as(district_admin).get(url, {"page_size": page_size})
    assert response.status_code == 400
    assert "page_size" in error_of(response)["fields"]


def test_a_valid_page_size_is_honoured(api_as, district_admin, huaxing, yulin):
    body = api_as(district_admin).get("/api/v1/streets/", {"page_size": 1}).json()
    assert len(body["results"]) == 1 and body["next"]


def test_a_blank_page_number_is_no_page(api_as, district_admin, huaxing):
    response = api_as(district_admin).get("/api/v1/streets/", {"page": ""})
    assert response.status_code == 404
    assert error_of(response)["code"] == "not_found"
