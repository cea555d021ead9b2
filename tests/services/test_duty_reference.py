"""The three Wuhou lists ship with their real structure and counts, honestly marked."""

import pytest
from django.core.management import call_command

from core.models import AuditRecord
from services.models import DutyCategory, DutyItem, DutyList
from services.reference import reference_load
from tests.services.duties_support import make_list

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("duty_media")]


def test_it_loads_16_party_18_committee_and_14_categories_of_123_assisting_items(duty_reference):
    party, committee, assisting = duty_reference["party"], duty_reference["committee"], duty_reference["assisting"]
    assert (party.items.count(), party.declared_item_count) == (16, 16)
    assert (committee.items.count(), committee.declared_item_count) == (18, 18)
    assert assisting.items.count() == assisting.declared_item_count == 123
    assert assisting.categories.count() == assisting.declared_category_count == 14
    assert all(dl.version == 1 and dl.status == DutyList.Status.PUBLISHED for dl in duty_reference.values())
    names = set(assisting.categories.values_list("name", flat=True))
    assert {"人口与计划生育", "民政", "社会保障"} <= names


def test_the_committee_list_holds_the_six_duties_of_the_organic_law_with_their_legal_basis(duty_reference):
    law_items = duty_reference["committee"].items.filter(is_placeholder=False).order_by("position")
    assert law_items.count() == 6
    assert law_items[2].title == "调解民间纠纷"
    assert all("城市居民委员会组织法" in item.legal_basis and "第三条" in item.legal_basis for item in law_items)


def test_every_item_we_could_not_source_is_a_placeholder_that_says_so(duty_reference):
    placeholders = DutyItem.objects.filter(is_placeholder=True)
    assert placeholders.count() == 16 + 12 + 123
    assert all(item.title.startswith("示例事项（待官方清单导入）") for item in placeholders)
    assert not DutyItem.objects.filter(source="").exists()
    assert all(dl.source for dl in duty_reference.values())


def test_loading_twice_creates_nothing_twice(duty_reference):
    counts = (DutyList.objects.count(), DutyCategory.objects.count(), DutyItem.objects.count())
    audits = AuditRecord.objects.count()
    assert reference_load() == {"duty_lists_created": 0, "duty_lists_kept": 3}
    call_command("load_reference", stdout=open("/dev/null", "w"))
    assert (DutyList.objects.count(), DutyCategory.objects.count(), DutyItem.objects.count()) == counts
    assert AuditRecord.objects.count() == audits


def test_it_never_supersedes_a_newer_imported_version(duty_reference):
    newer = make_list("assisting", n=5, categories=2)
    assert newer.version == 2
    reference_load()
    newer.refresh_from_db()
    assert newer.status == DutyList.Status.PUBLISHED
    assert DutyList.objects.filter(kind="assisting").count() == 2


def test_publishing_the_reference_lists_is_audited(duty_reference):
    published = AuditRecord.objects.filter(action="duty_list.publish", object_type="services.dutylist")
    assert published.count() == 3
    assert set(published.values_list("actor_name", flat=True)) == {"system"}
