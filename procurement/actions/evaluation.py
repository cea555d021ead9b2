"""Writes of the evaluation and award: experts, scores, ranking, award, complaints, re-award."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Role
from accounts.queries import scope_for
from core.audit import audit_record
from core.errors import Conflict, DomainError, NotAllowed
from core.text import require_comment
from organizations.identifiers import ric_normalise, ric_problem
from organizations.models import Employment, Member, Organization, SocialWorker
from services.workdays import add_working_days

from ..models import Bid as BidModel
from ..models import (
    BudgetCommitment,
    BudgetLine,
    Complaint,
    Contract,
    Criterion,
    Expert,
    ExpertAssignment,
    Project,
    ReviewStep,
    Score,
)
from ..states import CONTRACT, NOT_YET_ACTIVE, PROJECT
from .budgets import budget_commit
from .projects import TEXT_MAX

P = Project.Status
B = BidModel.Status


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
    comment = require_comment(
        comment, _("Say why the award passes to the next bid."), field_message=_("Give the reason.")
    )
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
    _contracts_supersede(project, current, comment)
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


def _contracts_supersede(project: Project, bid: BidModel, comment: str) -> None:
    """The old winner's contract not yet signed ends with the re-award (terminated, audited
    `contract.supersede` with the reason), its open review steps cancelled: the new winner gets one."""
    reason = _("The award passed to the next-ranked bid: %(comment)s") % {"comment": comment.strip()}
    for contract in Contract.objects.filter(project=project, bid=bid, status__in=NOT_YET_ACTIVE):
        CONTRACT.move(actor=None, obj=contract, action="supersede", reason=reason, current_assignee=None)
        ReviewStep.objects.filter(contract=contract, status__in=["waiting", "open"]).update(status="cancelled")


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
