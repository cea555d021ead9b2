"""Drafts reserve no name and reveal none, each user holds only a few, and abandoned drafts expire
after a notice."""

from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from accounts.actions import user_signup
from core.errors import Conflict, DomainError
from core.models import AuditRecord
from organizations.actions.registration import organization_submit
from organizations.models import Notification, Organization
from organizations.tasks import drafts_expire
from tests.organizations.registration_helpers import apply, snapshot


@pytest.fixture
def someone_else(db):
    return user_signup(username="another_applicant", password="a-long-enough-passphrase", email="x@example.cn")


def test_a_private_drafts_name_is_neither_reserved_nor_revealed(applicant, someone_else, nanqiao):
    apply(someone_else, nanqiao, name="锦官城邻里社")
    mine = apply(applicant, nanqiao, name="锦官城邻里社")  # no "name taken": a draft is private
    assert mine.status == Organization.Status.DRAFT


def test_a_submitted_name_is_taken_and_a_second_submission_of_it_is_refused(applicant, someone_else, nanqiao):
    theirs = apply(someone_else, nanqiao, name="锦官城邻里社")
    mine = apply(applicant, nanqiao, name="锦官城邻里社")
    organization_submit(actor=someone_else, organization=theirs)
    with pytest.raises(DomainError) as refused:
        organization_submit(actor=applicant, organization=mine)
    assert "已" in refused.value.fields["name"][0]
    mine.refresh_from_db()
    assert mine.status == Organization.Status.DRAFT
    with pytest.raises(DomainError) as refused:
        apply(applicant, nanqiao, name="锦官城邻里社")
    assert "name" in refused.value.fields


def test_a_user_may_hold_only_a_few_open_drafts(applicant, nanqiao, settings):
    settings.ORGANIZATION_OPEN_DRAFTS_MAX = 2
    first = apply(applicant, nanqiao, name="草稿一")
    apply(applicant, nanqiao, name="草稿二")
    before = snapshot()
    with pytest.raises(Conflict) as refused:
        apply(applicant, nanqiao, name="草稿三")
    assert "草稿" in refused.value.message
    assert snapshot() == before
    organization_submit(actor=applicant, organization=first)  # a submitted one no longer counts
    apply(applicant, nanqiao, name="草稿三")


def _age(org, days):
    Organization.objects.filter(pk=org.pk).update(updated_at=timezone.now() - timedelta(days=days))
    org.refresh_from_db()


def test_an_abandoned_draft_gets_a_notice_then_expires_with_its_files(
    applicant, nanqiao, settings, django_capture_on_commit_callbacks
):
    settings.ORGANIZATION_DRAFT_EXPIRY_DAYS, settings.ORGANIZATION_DRAFT_NOTICE_DAYS = 90, 14
    draft = apply(applicant, nanqiao)
    files = [Path(draft.articles_file.path), Path(draft.capital_proof_file.path)]
    _age(draft, 80)
    assert drafts_expire.delay().get() == {"warned": 1, "expired": 0}
    assert drafts_expire.delay().get() == {"warned": 0, "expired": 0}  # one notice, not one a day
    notice = Notification.objects.get(organization=draft, kind=Notification.Kind.DRAFT_EXPIRING)
    _age(draft, 95)
    Notification.objects.filter(pk=notice.pk).update(created_at=timezone.now() - timedelta(days=15))
    with django_capture_on_commit_callbacks(execute=True):
        assert drafts_expire.delay().get() == {"warned": 0, "expired": 1}
    assert not Organization.objects.filter(pk=draft.pk).exists()
    assert not any(f.exists() for f in files)
    assert AuditRecord.objects.filter(action="organization.expire", object_id=str(draft.pk)).exists()


def test_a_draft_is_never_deleted_without_a_full_notice_period(applicant, nanqiao, settings):
    settings.ORGANIZATION_DRAFT_EXPIRY_DAYS, settings.ORGANIZATION_DRAFT_NOTICE_DAYS = 90, 14
    draft = apply(applicant, nanqiao)
    _age(draft, 200)  # beat was down: no notice went out in time
    assert drafts_expire.delay().get() == {"warned": 1, "expired": 0}
    assert Organization.objects.filter(pk=draft.pk).exists()


def test_a_draft_changed_after_its_notice_gets_a_new_notice_before_it_can_expire(applicant, nanqiao):
    draft = apply(applicant, nanqiao)
    _age(draft, 200)
    drafts_expire.delay()
    Notification.objects.filter(organization=draft).update(created_at=timezone.now() - timedelta(days=199))
    _age(draft, 100)  # edited after that notice, then left alone again
    assert drafts_expire.delay().get() == {"warned": 1, "expired": 0}
    assert Organization.objects.filter(pk=draft.pk).exists()


def test_the_expiry_runs_from_the_one_beat_schedule():
    from wuhou_portal.celery import app

    assert "organizations.tasks.drafts_expire" in {e["task"] for e in app.conf.beat_schedule.values()}
