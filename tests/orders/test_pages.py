"""The pages: a resident browses, orders, sees the code and confirms; the organisation's desk puts
new orders first with one-click moves; community staff order for a resident; errors in Chinese
beside their fields."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from orders.models import Order
from tests.orders.factories import advance, make_order, make_resident


def test_a_resident_browses_her_community_by_default(page_as, resident, offering, yulin_east, org_officer, muling):
    from tests.orders.factories import make_offering

    make_offering(actor=org_officer, organization=muling, communities=[yulin_east], title="玉林的服务")
    html = page_as(resident).get(reverse("orders:offering-browse")).content.decode()
    assert offering.title in html and "玉林的服务" not in html


def test_a_resident_orders_on_the_page_and_sees_her_code(page_as, resident, offering, slot):
    client = page_as(resident)
    response = client.post(reverse("orders:order-place", args=[offering.pk]), {"slot": slot.pk, "notes": "5楼"})
    order = Order.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("orders:order-detail", args=[order.pk])
    html = client.get(response["Location"]).content.decode()
    assert order.confirmation_code in html and "已下单" in html


def test_the_order_form_shows_a_chinese_error_beside_the_note_and_places_nothing(page_as, resident, offering):
    when = (timezone.now() + timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")
    response = page_as(resident).post(
        reverse("orders:order-place", args=[offering.pk]), {"preferred_time": when, "notes": "长" * 10000}
    )
    assert response.status_code == 200
    assert "最多" in response.content.decode() or "字" in response.content.decode()
    assert not Order.objects.exists()


def test_an_unverified_visitor_is_told_in_chinese_why_they_cannot_order(page_as, stranger, offering):
    response = page_as(stranger).get(reverse("orders:order-place", args=[offering.pk]))
    assert response.status_code == 403 and "认证" in response.content.decode()


def test_the_desk_shows_new_orders_first_and_accepts_in_one_click(page_as, resident, org_officer, offering):
    older = advance(make_order(resident=resident, offering=offering), "accepted", provider=org_officer)
    new = make_order(resident=resident, offering=offering)
    client = page_as(org_officer)
    html = client.get(reverse("orders:order-desk")).content.decode()
    assert html.index(f"desk-accept-{new.pk}") < html.index(f"desk-schedule-{older.pk}")
    # The organisation never sees the code, not even on the order's page.
    assert new.confirmation_code not in client.get(reverse("orders:order-detail", args=[new.pk])).content.decode()
    assert client.post(reverse("orders:order-accept", args=[new.pk])).status_code == 302
    assert client.post(reverse("orders:order-schedule", args=[new.pk])).status_code == 302
    new.refresh_from_db()
    assert new.status == "scheduled"


def test_community_staff_order_for_a_resident_and_confirm_with_the_code(
    page_as, community_officer, resident, org_officer, offering
):
    client = page_as(community_officer)
    when = (timezone.now() + timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")
    response = client.post(
        reverse("orders:order-place", args=[offering.pk]), {"preferred_time": when, "resident": resident.pk}
    )
    assert response.status_code == 302
    order = Order.objects.get()
    assert (order.resident, order.placed_by) == (resident, community_officer)
    advance(order, "delivered", provider=org_officer)
    response = client.post(reverse("orders:order-confirm", args=[order.pk]), {"code": "xxxxxx"})
    assert response.status_code == 200 and "确认码错误" in response.content.decode()
    response = client.post(reverse("orders:order-confirm", args=[order.pk]), {"code": order.confirmation_code})
    assert response.status_code == 302
    order.refresh_from_db()
    assert order.status == "confirmed"


def test_the_resident_rates_on_the_page(page_as, resident, org_officer, offering):
    order = advance(make_order(resident=resident, offering=offering), "confirmed", provider=org_officer)
    client = page_as(resident)
    assert client.get(reverse("orders:order-rate", args=[order.pk])).status_code == 200
    assert (
        client.post(reverse("orders:order-rate", args=[order.pk]), {"rating": "5", "comment": "好"}).status_code == 302
    )
    order.refresh_from_db()
    assert (order.status, order.rating) == ("rated", 5)


def test_the_resident_s_pages_use_large_targets(page_as, resident, offering):
    html = page_as(resident).get(reverse("orders:offering-detail", args=[offering.pk])).content.decode()
    assert "css/orders.css" in html and 'class="orders-phone"' in html


def test_another_resident_cannot_open_my_order_page(page_as, resident, nanqiao, offering):
    order = make_order(resident=resident, offering=offering)
    neighbour = make_resident("resident_li", nanqiao)
    assert page_as(neighbour).get(reverse("orders:order-detail", args=[order.pk])).status_code == 404


def test_the_organisation_closes_an_offering_from_its_page(page_as, org_officer, offering, nanqiao, api):
    response = page_as(org_officer).post(
        reverse("orders:offering-edit", args=[offering.pk]),
        {"title": offering.title, "domain": "elderly", "communities": [nanqiao.pk], "price": "0", "answer_hours": 24},
    )
    assert response.status_code == 302
    offering.refresh_from_db()
    assert offering.is_active is False
    assert api.get(reverse("api:offering-detail", args=[offering.pk])).status_code == 404


def test_the_community_desk_lists_disputes_to_resolve(page_as, resident, org_officer, community_officer, offering):
    from orders.actions.orders import order_dispute

    order = advance(make_order(resident=resident, offering=offering), "confirmed", provider=org_officer)
    order_dispute(actor=resident, order=order, comment="没做完")
    html = page_as(community_officer).get(reverse("orders:order-desk")).content.decode()
    assert f"desk-resolve-{order.pk}" in html
    home = page_as(community_officer).get("/").content.decode()
    assert "需要社区处理的服务订单" in home


def test_the_desk_my_orders_and_the_browse_pages_cost_the_same_queries_whatever_their_length(
    page_as, resident, org_officer, offering
):
    from tests.helpers import assert_queries_do_not_grow

    def add(n):
        for i in range(n):
            order = make_order(resident=resident, offering=offering)
            if i % 2:
                advance(order, "accepted", provider=org_officer)

    desk, mine = page_as(org_officer), page_as(resident)
    assert_queries_do_not_grow(lambda: desk.get(reverse("orders:order-desk")), add, rows=4)
    assert_queries_do_not_grow(lambda: mine.get(reverse("orders:my-orders")), add, rows=4)
    assert_queries_do_not_grow(lambda: mine.get(reverse("orders:offering-browse")), add, rows=4)


def test_the_community_overview_lists_a_dispute_to_resolve(
    page_as, community_officer, org_officer, muling, nanqiao, resident
):
    from orders.actions.orders import order_dispute
    from tests.orders.factories import advance, make_offering, make_order

    offering = make_offering(actor=org_officer, organization=muling, communities=[nanqiao], title="上门理发")
    order = advance(make_order(resident=resident, offering=offering), "confirmed", provider=org_officer)
    order_dispute(actor=resident, order=order, comment="师傅没有来")
    html = page_as(community_officer).get("/community/overview/").content.decode()
    section = html.split('data-testid="overview-orders_and_disputes"')[1].split("</section>")[0]
    assert "上门理发" in section and "纠纷" in html
