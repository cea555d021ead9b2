"""Lifecycles of the orders app, as tables of the core transition engine.

A resident application (verification into a community):

    (new) ──submit──▶ pending ──verify──▶ verified      (grants Role.RESIDENT for the community)
                         └────reject──▶ rejected        (with the reason; the person may apply again)
    (new) ──register──▶ verified                        (community staff, in person: no smartphone needed)

Demand (a service nobody offers in the community yet):

    (new) ──raise──▶ open ──convert──▶ converted        (the street office: a draft purchase project)
                      └────close──▶ closed              (the community or the street, with the reason)
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from accounts.queries import scope_for
from core.states import CREATED, Machine, Party, Transition

from .models import Demand, ResidentApplication

A = ResidentApplication.Status
D = Demand.Status


def _is_applicant(actor, application: ResidentApplication) -> bool:
    return bool(getattr(actor, "is_authenticated", False)) and application.user_id == actor.pk


def _is_community_staff(actor, obj) -> bool:
    return obj.community_id in scope_for(actor).community_ids


def _is_resident_of(actor, demand: Demand) -> bool:
    community_id = scope_for(actor).resident_community_id
    return community_id is not None and community_id == demand.community_id


def _is_street_of(actor, demand: Demand) -> bool:
    return demand.community_id in scope_for(actor).overseen_community_ids


APPLICANT = Party("applicant", _is_applicant, gettext_lazy("Only the applicant may do this."))
COMMUNITY = Party("community", _is_community_staff, gettext_lazy("Only the staff of this community may do this."))
RESIDENT = Party("resident", _is_resident_of, gettext_lazy("Only verified residents of this community may do this."))
STREET = Party("street", _is_street_of, gettext_lazy("Only the staff of the community's street office may do this."))

RESIDENT_APPLICATION = Machine(
    model=ResidentApplication,
    parties=(APPLICANT, COMMUNITY),
    conflict_message=gettext_lazy("This cannot be done while the application is “%(status)s”."),
    conflict_code="wrong_state",
    transitions=(
        Transition("submit", CREATED, A.PENDING, "applicant"),
        Transition("register", CREATED, A.VERIFIED, "community"),
        Transition("verify", A.PENDING, A.VERIFIED, "community"),
        Transition("reject", A.PENDING, A.REJECTED, "community"),
    ),
)

DEMAND = Machine(
    model=Demand,
    parties=(RESIDENT, COMMUNITY, STREET),
    conflict_message=gettext_lazy("This cannot be done while the demand is “%(status)s”."),
    conflict_code="wrong_state",
    transitions=(
        Transition("raise", CREATED, D.OPEN, "resident"),
        Transition("convert", D.OPEN, D.CONVERTED, "street"),
        Transition("close", D.OPEN, D.CLOSED, ("community", "street")),
    ),
)
