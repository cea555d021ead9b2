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


def test_the_demo_holds_the_2014_figures_on_budget_lines_that_cover_them_with_an_intact_audit_chain(db):
    from decimal import Decimal

    from django.db.models import F, Sum

    from core.audit import verify_chain
    from core.models import AuditRecord
    from procurement.models import BudgetLine

    call_command("load_demo", stdout=io.StringIO())
    year_2014 = Project.objects.filter(budget_line__year=2014)
    assert year_2014.count() == 315
    assert year_2014.aggregate(s=Sum("amount"))["s"] > Decimal("45000000")
    assert year_2014.filter(catalogue_item__isnull=False).aggregate(s=Sum("amount"))["s"] == Decimal("30850000.00")
    assert set(year_2014.values_list("street", flat=True).distinct()).__len__() > 1
    assert len(set(year_2014.values_list("domain", flat=True))) == 6
    assert set(year_2014.values_list("status", flat=True)) == {
        "draft",
        "published",
        "opened",
        "evaluated",
        "awarded",
        "cancelled",
        "failed",
    }
    lines = BudgetLine.objects.filter(year=2014)
    assert not lines.filter(committed__gt=F("allocated")).exists()
    awarded = year_2014.filter(status="awarded")
    assert lines.aggregate(s=Sum("committed"))["s"] == awarded.aggregate(s=Sum("awarded_bid__price"))["s"]
    assert Bid.objects.filter(project__in=year_2014, organization__name="睦林长者互助社").exists()
    # Still taking bids: the deadlines are ahead, so the opening sweep leaves them alone for now.
    from django.utils import timezone

    assert not year_2014.filter(status="published", bid_deadline__lte=timezone.now()).exists()
    # Every project's trail starts with its creation, and the chain verifies.
    created = AuditRecord.objects.filter(action="project.create", object_type="procurement.project")
    assert created.filter(object_id__in=[str(pk) for pk in year_2014.values_list("pk", flat=True)]).count() == 315
    assert verify_chain() is None
    call_command("load_demo", stdout=io.StringIO())
    assert Project.objects.filter(budget_line__year=2014).count() == 315


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
