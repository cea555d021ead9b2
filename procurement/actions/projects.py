"""Writes of purchase projects: create, publish, cancel, questions and answers, the opening."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Community, Street
from accounts.queries import scope_for
from core.audit import audit_record
from core.errors import Conflict, DomainError, NotAllowed
from core.jobs import job_enqueue
from core.models import Job
from core.text import require_comment
from organizations.models import Organization
from services.models import TaskAssignment
from services.workdays import add_working_days

from ..models import Bid as BidModel
from ..models import BudgetLine, CatalogueItem, Criterion, Method, Opening, Project, ProjectNotice, Question
from ..states import BID, PROJECT

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
    comment = require_comment(
        comment,
        _("Say why the project is cancelled: bidders and the public read it."),
        field_message=_("Give the reason for cancelling."),
    )
    return PROJECT.move(actor=actor, obj=project, action="cancel", reason=comment, cancel_reason=comment)


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
