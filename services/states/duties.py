"""Duty lists and their imports.

A duty list version:   draft ──publish──▶ published ──supersede──▶ superseded
(superseding happens only as part of publishing the next version of the same kind.)

An import of a list file:

    uploaded ──validate──▶ validated ──start──▶ running ──finish──▶ done
        └──────reject────▶ invalid                 └────fail────▶ failed
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from accounts.queries import scope_for
from core.states import SYSTEM, Machine, Party, Transition

from ..models import DutyList, DutyListImport

L = DutyList.Status
I = DutyListImport.Status  # noqa: E741


def _is_district(actor, obj) -> bool:
    return scope_for(actor).is_district_admin


DISTRICT = Party("district", _is_district, _("Only the district civil-affairs bureau manages the duty lists."))

DUTY_LIST = Machine(
    model=DutyList,
    parties=(DISTRICT, SYSTEM),
    conflict_message=_("This cannot go on from “%(status)s”."),
    conflict_code="bad_transition",
    transitions=(
        # The district admin, or the reference loader (the portal itself) for the shipped lists.
        Transition("publish", L.DRAFT, L.PUBLISHED, ("district", "system")),
        Transition("supersede", L.PUBLISHED, L.SUPERSEDED, ("district", "system")),
    ),
)

# Checking and applying a file is the portal's own work (inline for small files, a job for large
# ones); only starting the import after the preview is the district admin's.
DUTY_LIST_IMPORT = Machine(
    model=DutyListImport,
    parties=(DISTRICT, SYSTEM),
    conflict_message=_("This import cannot go on from “%(status)s”."),
    conflict_code="bad_transition",
    transitions=(
        Transition("validate", I.UPLOADED, I.VALIDATED, "system"),
        Transition("reject", I.UPLOADED, I.INVALID, "system"),
        Transition("start", I.VALIDATED, I.RUNNING, ("district", "system")),
        Transition("finish", I.RUNNING, I.DONE, "system"),
        Transition("fail", I.RUNNING, I.FAILED, "system"),
    ),
)
