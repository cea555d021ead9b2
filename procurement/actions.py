"""Every write of the procurement app. Keyword-only, `actor=`, one transaction, audited."""

from __future__ import annotations

import hashlib
import json
import secrets
from dataclasses import dataclass
from datetime import datetime, time
from decimal import ROUND_HALF_UP, Decimal

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Community, Role, Street
from accounts.queries import scope_for
from core.audit import audit_record
from core.errors import Conflict, DomainError, NotAllowed
from core.jobs import job_enqueue
from core.models import Job
from organizations.actions.registration import document_problem
from organizations.identifiers import ric_normalise, ric_problem
from organizations.models import Employment, Member, Organization, ServiceDomain, SocialWorker
from organizations.qualification import qualification_check
from services.models import DutyList, TaskAssignment
from services.queries.duties import items_in_force
from services.workdays import add_working_days

from .models import Bid as BidModel
from .models import (
    BidDocument,
    BudgetCommitment,
    BudgetLine,
    CatalogueItem,
    Complaint,
    Criterion,
    Expert,
    ExpertAssignment,
    Method,
    Opening,
    Project,
    ProjectNotice,
    Question,
    Score,
)
from .states import BID, PROJECT

P = Project.Status
B = BidModel.Status


@dataclass(frozen=True)
class MethodRule:
    min_bids: int
    min_bid_days: int  # working days between publication and the bid deadline
    invites: str  # "none", "optional", "required" (at least min_bids) or "one"


# Minimum bids per method (政府采购法 and its implementing rules): a tender needs three bidders,
# negotiation, consultation and quotation three suppliers; commission and single source name one.
# The bidding periods are the statutory calendar days (20 for tenders, 10 for consultation, 3 for
# negotiation and quotation, 5 days of public notice for single source) counted as working days
# and rounded so that they never fall short of the calendar rule.
METHOD_RULES = {
    Method.COMMISSION: MethodRule(1, 3, "one"),
    Method.OPEN_TENDER: MethodRule(3, 15, "none"),
    Method.INVITED_TENDER: MethodRule(3, 15, "required"),
    Method.NEGOTIATION: MethodRule(3, 3, "optional"),
    Method.CONSULTATION: MethodRule(3, 7, "optional"),
    Method.SINGLE_SOURCE: MethodRule(1, 5, "one"),
    Method.QUOTATION: MethodRule(3, 3, "optional"),
}

QUESTIONS_CLOSE = time(17, 30)
BIDS_CLOSE = time(9, 30)
TEXT_MAX = 20000
OPEN_JOB = "procurement.tasks.project_open"


def _aware(day, at: time) -> datetime:
    return timezone.make_aware(datetime.combine(day, at))


# --- Budgets -------------------------------------------------------------------------------------


@transaction.atomic
def budget_line_set(*, actor, year: int, street: Street, domain: str, allocated: Decimal) -> BudgetLine:
    """Create a budget line or change what it allocates (never below what is already committed)."""
    if not scope_for(actor).is_district_admin:
        raise NotAllowed(_("Only the district civil-affairs bureau sets budgets."))
    problems = {}
    if not 2000 <= int(year) <= 2100:
        problems["year"] = _("Give a year between 2000 and 2100.")
    if domain not in ServiceDomain.values:
        problems["domain"] = _("Choose a service domain.")
    if allocated is None or allocated < 0:
        problems["allocated"] = _("The allocated amount cannot be negative.")
    if problems:
        raise DomainError(_("The budget line was not saved."), fields=problems)
    line = BudgetLine.objects.select_for_update().filter(year=year, street=street, domain=domain).first()
    if line is None:
        line = BudgetLine.objects.create(year=year, street=street, domain=domain, allocated=allocated)
        audit_record(actor=actor, obj=line, action="budget_line.create", data={"allocated": str(allocated)})
        return line
    if allocated < line.committed:
        raise Conflict(
            _("%(committed)s yuan of this line is already committed: it cannot be set below that.")
            % {"committed": line.committed},
            code="below_committed",
        )
    before = line.allocated
    BudgetLine.objects.filter(pk=line.pk).update(allocated=allocated)
    line.refresh_from_db()
    audit_record(
        actor=actor,
        obj=line,
        action="budget_line.update",
        data={"allocated": str(allocated), "allocated_before": str(before)},
    )
    return line


