"""Celery tasks of the orders app: thin, idempotent, taking ids and calling actions.

Celery's autodiscovery imports this module; every task of the app lives here."""

from celery import shared_task

from orders.actions.orders import (
    order_auto_confirm,
    order_escalate,
    order_remind_confirm,
    order_remind_waiting,
    orders_due,
)


@shared_task(name="orders.tasks.orders_follow_up", acks_late=True, time_limit=300, soft_time_limit=240)
def orders_follow_up() -> dict:
    """Beat, every five minutes: escalate orders not answered in time to their community, remind
    organisations of orders waiting and residents of deliveries to confirm, and confirm deliveries
    left unconfirmed for 7 days. Each step re-checks its order under a row lock and records what it
    sent, so a run repeated (or two beats) does nothing twice."""
    due = orders_due()
    steps = {
        "escalate": order_escalate,
        "waiting": order_remind_waiting,
        "confirm": order_remind_confirm,
        "auto_confirm": order_auto_confirm,
    }
    return {name: sum(steps[name](order_id=pk) is not None for pk in ids) for name, ids in due.items()}
