"""Fixtures of the services tests.

Task requests: small duty lists of our own (a committee list with two
items, a Party list with one, an assisting list with one category and two items), so the gate's
tests do not depend on the full reference data.
"""

from types import SimpleNamespace

import pytest
from django.utils import timezone

from services.models import DutyList
from tests.factories import DutyCategoryFactory, DutyItemFactory, DutyListFactory


def make_list(kind: str, *, version: int = 1, status: str = DutyList.Status.PUBLISHED, items: int = 1, category=False):
    duty_list = DutyListFactory(
        kind=kind,
        version=version,
        declared_item_count=items,
        declared_category_count=1 if category else 0,
        status=status,
    )
    cat = DutyCategoryFactory(duty_list=duty_list, code="C1", name="社会保障") if category else None
    made = [DutyItemFactory(duty_list=duty_list, category=cat, position=n) for n in range(1, items + 1)]
    return duty_list, made


@pytest.fixture
def duty(db):
    committee, committee_items = make_list(DutyList.Kind.COMMITTEE, items=2)
    party, party_items = make_list(DutyList.Kind.PARTY, items=1)
    assisting, assisting_items = make_list(DutyList.Kind.ASSISTING, items=2, category=True)
    return SimpleNamespace(
        committee=committee,
        committee_item=committee_items[0],
        committee_items=committee_items,
        party=party,
        party_item=party_items[0],
        assisting=assisting,
        assisting_item=assisting_items[0],
        assisting_items=assisting_items,
    )


def send_task(actor, communities, items=(), *, title="统计辖区内灵活就业人员", deadline=None, funding="0", **kwargs):
    """Send a task through the action, as the pages and the API do."""
    from datetime import timedelta
    from decimal import Decimal

    from services.actions.task_requests import task_request_send

    return task_request_send(
        actor=actor,
        title=title,
        description=kwargs.pop("description", "请于期限内报送名单。"),
        deadline=deadline or timezone.localdate() + timedelta(days=10),
        communities=communities,
        claimed_item_ids=[i.pk for i in items],
        funding=Decimal(funding),
        **kwargs,
    )


# Duty lists: `duty_media` (uploads to a temporary folder) and
# `duty_reference` (the three shipped lists loaded), defined beside their helpers.
from tests.services.duties_support import duty_media, duty_reference  # noqa: E402,F401