@transaction.atomic
def budget_commit(*, actor, line: BudgetLine, amount: Decimal, project: Project | None = None) -> BudgetCommitment:
    """Commit `amount` of `line` (an award does this). One conditional UPDATE: of any number of
    concurrent commitments, only those that still fit succeed; the others get a 409."""
    scope = scope_for(actor)
    if actor is not None and not (scope.is_district_admin or line.street_id in scope.street_ids):
        raise NotAllowed(_("Only the street office that owns this budget line may commit its money."))
    if amount is None or amount <= 0:
        raise DomainError(_("The amount must be more than zero."), fields={"amount": _("Must be more than zero.")})
    changed = BudgetLine.objects.filter(pk=line.pk, committed__lte=F("allocated") - amount).update(
        committed=F("committed") + amount
    )
    if changed != 1:
        line.refresh_from_db()
        raise Conflict(
            _("Only %(available)s yuan of this budget line is still available.") % {"available": line.available},
            code="budget_exceeded",
        )
    commitment = BudgetCommitment.objects.create(line=line, project=project, amount=amount)
    line.refresh_from_db()
    audit_record(
        actor=actor,
        obj=line,
        action="budget_line.commit",
        data={"amount": str(amount), "project": project.pk if project else None, "committed": str(line.committed)},
    )
    return commitment


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


# --- Projects --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CriterionInput:
    name: str
    weight: int
    is_price: bool = False


def _check_project(problems: dict, *, data: dict) -> None:
    method = data["method"]
    rule = METHOD_RULES.get(method)
    if rule is None:
        problems["method"] = _("Choose a purchase method.")
        return
    if not (data["title"] or "").strip():
        problems["title"] = _("Give the project a title.")
    community, street = data["community"], data["street"]
    if community.street_id != street.pk:
        problems["community"] = _("The implementing community must be in the purchasing street.")
    line = data["budget_line"]
    if line.street_id != street.pk or line.domain != data["domain"]:
        problems["budget_line"] = _("Choose a budget line of the purchasing street and the project's service domain.")
    amount = data["amount"]
    if amount is None or amount <= 0:
        problems["amount"] = _("The amount must be more than zero.")
    elif amount > line.available:
        problems["amount"] = _("Only %(available)s yuan of this budget line is still available.") % {
            "available": line.available
        }
    invited = data["invited"]
    if rule.invites == "none" and invited:
        problems["invited_organizations"] = _("An open tender invites nobody: anyone qualified may bid.")
    elif rule.invites == "one" and len(invited) != 1:
        problems["invited_organizations"] = _("This method names exactly one organisation.")
    elif rule.invites == "required" and len(invited) < rule.min_bids:
        problems["invited_organizations"] = _("An invited tender invites at least %(n)d organisations.") % {
            "n": rule.min_bids
        }
    if any(org.status != Organization.Status.REGISTERED for org in invited):
        problems["invited_organizations"] = _("Only registered organisations can be invited.")
    if data["bid_days"] < rule.min_bid_days:
        problems["bid_days"] = _("This method needs at least %(n)d working days for bids.") % {"n": rule.min_bid_days}
    if not 1 <= data["question_days"] < data["bid_days"]:
        problems["question_days"] = _("Questions must close at least one working day before the bid deadline.")
    if not 1 <= data["standstill_days"] <= 30:
        problems["standstill_days"] = _("Give a standstill period of 1 to 30 working days.")
    criteria = data["criteria"]
    if not criteria:
        problems["criteria"] = _("Give the evaluation criteria.")
    elif any(not c.name.strip() or not 1 <= c.weight <= 100 for c in criteria):
        problems["criteria"] = _("Each criterion needs a name and a weight from 1 to 100.")
    elif sum(c.weight for c in criteria) != 100:
        problems["criteria"] = _("The weights of the criteria must add up to 100 (now %(sum)d).") % {
            "sum": sum(c.weight for c in criteria)
        }
    elif sum(1 for c in criteria if c.is_price) > 1:
        problems["criteria"] = _("Only one criterion can be the price.")
    item = data["catalogue_item"]
    if item is not None and not item.is_active:
        problems["catalogue_item"] = _("This catalogue item is no longer active.")


