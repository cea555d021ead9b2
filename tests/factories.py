"""factory_boy factories for every model the tests build.

A factory makes a row as it would stand in the database, with nothing else happening: no audit
record, no notification. Where a test means "someone did this" (sent a task, approved an
application), it calls the action instead, as the pages and the API do.

Models come from each app's package (`services.models`, `organizations.models`), not from the
modules inside it, which may be renamed.
"""

from datetime import date, timedelta
from decimal import Decimal

import factory
from django.conf import settings
from django.utils import timezone

from accounts.models import Community, Department, District, Role, RoleAssignment, Street, User
from core.models import Job
from organizations.identifiers import ric_check_char
from organizations.models import (
    AnnualReport,
    Attendance,
    Branch,
    Certificate,
    Employment,
    Incubation,
    IncubationMilestone,
    Member,
    Organization,
    OrganizationDomain,
    Person,
    SocialWorker,
    StaffMembership,
    TrainingSession,
    Violation,
    Volunteer,
)
from services.models import DutyCategory, DutyItem, DutyList, DutyListImport, TaskAssignment, TaskRequest

TEST_PASSWORD = "correct-horse-battery-staple"


def resident_id(n: int, *, area: str = "510107", birth: str = "19900101") -> str:
    """The n-th resident ID of someone born on `birth` that passes GB 11643 (unique per n)."""
    first17 = f"{area}{birth}{n % 1000:03d}"
    if n >= 1000:  # vary the year of birth to stay unique beyond 999
        first17 = f"{area}{1950 + n // 1000:04d}0101{n % 1000:03d}"
    return first17 + ric_check_char(first17)


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


# --- Organisations ---------------------------------------------------------------------------
class MemberFactory(factory.django.DjangoModelFactory):
    """A founding member as `organization_apply` records one (applications go through the action)."""

    class Meta:
        model = Member

    organization = factory.SubFactory(OrganizationFactory)
    position = factory.Sequence(lambda n: n)
    name = "黄素芬"
    resident_id = factory.Sequence(lambda n: resident_id(8000 + n, birth="19800101"))
    is_legal_representative = False


class OrganizationDomainFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OrganizationDomain

    organization = factory.SubFactory(OrganizationFactory)
    domain = "elderly"


class AnnualReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AnnualReport

    class Params:
        # Not filed by 31 May of the next year: what the overdue sweep leaves behind.
        overdue = factory.Trait(status=AnnualReport.Status.OVERDUE, summary="", submitted_at=None)

    organization = factory.SubFactory(OrganizationFactory)
    year = 2024
    status = AnnualReport.Status.SUBMITTED
    summary = "全年开展助老活动。"
    submitted_at = factory.LazyFunction(timezone.now)


class ViolationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Violation

    organization = factory.SubFactory(OrganizationFactory)
    date = date(2025, 1, 5)
    kind = "default"
    description = "未按合同提供服务"


class IncubationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Incubation

    incubator = factory.SubFactory(OrganizationFactory)
    incubatee = factory.SubFactory(OrganizationFactory)
    start = date(2025, 1, 1)
    end = date(2025, 12, 31)


class IncubationMilestoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = IncubationMilestone

    incubation = factory.SubFactory(IncubationFactory)
    title = "完成登记"
    due_date = date(2025, 6, 1)


# --- People ----------------------------------------------------------------------------------
class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    # Far from the small numbers tests spell out by hand (valid_ric(901), ric(1)).
    resident_id = factory.Sequence(lambda n: resident_id(5000 + n))
    name = factory.LazyAttribute(lambda p: f"测试人{p.resident_id[-4:]}")


class SocialWorkerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SocialWorker

    person = factory.SubFactory(PersonFactory)
    # Each role record keeps its own copy of the name and phone (linked, not merged).
    name = factory.SelfAttribute("person.name")
    phone = factory.SelfAttribute("person.phone")
    employer = factory.SubFactory(OrganizationFactory)
    started_on = date(2012, 1, 1)


class CertificateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Certificate

    social_worker = factory.SubFactory(SocialWorkerFactory)
    level = Certificate.Level.ASSISTANT
    number = factory.LazyAttribute(lambda c: f"T{c.social_worker.pk:06d}")
    year_passed = 2014


class TrainingSessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TrainingSession

    topic = "社区社会工作实务"
    kind = TrainingSession.Kind.BASIC
    held_on = date(2014, 5, 6)
    hours = Decimal("3.0")
    provider = "武侯区民政局"


class AttendanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Attendance

    person = factory.SubFactory(PersonFactory)
    session = factory.SubFactory(TrainingSessionFactory)


class EmploymentFactory(factory.django.DjangoModelFactory):
    """A community coordinator's (社区专职工作者) employment row."""

    class Meta:
        model = Employment

    person = factory.SubFactory(PersonFactory)
    name = factory.SelfAttribute("person.name")
    phone = factory.SelfAttribute("person.phone")
    community = factory.SubFactory(CommunityFactory)
    started_on = date(2012, 3, 1)


class BranchFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Branch

    organization = factory.SubFactory(OrganizationFactory)
    name = factory.Sequence(lambda n: f"测试{n}分社")


class VolunteerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Volunteer

    person = factory.SubFactory(PersonFactory)
    name = factory.SelfAttribute("person.name")
    phone = factory.SelfAttribute("person.phone")
    organization = factory.SubFactory(OrganizationFactory)
    branch = None
    joined_on = date(2014, 5, 1)


# --- Duty lists and tasks --------------------------------------------------------------------
DUTY_LIST_TITLES = {
    DutyList.Kind.COMMITTEE: "社区居委会依法履职事项清单",
    DutyList.Kind.PARTY: "社区党组织职责清单",
    DutyList.Kind.ASSISTING: "社区协助政府工作事项清单",
}


class DutyListFactory(factory.django.DjangoModelFactory):
    """A published list as it stands after `duty_list_publish` (the import path has its own tests)."""

    class Meta:
        model = DutyList

    kind = DutyList.Kind.COMMITTEE
    version = 1
    title = factory.LazyAttribute(lambda d: DUTY_LIST_TITLES[d.kind])
    document_number = factory.LazyAttribute(lambda d: f"武侯委发〔2015〕{d.version}号")
    in_force_from = date(2015, 1, 1)
    declared_item_count = 1
    declared_category_count = 0
    status = DutyList.Status.PUBLISHED
    published_at = factory.LazyFunction(timezone.now)


class DutyCategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DutyCategory

    duty_list = factory.SubFactory(DutyListFactory)
    code = factory.Sequence(lambda n: f"C{n}")
    name = "社会保障"


class DutyItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DutyItem

    duty_list = factory.SubFactory(DutyListFactory)
    category = None
    position = factory.Sequence(lambda n: n + 1)
    code = factory.LazyAttribute(lambda i: f"{i.duty_list.kind[:2].upper()}{i.duty_list.version}-{i.position}")
    title = factory.LazyAttribute(lambda i: f"{i.duty_list.kind} 事项 {i.position}")


class DutyListImportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DutyListImport

    kind = DutyList.Kind.ASSISTING
    file = "duty-imports/test.csv"
    status = DutyListImport.Status.UPLOADED
    created_by = factory.SubFactory(UserFactory)


class TaskRequestFactory(factory.django.DjangoModelFactory):
    """A request as it stands, without its assignments: sending one (the gate judging each
    community) is `task_request_send`'s job, and the tests send through it."""

    class Meta:
        model = TaskRequest

    title = factory.Sequence(lambda n: f"测试任务{n}")
    description = "请于期限内报送名单。"
    deadline = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=10))
    sender_department = factory.SubFactory(DepartmentFactory)
    created_by = factory.SubFactory(UserFactory)


class TaskAssignmentFactory(factory.django.DjangoModelFactory):
    """One more receiving community of a task that was SENT (by `task_request_send`), as the gate
    judged it; for list and page tests that need many rows."""

    class Meta:
        model = TaskAssignment

    task = factory.SubFactory(TaskRequestFactory)
    community = factory.SubFactory(CommunityFactory)
    outcome = "must_accept"
    judged_at = factory.LazyFunction(timezone.now)
    # The inbox orders by the task's sent time, copied onto each assignment.
    task_created_at = factory.SelfAttribute("task.created_at")


# --- Jobs ------------------------------------------------------------------------------------
class JobFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Job

    task_name = "core.tasks.noop_job"
    kwargs = factory.Dict({})


__all__ = ["TEST_PASSWORD", "settings"]
