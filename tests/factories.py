"""factory_boy factories for the people and places every test needs."""

import factory
from django.conf import settings

from accounts.models import Community, Department, District, Role, RoleAssignment, Street, User
from organizations.models import Organization, StaffMembership

TEST_PASSWORD = "correct-horse-battery-staple"


class DistrictFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = District
        django_get_or_create = ("code",)

    code = "510107"
    name = "武侯区"


class StreetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Street
        django_get_or_create = ("district", "name")

    district = factory.SubFactory(DistrictFactory)
    name = factory.Sequence(lambda n: f"测试{n}街道")


class CommunityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Community
        django_get_or_create = ("street", "name")

    street = factory.SubFactory(StreetFactory)
    name = factory.Sequence(lambda n: f"测试{n}社区")


class DepartmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Department
        django_get_or_create = ("district", "name")

    district = factory.SubFactory(DistrictFactory)
    name = factory.Sequence(lambda n: f"武侯区测试{n}局")


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"测试社会组织{n}")
    status = Organization.Status.REGISTERED
    community = factory.SubFactory(CommunityFactory)
    street = factory.SelfAttribute("community.street")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    display_name = factory.LazyAttribute(lambda u: u.username)
    password = factory.PostGenerationMethodCall("set_password", TEST_PASSWORD)

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


def user_with_role(username: str, role: str, scope=None, **extra) -> User:
    """A user holding one role; `scope` is the unit or organisation it is scoped to."""
    from accounts.models import ROLE_SCOPE_FIELD

    user = UserFactory(username=username, **extra)
    if role == Role.ORGANIZATION_STAFF:
        StaffMembership.objects.get_or_create(user=user, organization=scope)
        return user
    field = ROLE_SCOPE_FIELD[Role(role)]
    RoleAssignment.objects.get_or_create(user=user, role=role, **({field: scope} if field else {}))
    return user


__all__ = ["TEST_PASSWORD", "settings"]
