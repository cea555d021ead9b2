"""Demo records for this app, loaded by `manage.py load_demo` after the users. Idempotent.

Registration demo: 130 registered organisations across Wuhou's streets (10 brought in from
other cities), a few in every other state of the lifecycle, incubations with milestones,
annual reports (most filed, some overdue), performance scores and a few violation records;
睦林长者互助社 is created with its members and certificate, and the demo user org_muling
(created by accounts/demo.py) becomes its staff. Seeded, bulk and
idempotent: if the first demo organisation exists, nothing is added. Names, people and numbers
are invented; the counts follow the district's published 2014-2015 figures.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from accounts.models import Community, User

from ..actions.registration import certificate_number_for
from ..actions.standing import last_due_report_year
from ..identifiers import ric_check_char, uscc_for_civil_affairs
from ..models import (
    AnnualReport,
    Incubation,
    IncubationMilestone,
    Member,
    Organization,
    OrganizationDomain,
    RegistrationCounter,
    ServiceDomain,
    StaffMembership,
    Violation,
)

SEED = 20141001
MULING = "睦林长者互助社"
LOCAL_REGISTERED = 120
OTHER_STATES = {
    Organization.Status.DRAFT: 3,
    Organization.Status.SUBMITTED: 4,
    Organization.Status.RETURNED: 2,
    Organization.Status.REJECTED: 2,
    Organization.Status.SUSPENDED: 3,
    Organization.Status.DEREGISTERED: 2,
}
# Organisation name endings by service domain: "<community><ending>".
THEMES = {
    ServiceDomain.ELDERLY: ["长者互助社", "夕阳红服务队", "老年协会", "长者助餐服务社", "银龄志愿服务队"],
    ServiceDomain.DISABILITY: ["阳光助残服务社", "残友之家", "康复互助会"],
    ServiceDomain.YOUTH: ["青少年成长驿站", "四点半课堂", "少儿书画社", "亲子阅读会"],
    ServiceDomain.RELIEF: ["邻里帮扶社", "爱心互助会", "困难家庭帮扶队"],
    ServiceDomain.CULTURE: ["川剧票友社", "坝坝舞协会", "书法协会", "茶艺社", "合唱团"],
    ServiceDomain.OTHER: ["环保志愿社", "楼栋自治会", "法律服务社", "调解工作室"],
}
# 品牌社会组织 brought in from elsewhere: (name, origin city, domain).
BRANDS = [
    ("屋里厢社区服务中心（武侯）", "上海", ServiceDomain.ELDERLY),
    ("乐群社工服务社（武侯）", "上海", ServiceDomain.YOUTH),
    ("恩派公益组织发展中心（成都）", "上海", ServiceDomain.OTHER),
    ("新途社区健康促进社（武侯）", "上海", ServiceDomain.DISABILITY),
    ("春雨社工服务社（成都）", "深圳", ServiceDomain.RELIEF),
    ("龙岗社工协会武侯工作站", "深圳", ServiceDomain.YOUTH),
    ("启创社会工作服务中心（武侯）", "广州", ServiceDomain.YOUTH),
    ("惠泽人志愿服务中心（成都）", "北京", ServiceDomain.CULTURE),
    ("阳光老人家居家养老服务社", "杭州", ServiceDomain.ELDERLY),
    ("协作者社会工作服务站（武侯）", "南京", ServiceDomain.RELIEF),
]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾萧田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢"
GIVEN = "秀英桂兰建国志强淑华德明永红丽华玉梅海燕晓东文静国庆建华小红春梅子涵雨欣浩然思远嘉怡俊杰"
AREAS = ["510107", "510104", "510105", "510106", "510108", "510112", "510124", "510181"]


class _Demo:
    def __init__(self, rng: random.Random):
        self.rng = rng
        self.ric_seq = 0

    def name(self) -> str:
        return self.rng.choice(SURNAMES) + "".join(self.rng.sample(GIVEN, self.rng.choice((1, 2))))

    def ric(self) -> str:
        """A valid, never repeated resident ID (sequence numbers run over birth days)."""
        self.ric_seq += 1
        born = date(1950, 1, 1) + timedelta(days=self.ric_seq // 900 + self.rng.randrange(0, 40) * 365)
        first17 = f"{self.rng.choice(AREAS)}{born:%Y%m%d}{self.ric_seq % 900 + 100:03d}"
        return first17 + ric_check_char(first17)

    def members(self, org: Organization, count: int) -> list[Member]:
        return [
            Member(
                organization=org, position=i, name=self.name(), resident_id=self.ric(), is_legal_representative=i == 1
            )
            for i in range(1, count + 1)
        ]


def _application(org: Organization, rng: random.Random, domain: str) -> None:
    label = ServiceDomain(domain).label
    org.registered_capital = Decimal(rng.choice([3000, 5000, 5000, 10000, 20000, 30000, 50000]))
    org.office_kind = rng.choice([Organization.Office.LENT, Organization.Office.LENT, Organization.Office.OWN])
    org.office_address = (
        f"{org.community.name}党群服务中心"
        if org.office_kind == Organization.Office.LENT
        else (f"武侯区{org.community.name.removesuffix('社区')}路{rng.randrange(1, 200)}号")
    )
    org.articles = (
        f"本组织是在{org.community.name}开展{label}服务的社区公益性社会组织，遵守宪法、法律、法规和国家政策。"
    )
    org.business_scope = f"{label}服务；社区志愿服务；承接政府购买的社区公共服务。"
    org.contact_name = ""
    org.contact_phone = f"028-8{rng.randrange(1000000, 9999999)}"


@transaction.atomic
def demo_load(*, stdout) -> None:
    rng = random.Random(SEED)
    gen = _Demo(rng)
    communities = list(
        Community.objects.filter(is_active=True, street__is_active=True).select_related("street").order_by("pk")
    )
    if not communities:
        stdout.write("demo organisations: no communities (load the reference data first), skipped")
        return
    muling_with_staff()
    _muling(gen, rng)
    first_name = _names(rng, communities)[0][0]
    if Organization.objects.filter(name=first_name).exists():
        stdout.write("demo organisations: already there")
    else:
        _load(gen, rng, communities, stdout)


def _names(rng: random.Random, communities) -> list[tuple[str, Community, str]]:
    """The local organisations' names, communities and domains, the same on every run."""
    local = random.Random(SEED + 1)
    combos = [(c, d, t) for c in communities for d, themes in THEMES.items() for t in themes]
    picked = local.sample(combos, LOCAL_REGISTERED + sum(OTHER_STATES.values()))
    return [(c.name.removesuffix("社区") + t, c, d) for c, d, t in picked]


