"""Demo users, one per role. Idempotent: an existing user is left exactly as it is.

The organisation's staff user gets no role here: organizations' demo loader creates the
organisation and makes them its staff (accounts knows no organisation).
"""

from django.conf import settings
from django.db import transaction

from .models import Community, Department, District, Role, RoleAssignment, Street, User

DEMO_USERS = [
    # username, display name, role, scope kind, scope name
    ("district_admin", "区民政局 李主任", Role.DISTRICT_ADMIN, "district", "武侯区"),
    ("dept_hr", "区人社局 陈科长", Role.DEPARTMENT_STAFF, "department", "武侯区人力资源和社会保障局"),
    ("street_huaxing", "华兴街道 刘干事", Role.STREET_STAFF, "street", "华兴街道"),
    ("community_nanqiao", "南桥社区 周书记", Role.COMMUNITY_STAFF, "community", "南桥社区"),
    ("org_muling", "睦林长者互助社 黄社长", Role.ORGANIZATION_STAFF, "organization", "睦林长者互助社"),
    ("expert_wang", "评审专家 王教授", Role.EXPERT, None, None),
    ("resident_zhang", "居民 张阿姨", Role.RESIDENT, "community", "南桥社区"),
]


def _scope(kind, name):
    if kind is None:
        return None
    if kind == "district":
        return District.objects.get(name=name)
    if kind == "department":
        return Department.objects.get(name=name)
    if kind == "street":
        return Street.objects.get(name=name)
    if kind == "community":
        return Community.objects.get(name=name)
    raise ValueError(kind)


@transaction.atomic
def demo_load(*, stdout) -> None:
    created = 0
    for username, display_name, role, kind, scope_name in DEMO_USERS:
        user, was_created = User.objects.get_or_create(username=username, defaults={"display_name": display_name})
        if was_created:
            user.set_password(settings.DEMO_PASSWORD)
            if role == Role.DISTRICT_ADMIN:
                user.is_staff = user.is_superuser = True
            user.save()
            created += 1
            if kind == "organization":
                continue
            scope = _scope(kind, scope_name)
            # The scope kind is also the assignment's field name.
            RoleAssignment.objects.get_or_create(user=user, role=role, **({kind: scope} if kind else {}))
    stdout.write(f"demo users: {created} created, {len(DEMO_USERS) - created} already there")
