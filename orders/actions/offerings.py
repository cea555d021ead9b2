"""Writes of offerings: an organisation's staff create and change them and add slots; signing a
procurement contract creates one (`offering_from_contract`, registered by the coordinator)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Community
from accounts.queries import scope_for
from core.audit import audit_record
from core.errors import Conflict, DomainError, NotAllowed
from core.text import DESCRIPTION_MAX, REASON_MAX, text_too_long
from organizations.models import Organization, ServiceDomain, SocialWorker, Volunteer

from ..models import Offering, OfferingSlot, ReplyTemplate

ANSWER_HOURS_MAX = 24 * 30
SLOT_CAPACITY_MAX = 10000
PRICE_MAX = Decimal("100000.00")


def require_staff_of(actor, organization_id: int) -> None:
    if organization_id not in scope_for(actor).organization_ids:
        raise NotAllowed(_("Only the organisation's own staff may manage its offerings."), code="not_staff")


def _offering_problems(*, title, domain, description, schedule, price, answer_hours, communities) -> dict:
    problems: dict[str, str] = {}
    if title is not None:
        title = title.strip()
        if not title:
            problems["title"] = _("Give the service a title.")
        elif too_long := text_too_long(title, 200):
            problems["title"] = too_long
    if domain is not None and domain not in ServiceDomain.values:
        problems["domain"] = _("Choose a service domain.")
    if description is not None and (too_long := text_too_long(description, DESCRIPTION_MAX)):
        problems["description"] = too_long
    if schedule is not None and (too_long := text_too_long(schedule, 200)):
        problems["schedule"] = too_long
    if price is not None and not (Decimal(0) <= price <= PRICE_MAX):
        problems["price"] = _("Give a price between 0 and 100000 yuan (0 when the government pays).")
    if answer_hours is not None and not (1 <= answer_hours <= ANSWER_HOURS_MAX):
        problems["answer_hours"] = _("Give the answer time in hours, between 1 and 720.")
    if communities is not None and not communities:
        problems["communities"] = _("Choose at least one community.")
    return problems


def _people_problems(organization_id: int, social_workers, volunteers) -> dict:
    problems = {}
    if social_workers is not None and any(w.employer_id != organization_id for w in social_workers):
        problems["social_workers"] = _("Choose the organisation's own social workers.")
    if volunteers is not None and any(v.organization_id != organization_id for v in volunteers):
        problems["volunteers"] = _("Choose the organisation's own volunteers.")
    return problems


@transaction.atomic
def offering_create(
    *,
    actor,
    organization: Organization,
    communities: Iterable[Community],
    title: str,
    domain: str,
    description: str = "",
    schedule: str = "",
    price: Decimal = Decimal(0),
    answer_hours: int = 24,
    social_workers: Iterable[SocialWorker] = (),
    volunteers: Iterable[Volunteer] = (),
    is_active: bool = True,
    contract_id: int | None = None,
) -> Offering:
    """An organisation's staff offer a service in some communities (the portal does, with
    actor=None, when a contract is signed)."""
    if actor is not None:
        require_staff_of(actor, organization.pk)
    communities, social_workers, volunteers = list(communities), list(social_workers), list(volunteers)
    problems = _offering_problems(
        title=title,
        domain=domain,
        description=description,
        schedule=schedule,
        price=price,
        answer_hours=answer_hours,
        communities=communities,
    ) | _people_problems(organization.pk, social_workers, volunteers)
    if problems:
        raise DomainError(_("The offering was not saved; see the marked fields."), fields=problems)
    if organization.status != Organization.Status.REGISTERED:
        raise Conflict(_("Only a registered organisation can offer services."), code="not_registered")
    offering = Offering.objects.create(
        organization=organization,
        title=title.strip(),
        domain=domain,
        description=description,
        schedule=schedule,
        price=price,
        answer_hours=answer_hours,
        is_active=is_active,
        contract_id=contract_id,
        created_by=actor,
    )
    offering.communities.set(communities)
    offering.social_workers.set(social_workers)
    offering.volunteers.set(volunteers)
    audit_record(
        actor=actor,
        obj=offering,
        action="offering.create",
        data={"communities": sorted(c.pk for c in communities), "price": str(price), "contract": contract_id},
    )
    return offering


@transaction.atomic
def offering_update(*, actor, offering: Offering, **changes) -> Offering:
    """Change an offering's fields (only those given); close or reopen it with `is_active`.
    Orders already placed keep their terms."""
    require_staff_of(actor, offering.organization_id)
    offering = Offering.objects.select_for_update().get(pk=offering.pk)
    fields = {
        name: changes[name]
        for name in ("title", "domain", "description", "schedule", "price", "answer_hours", "is_active")
        if name in changes
    }
    related = {name: list(changes[name]) for name in ("communities", "social_workers", "volunteers") if name in changes}
    problems = _offering_problems(
        title=fields.get("title"),
        domain=fields.get("domain"),
        description=fields.get("description"),
        schedule=fields.get("schedule"),
        price=fields.get("price"),
        answer_hours=fields.get("answer_hours"),
        communities=related.get("communities"),
    ) | _people_problems(offering.organization_id, related.get("social_workers"), related.get("volunteers"))
    if problems:
        raise DomainError(_("The offering was not saved; see the marked fields."), fields=problems)
    if "title" in fields:
        fields["title"] = fields["title"].strip()
    if fields:
        Offering.objects.filter(pk=offering.pk).update(**fields)
    for name, values in related.items():
        getattr(offering, name).set(values)
    offering.refresh_from_db()
    audit_record(
        actor=actor,
        obj=offering,
        action="offering.update",
        data={
            **{k: str(v) for k, v in fields.items()},
            **{k: sorted(o.pk for o in v) for k, v in related.items()},
        },
    )
    return offering


@transaction.atomic
def slot_add(*, actor, offering: Offering, start: datetime, end: datetime, capacity: int) -> OfferingSlot:
    require_staff_of(actor, offering.organization_id)
    problems = {}
    if start is None or start <= timezone.now():
        problems["start"] = _("A slot must start in the future.")
    if start is not None and (end is None or end <= start):
        problems["end"] = _("A slot must end after it starts.")
    if capacity is None or not 1 <= capacity <= SLOT_CAPACITY_MAX:
        problems["capacity"] = _("Give between 1 and 10000 places.")
    if problems:
        raise DomainError(_("The slot was not added; see the marked fields."), fields=problems)
    slot = OfferingSlot.objects.create(offering=offering, start=start, end=end, capacity=capacity)
    audit_record(
        actor=actor,
        obj=offering,
        action="offering.add_slot",
        data={"slot": slot.pk, "start": start.isoformat(), "capacity": capacity},
    )
    return slot


@transaction.atomic
def reply_template_save(*, actor, organization: Organization, title: str, text: str) -> ReplyTemplate:
    """Add a reply template, or change the text of the one with this title."""
    require_staff_of(actor, organization.pk)
    title, text = (title or "").strip(), (text or "").strip()
    problems = {}
    if not title:
        problems["title"] = _("Give the template a title.")
    elif too_long := text_too_long(title, 100):
        problems["title"] = too_long
    if not text:
        problems["text"] = _("Write the text of the reply.")
    elif too_long := text_too_long(text, REASON_MAX):
        problems["text"] = too_long
    if problems:
        raise DomainError(_("The template was not saved; see the marked fields."), fields=problems)
    try:
        with transaction.atomic():
            template, _created = ReplyTemplate.objects.update_or_create(
                organization=organization, title=title, defaults={"text": text}
            )
    except IntegrityError as exc:  # two saves of the same title at once
        raise Conflict(_("Someone else changed this a moment ago; reload and try again.")) from exc
    audit_record(actor=actor, obj=template, action="reply_template.save", data={"title": title})
    return template


@transaction.atomic
def reply_template_delete(*, actor, template: ReplyTemplate) -> None:
    require_staff_of(actor, template.organization_id)
    audit_record(actor=actor, obj=template, action="reply_template.delete", data={"title": template.title})
    template.delete()


def offering_from_contract(
    *,
    organization_id: int,
    community_ids: Iterable[int],
    title: str,
    domain: str,
    contract_id: int,
    description: str = "",
    answer_hours: int = 24,
) -> Offering:
    """The hook for procurement's contract-signed event: the contract's service opens to the
    residents of its communities, free (the government pays). Plain values only, so procurement
    needs no import of orders; idempotent (a contract has one offering)."""
    existing = Offering.objects.filter(contract_id=contract_id).first()
    if existing is not None:
        return existing
    return offering_create(
        actor=None,
        organization=Organization.objects.get(pk=organization_id),
        communities=list(Community.objects.filter(pk__in=list(community_ids))),
        title=title[:200],
        domain=domain if domain in ServiceDomain.values else ServiceDomain.OTHER,
        description=description[:DESCRIPTION_MAX],
        price=Decimal(0),
        answer_hours=answer_hours,
        contract_id=contract_id,
    )
