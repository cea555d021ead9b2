"""Writes of the purchase catalogue: kept in line with the assisting-government duty list."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from accounts.queries import scope_for
from core.audit import audit_record
from core.errors import NotAllowed
from organizations.models import ServiceDomain
from services.models import DutyList
from services.queries.duties import items_in_force

from ..models import CatalogueItem

# --- The purchase catalogue -----------------------------------------------------------------------

DOMAIN_WORDS = (
    (ServiceDomain.ELDERLY, ("老", "养老", "高龄")),
    (ServiceDomain.DISABILITY, ("残",)),
    (ServiceDomain.YOUTH, ("青少年", "儿童", "未成年", "学生")),
    (ServiceDomain.RELIEF, ("救助", "低保", "困难", "优抚")),
    (ServiceDomain.CULTURE, ("文化", "体育", "文体")),
)


def _domain_of(title: str) -> str:
    for domain, words in DOMAIN_WORDS:
        if any(word in title for word in words):
            return domain
    return ServiceDomain.OTHER


@transaction.atomic
def catalogue_sync(*, actor) -> int:
    """Bring the catalogue in line with the assisting-government list in force: each of its items
    is work government buys. Entries whose item left the list are kept but inactive (projects
    refer to them). Returns the number of active entries."""
    if actor is not None and not scope_for(actor).is_district_admin:
        raise NotAllowed(_("Only the district civil-affairs bureau maintains the purchase catalogue."))
    items = list(items_in_force().filter(duty_list__kind=DutyList.Kind.ASSISTING).order_by("position", "code"))
    seen = []
    for position, item in enumerate(items):
        entry, _created = CatalogueItem.objects.update_or_create(
            code=f"GM-{item.code}",
            defaults={
                "title": item.title,
                "duty_item": item,
                "department": item.responsible_department,
                "domain": _domain_of(item.title),
                "is_placeholder": item.is_placeholder,
                "position": position,
                "is_active": True,
            },
        )
        seen.append(entry.pk)
    CatalogueItem.objects.exclude(pk__in=seen).update(is_active=False)
    if actor is not None and seen:
        # One record for the run, on the first entry: the catalogue as a whole has no row.
        first = CatalogueItem.objects.get(pk=seen[0])
        audit_record(actor=actor, obj=first, action="catalogue_item.sync", data={"active": len(seen)})
    return len(seen)