@transaction.atomic
def project_create(
    *,
    actor,
    title: str,
    street: Street,
    community: Community,
    domain: str,
    budget_line: BudgetLine,
    amount: Decimal,
    method: str,
    criteria: list[CriterionInput],
    question_days: int,
    bid_days: int,
    standstill_days: int = 7,
    description: str = "",
    admission_rules: str = "",
    catalogue_item: CatalogueItem | None = None,
    invited: list[Organization] | None = None,
    source_assignment: TaskAssignment | None = None,
) -> Project:
    """A draft project of the purchasing street; from scratch or from a purchase candidate."""
    invited = list(invited or [])
    project = Project(street=street, community=community, created_by=actor)
    PROJECT.check_create(actor, project, "create")
    problems: dict[str, str] = {}
    if source_assignment is not None:
        if source_assignment.status != TaskAssignment.Status.ROUTED_TO_PURCHASE:
            problems["source_assignment"] = _("This task is not a purchase candidate.")
        elif source_assignment.community_id != community.pk:
            problems["source_assignment"] = _("The project must be implemented by the community the task went to.")
        elif (
            Project.objects.filter(source_assignment=source_assignment)
            .exclude(status__in=[P.CANCELLED, P.FAILED])
            .exists()
        ):
            problems["source_assignment"] = _("A project for this purchase candidate already exists.")
    _check_project(
        problems,
        data={
            "title": title,
            "method": method,
            "community": community,
            "street": street,
            "budget_line": budget_line,
            "domain": domain,
            "amount": amount,
            "invited": invited,
            "bid_days": bid_days,
            "question_days": question_days,
            "standstill_days": standstill_days,
            "criteria": criteria,
            "catalogue_item": catalogue_item,
        },
    )
    if problems:
        raise DomainError(_("The project was not saved; see the marked fields."), fields=problems)
    for name, value in (
        ("title", title.strip()),
        ("description", description),
        ("domain", domain),
        ("budget_line", budget_line),
        ("amount", amount),
        ("method", method),
        ("admission_rules", admission_rules),
        ("question_days", question_days),
        ("bid_days", bid_days),
        ("standstill_days", standstill_days),
        ("catalogue_item", catalogue_item),
        ("source_assignment", source_assignment),
    ):
        setattr(project, name, value)
    project.status = P.DRAFT
    project.save()
    project.invited_organizations.set(invited)
    Criterion.objects.bulk_create(
        Criterion(project=project, name=c.name.strip(), weight=c.weight, is_price=c.is_price, position=i)
        for i, c in enumerate(criteria)
    )
    PROJECT.record_creation(
        actor=actor,
        obj=project,
        action="create",
        data={"source_assignment": source_assignment.pk if source_assignment else None, "method": method},
    )
    return project


def min_bids(project: Project) -> int:
    return METHOD_RULES[project.method].min_bids


@transaction.atomic
def project_publish(*, actor, project: Project, comment: str = "") -> Project:
    """Publish the announcement; the questions deadline and the bid deadline (the opening) are
    counted in working days from today."""
    today = timezone.localdate()
    questions = add_working_days(today, project.question_days)
    deadline = add_working_days(today, project.bid_days)
    return PROJECT.move(
        actor=actor,
        obj=project,
        action="publish",
        reason=comment,
        published_at=timezone.now(),
        questions_deadline=_aware(questions, QUESTIONS_CLOSE),
        bid_deadline=_aware(deadline, BIDS_CLOSE),
    )


@transaction.atomic
def project_cancel(*, actor, project: Project, comment: str) -> Project:
    PROJECT.check_party(actor, project, "cancel")
    if not (comment or "").strip():
        raise DomainError(
            _("Say why the project is cancelled: bidders and the public read it."),
            fields={"comment": _("Give the reason for cancelling.")},
        )
    return PROJECT.move(actor=actor, obj=project, action="cancel", reason=comment, cancel_reason=comment.strip())


# --- Questions and answers ------------------------------------------------------------------------


