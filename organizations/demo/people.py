"""Demo people: social workers, certificates, training, coordinators' moves, volunteers.

Called at the end of `organizations.demo.registration.demo_load`. Seeded, bulk-created and idempotent: if the
first demo person is already there, nothing is added. The published figures it reproduces (from
the district's 2014 reform): ~1500 social workers of whom 285 certified, 280 training sessions,
462 coordinators moved from communities to organisations, 睦林长者互助社's branch with 14
volunteers. Everything else (names, IDs, dates, reward amounts) is invented for the demo.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction

from accounts.models import Community

from ..identifiers import ric_check_char
from ..models import (
    Attendance,
    Branch,
    Certificate,
    Employment,
    Organization,
    Person,
    SocialWorker,
    TrainingSession,
    Volunteer,
)

SEED = 20141
SOCIAL_WORKERS = 1500
CERTIFIED = 285
TRAINING_SESSIONS_2014 = 280
COORDINATORS_MOVED_2014 = 462
COORDINATORS_STAYING = 60
MULING = "睦林长者互助社"
MULING_BRANCH = "南桥分社"
MULING_BRANCH_VOLUNTEERS = 14

# Chengdu's county-level area codes (锦江, 青羊, 金牛, 武侯, 成华, 龙泉驿, 青白江, 新都, 温江, 双流, 郫都).
AREA_CODES = ["510104", "510105", "510106", "510107", "510108", "510112", "510113", "510114", "510115", "510116"]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN = (
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红建文辉力鹏燕飞云丹婷蓉川渝林雪梅琳琴欣怡晨浩宇轩然宁波斌"
)
TOPICS = [
    "社区社会工作实务",
    "老年人服务技巧",
    "青少年社会工作",
    "残障人士支持服务",
    "社区矫正与社会工作",
    "个案管理",
    "小组工作方法",
    "社区营造与居民参与",
    "项目策划与评估",
    "社会组织财务管理",
    "志愿者管理",
    "社会工作伦理",
]
PROVIDERS = ["武侯区民政局", "四川大学社会工作系", "西南财经大学", "成都市社会工作者协会", "武侯区社会组织孵化园"]
# Invented demo amounts for the district's reward for passing the national exam.
REWARDS = {
    Certificate.Level.ASSISTANT: Decimal("1000.00"),
    Certificate.Level.SOCIAL_WORKER: Decimal("2000.00"),
    Certificate.Level.SENIOR: Decimal("5000.00"),
}


class _People:
    """Unique, valid resident IDs and plausible names, from one seeded generator."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.seen: set[str] = set()

    def resident_id(self) -> str:
        while True:
            birth = date(1960, 1, 1) + timedelta(days=self.rng.randrange(0, 365 * 38))
            first17 = f"{self.rng.choice(AREA_CODES)}{birth:%Y%m%d}{self.rng.randrange(1, 1000):03d}"
            value = first17 + ric_check_char(first17)
            if value not in self.seen:
                self.seen.add(value)
                return value

    def name(self) -> str:
        given = "".join(self.rng.choice(GIVEN) for _ in range(self.rng.choice((1, 2, 2))))
        return self.rng.choice(SURNAMES) + given

    def person(self) -> Person:
        return Person(resident_id=self.resident_id(), name=self.name(), phone=f"13{self.rng.randrange(10**9):09d}")


def _first_demo_ric() -> str:
    return _People(random.Random(SEED)).resident_id()