def _register(org: Organization, serial: int, on: date) -> None:
    org.registration_serial = serial
    org.certificate_number = certificate_number_for(serial, on)
    org.credit_code = uscc_for_civil_affairs(serial)
    org.registered_on = on
    org.submitted_at = timezone.make_aware(datetime.combine(on - timedelta(days=7), time(10)))


def _next_serial() -> int:
    counter = RegistrationCounter.objects.filter(id=1).values_list("last_serial", flat=True).first() or 0
    used = Organization.objects.aggregate(m=Max("registration_serial"))["m"] or 0
    return max(counter, used) + 1


def _bump_counter(last: int) -> None:
    RegistrationCounter.objects.update_or_create(id=1, defaults={"last_serial": last})


def muling_with_staff() -> Organization | None:
    """睦林长者互助社 (bare, when missing) and its staff: the demo user org_muling, unless that user
    was given other organisations. The browser journeys load only this, not the whole demo."""
    nanqiao = Community.objects.filter(name="南桥社区").select_related("street").first()
    if nanqiao is None:
        return None
    org, _created = Organization.objects.get_or_create(
        name=MULING,
        defaults={"status": Organization.Status.REGISTERED, "community": nanqiao, "street": nanqiao.street},
    )
    user = User.objects.filter(username="org_muling").first()
    if user is not None and not StaffMembership.objects.filter(user=user).exists():
        StaffMembership.objects.create(user=user, organization=org)
    return org


