"""The demo month of task requests: every gate outcome and lifecycle step, loaded once."""

import io

from django.core.management import call_command

from services.models import TaskAssignment, TaskRequest


def test_the_demo_month_shows_every_outcome_and_loads_once(db):
    call_command("load_demo", stdout=io.StringIO())
    count = TaskRequest.objects.count()
    call_command("load_demo", stdout=io.StringIO())
    assert TaskRequest.objects.count() == count >= 10
    statuses = set(TaskAssignment.objects.values_list("status", flat=True))
    assert statuses >= {
        "pending",
        "accepted",
        "refused",
        "appealed",
        "refusal_upheld",
        "overturned",
        "routed_to_purchase",
        "completed",
    }
    assert set(TaskAssignment.objects.values_list("outcome", flat=True)) == {
        "must_accept",
        "requires_purchase",
        "may_refuse",
    }
    assert TaskAssignment.objects.filter(community__name="南桥社区").count() >= 8
    assert TaskRequest.objects.filter(sender_street__name="华兴街道").exists()
