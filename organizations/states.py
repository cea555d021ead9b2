"""Lifecycles of the organizations app, as tables of the core transition engine.

An organisation:

    draft ──submit──▶ submitted ──approve──▶ registered ⇄ suspended (suspend / reinstate)
                       │   ▲  └──reject──▶ rejected         │
                       │   └──submit──┐                     └──deregister──▶ deregistered
                       └──return──▶ returned               (from registered or suspended)

An annual report (one per organisation and year):

    (none) ──submit──▶ submitted            filed on time or late
    (none) ──mark_overdue──▶ overdue ──submit──▶ submitted (late)
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from accounts.queries import scope_for
from core.states import CREATED, SYSTEM, Machine, Party, Transition

from .models import AnnualReport, Organization

S = Organization.Status
R = AnnualReport.Status


def _is_staff_of(actor, obj) -> bool:
    organization_id = obj.pk if isinstance(obj, Organization) else obj.organization_id
    return organization_id in scope_for(actor).organization_ids


def _is_bureau(actor, obj) -> bool:
    return scope_for(actor).is_district_admin


# The organisation's own staff (the applicant is one from the start).
APPLICANT = Party("applicant", _is_staff_of, _("Only the organisation's own staff may do this."))
# The district civil-affairs bureau.
REVIEWER = Party("reviewer", _is_bureau, _("Only the district civil-affairs bureau may do this."))

ORGANIZATION = Machine(
    model=Organization,
    parties=(APPLICANT, REVIEWER),
    conflict_message=_("This cannot be done while the organisation is “%(status)s”."),
    conflict_code="wrong_state",
    transitions=(
        Transition("submit", (S.DRAFT, S.RETURNED), S.SUBMITTED, "applicant"),
        Transition("return", S.SUBMITTED, S.RETURNED, "reviewer"),
        Transition("approve", S.SUBMITTED, S.REGISTERED, "reviewer"),
        Transition("reject", S.SUBMITTED, S.REJECTED, "reviewer"),
        Transition("suspend", S.REGISTERED, S.SUSPENDED, "reviewer"),
        Transition("reinstate", S.SUSPENDED, S.REGISTERED, "reviewer"),
        Transition("deregister", (S.REGISTERED, S.SUSPENDED), S.DEREGISTERED, "reviewer"),
    ),
)

ANNUAL_REPORT = Machine(
    model=AnnualReport,
    parties=(APPLICANT, SYSTEM),
    conflict_message=_("This annual report is already “%(status)s”."),
    transitions=(
        Transition("submit", (CREATED, R.OVERDUE), R.SUBMITTED, "applicant"),
        # The beat sweep after 31 May, for organisations that filed nothing.
        Transition("mark_overdue", CREATED, R.OVERDUE, "system"),
    ),
)

# States whose application the applicant may still edit.
EDITABLE = frozenset({S.DRAFT, S.RETURNED})
# States in which the organisation exists as a registered body (certificate issued).
REGISTERED_STATES = frozenset({S.REGISTERED, S.SUSPENDED, S.DEREGISTERED})
# States in which an organisation files annual reports.
REPORTING_STATES = (S.REGISTERED, S.SUSPENDED)
