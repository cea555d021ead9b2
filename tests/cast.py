"""How each member of the cast and each place they work in is made.

The fixtures in tests/conftest.py call these one by one (a test asks only for whom it needs); the
permission matrix calls `build_cast()` once for its whole module. One recipe for both, so the
matrix's world and a test's cast cannot drift apart.
"""

from __future__ import annotations

import inspect
from types import SimpleNamespace

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


def wuhou():
    return DistrictFactory()


def huaxing(wuhou):
    return StreetFactory(district=wuhou, name="华兴街道")


def yulin(wuhou):
    return StreetFactory(district=wuhou, name="玉林街道")


def nanqiao(huaxing):
    return CommunityFactory(street=huaxing, name="南桥社区")


def sanhe(huaxing):
    return CommunityFactory(street=huaxing, name="三河社区")


def yulin_east(yulin):
    return CommunityFactory(street=yulin, name="玉林东路社区")


def hr_bureau(wuhou):
    return DepartmentFactory(district=wuhou, name="武侯区人力资源和社会保障局", short_name="区人社局")


def civil_affairs(wuhou):
    return DepartmentFactory(district=wuhou, name="武侯区民政局", short_name="区民政局", is_civil_affairs=True)


def muling(nanqiao):
    return OrganizationFactory(name="睦林长者互助社", community=nanqiao, status=Organization.Status.REGISTERED)


def rival_org(yulin_east):
    return OrganizationFactory(name="玉林青少年服务中心", community=yulin_east, status=Organization.Status.REGISTERED)


def district_admin(wuhou, civil_affairs):
    return user_with_role("district_admin", Role.DISTRICT_ADMIN, wuhou)


def dept_officer(hr_bureau):
    return user_with_role("dept_hr", Role.DEPARTMENT_STAFF, hr_bureau)


def street_officer(huaxing):
    return user_with_role("street_huaxing", Role.STREET_STAFF, huaxing)


def community_officer(nanqiao):
    return user_with_role("community_nanqiao", Role.COMMUNITY_STAFF, nanqiao)


def other_community_officer(yulin_east):
    return user_with_role("community_yulin_east", Role.COMMUNITY_STAFF, yulin_east)


def org_officer(muling):
    return user_with_role("org_muling", Role.ORGANIZATION_STAFF, muling)


def rival_org_officer(rival_org):
    return user_with_role("org_rival", Role.ORGANIZATION_STAFF, rival_org)


def expert():
    return user_with_role("expert_wang", Role.EXPERT)


def resident(nanqiao):
    return user_with_role("resident_zhang", Role.RESIDENT, nanqiao)


def stranger():
    return UserFactory(username="newcomer")


def build_cast() -> SimpleNamespace:
    """Every member of CAST (anonymous is None) and the places they need, in the order of CAST."""
    made: dict[str, object] = {"anonymous": None}

    def get(name):
        # A recipe's parameters name the recipes it needs, as a fixture's name other fixtures.
        if name not in made:
            recipe = globals()[name]
            made[name] = recipe(*(get(param) for param in inspect.signature(recipe).parameters))
        return made[name]

    for name in CAST:
        get(name)
    return SimpleNamespace(**made)
