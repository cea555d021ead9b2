"""Budget lines: set by the district, read by their street, never committed beyond what they allocate."""

import threading
from decimal import Decimal

import pytest
from django.db import IntegrityError, connection, connections, transaction
from django.urls import reverse

from core.errors import Conflict, NotAllowed
from procurement.actions.budgets import budget_commit, budget_line_set
from procurement.models import BudgetCommitment, BudgetLine
from tests.helpers import assert_queries_do_not_grow, error_of
from tests.procurement.factories import BudgetLineFactory


def test_the_district_sets_a_line_and_its_street_reads_it(api_as, district_admin, street_officer, huaxing):
    response = api_as(district_admin).post(
        reverse("api:budget-list"), {"year": 2026, "street": huaxing.pk, "domain": "elderly", "allocated": "500000.00"}
    )
    assert response.status_code == 201, response.content
    rows = api_as(street_officer).get(reverse("api:budget-list"), {"year": 2026, "street": huaxing.pk}).json()
    assert [(r["allocated"], r["committed"], r["paid"], r["available"]) for r in rows["results"]] == [
        ("500000.00", "0.00", "0.00", "500000.00")
    ]


def test_a_street_office_sees_only_its_own_lines(api_as, street_officer, huaxing, yulin):
    BudgetLineFactory(street=huaxing)
    BudgetLineFactory(street=yulin)
    rows = api_as(street_officer).get(reverse("api:budget-list")).json()["results"]
    assert {r["street"] for r in rows} == {huaxing.pk}


def test_the_budget_list_pins_its_query_count(api_as, district_admin, wuhou):
    from tests.factories import StreetFactory

    def add(n):
        for _ in range(n):
            BudgetLineFactory(street=StreetFactory(district=wuhou))

    client = api_as(district_admin)
    assert_queries_do_not_grow(lambda: client.get(reverse("api:budget-list")), add)


@pytest.mark.parametrize(
    ("data", "field"),
    [({"allocated": "-1"}, "allocated"), ({"domain": "space"}, "domain"), ({"year": 1900}, "year")],
)
def test_bad_budget_input_is_refused_and_nothing_changes(api_as, district_admin, huaxing, data, field):
    body = {"year": 2026, "street": huaxing.pk, "domain": "elderly", "allocated": "1.00", **data}
    response = api_as(district_admin).post(reverse("api:budget-list"), body)
    assert response.status_code == 400
    assert field in error_of(response)["fields"]
    assert not BudgetLine.objects.exists()


def test_a_line_cannot_be_set_below_what_is_committed(district_admin, huaxing):
    line = BudgetLineFactory(street=huaxing, allocated=Decimal("100.00"))
    budget_commit(actor=None, line=line, amount=Decimal("60.00"))
    with pytest.raises(Conflict) as refused:
        budget_line_set(
            actor=district_admin, year=line.year, street=huaxing, domain=line.domain, allocated=Decimal("50")
        )
    assert "60.00" in refused.value.message
    line.refresh_from_db()
    assert line.allocated == Decimal("100.00")


def test_commitments_stop_at_the_line(street_officer, huaxing):
    line = BudgetLineFactory(street=huaxing, allocated=Decimal("100.00"))
    budget_commit(actor=street_officer, line=line, amount=Decimal("70.00"))
    with pytest.raises(Conflict) as refused:
        budget_commit(actor=street_officer, line=line, amount=Decimal("30.01"))
    assert refused.value.code == "budget_exceeded"
    line.refresh_from_db()
    assert line.committed == Decimal("70.00")
    assert BudgetCommitment.objects.count() == 1


def test_another_street_cannot_commit_a_line(street_officer, yulin):
    line = BudgetLineFactory(street=yulin)
    with pytest.raises(NotAllowed):
        budget_commit(actor=street_officer, line=line, amount=Decimal("1.00"))


def test_the_database_itself_refuses_overcommitting_and_overpaying(huaxing):
    line = BudgetLineFactory(street=huaxing, allocated=Decimal("100.00"))
    with pytest.raises(IntegrityError), transaction.atomic():
        BudgetLine.objects.filter(pk=line.pk).update(committed=Decimal("100.01"))
    with pytest.raises(IntegrityError), transaction.atomic():
        BudgetLine.objects.filter(pk=line.pk).update(paid=Decimal("0.01"))


@pytest.mark.django_db(transaction=True)
def test_twenty_concurrent_awards_never_exceed_the_line():
    """On PostgreSQL: 20 threads commit 10 000 each on a line of 150 000 at the same moment."""
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite serialises every writer")
    from tests.factories import StreetFactory

    line = BudgetLineFactory(street=StreetFactory(name="并发街道"), allocated=Decimal("150000.00"))
    start = threading.Barrier(20)
    outcomes: list[str] = []

    def award():
        try:
            start.wait()
            budget_commit(actor=None, line=line, amount=Decimal("10000.00"))
            outcomes.append("ok")
        except Conflict:
            outcomes.append("refused")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=award) for _ in range(20)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    line.refresh_from_db()
    assert outcomes.count("ok") == 15 and outcomes.count("refused") == 5
    assert line.committed == Decimal("150000.00")
    assert sum(c.amount for c in BudgetCommitment.objects.filter(line=line)) == line.committed


def _sheet(rows):
    import io

    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["年度", "街道", "服务领域", "预算金额"])
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    buffer.name = "预算.xlsx"
    return buffer


def test_the_district_imports_budget_lines_from_a_sheet(api_as, district_admin, huaxing, yulin):
    # The Chinese label of a domain is what the district types; the code works too.
    from organizations.models import ServiceDomain

    sheet = _sheet(
        [[2026, "华兴街道", str(ServiceDomain.ELDERLY.label), 1200000], [2026, "玉林街道", "youth", "500000.50"]]
    )
    response = api_as(district_admin).post(reverse("api:budget-import"), {"file": sheet}, format="multipart")
    assert response.status_code == 200, response.content
    assert response.json() == {"imported": 2}
    assert sorted(BudgetLine.objects.values_list("street__name", "allocated")) == [
        ("华兴街道", Decimal("1200000.00")),
        ("玉林街道", Decimal("500000.50")),
    ]


def test_a_sheet_with_a_bad_row_imports_nothing_and_names_the_row(api_as, district_admin, huaxing):
    sheet = _sheet([[2026, "华兴街道", "elderly", 1000], [2026, "不存在街道", "elderly", 1000]])
    response = api_as(district_admin).post(reverse("api:budget-import"), {"file": sheet}, format="multipart")
    assert response.status_code == 400
    error = error_of(response)
    assert "第 3 行" in " ".join(error["fields"]["file"])
    assert not BudgetLine.objects.exists()


def test_a_file_that_is_not_a_workbook_is_refused(api_as, district_admin):
    from django.core.files.uploadedfile import SimpleUploadedFile

    bad = SimpleUploadedFile("预算.xlsx", b"not a workbook")
    response = api_as(district_admin).post(reverse("api:budget-import"), {"file": bad}, format="multipart")
    assert response.status_code == 400 and "file" in error_of(response)["fields"]


def test_the_budgets_page_imports_a_sheet(page_as, district_admin, huaxing):
    response = page_as(district_admin).post(
        reverse("procurement:budgets"), {"file": _sheet([[2026, "华兴街道", "culture", 3000]])}
    )
    assert response.status_code == 302
    assert BudgetLine.objects.get().domain == "culture"