def _muling(gen: _Demo, rng: random.Random) -> None:
    """Give 睦林长者互助社 its members, application and certificate (once)."""
    org = Organization.objects.filter(name=MULING).select_related("community").first()
    if org is None or org.certificate_number:
        return
    if org.community is None:
        org.community = Community.objects.filter(name="南桥社区").first()
    if org.community is not None:
        org.street = org.community.street
        _application(org, rng, ServiceDomain.ELDERLY)
    org.registered_capital = Decimal("5000.00")
    org.office_kind = Organization.Office.LENT
    org.office_address = "南桥社区党群服务中心一楼活动室"
    org.contact_name = "黄社长"
    serial = _next_serial()
    _register(org, serial, date(2014, 6, 18))
    org.status = Organization.Status.REGISTERED
    org.performance_score = Decimal("92.50")
    org.save()
    _bump_counter(serial)
    Member.objects.bulk_create(
        [
            Member(organization=org, position=1, name="黄素芬", resident_id=gen.ric(), is_legal_representative=True),
            *[
                Member(organization=org, position=i, name=name, resident_id=gen.ric())
                for i, name in enumerate(["李桂兰", "王德明", "张淑华", "刘永红", "陈玉梅"], start=2)
            ],
        ]
    )
    OrganizationDomain.objects.bulk_create(
        [OrganizationDomain(organization=org, domain=ServiceDomain.ELDERLY)], ignore_conflicts=True
    )
    if org.community_id:
        org.communities_served.add(org.community_id)
    due_year = last_due_report_year(timezone.localdate())
    AnnualReport.objects.bulk_create(
        [
            AnnualReport(
                organization=org,
                year=year,
                status=AnnualReport.Status.SUBMITTED,
                summary=f"{year} 年开展长者探访、助餐和互助活动。",
                activities_count=96,
                submitted_at=timezone.make_aware(datetime(year + 1, 3, 20, 10)),
            )
            for year in (due_year - 1, due_year)
        ]
    )


def _load(gen: _Demo, rng: random.Random, communities, stdout) -> None:
    today = timezone.localdate()
    names = _names(rng, communities)
    by_street: dict[int, list[Community]] = {}
    for c in communities:
        by_street.setdefault(c.street_id, []).append(c)

    plan: list[tuple[str, Community, str, str, str]] = []  # name, community, domain, status, origin
    states = [s for s, n in OTHER_STATES.items() for _ in range(n)]
    for i, (name, community, domain) in enumerate(names):
        status = states[i] if i < len(states) else Organization.Status.REGISTERED
        plan.append((name, community, domain, status, ""))
    for name, city, domain in BRANDS:
        plan.append((name, rng.choice(communities), domain, Organization.Status.REGISTERED, city))

    serial = _next_serial()
    orgs: list[Organization] = []
    for name, community, domain, status, origin in plan:
        org = Organization(
            name=name,
            status=status,
            community=community,
            street=community.street,
            is_brand=bool(origin),
            origin_city=origin,
        )
        if status != Organization.Status.DRAFT:
            _application(org, rng, domain)
            org.contact_name = gen.name()
        if status in (Organization.Status.REGISTERED, Organization.Status.SUSPENDED, Organization.Status.DEREGISTERED):
            # Most registered in the reform years 2014-2015; a few before and since.
            year = rng.choice([2012, 2013, 2014, 2014, 2014, 2015, 2015, 2016, 2018, 2020, 2022, 2024, 2025])
            on = min(date(year, 1, 1) + timedelta(days=rng.randrange(0, 365)), today - timedelta(days=30))
            _register(org, serial, on)
            serial += 1
            if rng.random() < 0.6:
                org.performance_score = Decimal(rng.randrange(6000, 9800)) / 100
        elif status != Organization.Status.DRAFT:
            org.submitted_at = timezone.now() - timedelta(days=rng.randrange(1, 20))
        if status == Organization.Status.RETURNED:
            org.review_comment = "请补充验资证明原件扫描件，并写明法定代表人的任职经历。"
        if status in (Organization.Status.REJECTED, Organization.Status.SUSPENDED, Organization.Status.DEREGISTERED):
            org.status_reason = {
                Organization.Status.REJECTED: "拟定名称与业务范围不符，且已有同类组织在该社区登记。",
                Organization.Status.SUSPENDED: "连续两年未提交年度工作报告。",
                Organization.Status.DEREGISTERED: "组织自行解散，已完成清算。",
            }[status]
        orgs.append(org)
    orgs = Organization.objects.bulk_create(orgs, batch_size=200)
    _bump_counter(serial - 1)

    members, domains, served = [], [], []
    through = Organization.communities_served.through
    for org, (_name, community, domain, status, _origin) in zip(orgs, plan, strict=True):
        if status != Organization.Status.DRAFT:
            members += gen.members(org, rng.choice([5, 5, 6, 7, 8]))
        else:
            members += gen.members(org, rng.choice([0, 2, 4]))
        chosen = {domain}
        if rng.random() < 0.35:
            chosen.add(rng.choice(list(ServiceDomain)))
        domains += [OrganizationDomain(organization=org, domain=d) for d in sorted(chosen)]
        if org.certificate_number:
            neighbours = [c for c in by_street[community.street_id] if c.pk != community.pk]
            extra = rng.sample(neighbours, min(len(neighbours), rng.choice([0, 0, 1, 2])))
            served += [through(organization_id=org.pk, community_id=c.pk) for c in [community, *extra]]
    Member.objects.bulk_create(members, batch_size=1000)
    OrganizationDomain.objects.bulk_create(domains, batch_size=1000)
    through.objects.bulk_create(served, batch_size=1000, ignore_conflicts=True)

    registered = [o for o in orgs if o.status == Organization.Status.REGISTERED]
    _reports(rng, [o for o in orgs if o.certificate_number], today)
    _incubations(rng, registered)
    for org in rng.sample(registered, 3):
        Violation.objects.create(
            organization=org,
            date=today - timedelta(days=rng.randrange(100, 1500)),
            kind=rng.choice(list(Violation.Kind)),
            description="未按合同约定频次提供上门服务，经街道约谈后整改。",
        )
    counts = {s: sum(o.status == s for o in orgs) for s in Organization.Status.values}
    stdout.write(
        f"demo organisations: {len(orgs)} created ({counts['registered']} registered, "
        f"{sum(o.is_brand for o in orgs)} brought in), {len(members)} members"
    )


