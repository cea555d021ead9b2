"""The lifecycles of duty lists and of their imports, as transition tables.

Kept beside (not inside) the task-request table so the two parts of issue #3 evolve apart.
"""

from django.utils.translation import gettext as _

from core.errors import Conflict
from services.models import DutyList, DutyListImport

L = DutyList.Status
DUTY_LIST_TRANSITIONS: dict[tuple[str, str], str] = {
    # (from, to): who may make it
    (L.DRAFT, L.PUBLISHED): "district admin (or the reference loader)",
    # Only as a side effect of publishing the next version of the same kind.
    (L.PUBLISHED, L.SUPERSEDED): "publishing the next version",
}

I = DutyListImport.Status  # noqa: E741
DUTY_IMPORT_TRANSITIONS: dict[tuple[str, str], str] = {
    (I.UPLOADED, I.VALIDATED): "validation (inline or job)",
    (I.UPLOADED, I.INVALID): "validation (inline or job)",
    (I.VALIDATED, I.RUNNING): "district admin confirms",
    (I.RUNNING, I.DONE): "the import (inline or job)",
    (I.RUNNING, I.FAILED): "the import (inline or job)",
}


def check_transition(table: dict, current: str, target: str) -> None:
    if (current, target) not in table:
        raise Conflict(
            _("This cannot go from “%(current)s” to “%(target)s”.") % {"current": current, "target": target},
            code="bad_transition",
        )
