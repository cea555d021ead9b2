import re

from django.core.management import call_command
from django.test import Client

from tests.helpers import error_of


def test_the_openapi_schema_generates_without_warnings(db, tmp_path):
    out = tmp_path / "schema.yaml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(out))
    assert "/api/v1/streets/" in out.read_text()


def test_swagger_ui_is_served_from_local_static_files(db, settings, tmp_path):
    # As in production: collectstatic, then whitenoise serves STATIC_ROOT.
    settings.STATIC_ROOT = tmp_path
    call_command("collectstatic", "--noinput", "-v0")
    client = Client()
    html = client.get("/api/docs/").content.decode()
    sources = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert sources, html[:500]
    assert all(not s.startswith(("http://", "https://", "//")) for s in sources), sources
    for path in [s for s in sources if s.startswith("/static/")]:
        assert client.get(path).status_code == 200, path


def test_an_unknown_object_answers_in_the_one_error_shape(api_as, community_officer):
    response = api_as(community_officer).get("/api/v1/no-such-thing/")
    assert response.status_code == 404


def test_a_missing_login_is_a_401_in_the_one_error_shape(api):
    response = api.get("/api/v1/me/")
    assert response.status_code == 401
    body = error_of(response)
    assert body["code"] == "not_authenticated"
    assert body["message"]


def test_invalid_input_names_the_fields_in_chinese(api, db):
    response = api.post("/api/v1/auth/token/", {"username": ""}, format="json")
    assert response.status_code == 400
    body = error_of(response)
    assert body["message"] == "提交的数据有误。"
    assert set(body["fields"]) == {"username", "password"}


def test_every_response_carries_a_request_id(client, db):
    response = client.get("/", HTTP_X_REQUEST_ID="abc-123")
    assert response["X-Request-ID"] == "abc-123"
    assert len(client.get("/")["X-Request-ID"]) == 32


def test_errors_on_nested_fields_keep_the_error_shape_with_no_python_repr(api_as, stranger, nanqiao):
    response = api_as(stranger).post(
        "/api/v1/organizations/",
        {
            "name": "某某服务中心",
            "domains": ["elderly", "no-such-domain"],
            "members": [{"name": "张三", "resident_id": ""}, {"name": "x" * 80, "resident_id": ""}],
        },
        format="json",
    )
    assert response.status_code == 400
    fields = error_of(response)["fields"]
    assert set(fields) == {"domains", "members"}
    assert list(fields["domains"]) == ["1"] and fields["domains"]["1"][0].startswith("“no-such-domain”")
    assert list(fields["members"]) == ["1"]
    assert fields["members"]["1"]["name"] == ["请确保这个字段不能超过 50 个字符。"]
    assert "ErrorDetail" not in response.content.decode()


def test_no_page_pattern_answers_a_path_under_the_api():
    # The API's patterns come first in the URLconf (they are the hot path); that is only the same
    # as any other order while no other pattern could answer an /api/v1/ path.
    from django.urls import URLResolver, get_resolver
    from django.urls.exceptions import Resolver404

    root = get_resolver()
    api = next(p for p in root.url_patterns if isinstance(p, URLResolver) and str(p.pattern) == "api/v1/")
    others = URLResolver(root.pattern, [p for p in root.url_patterns if p is not api])

    def routes(patterns, prefix):
        for p in patterns:
            route = prefix + re.sub(r"<[^>]+>", "1", str(p.pattern))
            yield from routes(p.url_patterns, route) if isinstance(p, URLResolver) else [route]

    paths = ["/api/v1/", "/api/v1/x/y/z/", *("/api/v1/" + r for r in routes(api.url_patterns, ""))]
    assert "/api/v1/task-requests/1/" in paths
    for path in paths:
        try:
            match = others.resolve(path)
        except Resolver404:
            continue
        raise AssertionError(f"{path} also resolves to {match.view_name}")
    assert all(not str(p.pattern).startswith(("api/v1", "<", "^")) for p in root.url_patterns if p is not api)


def test_a_forged_cursor_is_refused_as_an_invalid_cursor_not_a_server_error(api_as, district_admin, muling, rival_org):
    import base64

    client = api_as(district_admin)
    for url in ("/api/v1/social-workers/", "/api/v1/organizations/", "/api/v1/projects/", "/api/v1/orders/"):
        for position in ("abc", "", "1e999", "99999999999999999999999"):
            cursor = base64.b64encode(f"p={position}".encode()).decode()
            response = client.get(url, {"cursor": cursor})
            assert response.status_code == 404, (url, position, response.status_code)
            assert error_of(response)["message"], (url, position)
    # A cursor the API itself gave still turns the page.
    first = client.get("/api/v1/organizations/", {"page_size": 1}).json()
    assert first["next"] and client.get(first["next"]).status_code == 200