def _reports(rng: random.Random, orgs: list[Organization], today: date) -> None:
    """The last two due years: most filed on time, some late, the rest overdue."""
    due_year = last_due_report_year(today)
    rows = []
    for org in orgs:
        for year in (due_year - 1, due_year):
            if org.registered_on.year > year:
                continue
            roll = rng.random()
            if roll < 0.85 or org.status == Organization.Status.DEREGISTERED:
                when = timezone.make_aware(datetime(year + 1, rng.randrange(2, 6), rng.randrange(1, 29), 15))
                rows.append(
                    AnnualReport(
                        organization=org,
                        year=year,
                        status=AnnualReport.Status.SUBMITTED,
                        summary=f"{year} 年开展服务活动 {rng.randrange(12, 120)} 次。",
                        activities_count=rng.randrange(12, 120),
                        income=Decimal(rng.randrange(5000, 300000)),
                        expenditure=Decimal(rng.randrange(5000, 280000)),
                        submitted_at=when,
                    )
                )
            else:
                rows.append(AnnualReport(organization=org, year=year, status=AnnualReport.Status.OVERDUE))
    AnnualReport.objects.bulk_create(rows, batch_size=1000)


def _incubations(rng: random.Random, registered: list[Organization]) -> None:
    """Brand and long-standing organisations incubate newer ones (孵化), with milestones."""
    incubators = [o for o in registered if o.is_brand] + [o for o in registered if o.registered_on.year <= 2013][:4]
    newcomers = sorted((o for o in registered if not o.is_brand), key=lambda o: o.registered_on, reverse=True)
    incubations = []
    for incubator, incubatee in zip(rng.sample(incubators, min(12, len(incubators))), newcomers[:12], strict=False):
        start = incubatee.registered_on - timedelta(days=rng.randrange(30, 120))
        incubations.append(
            Incubation(incubator=incubator, incubatee=incubatee, start=start, end=start + timedelta(days=365))
        )
    incubations = Incubation.objects.bulk_create(incubations)
    milestones = []
    for inc in incubations:
        for months, title in ((2, "完成登记注册"), (6, "建立财务与志愿者管理制度"), (12, "独立承接一个服务项目")):
            due = inc.start + timedelta(days=30 * months)
            done = (
                due - timedelta(days=rng.randrange(0, 20))
                if due < timezone.localdate() and rng.random() < 0.8
                else None
            )
            milestones.append(IncubationMilestone(incubation=inc, title=title, due_date=due, done_date=done))
    IncubationMilestone.objects.bulk_create(milestones)
