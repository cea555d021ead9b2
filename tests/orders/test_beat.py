"""The beat's follow-up of orders, with frozen time: escalation to the community after the answer
time, reminders to the organisation and the resident, auto-confirmation after 7 days. Running it
again sends nothing twice."""

from datetime import timedelta

from django.core import mail
from django.utils import timezone

from core.models import AuditRecord
from orders.models import Order, OrderNotice
from orders.tasks import orders_follow_up
from tests.orders.factories import advance, make_offering, make_order
from wuhou_portal.celery import app as celery_app

S = Order.Status


def test_the_follow_up_runs_from_the_one_beat_schedule():
    assert "orders.tasks.orders_follow_up" in {e["task"] for e in celery_app.conf.beat_schedule.values()}


def test_an_order_not_answered_in_time_is_escalated_to_the_community_once(
    time_machine, resident, org_officer, community_officer, muling, nanqiao, django_capture_on_commit_callbacks
):
    community_officer.email = "nanqiao@example.cn"
    community_officer.save()
    offering = make_offering(actor=org_officer, organization=muling, communities=[nanqiao], answer_hours=4)
    order = make_order(resident=resident, offering=offering)
    time_machine.move_to(timezone.now() + timedelta(hours=3, minutes=59))
    with django_capture_on_commit_callbacks(execute=True):
        assert orders_follow_up()["escalate"] == 0
    order.refresh_from_db()
    assert order.escalated_at is None
    time_machine.move_to(timezone.now() + timedelta(minutes=2))
    with django_capture_on_commit_callbacks(execute=True):
        assert orders_follow_up()["escalate"] == 1
        assert orders_follow_up()["escalate"] == 0
    order.refresh_from_db()
    assert order.escalated_at is not None and order.status == S.PLACED
    notice = OrderNotice.objects.get(order=order, kind="escalated")
    assert notice.recipients == ["community_nanqiao"] and "4 小时" in notice.text
    assert [m.to for m in mail.outbox if "转交社区" in m.subject] == [["nanqiao@example.cn"]]
    assert AuditRecord.objects.filter(action="order.escalate", object_id=str(order.pk)).count() == 1


def test_the_organisation_is_reminded_once_before_the_answer_is_due(time_machine, resident, org_officer, offering):
    order = make_order(resident=resident, offering=offering)  # answers within 24 hours
    time_machine.move_to(timezone.now() + timedelta(hours=21))
    assert orders_follow_up()["waiting"] == 0
    time_machine.move_to(timezone.now() + timedelta(hours=1, minutes=1))
    assert orders_follow_up()["waiting"] == 1
    assert orders_follow_up()["waiting"] == 0
    assert OrderNotice.objects.get(order=order, kind="waiting").recipients == ["org_muling"]


def test_an_answered_order_is_neither_reminded_nor_escalated(time_machine, resident, org_officer, offering):
    order = advance(make_order(resident=resident, offering=offering), "accepted", provider=org_officer)
    time_machine.move_to(timezone.now() + timedelta(days=3))
    assert orders_follow_up() == {"escalate": 0, "waiting": 0, "confirm": 0, "auto_confirm": 0}
    assert not order.notices.exists()


def test_the_resident_is_reminded_then_the_delivery_is_confirmed_after_seven_days(
    time_machine, resident, org_officer, offering
):
    order = advance(make_order(resident=resident, offering=offering), "delivered", provider=org_officer)
    time_machine.move_to(timezone.now() + timedelta(days=2, minutes=1))
    assert orders_follow_up()["confirm"] == 1
    assert orders_follow_up()["confirm"] == 0
    assert OrderNotice.objects.get(order=order, kind="confirm").recipients == ["resident_zhang"]
    time_machine.move_to(timezone.now() + timedelta(days=4, hours=23))
    assert orders_follow_up()["auto_confirm"] == 0
    time_machine.move_to(timezone.now() + timedelta(hours=2))
    assert orders_follow_up()["auto_confirm"] == 1
    assert orders_follow_up()["auto_confirm"] == 0
    order.refresh_from_db()
    assert order.status == S.CONFIRMED and order.confirmed_at is not None
    record = AuditRecord.objects.get(action="order.auto_confirm", object_id=str(order.pk))
    assert record.actor is None and (record.from_state, record.to_state) == ("delivered", "confirmed")
    # The resident can still rate it, or dispute it.
    assert order.notices.filter(kind="auto_confirmed").exists()


def test_a_confirmed_delivery_is_left_alone(time_machine, resident, org_officer, offering):
    order = advance(make_order(resident=resident, offering=offering), "confirmed", provider=org_officer)
    time_machine.move_to(timezone.now() + timedelta(days=10))
    assert orders_follow_up()["auto_confirm"] == 0
    assert not AuditRecord.objects.filter(action="order.auto_confirm", object_id=str(order.pk)).exists()
