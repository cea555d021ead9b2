"""Writes of sealed bids: submit (or replace) and withdraw until the deadline; the receipt."""

from __future__ import annotations

import hashlib
import json
import secrets
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import Conflict, DomainError, NotAllowed
from organizations.actions.registration import document_problem
from organizations.models import Organization, SocialWorker
from organizations.qualification import qualification_check

from ..models import Bid as BidModel
from ..models import BidDocument, Project
from ..states import BID
from .projects import TEXT_MAX

B = BidModel.Status


# --- Bids --------------------------------------------------------------------------------------------


def bid_receipt(
    *, project_id: int, organization_id: int, price: Decimal, plan: str, staff_ids, documents, salt: str
) -> str:
    """SHA-256 of the bid's canonical content: the same bid always gives the same receipt, any
    change of price, plan, staff or a document's bytes gives another. Published at the opening
    with the salt, so each bidder can recompute its own (docs/decisions/015)."""
    content = {
        "project": project_id,
        "organization": organization_id,
        "price": f"{Decimal(price):.2f}",
        "plan": plan,
        "staff": sorted(int(i) for i in staff_ids),
        "documents": sorted(documents),
        "salt": salt,
    }
    blob = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


def _qualification_refusal(organization: Organization) -> NotAllowed | None:
    result = qualification_check(organization)
    if result.qualified:
        return None
    failed = {r.rule: f"{r.label}: {r.reason}" for r in result.failed}
    return NotAllowed(
        _("%(org)s does not meet the admission standards: %(rules)s")
        % {"org": organization.name, "rules": "; ".join(failed.values())},
        fields=failed,
        code="not_qualified",
    )


@transaction.atomic
def bid_submit(
    *,
    actor,
    project: Project,
    organization: Organization,
    price: Decimal,
    plan: str,
    staff: list[SocialWorker] | None = None,
    documents: list | None = None,
) -> BidModel:
    """Submit a sealed bid, or replace the organisation's live one. Until the deadline only."""
    staff, documents = list(staff or []), list(documents or [])
    bid = BidModel(project=project, organization=organization, submitted_by=actor)
    BID.check_party(actor, bid, "submit")
    # Serialise the organisation's bids on this project: the project row is the lock.
    project = Project.objects.select_for_update().get(pk=project.pk)
    bid.project = project
    BID.check_create(actor, bid, "submit")
    invited = set(project.invited_organizations.values_list("pk", flat=True))
    if invited and organization.pk not in invited:
        raise NotAllowed(_("This project takes bids only from the organisations it invited."), code="not_invited")
    refusal = _qualification_refusal(organization)
    if refusal is not None:
        raise refusal
    problems: dict[str, str] = {}
    if price is None or price <= 0:
        problems["price"] = _("The price must be more than zero.")
    elif price > project.amount:
        problems["price"] = _("The price is above the project's budget of %(amount)s yuan.") % {
            "amount": project.amount
        }
    plan = (plan or "").strip()
    if not plan or len(plan) > TEXT_MAX:
        problems["plan"] = _("Describe the service plan (at most 20000 characters).")
    if any(worker.employer_id != organization.pk for worker in staff):
        problems["staff"] = _("Staff must be the organisation's own social workers.")
    for upload in documents:
        if problem := document_problem(upload):
            problems["documents"] = problem
            break
    if problems:
        raise DomainError(_("The bid was not submitted; see the marked fields."), fields=problems)
    live = BidModel.objects.filter(project=project, organization=organization, status=B.SUBMITTED).first()
    if live is not None:
        BID.move(actor=actor, obj=live, action="replace")
    digests = []
    for upload in documents:
        upload.seek(0)
        digests.append(hashlib.sha256(upload.read()).hexdigest())
        upload.seek(0)
    salt = secrets.token_hex(16)
    bid.price, bid.plan, bid.salt = price, plan, salt
    bid.submitted_at = timezone.now()
    bid.replaces = live
    bid.receipt = bid_receipt(
        project_id=project.pk,
        organization_id=organization.pk,
        price=price,
        plan=plan,
        staff_ids=[w.pk for w in staff],
        documents=digests,
        salt=salt,
    )
    try:
        with transaction.atomic():
            bid.save()
    except IntegrityError as exc:
        raise Conflict(_("This organisation already has a live bid on this project."), code="duplicate_bid") from exc
    bid.staff.set(staff)
    for upload, digest in zip(documents, digests, strict=True):
        BidDocument.objects.create(bid=bid, file=upload, name=getattr(upload, "name", "")[:200], sha256=digest)
    # The audit record names the bid and its receipt, never its price or plan: audit pages are
    # readable by the purchaser before the opening.
    BID.record_creation(
        actor=actor, obj=bid, action="submit", data={"receipt": bid.receipt, "replaces": live.pk if live else None}
    )
    return bid


@transaction.atomic
def bid_withdraw(*, actor, bid: BidModel, comment: str = "") -> BidModel:
    return BID.move(actor=actor, obj=bid, action="withdraw", reason=comment)
