"""Demo residents and demand in 南桥社区, loaded by `manage.py load_demo` after procurement's demo.
Idempotent: skipped when 南桥's "想学剪纸" is already there.

- three applications waiting for 南桥's staff (community_nanqiao), each a sign-up with a phone;
- two more verified residents: one confirmed after applying, one registered in person (no login);
- demand with voices: "想学剪纸" (resident_zhang, two more voices) and "希望开剪纸班", grouped with it
  under the topic 剪纸; "老年人智能手机课", turned by street_huaxing into a draft purchase project.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from accounts.models import Community, User
from procurement.actions.projects import CriterionInput
from procurement.models import BudgetLine, Method

from ..actions.demand import demand_convert, demand_raise, demand_voice
from ..actions.residents import resident_application_verify, resident_register_in_person, resident_signup
from ..models import Demand, ResidentApplication

MARKER = "想学剪纸"
PENDING = [("李秀兰", "13880000001"), ("王建国", "13880000002"), ("陈桂芳", "13880000003")]
VERIFIED = ("赵淑华", "13880000004")
IN_PERSON = "刘德明"


def demo_residents_load(*, stdout) -> None:
    nanqiao = Community.objects.filter(name="南桥社区", street__name="华兴街道").select_related("street").first()
    users = {
        u.username: u
        for u in User.objects.filter(username__in=["community_nanqiao", "street_huaxing", "resident_zhang"])
    }
    if nanqiao is None or len(users) < 3:
        stdout.write("demo residents: demo users or 南桥社区 missing, skipped")
        return
    if Demand.objects.filter(community=nanqiao, title=MARKER).exists():
        stdout.write("demo residents: already there")
        return
    _load(
        nanqiao=nanqiao, staff=users["community_nanqiao"], street=users["street_huaxing"], zhang=users["resident_zhang"]
    )
    stdout.write("demo residents: applications, residents and demand in 南桥社区")


@transaction.atomic
def _load(*, nanqiao, staff, street, zhang) -> None:
    def signup(name, phone) -> ResidentApplication:
        existing = ResidentApplication.objects.filter(user__username=phone).first()
        if existing:
            return existing
        return resident_signup(
            phone=phone, name=name, password=settings.DEMO_PASSWORD, street=nanqiao.street, community=nanqiao
        )

    for name, phone in PENDING:
        signup(name, phone)
    zhao = signup(*VERIFIED)
    if zhao.status == ResidentApplication.Status.PENDING:
        zhao = resident_application_verify(actor=staff, application=zhao, comment="已核实住址")
    liu = ResidentApplication.objects.filter(name=IN_PERSON, community=nanqiao, in_person=True).first()
    liu = liu or resident_register_in_person(actor=staff, community=nanqiao, name=IN_PERSON)

    paper = demand_raise(
        actor=zhang, title=MARKER, domain="culture", description="社区里很多老人和孩子想学剪纸，希望有老师来教。"
    )
    demand_voice(actor=zhao.user, demand=paper)
    demand_voice(actor=liu.user, demand=paper)
    class_ = demand_raise(actor=zhao.user, title="希望开剪纸班", domain="culture", description="周末带孩子一起学。")
    demand_voice(actor=zhang, demand=class_)
    demand_raise(actor=liu.user, title="想学太极拳", domain="elderly")
    phones = demand_raise(
        actor=zhang, title="老年人智能手机课", domain="elderly", description="学会用手机挂号、视频通话和防诈骗。"
    )
    demand_voice(actor=zhao.user, demand=phones)
    line = BudgetLine.objects.filter(street=nanqiao.street, domain="elderly", year=timezone.localdate().year).first()
    if line is not None and line.available >= Decimal("30000.00"):
        demand_convert(
            actor=street,
            demand=phones,
            title="南桥社区老年人智能手机课",
            description="来自居民需求（2人附议）：老年人智能手机课",
            budget_line=line,
            amount=Decimal("30000.00"),
            method=Method.OPEN_TENDER,
            criteria=[
                CriterionInput("价格", 30, True),
                CriterionInput("服务方案", 50),
                CriterionInput("团队与经验", 20),
            ],
            question_days=5,
            bid_days=15,
        )
