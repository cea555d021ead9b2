"""The opening: by beat at the deadline, no button; idempotent; too few bids fail the project."""

from datetime import timedelta

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from core.jobs import job_enqueue
from core.models import AuditRecord, Job
from procurement.models import Bid, Opening, Project, ProjectNotice
from procurement.tasks import openings_due, project_open
from tests.factories import OrganizationFactory, user_with_role
from tests.procurement.factories import make_bid, make_qualified, pass_deadline


def _three_bids(published, nanqiao):
    for i in range(3):
        org = make_qualified(OrganizationFactory(name=f"投标机构{i}", community=nanqiao))
        make_bid(
            actor=user_with_role(f"bidder{i}", "organization_staff", org),
            project=published,
            organization=org,
            price=f"{150000 + i * 1000}.00",
        )


def test_nothing_opens_before_the_deadline(published, nanqiao):
    _three_bids(published, nanqiao)
    assert openings_due.apply().get() == 0
    published.refresh_from_db()
    assert published.status == "published"
    assert not Bid.objects.filter(status="opened").exists()


def _beat(capture):
    with capture(execute=True):
        return openings_due.apply().get()


def test_beat_opens_the_bids_at_the_deadline_and_publishes_the_record(
    api, published, nanqiao, django_capture_on_commit_callbacks
):
    _three_bids(published, nanqiao)
    pass_deadline(published)
    assert _beat(django_capture_on_commit_callbacks) == 1
    published.refresh_from_db()
    assert published.status == "opened" and published.opened_at is not None
    record = api.get(reverse("api:project-opening", kwargs={"pk": published.pk})).json()
    assert sorted(e["price"] for e in record["entries"]) == ["150000.00", "151000.00", "152000.00"]
    assert {e["receipt"] for e in record["entries"]} == set(Bid.objects.values_list("receipt", flat=True))
    actions = list(AuditRecord.objects.filter(object_type="procurement.project").values_list("action", flat=True))
    assert actions[-2:] == ["project.close_bidding", "project.open"]
    assert ProjectNotice.objects.filter(project=published, kind="opened").exists()


def test_an_opening_job_delivered_twice_opens_once(published, nanqiao, django_capture_on_commit_callbacks):
    _three_bids(published, nanqiao)
    pass_deadline(published)
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        job = job_enqueue(task_name="procurement.tasks.project_open", kwargs={"project_id": published.pk})
    published.refresh_from_db()
    assert published.status == "opened"
    # The same message delivered again (a redelivery after a lost ack): the job row says pending
    # again with a silent heartbeat, as it would if the worker died before marking it done.
    Job.objects.filter(pk=job.pk).update(state=Job.State.PENDING, heartbeat_at=None)
    assert project_open.apply(kwargs={"job_id": job.pk}).get() == "skipped"
    # And beat enqueuing a second job for the same project.
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        job_enqueue(task_name="procurement.tasks.project_open", kwargs={"project_id": published.pk})
    assert Opening.objects.filter(project=published).count() == 1
    assert AuditRecord.objects.filter(action="project.open", object_id=str(published.pk)).count() == 1
    assert AuditRecord.objects.filter(action="bid.open").count() == 3


def test_too_few_bids_fail_the_project_with_a_notice_and_stay_sealed(
    api, page_as, street_officer, org_officer, qualified_muling, published, django_capture_on_commit_callbacks
):
    make_bid(actor=org_officer, project=published, organization=qualified_muling, price="123456.78")
    pass_deadline(published)
    _beat(django_capture_on_commit_callbacks)
    published.refresh_from_db()
    assert published.status == "failed"
    assert "至少需要 3 份" in published.failure_reason
    record = api.get(reverse("api:project-opening", kwargs={"pk": published.pk})).json()
    assert [e["organization_name"] for e in record["entries"]] == [qualified_muling.name]
    assert "123456" not in str(record)
    page = (
        page_as(street_officer).get(reverse("procurement:project-detail", kwargs={"pk": published.pk})).content.decode()
    )
    assert "流标" in page and "123456" not in page


def test_a_cancelled_project_is_never_opened(street_officer, published, nanqiao):
    from procurement.actions.projects import project_cancel

    _three_bids(published, nanqiao)
    project_cancel(actor=street_officer, project=published, comment="预算调整")
    Project.objects.filter(pk=published.pk).update(bid_deadline=timezone.now() - timedelta(minutes=1))
    assert openings_due.apply().get() == 0
    assert not Opening.objects.exists()