@transaction.atomic
def question_ask(*, actor, project: Project, text: str) -> Question:
    """Organisation staff ask about a published project until the questions deadline."""
    if not scope_for(actor).organization_ids:
        raise NotAllowed(_("Only the staff of a social organisation may ask about a project."))
    text = (text or "").strip()
    if not text or len(text) > 2000:
        raise DomainError(
            _("Write your question (at most 2000 characters)."), fields={"text": _("Write your question.")}
        )
    project = Project.objects.select_for_update().get(pk=project.pk)
    if project.status != P.PUBLISHED or timezone.now() >= project.questions_deadline:
        raise Conflict(_("Questions about this project are closed."), code="questions_closed")
    question = Question.objects.create(project=project, text=text, asked_by=actor)
    audit_record(actor=actor, obj=question, action="question.ask")
    return question


@transaction.atomic
def question_answer(*, actor, question: Question, answer: str) -> Question:
    """The purchasing street answers; the answer is public with the question."""
    project = question.project
    if project.street_id not in scope_for(actor).street_ids:
        raise NotAllowed(_("Only the staff of the purchasing street office may answer."))
    answer = (answer or "").strip()
    if not answer or len(answer) > TEXT_MAX:
        raise DomainError(_("Write the answer."), fields={"answer": _("Write the answer.")})
    locked = Question.objects.select_for_update().get(pk=question.pk)
    if locked.project.status != P.PUBLISHED:
        raise Conflict(_("This project no longer takes questions or answers."), code="wrong_state")
    locked.answer, locked.answered_by, locked.answered_at = answer, actor, timezone.now()
    locked.save(update_fields=["answer", "answered_by", "answered_at"])
    audit_record(actor=actor, obj=locked, action="question.answer")
    return locked


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


# --- The opening -----------------------------------------------------------------------------------


def projects_due_for_opening():
    return Project.objects.filter(status=P.PUBLISHED, bid_deadline__lte=timezone.now())


def openings_enqueue() -> int:
    """Beat, every minute: one opening job per project past its deadline. A project already
    opened is skipped by the job itself, so enqueuing twice opens once."""
    count = 0
    for project_id in projects_due_for_opening().values_list("pk", flat=True)[:500]:
        if Job.objects.filter(task_name=OPEN_JOB, state=Job.State.PENDING, kwargs__project_id=project_id).exists():
            continue  # already on its way; the sweep re-sends it if its message was lost
        with transaction.atomic():
            job_enqueue(task_name=OPEN_JOB, kwargs={"project_id": project_id})
        count += 1
    return count


@transaction.atomic
def project_open(*, project_id: int) -> Project | None:
    """Close bidding and open the bids of one project whose deadline has passed; or fail it when
    too few bids came. Does nothing for a project already past this step (idempotent)."""
    project = Project.objects.select_for_update().filter(pk=project_id).first()
    if project is None or project.status != P.PUBLISHED or project.bid_deadline > timezone.now():
        return None
    project = PROJECT.move(actor=None, obj=project, action="close_bidding")
    bids = list(
        BidModel.objects.filter(project=project, status=B.SUBMITTED).select_related("organization").order_by("id")
    )
    now = timezone.now()
    needed = min_bids(project)
    if len(bids) < needed:
        reason = _("%(count)d bid(s) received; the method needs at least %(needed)d.") % {
            "count": len(bids),
            "needed": needed,
        }
        # Too few bids: they are not opened, the record names only who bid and their receipts.
        entries = [
            {
                "bid": b.pk,
                "organization": b.organization_id,
                "organization_name": b.organization.name,
                "receipt": b.receipt,
                "submitted_at": b.submitted_at.isoformat(),
            }
            for b in bids
        ]
        Opening.objects.create(project=project, opened_at=now, entries=entries, outcome=reason)
        project = PROJECT.move(actor=None, obj=project, action="fail", reason=reason, failure_reason=reason)
        ProjectNotice.objects.get_or_create(
            project=project,
            kind=ProjectNotice.Kind.FAILED,
            defaults={"text": _("“%(title)s” failed: %(reason)s") % {"title": project.title, "reason": reason}},
        )
        return project
    entries = []
    for b in bids:
        BID.move(actor=None, obj=b, action="open")
        entries.append(
            {
                "bid": b.pk,
                "organization": b.organization_id,
                "organization_name": b.organization.name,
                "price": f"{b.price:.2f}",
                "receipt": b.receipt,
                "salt": b.salt,
                "submitted_at": b.submitted_at.isoformat(),
            }
        )
    outcome = _("%(count)d bid(s) opened.") % {"count": len(bids)}
    Opening.objects.create(project=project, opened_at=now, entries=entries, outcome=outcome)
    project = PROJECT.move(actor=None, obj=project, action="open", reason=outcome, opened_at=now)
    ProjectNotice.objects.get_or_create(
        project=project,
        kind=ProjectNotice.Kind.OPENED,
        defaults={
            "text": _("The bids of “%(title)s” were opened: %(outcome)s") % {"title": project.title, "outcome": outcome}
        },
    )
    return project


