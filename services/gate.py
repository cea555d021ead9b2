"""The gate (清单准入): judge a task request against the duty lists in force.

- an item of the residents' committee statutory list or of the Party list → must_accept;
- otherwise an item of the assisting-government list → requires_purchase (bought, not unpaid);
- no item → may_refuse (城市居民委员会组织法 第二十条: the community may say no).

A statutory or Party item wins over an assisting one: the community's own duty cannot be turned
into a purchase by adding an assisting item to the claim.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from .models import DutyItem, DutyList, TaskAssignment

Outcome = TaskAssignment.Outcome


@dataclass(frozen=True)
class Judgement:
    outcome: str
    # The list versions the request was judged against (every list in force at the time).
    lists: tuple[DutyList, ...]


def gate_judge(items: Iterable[DutyItem], lists_in_force: Iterable[DutyList]) -> Judgement:
    kinds = {item.duty_list.kind for item in items}
    if kinds & {DutyList.Kind.COMMITTEE, DutyList.Kind.PARTY}:
        outcome = Outcome.MUST_ACCEPT
    elif DutyList.Kind.ASSISTING in kinds:
        outcome = Outcome.REQUIRES_PURCHASE
    else:
        outcome = Outcome.MAY_REFUSE
    return Judgement(outcome=outcome, lists=tuple(lists_in_force))
