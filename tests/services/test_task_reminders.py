"""Reminders: the community two working days before the deadline, the sender once overdue."""

from datetime import date

from services.models import TaskAssignment, TaskReminder, TaskRequest
from services.tasks import task_reminders_send
from tests.services.conftest import send_task


def _due(task, deadline):
    # The deadline lies in a year the calendar covers whatever day the tests run.
    TaskRequest.objects.filter(pk=task.pk).update(deadline=deadline)


def test_the_community_is_reminded_two_working_days_before_across_national_day(
    duty, dept_officer, community_officer, nanqiao, mailoutbox, django_capture_on_commit_callbacks
):
    community_officer.email = "nanqiao@example.cn"
    community_officer.save()
    task = send_task(dept_officer, [nanqiao], [duty.committee_item])
    _due(task, date(2025, 10, 9))
    # Sunday Sep 28 2025 is a make-up working day: Oct 9 is still three working days away.
    assert task_reminders_send(today="2025-09-28") == {"due_soon": 0, "overdue": 0}
    # Monday Sep 29: Oct 9 is ten calendar days away but two working days (Sep 30, Oct 9).
    with django_capture_on_commit_callbacks(execute=True):
        assert task_reminders_send.delay(today="2025-09-29").get() == {"due_soon": 1, "overdue": 0}
    reminder = TaskReminder.objects.get()
    assert (reminder.kind, reminder.recipients) == ("due_soon", ["community_nanqiao"])
    assert len(mailoutbox) == 1 and mailoutbox[0].to == ["nanqiao@example.cn"]


def test_reminders_are_sent_once_however_often_the_job_runs(duty, dept_officer, nanqiao, mailoutbox):
    task = send_task(dept_officer, [nanqiao])
    _due(task, date(2025, 10, 9))
    assert task_reminders_send(today="2025-09-30")["due_soon"] == 1
    assert task_reminders_send(today="2025-09-30")["due_soon"] == 0
    assert task_reminders_send(today="2025-10-09")["due_soon"] == 0
    assert TaskReminder.objects.count() == 1


def test_the_sender_is_told_once_when_the_task_is_overdue(
    duty, dept_officer, nanqiao, mailoutbox, django_capture_on_commit_callbacks
):
    dept_officer.email = "hr@example.cn"
    dept_officer.save()
    task = send_task(dept_officer, [nanqiao], [duty.committee_item])
    _due(task, date(2025, 10, 9))
    with django_capture_on_commit_callbacks(execute=True):
        assert task_reminders_send(today="2025-10-10")["overdue"] == 1
        assert task_reminders_send(today="2025-10-11")["overdue"] == 0
    assert TaskReminder.objects.filter(kind="overdue").get().recipients == ["dept_hr"]
    assert [m.to for m in mailoutbox if "逾期" in m.subject or "overdue" in m.subject.lower()] == [["hr@example.cn"]]


def test_finished_refused_and_purchased_work_is_not_reminded(duty, dept_officer, community_officer, nanqiao):
    from services.actions.task_requests import task_refuse

    refused = send_task(dept_officer, [nanqiao])
    task_refuse(actor=community_officer, task=refused, comment="不在清单内")
    bought = send_task(dept_officer, [nanqiao], [duty.assisting_item])
    for task in (refused, bought):
        _due(task, date(2025, 10, 9))
    assert task_reminders_send(today="2025-10-10") == {"due_soon": 0, "overdue": 0}
    assert set(TaskAssignment.objects.values_list("status", flat=True)) == {"refused", "routed_to_purchase"}


def test_a_year_without_a_holiday_schedule_is_reminded_on_weekdays_with_a_warning(duty, dept_officer, nanqiao, caplog):
    task = send_task(dept_officer, [nanqiao])
    _due(task, date(2099, 1, 7))
    # Monday Jan 5 2099: Wednesday Jan 7 is two weekdays away; nobody entered 2099's holidays.
    assert task_reminders_send(today="2099-01-05") == {"due_soon": 1, "overdue": 0}
    assert "2099" in caplog.text


def test_reminders_show_in_the_app_to_whom_they_concern(duty, dept_officer, community_officer, nanqiao, page_as):
    from django.urls import reverse

    soon = send_task(dept_officer, [nanqiao], title="即将到期的事项")
    late = send_task(dept_officer, [nanqiao], title="已经逾期的事项")
    _due(soon, date(2025, 10, 9))
    _due(late, date(2025, 9, 26))
    task_reminders_send(today="2025-09-30")
    community_page = page_as(community_officer).get(reverse("services:task-list")).content.decode()
    sender_page = page_as(dept_officer).get(reverse("services:task-list")).content.decode()
    assert 'data-testid="task-reminders"' in community_page and 'data-testid="task-reminders"' in sender_page
    community_box = community_page.split('data-testid="task-reminders"')[1].split("</div>")[0]
    sender_box = sender_page.split('data-testid="task-reminders"')[1].split("</div>")[0]
    assert "即将到期的事项" in community_box and "已经逾期的事项" not in community_box
    assert "已经逾期的事项" in sender_box and "即将到期的事项" not in sender_box
