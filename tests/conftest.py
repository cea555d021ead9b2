"""The cast every test can call by name, and the switches every test needs.

The cast (healthchecks' alice/bob/charlie, in Wuhou): a district civil-affairs admin, an HR
bureau officer, a 华兴 street officer, a 南桥 community officer and one from 玉林东路, the staff
of a registered organisation and of a rival one, an evaluation expert, a 南桥 resident, a
stranger who signed up but holds no role, and the anonymous public.
"""

from types import SimpleNamespace

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from accounts.models import Role
from organizations.models import Organization
from tests.factories import (
    CommunityFactory,
    DepartmentFactory,
    DistrictFactory,
    OrganizationFactory,
    StreetFactory,
    UserFactory,
    user_with_role,
)
from tests.worker import django_db_modify_db_settings, worker  # noqa: F401  (fixtures)
from wuhou_portal.celery import app as celery_app


@pytest.fixture(autouse=True)
def _fast_and_eager(settings, request):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.LANGUAGE_CODE = "zh-hans"
    settings.HEALTHZ_WORKER_TIMEOUT = 0.2
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
    return DistrictFactory()


@pytest.fixture
def huaxing(wuhou):
    return StreetFactory(district=wuhou, name="华兴街道")


@pytest.fixture
def yulin(wuhou):
    return StreetFactory(district=wuhou, name="玉林街道")


@pytest.fixture
def nanqiao(huaxing):
    return CommunityFactory(street=huaxing, name="南桥社区")


@pytest.fixture
def sanhe(huaxing):
    return CommunityFactory(street=huaxing, name="三河社区")


@pytest.fixture
def yulin_east(yulin):
    return CommunityFactory(street=yulin, name="玉林东路社区")


@pytest.fixture
def hr_bureau(wuhou):
    return DepartmentFactory(district=wuhou, name="武侯区人力资源和社会保障局", short_name="区人社局")


@pytest.fixture
def civil_affairs(wuhou):
    return DepartmentFactory(district=wuhou, name="武侯区民政局", short_name="区民政局", is_civil_affairs=True)


@pytest.fixture
def muling(nanqiao):
    return OrganizationFactory(name="睦林长者互助社", community=nanqiao, status=Organization.Status.REGISTERED)


@pytest.fixture
def rival_org(yulin_east):
    return OrganizationFactory(name="玉林青少年服务中心", community=yulin_east, status=Organization.Status.REGISTERED)


@pytest.fixture
def district_admin(wuhou, civil_affairs):
    return user_with_role("district_admin", Role.DISTRICT_ADMIN, wuhou)


@pytest.fixture
def dept_officer(hr_bureau):
    return user_with_role("dept_hr", Role.DEPARTMENT_STAFF, hr_bureau)


@pytest.fixture
def street_officer(huaxing):
    return user_with_role("street_huaxing", Role.STREET_STAFF, huaxing)


@pytest.fixture
def community_officer(nanqiao):
    return user_with_role("community_nanqiao", Role.COMMUNITY_STAFF, nanqiao)


@pytest.fixture
def other_community_officer(yulin_east):
    return user_with_role("community_yulin_east", Role.COMMUNITY_STAFF, yulin_east)


@pytest.fixture
def org_officer(muling):
    return user_with_role("org_muling", Role.ORGANIZATION_STAFF, muling)


@pytest.fixture
def rival_org_officer(rival_org):
    return user_with_role("org_rival", Role.ORGANIZATION_STAFF, rival_org)


@pytest.fixture
def expert(db):
    return user_with_role("expert_wang", Role.EXPERT)


@pytest.fixture
def resident(nanqiao):
    return user_with_role("resident_zhang", Role.RESIDENT, nanqiao)


@pytest.fixture
def stranger(db):
    return UserFactory(username="newcomer")


CAST = (
    "anonymous",
    "stranger",
    "district_admin",
    "dept_officer",
    "street_officer",
    "community_officer",
    "other_community_officer",
    "org_officer",
    "rival_org_officer",
    "expert",
    "resident",
)


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
