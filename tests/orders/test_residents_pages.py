"""The residents' and demand pages: the desk counts what waits, the lists keep their query counts,
the history of a demand is readable to whoever may read the demand."""

from __future__ import annotations

from django.urls import reverse

from orders.actions.demand import demand_voice
from tests.helpers import assert_queries_do_not_grow
from tests.orders.residents_support import applicant, neighbour, paper_cutting


def test_the_desk_counts_residents_to_confirm_and_open_demand(
    page_as, nanqiao, community_officer, street_officer, resident
):
    applicant(nanqiao)
    applicant(nanqiao, phone="13880001235", name="王建国")
    paper_cutting(resident)
    staff_home = page_as(community_officer).get("/").content.decode()
    assert "待确认的居民" in staff_home and "现场为居民登记" in staff_home
    street_home = page_as(street_officer).get("/").content.decode()
    assert "待处理的居民需求" in street_home
    resident_home = page_as(resident).get("/").content.decode()
    assert "提出社区还没有的服务需求" in resident_home


def test_a_visitor_finds_the_residents_sign_up_in_the_menu(client, db):
    assert reverse("orders:resident-signup") in client.get("/").content.decode()


def test_the_demand_list_page_does_not_grow_in_queries(page_as, resident, nanqiao):
    client = page_as(resident)
    li = neighbour(nanqiao)

    def add(n):
        for i in range(n):
            demand = paper_cutting(resident, title=f"想学剪纸{i}{n}")
            demand_voice(actor=li, demand=demand)

    before = assert_queries_do_not_grow(lambda: client.get(reverse("orders:demand-list")), add)
    assert before <= 12


def test_the_overview_page_does_not_grow_in_queries(page_as, community_officer, resident, nanqiao):
    client = page_as(community_officer)
    counter = iter(range(100))

    def add(n):
        for _ in range(n):
            i = next(counter)
            applicant(nanqiao, phone=f"1388000{i:04d}", name=f"居民{i}")
            paper_cutting(resident, title=f"想学书法{i}")

    before = assert_queries_do_not_grow(lambda: client.get(reverse("orders:community-overview")), add, rows=2)
    assert before <= 12


def test_a_demand_s_history_is_read_by_those_who_read_the_demand(
    page_as, resident, community_officer, other_community_officer
):
    demand = paper_cutting(resident)
    url = reverse("core:history", args=["orders.demand", demand.pk])
    assert page_as(community_officer).get(url).status_code == 200
    assert page_as(other_community_officer).get(url).status_code == 404


def test_support_staff_look_applications_and_demand_up_in_the_admin_without_changing_them(client, resident, nanqiao):
    from tests.factories import UserFactory

    applicant(nanqiao)
    demand = paper_cutting(resident)
    client.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))
    assert client.get("/admin/orders/residentapplication/").status_code == 200
    assert client.get("/admin/orders/demand/").status_code == 200
    assert client.get(f"/admin/orders/demand/{demand.pk}/change/").status_code == 200
    assert client.get("/admin/orders/demand/add/").status_code == 403
