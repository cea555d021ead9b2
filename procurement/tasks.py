"""Celery tasks of the procurement app: thin, idempotent, taking ids and calling actions.

Celery's autodiscovery imports this module; every task of the app lives here."""

from celery import shared_task

from core.jobs import job_task
from procurement.actions.contracts import awards_lapse_due, projects_service_start_due
from procurement.actions.projects import openings_enqueue
from procurement.actions.projects import project_open as project_open_action
from procurement.actions.review import contract_check_run, contracts_checks_settle_due, review_reminders_send


@shared_task(name="procurement.tasks.openings_due", acks_late=True, time_limit=120, soft_time_limit=100)
def openings_due() -> int:
    """Beat, every minute: an opening job for each project whose bid deadline has passed."""
    return openings_enqueue()


@job_task(name="procurement.tasks.project_open", acks_late=True, time_limit=300, soft_time_limit=240)
def project_open(*, project_id: int) -> str:
    # The action returns None for a project already opened (or failed, or cancelled): a job
    # delivered twice opens once.
    project = project_open_action(project_id=project_id)
    return project.status if project is not None else "skipped"


# --- Contracts: the automated checks, the settle sweep, reminders and the award lapse --------------


# ignore_result: the check's own row (and the job's) is the record; a result row per check would
# double the writes of the review's busiest moment (1 000 contracts submitted at once: 5 000 checks).
@job_task(
    name="procurement.tasks.contract_check", acks_late=True, ignore_result=True, time_limit=120, soft_time_limit=100
)
def contract_check(*, contract_id: int, round: int, name: str) -> str:
    # One check of one round; its row says whether it already ran, and settling the round is a
    # compare-and-swap under the contract's row lock: a check delivered twice advances nothing twice.
    return contract_check_run(contract_id=contract_id, round=round, name=name)


@shared_task(name="procurement.tasks.contract_review_sweep", acks_late=True, time_limit=300, soft_time_limit=240)
def contract_review_sweep() -> dict:
    """Beat, hourly: settle rounds whose checks all finished (a lost settle), remind the assignees
    a working day before their deadline, escalate overdue steps, let unsigned awards lapse, and put
    contracted projects whose term has started in service."""
    return {
        "settled": contracts_checks_settle_due(),
        "reminded": review_reminders_send(),
        "lapsed": awards_lapse_due(),
        "in_service": projects_service_start_due(),
    }
