"""The sign-in policy (docs/decisions/013-login-throttling.md): counts that a client cannot
escape by forging X-Forwarded-For, a cap per username across addresses, and a lockout that
keys on username and address so one shared office address locks out nobody else."""

import os
import subprocess
import sys

import pytest
from django.conf import settings
from rest_framework.test import APIClient

from tests.factories import TEST_PASSWORD
from tests.helpers import error_of

TOKEN = "/api/v1/auth/token/"


@pytest.fixture
def rates(settings):
    def set_rates(*, address="1000/min", username="1000/hour", proxies=None):
        rest_framework = {
            **settings.REST_FRAMEWORK,
            "DEFAULT_THROTTLE_RATES": {"auth": address, "auth_username": username},
        }
        if proxies is not None:  # otherwise as the project's settings say
            rest_framework["NUM_PROXIES"] = proxies
        settings.REST_FRAMEWORK = rest_framework

    return set_rates


def test_a_forged_x_forwarded_for_does_not_escape_the_address_throttle(api, db, rates):
    rates(address="5/min")
    for n in range(5):
        response = api.post(TOKEN, {"username": f"user{n}", "password": "guess"}, HTTP_X_FORWARDED_FOR=f"10.0.0.{n}")
        assert response.status_code == 400
    response = api.post(TOKEN, {"username": "user9", "password": "guess"}, HTTP_X_FORWARDED_FOR="10.0.0.99")
    assert response.status_code == 429
    assert error_of(response)["code"] == "throttled"


def test_behind_one_proxy_each_client_address_counts_on_its_own(api, db, rates):
    rates(address="2/min", proxies=1)
    for _ in range(2):
        api.post(TOKEN, {"username": "x", "password": "guess"}, HTTP_X_FORWARDED_FOR="forged, 203.0.113.7")
    assert api.post(TOKEN, {"username": "x", "password": "g"}, HTTP_X_FORWARDED_FOR="203.0.113.7").status_code == 429
    assert api.post(TOKEN, {"username": "x", "password": "g"}, HTTP_X_FORWARDED_FOR="203.0.113.8").status_code == 400


def test_one_username_is_throttled_across_addresses(api, community_officer, rates):
    rates(username="3/hour")
    for n in range(3):
        response = api.post(TOKEN, {"username": "community_nanqiao", "password": "guess"}, REMOTE_ADDR=f"10.1.0.{n}")
        assert response.status_code == 400
    spraying = api.post(TOKEN, {"username": "Community_Nanqiao ", "password": "guess"}, REMOTE_ADDR="10.1.0.50")
    assert spraying.status_code == 429
    # Other usernames are not held back.
    assert api.post(TOKEN, {"username": "someone_else", "password": "x"}, REMOTE_ADDR="10.1.0.51").status_code == 400


def test_the_login_page_is_throttled_per_username_across_addresses(client, community_officer, rates):
    rates(username="3/hour")
    for n in range(3):
        client.post("/accounts/login/", {"username": "community_nanqiao", "password": "x"}, REMOTE_ADDR=f"10.2.0.{n}")
    response = client.post(
        "/accounts/login/", {"username": "community_nanqiao", "password": TEST_PASSWORD}, REMOTE_ADDR="10.2.0.9"
    )
    assert response.status_code == 429
    assert "登录失败次数过多" in response.content.decode()


def test_a_forged_x_forwarded_for_does_not_escape_the_lockout(api, community_officer, settings, rates):
    rates()
    for n in range(settings.AXES_FAILURE_LIMIT):
        api.post(TOKEN, {"username": "community_nanqiao", "password": "guess"}, HTTP_X_FORWARDED_FOR=f"10.3.0.{n}")
    response = api.post(
        TOKEN, {"username": "community_nanqiao", "password": TEST_PASSWORD}, HTTP_X_FORWARDED_FOR="10.3.0.99"
    )
    assert response.status_code == 429
    assert error_of(response)["code"] == "locked_out"


def test_one_shared_office_address_does_not_lock_out_colleagues(
    street_officer, community_officer, other_community_officer, settings, rates
):
    rates()
    office = "198.51.100.20"
    for _ in range(settings.AXES_FAILURE_LIMIT):
        APIClient().post(TOKEN, {"username": "community_nanqiao", "password": "guess"}, REMOTE_ADDR=office)
    locked = APIClient().post(TOKEN, {"username": "community_nanqiao", "password": TEST_PASSWORD}, REMOTE_ADDR=office)
    assert locked.status_code == 429
    colleague = APIClient().post(
        TOKEN, {"username": street_officer.username, "password": TEST_PASSWORD}, REMOTE_ADDR=office
    )
    assert colleague.status_code == 200
    at_home = APIClient().post(
        TOKEN, {"username": "community_nanqiao", "password": TEST_PASSWORD}, REMOTE_ADDR="198.51.100.99"
    )
    assert at_home.status_code == 200


@pytest.mark.parametrize(
    ("cache_url", "backend"),
    [
        ("redis://127.0.0.1:6379/6", "core.cache.RedisCache"),
        ("", "django.core.cache.backends.filebased.FileBasedCache"),
    ],
)
def test_throttles_count_in_a_cache_shared_by_every_web_process(tmp_path, cache_url, backend):
    env = {**os.environ, "VAR_DIR": str(tmp_path), "CACHE_URL": cache_url}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    script = "from django.conf import settings; print(settings.CACHES['default']['BACKEND'])"
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", script],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[-1] == backend
