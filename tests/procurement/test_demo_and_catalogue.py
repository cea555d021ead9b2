"""The demo and the purchase catalogue."""

import io

from django.core.management import call_command
from django.urls import reverse

from procurement.actions.catalogue import catalogue_sync
from procurement.models import Bid, CatalogueItem, Project
from services.models import DutyList
from tests.services.conftest import make_list


def test_the_catalogue_follows_the_assisting_list_and_flags_examples(api, district_admin):
    _lst, items = make_list(DutyList.Kind.ASSISTING, items=2)
    items[0].is_placeholder = True
    items[0].save()
    make_list(DutyList.Kind.COMMITTEE, items=3)
    assert catalogue_sync(actor=district_admin) == 2
    rows = api.get(reverse("api:catalogue-list")).json()
    assert {r["duty_item"] for r in rows} == {i.pk for i in items}
    assert sorted(r["is_placeholder"] for r in rows) == [False, True]
    page = api.get(reverse("procurement:catalogue")).content.decode()
    assert "示例" in page


def test_the_demo_has_projects_in_several_states_and_a_bid_of_muling_and_loads_once(db):
    call_command("load_demo", stdout=io.StringIO())
    count = Project.objects.count()
    call_command("load_demo", stdout=io.StringIO())
    assert Project.objects.count() == count
    assert set(Project.objects.values_list("status", flat=True)) >= {
        "draft",
        "published",
        "awarded",
        "failed",
        "cancelled",
    }
    assert Bid.objects.filter(organization__name="睦林长者互助社").exists()
    assert CatalogueItem.objects.filter(is_placeholder=True).exists()
    assert Project.objects.filter(source_assignment__isnull=False).exists()


def test_the_demo_has_contracts_in_each_review_step_and_muling_holds_an_active_one_for_nanqiao(db):
    from procurement.models import Contract, ReviewStep

    call_command("load_demo", stdout=io.StringIO())
    count = Contract.objects.count()
    call_command("load_demo", stdout=io.StringIO())
    assert Contract.objects.count() == count
    active = Contract.objects.get(status="active")
    assert (active.organization.name, active.community.name) == ("睦林长者互助社", "南桥社区")
    assert set(Contract.objects.values_list("status", flat=True)) >= {"drafting", "in_review", "awaiting_signature"}
    assert set(ReviewStep.objects.filter(status="open").values_list("kind", flat=True)) == {
        "community",
        "legal",
        "finance",
        "leader",
    }
    assert Contract.objects.filter(status="drafting").exclude(returned_reasons="").exists()
