"""Demo offerings and orders, loaded by `manage.py load_demo` after the organisations. Idempotent.

Every demo community gets one offering in every service domain, from a registered organisation
of that community where there is one (the nearest by street otherwise, 睦林长者互助社 last). In
南桥, 睦林长者互助社 (org_muling) offers 长者上门助浴 with slots and its volunteers, and orders
exist in every state of the lifecycle; resident_zhang has several of them."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from accounts.models import Community, Role, RoleAssignment, User
from organizations.models import Organization, ServiceDomain, SocialWorker, Volunteer

from ..actions.offerings import offering_create, slot_add
from ..actions.orders import (
    order_accept,
    order_cancel,
    order_confirm,
    order_decline,
    order_deliver,
    order_dispute,
    order_place,
    order_rate,
    order_resolve,
    order_schedule,
)
from ..models import Offering

MARKER = "长者上门助浴"
TITLES = {
    ServiceDomain.ELDERLY: ("老年助餐送餐", "每天中午送餐上门，可按需选择软食。"),
    ServiceDomain.DISABILITY: ("残疾人康复陪护", "康复训练陪护与出行协助。"),
    ServiceDomain.YOUTH: ("四点半课堂", "放学后作业辅导和阅读陪伴。"),
    ServiceDomain.RELIEF: ("困难家庭上门探访", "社工上门了解困难，链接救助资源。"),
    ServiceDomain.CULTURE: ("剪纸兴趣班", "非遗剪纸入门，材料由组织提供。"),
    ServiceDomain.OTHER: ("家电义务维修", "小家电检查与简单维修，只收材料费。"),
}
# (username, display name) of 南桥 residents verified by the community, besides resident_zhang.
NEIGHBOURS = [("resident_li", "居民 李大爷"), ("resident_wang", "居民 王奶奶"), ("resident_chen", "居民 陈叔叔")]


def demo_load(*, stdout) -> None:
    muling = Organization.objects.filter(name="睦林长者互助社", status=Organization.Status.REGISTERED).first()
    staff = User.objects.filter(username="org_muling").first()
    community_staff = User.objects.filter(username="community_nanqiao").first()
    zhang = User.objects.filter(username="resident_zhang").first()
    if not (muling and staff and community_staff and zhang and muling.community_id):
        stdout.write("demo orders: demo users or 睦林长者互助社 missing, skipped")
        return
    if Offering.objects.filter(organization=muling, title=MARKER).exists():
        stdout.write("demo orders: already there")
        return
    counts = _load(muling=muling, staff=staff, community_staff=community_staff, zhang=zhang)
    stdout.write(f"demo orders: {counts['offerings']} offerings, {counts['orders']} orders")


def _provider(community: Community, by_community: dict, by_street: dict, muling: Organization) -> Organization:
    return (by_community.get(community.pk) or by_street.get(community.street_id) or [muling])[0]


@transaction.atomic
def _load(*, muling, staff, community_staff, zhang) -> dict:
    registered = list(Organization.objects.filter(status=Organization.Status.REGISTERED).order_by("pk"))
    by_community, by_street = {}, {}
    for org in registered:
        by_community.setdefault(org.community_id, []).append(org)
        by_street.setdefault(org.street_id, []).append(org)
    offerings = 0
    # The organisations' own actions would need a staff user per organisation; the portal
    # creates them (actor=None), as it does for a contract's offering.
    for community in Community.objects.filter(is_active=True).order_by("pk"):
        provider = (
            muling if community.pk == muling.community_id else _provider(community, by_community, by_street, muling)
        )
        for domain, (title, description) in TITLES.items():
            offering_create(
                actor=None,
                organization=provider,
                communities=[community],
                title=title,
                domain=domain,
                description=description,
                schedule="工作日 9:00–17:00",
                price=Decimal("0") if domain != ServiceDomain.OTHER else Decimal("10.00"),
                answer_hours=24,
            )
            offerings += 1
    nanqiao = muling.community
    bath = offering_create(
        actor=staff,
        organization=muling,
        communities=[nanqiao],
        title=MARKER,
        domain=ServiceDomain.ELDERLY,
        description="睦林长者互助社的社工和志愿者上门为高龄、独居老人助浴，政府购买服务，免费。",
        schedule="每周二、周四上午",
        answer_hours=24,
        social_workers=list(SocialWorker.objects.filter(employer=muling).order_by("pk")[:2]),
        volunteers=list(Volunteer.objects.filter(organization=muling).order_by("pk")[:4]),
    )
    haircut = offering_create(
        actor=staff,
        organization=muling,
        communities=[nanqiao],
        title="长者理发",
        domain=ServiceDomain.ELDERLY,
        description="志愿者上门理发。",
        price=Decimal("5.00"),
        answer_hours=12,
    )
    offerings += 2
    today = timezone.localtime().replace(hour=9, minute=0, second=0, microsecond=0)
    slots = [
        slot_add(
            actor=staff,
            offering=bath,
            start=today + timedelta(days=d),
            end=today + timedelta(days=d, hours=3),
            capacity=6,
        )
        for d in (2, 4, 9, 11)
    ]
    neighbours = []
    for username, display_name in NEIGHBOURS:
        user, created = User.objects.get_or_create(username=username, defaults={"display_name": display_name})
        if created:
            user.set_unusable_password()  # they order through the community office
            user.save()
        RoleAssignment.objects.get_or_create(user=user, role=Role.RESIDENT, community=nanqiao)
        neighbours.append(user)
    li, wang, chen = neighbours
    later = timezone.now() + timedelta(days=3)

    def place(resident, offering=bath, slot=None, by=None, notes=""):
        return order_place(
            actor=by or resident,
            offering=offering,
            resident=resident if by else None,
            slot=slot,
            preferred_time=None if slot else later,
            notes=notes,
        )

    def to(order, step):
        steps = ["accepted", "scheduled", "delivered", "confirmed"]
        for name in steps[: steps.index(step) + 1]:
            if name == "accepted":
                order = order_accept(actor=staff, order=order, comment="已收到，我们会按时上门。")
            elif name == "scheduled":
                order = order_schedule(actor=staff, order=order, comment="社工小刘上门，请保持电话畅通。")
            elif name == "delivered":
                order = order_deliver(actor=staff, order=order)
            else:
                order = order_confirm(actor=order.resident, order=order)
        return order

    orders = []
    # resident_zhang: one waiting for an answer, one scheduled, one delivered to confirm, one rated.
    orders.append(place(zhang, slot=slots[1], notes="3栋2单元5楼，没有电梯。"))
    orders.append(to(place(zhang, offering=haircut), "scheduled"))
    orders.append(to(place(zhang, slot=slots[0]), "delivered"))
    rated = to(place(zhang, slot=slots[0]), "confirmed")
    orders.append(order_rate(actor=zhang, order=rated, rating=5, comment="社工很细心，谢谢！"))
    # The community office orders for residents without a smartphone.
    orders.append(place(li, slot=slots[2], by=community_staff, notes="李大爷行动不便，需两人协助。"))
    orders.append(to(place(wang, by=community_staff, offering=haircut), "accepted"))
    orders.append(
        order_decline(actor=staff, order=place(chen, offering=haircut), comment="本周志愿者不足，请下周再约。")
    )
    orders.append(order_cancel(actor=wang, order=place(wang, slot=slots[3]), comment="家人回来了，不需要了。"))
    orders.append(to(place(chen, slot=slots[2]), "confirmed"))
    disputed = order_dispute(actor=li, order=to(place(li, slot=slots[1]), "confirmed"), comment="只洗了一半就走了。")
    orders.append(disputed)
    orders.append(
        order_resolve(
            actor=community_staff,
            order=order_dispute(
                actor=chen, order=to(place(chen, slot=slots[3]), "confirmed"), comment="来晚了两小时。"
            ),
            comment="已与组织沟通，下次提前电话告知。",
        )
    )
    return {"offerings": offerings, "orders": len(orders)}