# --- Evaluation and award ------------------------------------------------------------------------


@transaction.atomic
def expert_register(*, actor, user, resident_id: str) -> Expert:
    """Put a user with the expert role on the district's register, with the resident ID that
    conflict-of-interest checks compare."""
    if not scope_for(actor).is_district_admin:
        raise NotAllowed(_("Only the district civil-affairs bureau keeps the register of experts."))
    resident_id = ric_normalise(resident_id or "")
    if ric_problem(resident_id):
        message = _("This is not a valid resident ID: 18 characters, and the last one must match the check digit.")
        raise DomainError(message, fields={"resident_id": message})
    if not scope_for(user).has(Role.EXPERT):
        raise DomainError(
            _("Only a user with the evaluation-expert role can be registered."),
            fields={"user": _("This user is not an evaluation expert.")},
        )
    expert, created = Expert.objects.update_or_create(user=user, defaults={"resident_id": resident_id})
    audit_record(actor=actor, obj=expert, action="expert.register" if created else "expert.update")
    return expert


def conflicts_of_interest(expert: Expert, project: Project) -> list[str]:
    """The bidders of `project` the expert is tied to: as a member, a social worker, a
    coordinator employed there (by resident ID), or as one of its staff (by account)."""
    bidders = BidModel.objects.filter(project=project, status=B.OPENED).values("organization_id")
    rid = expert.resident_id
    tied = set(
        Member.objects.filter(organization_id__in=bidders, resident_id=rid).values_list("organization__name", flat=True)
    )
    tied |= set(
        SocialWorker.objects.filter(employer_id__in=bidders, person__resident_id=rid).values_list(
            "employer__name", flat=True
        )
    )
    tied |= set(
        Employment.objects.filter(
            organization_id__in=bidders, ended_on__isnull=True, person__resident_id=rid
        ).values_list("organization__name", flat=True)
    )
    staff_of = scope_for(expert.user).organization_ids
    tied |= set(Organization.objects.filter(pk__in=bidders).filter(pk__in=staff_of).values_list("name", flat=True))
    return sorted(tied)


@transaction.atomic
def expert_assign(*, actor, project: Project, expert: Expert) -> ExpertAssignment:
    """The purchasing street assigns an expert to an opened project; refused for an expert tied
    to any bidder."""
    if project.street_id not in scope_for(actor).street_ids:
        raise NotAllowed(_("Only the staff of the purchasing street office may assign experts."))
    project = Project.objects.select_for_update().get(pk=project.pk)
    if project.status != P.OPENED:
        raise Conflict(
            _("Experts are assigned once the bids are opened and before the evaluation."), code="wrong_state"
        )
    tied = conflicts_of_interest(expert, project)
    if tied:
        raise Conflict(
            _("Conflict of interest: %(expert)s is a member, staff or social worker of %(orgs)s.")
            % {"expert": expert.user.display_name or expert.user.username, "orgs": "、".join(tied)},
            code="conflict_of_interest",
        )
    assignment, created = ExpertAssignment.objects.get_or_create(
        project=project, expert=expert, defaults={"assigned_by": actor}
    )
    if created:
        audit_record(actor=actor, obj=assignment, action="expert_assignment.assign")
    return assignment


