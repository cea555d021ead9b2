import re

import pytest
from rest_framework.authtoken.models import Token

from accounts.models import User
from tests.factories import TEST_PASSWORD
from tests.helpers import error_of


def test_a_correct_password_gets_an_api_token_that_works(api, community_officer):
    response = api.post("/api/v1/auth/token/", {"username": "community_nanqiao", "password": TEST_PASSWORD})
    assert response.status_code == 200
    token = response.json()["token"]
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    me = api.get("/api/v1/me/").json()
    assert me["username"] == "community_nanqiao"
    assert me["roles"] == [
        {
            "role": "community_staff",
            "role_display": "社区两委工作人员",
            "scope_type": "community",
            "scope_id": community_officer.role_assignments.get().community_id,
            "scope_name": "南桥社区",
        }
    ]


def test_a_wrong_password_gets_a_clear_chinese_error_and_no_token(api, community_officer):
    response = api.post("/api/v1/auth/token/", {"username": "community_nanqiao", "password": "nope"})
    assert response.status_code == 400
    body = error_of(response)
    assert body["message"] == "用户名或密码不正确。"
    assert body["code"] == "bad_credentials"
    assert not Token.objects.exists()


def test_an_unknown_user_gets_the_same_error_as_a_wrong_password(api, db):
    response = api.post("/api/v1/auth/token/", {"username": "ghost", "password": "nope"})
    assert response.status_code == 400
    assert error_of(response)["code"] == "bad_credentials"


def test_repeated_failures_lock_the_username_out_even_with_the_right_password(api, community_officer, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        api.post("/api/v1/auth/token/", {"username": "community_nanqiao", "password": "guess"})
    response = api.post("/api/v1/auth/token/", {"username": "community_nanqiao", "password": TEST_PASSWORD})
    assert response.status_code == 429
    body = error_of(response)
    assert body["code"] == "locked_out"
    assert body["message"] == "登录失败次数过多，请稍后再试。"
    assert not Token.objects.exists()


def test_a_bad_token_is_refused_with_a_401(api, db):
    api.credentials(HTTP_AUTHORIZATION="Token not-a-token")
    response = api.get("/api/v1/me/")
    assert response.status_code == 401
    assert error_of(response)["code"] == "authentication_failed"


def test_a_token_gives_the_same_user_and_token_as_drf_would_in_one_query(community_officer, django_assert_num_queries):
    from rest_framework.authentication import TokenAuthentication as DrfTokenAuthentication

    from accounts.authentication import TokenAuthentication

    community_officer.last_login = "2026-03-04T05:06:07+08:00"
    community_officer.save()
    key = Token.objects.create(user=community_officer).key
    with django_assert_num_queries(1):
        user, token = TokenAuthentication().authenticate_credentials(key)
    drf_user, drf_token = DrfTokenAuthentication().authenticate_credentials(key)
    fields = [f.attname for f in User._meta.concrete_fields]
    assert [getattr(user, f) for f in fields] == [getattr(drf_user, f) for f in fields]
    assert user.last_login.tzinfo is not None and not user._state.adding
    assert (token.key, token.user_id, token.created, token.user) == (key, drf_token.user_id, drf_token.created, user)


def test_the_token_of_a_deactivated_user_is_refused(api_as, community_officer):
    client = api_as(community_officer)
    User.objects.filter(pk=community_officer.pk).update(is_active=False)
    response = client.get("/api/v1/me/")
    assert response.status_code == 401
    assert error_of(response)["message"] == "用户未激活或者已删除。"


def test_an_unknown_token_is_refused_with_drfs_message(api, db):
    api.credentials(HTTP_AUTHORIZATION="Token " + "0" * 40)
    response = api.get("/api/v1/me/")
    assert response.status_code == 401
    assert error_of(response)["message"] == "认证令牌无效。"


def test_the_login_page_signs_in_and_out(client, community_officer):
    response = client.post("/accounts/login/", {"username": "community_nanqiao", "password": TEST_PASSWORD})
    assert response.status_code == 302
    assert "周" not in response.url  # a redirect to the home page, not an error page
    assert client.get("/").context["user"] == community_officer
    client.post("/accounts/logout/")
    assert not client.get("/").context["user"].is_authenticated


def test_a_wrong_password_on_the_login_page_shows_an_error_not_a_500(client, community_officer):
    response = client.post("/accounts/login/", {"username": "community_nanqiao", "password": "wrong"})
    assert response.status_code == 200
    assert "请输入一个正确的" in response.content.decode()  # Django's own Chinese message


def test_the_login_page_locks_out_after_repeated_failures(client, community_officer, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/accounts/login/", {"username": "community_nanqiao", "password": "guess"})
    response = client.post("/accounts/login/", {"username": "community_nanqiao", "password": TEST_PASSWORD})
    assert response.status_code == 429
    assert "登录失败次数过多" in response.content.decode()
    assert not client.get("/").context["user"].is_authenticated


class TestSignup:
    def test_a_newcomer_signs_up_and_is_signed_in(self, client, db):
        response = client.post(
            "/accounts/signup/",
            {
                "username": "newbie",
                "display_name": "新人",
                "password": "a-long-passphrase",
                "password2": "a-long-passphrase",
            },
        )
        assert response.status_code == 302
        user = User.objects.get(username="newbie")
        assert client.get("/").context["user"] == user
        assert not user.role_assignments.exists()

    @pytest.mark.parametrize(
        ("data", "field", "message"),
        [
            ({"username": "community_nanqiao"}, "username", "该用户名已被使用。"),
            ({"password2": "different-passphrase"}, "password2", "两次输入的密码不一致。"),
            ({"password": "123", "password2": "123"}, "password", "密码太短，至少需要 8 个字符。"),
            ({"password": "12345678", "password2": "12345678"}, "password", "这个密码太常见了。"),
            ({"display_name": ""}, "display_name", "该字段是必填项。"),
        ],
    )
    def test_bad_input_is_shown_beside_the_field_and_creates_nobody(
        self, client, community_officer, data, field, message
    ):
        before = User.objects.count()
        form = {
            "username": "newbie",
            "display_name": "新人",
            "password": "a-long-passphrase",
            "password2": "a-long-passphrase",
        }
        response = client.post("/accounts/signup/", {**form, **data})
        assert response.status_code == 200
        errors = response.context["form"].errors
        assert field in errors and message in " ".join(errors[field])
        assert f'data-field="{field}"' in response.content.decode()
        assert User.objects.count() == before

    def test_the_password_rules_read_in_chinese_without_a_latin_word(self, client, db):
        response = client.post(
            "/accounts/signup/",
            {"username": "newbie", "display_name": "新人", "password": "1234", "password2": "1234"},
        )
        errors = " ".join(response.context["form"].errors["password"])
        assert errors and not re.search(r"[A-Za-z]{3,}", errors), errors

    @pytest.mark.parametrize("target", ["https://elsewhere.example/", "//elsewhere.example/", "/\\elsewhere.example"])
    def test_sign_up_never_redirects_to_another_site(self, client, db, target):
        response = client.post(
            f"/accounts/signup/?next={target}",
            {
                "username": "newbie",
                "display_name": "新人",
                "password": "a-long-passphrase",
                "password2": "a-long-passphrase",
            },
        )
        assert response.status_code == 302
        assert response.url == "/"

    def test_sign_up_follows_a_next_page_on_this_site(self, client, db):
        form = {"username": "newbie", "display_name": "新人", "password": "a-long-passphrase"}
        response = client.post("/accounts/signup/?next=/places/streets/", {**form, "password2": form["password"]})
        assert response.url == "/places/streets/"
