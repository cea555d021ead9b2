"""Helpers of the residents' and demand tests (the orders app's other tests keep their own)."""

from __future__ import annotations

from decimal import Decimal

from orders.actions.demand import demand_raise
from orders.actions.residents import resident_signup
from tests.factories import user_with_role


def neighbour(community, username="resident_li"):
    """Another verified resident of `community`."""
    from accounts.models import Role

    return user_with_role(username, Role.RESIDENT, community)


def applicant(community, phone="13880001234", name="李秀兰"):
    """Someone who signed up and waits for the community."""
    return resident_signup(
        phone=phone, name=name, password="Lantern-7421x", street=community.street, community=community
    )


def paper_cutting(resident, title="想学剪纸"):
    return demand_raise(actor=resident, title=title, domain="culture", description="周末想学")


def convert_body(line, **overrides) -> dict:
    body = {
        "title": "南桥社区剪纸课",
        "description": "来自居民需求",
        "budget_line": line.pk,
        "amount": "30000.00",
        "method": "open_tender",
        "criteria": [
            {"name": "价格", "weight": 30, "is_price": True},
            {"name": "服务方案", "weight": 70, "is_price": False},
        ],
        "question_days": 5,
        "bid_days": 15,
    }
    body.update(overrides)
    return body


AMOUNT = Decimal("30000.00")