@transaction.atomic
def scores_submit(*, actor, project: Project, scores: list[tuple[int, int, Decimal]]) -> ExpertAssignment:
    """An assigned expert submits points for every opened bid on every criterion but the price
    (scored by formula): `scores` is [(bid id, criterion id, points)]. Once, complete, in range."""
    assignment = (
        ExpertAssignment.objects.select_for_update()
        .filter(project=project, expert__user=actor)
        .select_related("project")
        .first()
    )
    if assignment is None:
        raise NotAllowed(_("Only an expert assigned to this project may score it."))
    if assignment.project.status != P.OPENED:
        raise Conflict(_("This project is not being evaluated."), code="wrong_state")
    if assignment.scored_at is not None:
        raise Conflict(_("Your scores for this project are already submitted."), code="already_scored")
    bids = set(BidModel.objects.filter(project=project, status=B.OPENED).values_list("pk", flat=True))
    criteria = dict(Criterion.objects.filter(project=project, is_price=False).values_list("pk", "weight"))
    given = {(bid, criterion): points for bid, criterion, points in scores}
    if len(given) != len(scores) or set(given) != {(b, c) for b in bids for c in criteria}:
        raise DomainError(
            _("Score every opened bid on every criterion except the price, once each."),
            fields={"scores": _("Score every opened bid on every criterion except the price, once each.")},
        )
    for (_bid, criterion), points in given.items():
        if points is None or not 0 <= points <= criteria[criterion]:
            raise DomainError(
                _("Points must lie between 0 and the criterion's weight."),
                fields={"scores": _("Points must lie between 0 and the criterion's weight.")},
            )
    Score.objects.bulk_create(
        Score(assignment=assignment, bid_id=bid, criterion_id=criterion, points=points)
        for (bid, criterion), points in given.items()
    )
    ExpertAssignment.objects.filter(pk=assignment.pk).update(scored_at=timezone.now())
    assignment.refresh_from_db()
    audit_record(actor=actor, obj=assignment, action="expert_assignment.score")
    return assignment


TWO_PLACES = Decimal("0.01")


def evaluation_ranking(project: Project) -> list[tuple[int, Decimal, Decimal]]:
    """[(bid id, price score, total score)] best first. Price score = lowest opened price ÷ bid
    price × price weight; total = price score + the experts' mean points; ties go to the lower
    price, then to the earlier bid."""
    bids = list(BidModel.objects.filter(project=project, status=B.OPENED).order_by("id"))
    price_weight = sum(c.weight for c in project.criteria.all() if c.is_price)
    lowest = min(b.price for b in bids)
    experts = max(project.expert_assignments.count(), 1)
    points: dict[int, Decimal] = {b.pk: Decimal("0") for b in bids}
    for bid_id, value in Score.objects.filter(bid__in=bids).values_list("bid_id", "points"):
        points[bid_id] += value
    rows = []
    for b in bids:
        # Rounded half up (四舍五入), as score sheets are read.
        price_score = (lowest / b.price * price_weight).quantize(TWO_PLACES, rounding=ROUND_HALF_UP)
        total = (price_score + points[b.pk] / experts).quantize(TWO_PLACES, rounding=ROUND_HALF_UP)
        rows.append((b, price_score, total))
    rows.sort(key=lambda r: (-r[2], r[0].price, r[0].submitted_at))
    return [(b.pk, price_score, total) for b, price_score, total in rows]


@transaction.atomic
def project_evaluate(*, actor, project: Project, comment: str = "") -> Project:
    """Rank the opened bids once every assigned expert has scored."""
    project = PROJECT.move(actor=actor, obj=project, action="evaluate", reason=comment)
    ranking = evaluation_ranking(project)
    for rank, (bid_id, price_score, total) in enumerate(ranking, start=1):
        BidModel.objects.filter(pk=bid_id).update(price_score=price_score, total_score=total, rank=rank)
    return project


@transaction.atomic
def project_award(*, actor, project: Project, comment: str = "") -> Project:
    """Award to the first-ranked bid: its price is committed on the budget line (409 when the
    line can no longer carry it), and the standstill for complaints starts."""
    PROJECT.check(actor, project, "award")
    winner = BidModel.objects.filter(project=project, status=B.OPENED, rank=1).first()
    if winner is None:
        raise Conflict(_("No bid is ranked first."), code="no_winner")
    budget_commit(actor=actor, line=project.budget_line, amount=winner.price, project=project)
    until = add_working_days(timezone.localdate(), project.standstill_days)
    return PROJECT.move(
        actor=actor,
        obj=project,
        action="award",
        reason=comment,
        data={"bid": winner.pk, "organization": winner.organization_id, "price": str(winner.price)},
        awarded_bid=winner,
        awarded_at=timezone.now(),
        standstill_until=until,
    )


