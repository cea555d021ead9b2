"""Publishing a new version supersedes the one in force; the old one stays readable."""

import pytest
from django.db import IntegrityError, transaction

from core.errors import Conflict, NotAllowed
from core.models import AuditRecord
from services.actions.duties import duty_list_publish
from services.models import DutyList
from services.queries.duties import items_in_force, lists_in_force
from tests.factories import DutyListImportFactory
from tests.services.duties_support import make_list

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("duty_media")]


def test_publishing_a_new_version_supersedes_the_one_in_force(district_admin):
    old = make_list("assisting", n=3)
    draft = make_list("assisting", n=4, publish=False)
    assert (old.version, draft.version, draft.status) == (1, 2, DutyList.Status.DRAFT)

    new = duty_list_publish(actor=district_admin, duty_list=draft)

    old.refresh_from_db()
    assert new.status == DutyList.Status.PUBLISHED and new.published_at is not None
    assert old.status == DutyList.Status.SUPERSEDED and old.superseded_by == new
    assert old.items.count() == 3  # superseded, never overwritten
    assert list(lists_in_force()) == [new]
    assert set(items_in_force().values_list("duty_list_id", flat=True)) == {new.pk}
    audits = AuditRecord.objects.filter(
        object_type="services.dutylist", action__in=["duty_list.publish", "duty_list.supersede"]
    )
    assert {(a.object_id, a.from_state, a.to_state) for a in audits if a.actor_id == district_admin.pk} == {
        (str(old.pk), "published", "superseded"),
        (str(new.pk), "draft", "published"),
    }


def test_a_superseded_version_stays_readable_on_its_page_and_in_the_api(district_admin, page_as, api_as):
    old = make_list("committee", n=2, categories=0)
    duty_list_publish(actor=district_admin, duty_list=make_list("committee", n=3, categories=0, publish=False))

    page = page_as(None).get(f"/duty-lists/{old.pk}/")
    assert page.status_code == 200
    assert 'data-testid="superseded-notice"' in page.content.decode()
    body = api_as(None).get(f"/api/v1/duty-lists/{old.pk}/").json()
    assert body["status"] == "superseded" and len(body["items_without_category"]) == 2
    assert body["superseded_by"] is not None


def test_only_the_district_admin_may_publish_and_nothing_changes_otherwise(community_officer):
    old = make_list("party", n=1, categories=0)
    draft = make_list("party", n=1, categories=0, publish=False)
    with pytest.raises(NotAllowed):
        duty_list_publish(actor=community_officer, duty_list=draft)
    old.refresh_from_db(), draft.refresh_from_db()
    assert (old.status, draft.status) == (DutyList.Status.PUBLISHED, DutyList.Status.DRAFT)


def test_a_published_version_cannot_be_published_again(district_admin):
    current = make_list("party", n=1, categories=0)
    with pytest.raises(Conflict):
        duty_list_publish(actor=district_admin, duty_list=current)
    current.refresh_from_db()
    assert current.status == DutyList.Status.PUBLISHED


def test_the_database_refuses_two_versions_in_force():
    first = make_list("party", n=1, categories=0)
    with pytest.raises(IntegrityError), transaction.atomic():
        DutyList.objects.create(
            kind="party", version=first.version + 1, title="x", declared_item_count=1, status="published"
        )


def test_a_versions_history_is_public_and_an_imports_history_is_the_district_admins(page_as, district_admin, resident):

    duty_list = make_list("party", n=1, categories=0)
    assert page_as(None).get(f"/history/services.dutylist/{duty_list.pk}/").status_code == 200
    duty_import = DutyListImportFactory(kind="party", title="t", declared_item_count=1, created_by=district_admin)
    url = f"/history/services.dutylistimport/{duty_import.pk}/"
    assert page_as(district_admin).get(url).status_code == 200
    assert page_as(resident).get(url).status_code == 404