@transaction.atomic
def demo_load_people(*, stdout) -> None:
    if Person.objects.filter(resident_id=_first_demo_ric()).exists():
        stdout.write("demo people: already there")
        return
    rng = random.Random(SEED)
    gen = _People(rng)
    orgs = list(Organization.objects.filter(status=Organization.Status.REGISTERED).order_by("pk"))
    muling = next((o for o in orgs if o.name == MULING), None)
    if not orgs:
        stdout.write("demo people: no registered organisation yet, skipped")
        return

    # --- Social workers, 285 of them certified ------------------------------------------------
    people = Person.objects.bulk_create([gen.person() for _ in range(SOCIAL_WORKERS)], batch_size=500)
    social_workers = SocialWorker.objects.bulk_create(
        [
            SocialWorker(
                person=p,
                name=p.name,
                phone=p.phone,
                employer=rng.choice(orgs),
                started_on=date(2010, 1, 1) + timedelta(days=rng.randrange(0, 365 * 5)),
            )
            for p in people
        ],
        batch_size=500,
    )
    certified = rng.sample(social_workers, CERTIFIED)
    levels = (
        [Certificate.Level.ASSISTANT] * 200 + [Certificate.Level.SOCIAL_WORKER] * 75 + [Certificate.Level.SENIOR] * 10
    )
    certificates = []
    for i, (social_worker, level) in enumerate(zip(certified, levels, strict=True)):
        year = rng.randint(max(2008, social_worker.started_on.year - 1), 2014)
        rewarded = year >= 2013
        certificates.append(
            Certificate(
                social_worker=social_worker,
                level=level,
                number=f"DEMO{year}{i + 1:05d}",
                year_passed=year,
                reward_amount=REWARDS[level] if rewarded else None,
                reward_paid_on=date(year + 1, 3, 15) if rewarded else None,
            )
        )
    Certificate.objects.bulk_create(certificates, batch_size=500)

    # --- 280 training sessions in 2014, with attendance -----------------------------------------
    kinds = (
        [TrainingSession.Kind.BASIC] * 150
        + [TrainingSession.Kind.PRACTICAL] * 90
        + [TrainingSession.Kind.UNIVERSITY] * 40
    )
    rng.shuffle(kinds)
    sessions = TrainingSession.objects.bulk_create(
        [
            TrainingSession(
                topic=rng.choice(TOPICS),
                kind=kind,
                held_on=date(2014, 1, 6) + timedelta(days=rng.randrange(0, 350)),
                hours=Decimal(rng.choice(("2.0", "3.0", "4.0", "6.0", "8.0", "16.0"))),
                provider=rng.choice(PROVIDERS),
            )
            for kind in kinds
        ]
    )
    attendance = [
        Attendance(session=s, person_id=w.person_id)
        for s in sessions
        for w in rng.sample(social_workers, rng.randint(8, 30))
    ]
    Attendance.objects.bulk_create(attendance, batch_size=1000)

    # --- Coordinators: 462 moved from communities to organisations in 2014 ---------------------
    communities = list(Community.objects.filter(is_active=True).select_related("street").order_by("pk"))
    moved = 0
    if communities:
        orgs_by_street: dict[int | None, list[Organization]] = {}
        for org in orgs:
            orgs_by_street.setdefault(org.street_id, []).append(org)
        coordinators = Person.objects.bulk_create(
            [gen.person() for _ in range(COORDINATORS_MOVED_2014 + COORDINATORS_STAYING)], batch_size=500
        )
        firsts = Employment.objects.bulk_create(
            [
                Employment(
                    person=p,
                    name=p.name,
                    phone=p.phone,
                    community=rng.choice(communities),
                    started_on=date(2009, 1, 1) + timedelta(days=rng.randrange(0, 365 * 4)),
                )
                for p in coordinators
            ],
            batch_size=500,
        )
        seconds = []
        for first in firsts[:COORDINATORS_MOVED_2014]:
            on = date(2014, 1, 1) + timedelta(days=rng.randrange(0, 365))
            first.ended_on = on
            nearby = orgs_by_street.get(first.community.street_id) or orgs
            seconds.append(
                Employment(
                    person_id=first.person_id,
                    name=first.name,
                    phone=first.phone,
                    organization=rng.choice(nearby),
                    started_on=on,
                    previous=first,
                )
            )
        Employment.objects.bulk_update(firsts[:COORDINATORS_MOVED_2014], ["ended_on"], batch_size=500)
        Employment.objects.bulk_create(seconds, batch_size=500)
        moved = len(seconds)

    # --- Volunteers: 睦林长者互助社's 南桥分社 with 14, a few more elsewhere ---------------------
    volunteers = []
    branches = 0
    if muling:
        branch, created = Branch.objects.get_or_create(organization=muling, name=MULING_BRANCH)
        branches += created
        for p in Person.objects.bulk_create([gen.person() for _ in range(MULING_BRANCH_VOLUNTEERS + 6)]):
            on_branch = len(volunteers) < MULING_BRANCH_VOLUNTEERS
            volunteers.append(
                Volunteer(
                    person=p,
                    name=p.name,
                    phone=p.phone,
                    organization=muling,
                    branch=branch if on_branch else None,
                    joined_on=date(2014, 5, 1),
                )
            )
    for org in [o for o in orgs if o != muling][:5]:
        branch, created = Branch.objects.get_or_create(organization=org, name="社区分社")
        branches += created
        for p in Person.objects.bulk_create([gen.person() for _ in range(rng.randint(4, 10))]):
            volunteers.append(
                Volunteer(
                    person=p, name=p.name, phone=p.phone, organization=org, branch=branch, joined_on=date(2014, 9, 1)
                )
            )
    Volunteer.objects.bulk_create(volunteers, batch_size=500)

    stdout.write(
        f"demo people: {len(social_workers)} social workers ({len(certificates)} certified), "
        f"{len(sessions)} training sessions ({len(attendance)} attendances), {moved} coordinators moved, "
        f"{branches} branches, {len(volunteers)} volunteers"
    )