@transaction.atomic
def project_reaward(*, actor, project: Project, comment: str) -> Project:
    """The winner declined or failed review: release its money and award the next-ranked bid."""
    PROJECT.check_party(actor, project, "reaward")
    if not (comment or "").strip():
        raise DomainError(_("Say why the award passes to the next bid."), fields={"comment": _("Give the reason.")})
    project = Project.objects.select_for_update().get(pk=project.pk)
    PROJECT.check(actor, project, "reaward")
    current = project.awarded_bid
    following = (
        BidModel.objects.filter(project=project, status=B.OPENED, rank__gt=current.rank).order_by("rank").first()
    )
    if following is None:
        raise Conflict(_("No other bid is ranked: the project can only be cancelled."), code="no_next_bid")
    commitment = (
        BudgetCommitment.objects.select_for_update()
        .filter(project=project, released_at__isnull=True)
        .order_by("-id")
        .first()
    )
    if commitment is not None:
        BudgetLine.objects.filter(pk=commitment.line_id).update(committed=F("committed") - commitment.amount)
        BudgetCommitment.objects.filter(pk=commitment.pk).update(released_at=timezone.now())
    budget_commit(actor=actor, line=project.budget_line, amount=following.price, project=project)
    return PROJECT.move(
        actor=actor,
        obj=project,
        action="reaward",
        reason=comment,
        data={"from_bid": current.pk, "bid": following.pk, "price": str(following.price)},
        awarded_bid=following,
        awarded_at=timezone.now(),
        standstill_until=add_working_days(timezone.localdate(), project.standstill_days),
    )


@transaction.atomic
def complaint_file(*, actor, project: Project, organization: Organization, text: str) -> Complaint:
    """A bidder complains about the award within the standstill."""
    if organization.pk not in scope_for(actor).organization_ids:
        raise NotAllowed(_("Only a bidding organisation's own staff may complain."))
    if not BidModel.objects.filter(project=project, organization=organization, status=B.OPENED).exists():
        raise NotAllowed(_("Only an organisation whose bid was opened may complain."), code="not_a_bidder")
    text = (text or "").strip()
    if not text or len(text) > TEXT_MAX:
        raise DomainError(_("Write the complaint."), fields={"text": _("Write the complaint.")})
    project = Project.objects.select_for_update().get(pk=project.pk)
    if project.status != P.AWARDED or timezone.localdate() > project.standstill_until:
        raise Conflict(_("Complaints are heard only during the standstill after the award."), code="standstill_over")
    complaint = Complaint.objects.create(project=project, organization=organization, text=text, filed_by=actor)
    audit_record(actor=actor, obj=complaint, action="complaint.file")
    return complaint


@transaction.atomic
def complaint_answer(*, actor, complaint: Complaint, answer: str) -> Complaint:
    """The purchasing street answers; until every complaint is answered no contract is drafted."""
    if complaint.project.street_id not in scope_for(actor).street_ids:
        raise NotAllowed(_("Only the staff of the purchasing street office may answer."))
    answer = (answer or "").strip()
    if not answer or len(answer) > TEXT_MAX:
        raise DomainError(_("Write the answer."), fields={"answer": _("Write the answer.")})
    locked = Complaint.objects.select_for_update().get(pk=complaint.pk)
    if locked.answered_at is not None:
        raise Conflict(_("This complaint is already answered."), code="already_answered")
    locked.answer, locked.answered_by, locked.answered_at = answer, actor, timezone.now()
    locked.save(update_fields=["answer", "answered_by", "answered_at"])
    audit_record(actor=actor, obj=locked, action="complaint.answer")
    return locked


def complaints_pending(project: Project) -> bool:
    """True while a complaint waits for the street's answer: the contract step checks it."""
    return Complaint.objects.filter(project=project, answered_at__isnull=True).exists()
