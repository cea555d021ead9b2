"""The cast every test can call by name, and the switches every test needs.

The cast (healthchecks' alice/bob/charlie, in Wuhou): a district civil-affairs admin, an HR
bureau officer, a 华兴 street officer, a 南桥 community officer and one from 玉林东路, the staff
of a registered organisation and of a rival one, an evaluation expert, a 南桥 resident, a
stranger who signed up but holds no role, and the anonymous public.
"""

from types import SimpleNamespace

import pytest
from django.core.cache import cache
from django.test import override_settings
from rest_framework.test import APIClient

from tests import cast as recipes
from tests.cast import CAST
from tests.clock import (  # noqa: F401  (hooks and fixtures)
    _real_clock_beside_a_real_worker,
    pytest_addoption,
    pytest_configure,
    pytest_report_header,
)
from tests.worker import django_db_modify_db_settings, worker  # noqa: F401  (fixtures)
from wuhou_portal.celery import app as celery_app

FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="session", autouse=True)
def _fast_hashing():
    """Hashing a password the production way takes a good part of a second; tests make hundreds
    of users, some of them in module- and session-wide fixtures, so the switch is session-wide."""
    with override_settings(PASSWORD_HASHERS=FAST_HASHERS):
        yield


@pytest.fixture(autouse=True)
def _fast_and_eager(settings, request):
    settings.LANGUAGE_CODE = "zh-hans"
    settings.HEALTHZ_WORKER_TIMEOUT = 0.05
    # Throttles and axes counters live in the cache: each test starts with a clean slate, in
    # memory rather than in `make run`'s cache files.
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    cache.clear()
    # Tasks run in-process unless the test says it needs a real worker.
    eager = request.node.get_closest_marker("worker") is None
    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = eager
    yield
    celery_app.conf.task_always_eager = previous


@pytest.fixture
def wuhou(db):
    return recipes.wuhou()


@pytest.fixture
def huaxing(wuhou):
    return recipes.huaxing(wuhou)


@pytest.fixture
def yulin(wuhou):
    return recipes.yulin(wuhou)


@pytest.fixture
def nanqiao(huaxing):
    return recipes.nanqiao(huaxing)


@pytest.fixture
def sanhe(huaxing):
    return recipes.sanhe(huaxing)


@pytest.fixture
def yulin_east(yulin):
    return recipes.yulin_east(yulin)


@pytest.fixture
def hr_bureau(wuhou):
    return recipes.hr_bureau(wuhou)


@pytest.fixture
def civil_affairs(wuhou):
    return recipes.civil_affairs(wuhou)


@pytest.fixture
def muling(nanqiao):
    return recipes.muling(nanqiao)


@pytest.fixture
def rival_org(yulin_east):
    return recipes.rival_org(yulin_east)


@pytest.fixture
def district_admin(wuhou, civil_affairs):
    return recipes.district_admin(wuhou, civil_affairs)


@pytest.fixture
def dept_officer(hr_bureau):
    return recipes.dept_officer(hr_bureau)


@pytest.fixture
def street_officer(huaxing):
    return recipes.street_officer(huaxing)


@pytest.fixture
def community_officer(nanqiao):
    return recipes.community_officer(nanqiao)


@pytest.fixture
def other_community_officer(yulin_east):
    return recipes.other_community_officer(yulin_east)


@pytest.fixture
def org_officer(muling):
    return recipes.org_officer(muling)


@pytest.fixture
def rival_org_officer(rival_org):
    return recipes.rival_org_officer(rival_org)


@pytest.fixture
def expert(db):
    return recipes.expert()


@pytest.fixture
def resident(nanqiao):
    return recipes.resident(nanqiao)


@pytest.fixture
def stranger(db):
    return recipes.stranger()


@pytest.fixture
def cast(request, db):
    """Everyone at once, by the fixture names in CAST (anonymous is None)."""
    return SimpleNamespace(**{name: (None if name == "anonymous" else request.getfixturevalue(name)) for name in CAST})


@pytest.fixture
def api():
    """An API client; `api_as(user)` gives one authenticated by token."""
    return APIClient()


@pytest.fixture
def api_as(db):
    from rest_framework.authtoken.models import Token

    def make(user):
        client = APIClient()
        if user is not None:
            token, _ = Token.objects.get_or_create(user=user)
            client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
        return client

    return make


@pytest.fixture
def page_as(client):
    """A page (session) client signed in as `user` (None: anonymous)."""

    def make(user):
        from django.test import Client

        c = Client()
        if user is not None:
            c.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        return c

    return make
