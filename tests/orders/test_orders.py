"""Orders: a verified resident (or community staff for one) orders; the organisation answers,
schedules and delivers; the resident confirms (or the organisation with the resident's code),
rates, cancels or disputes; the community resolves. Every move row-locked and audited."""

import threading
from datetime import timedelta

import pytest
from django.db import connection, connections
from django.urls import reverse
from django.utils import timezone, translation

from core.errors import Conflict
from core.models import AuditRecord
from orders.actions.orders import order_cancel, order_place, order_rate
from orders.models import Offering, OfferingSlot, Order
from tests.helpers import assert_queries_do_not_grow, error_of
from tests.orders.factories import advance, make_offering, make_order, make_resident, make_slot

S = Order.Status


def _place(api_as, user, offering, **body):
    body.setdefault("preferred_time", (timezone.now() + timedelta(days=2)).isoformat())
    return api_as(user).post(reverse("api:order-list"), {"offering": offering.pk, **body})


def _move(api_as, user, order, action, **body):
    return api_as(user).post(reverse(f"api:order-{action}", args=[order.pk]), body)


# --- Who may order ---------------------------------------------------------------------------------


def test_a_verified_resident_orders_a_slot_and_sees_the_code(api_as, resident, offering, slot):
    response = _place(api_as, resident, offering, slot=slot.pk, preferred_time=None, notes="3栋2单元")
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["status"] == "placed" and data["resident"] == resident.pk and not data["placed_for_resident"]
    assert len(data["confirmation_code"]) == 6 and data["confirmation_code"].isdigit()
    assert OfferingSlot.objects.get(pk=slot.pk).taken == 1
    record = AuditRecord.objects.get(action="order.place")
    assert (record.actor, record.to_state) == (resident, "placed")


def test_placing_an_order_costs_a_fixed_number_of_queries(api_as, resident, offering, django_assert_max_num_queries):
    # Token, roles, memberships, the offering and its community, the insert, the audit chain's
    # head, record and new head, then the order read back with its notices (bench/README.md).
    client = api_as(resident)
    _place(api_as, resident, offering)  # warm: per-process caches fill once
    with django_assert_max_num_queries(13):
        response = client.post(
            reverse("api:order-list"),
            {"offering": offering.pk, "preferred_time": (timezone.now() + timedelta(days=3)).isoformat()},
        )
    assert response.status_code == 201, response.content


def test_an_unverified_user_cannot_order_and_is_told_why_in_chinese(api_as, stranger, offering):
    response = _place(api_as, stranger, offering)
    assert response.status_code == 403
    body = error_of(response)
    assert body["code"] == "not_verified" and "认证" in body["message"]
    assert not Order.objects.exists()


def test_a_resident_of_another_community_cannot_order(api_as, yulin_east, offering):
    outsider = make_resident("resident_yulin", yulin_east)
    response = _place(api_as, outsider, offering)
    assert response.status_code == 403
    assert error_of(response)["code"] == "other_community"
    assert not Order.objects.exists()


def test_community_staff_order_for_a_resident_and_the_order_says_so(api_as, community_officer, resident, offering):
    response = _place(api_as, community_officer, offering, resident=resident.pk)
    assert response.status_code == 201, response.content
    order = Order.objects.get()
    assert (order.resident, order.placed_by) == (resident, community_officer)
    assert response.json()["placed_for_resident"] is True
    # The staff who ordered may see the code, to hand it over on paper.
    assert response.json()["confirmation_code"] == order.confirmation_code


def test_community_staff_cannot_order_for_someone_outside_their_community(
    api_as, other_community_officer, community_officer, resident, offering, stranger
):
    assert _place(api_as, other_community_officer, offering, resident=resident.pk).status_code == 403
    assert _place(api_as, community_officer, offering, resident=stranger.pk).status_code == 403
    assert not Order.objects.exists()


# --- Bad input: a Chinese message on its field, nothing changed -----------------------------------


def test_an_unknown_offering_is_refused_on_its_field(api_as, resident):
    response = api_as(resident).post(
        reverse("api:order-list"), {"offering": 999999, "preferred_time": "2099-01-01T09:00:00+08:00"}
    )
    assert response.status_code == 400
    assert error_of(response)["fields"]["offering"] == ["没有这项服务。"]
    assert not Order.objects.exists()


def test_a_slot_in_the_past_is_refused_on_its_field(api_as, resident, offering, org_officer, time_machine):
    slot = make_slot(actor=org_officer, offering=offering, days=1)
    time_machine.move_to(slot.start + timedelta(minutes=5))
    response = _place(api_as, resident, offering, slot=slot.pk, preferred_time=None)
    assert response.status_code == 400
    assert error_of(response)["fields"]["slot"] == ["这个时段已经开始，请选择之后的时段。"]
    assert OfferingSlot.objects.get(pk=slot.pk).taken == 0 and not Order.objects.exists()


def test_a_ten_thousand_character_note_is_refused_on_its_field(api_as, resident, offering):
    response = _place(api_as, resident, offering, notes="长" * 10000)
    assert response.status_code == 400
    message = error_of(response)["fields"]["notes"][0]
    assert any("\u4e00" <= ch <= "\u9fff" for ch in message)
    assert not Order.objects.exists()


def test_a_note_too_long_is_refused_by_the_action_too(resident, offering):
    from core.errors import DomainError

    with pytest.raises(DomainError) as caught:
        make_order(resident=resident, offering=offering, notes="长" * 2001)
    assert "notes" in caught.value.fields


def test_a_rating_of_six_is_refused_on_its_field(api_as, resident, org_officer, offering):
    order = advance(make_order(resident=resident, offering=offering), "confirmed", provider=org_officer)
    response = _move(api_as, resident, order, "rate", rating=6)
    assert response.status_code == 400
    message = error_of(response)["fields"]["rating"][0]
    assert "5" in message and any("\u4e00" <= ch <= "\u9fff" for ch in message)
    order.refresh_from_db()
    assert (order.status, order.rating) == (S.CONFIRMED, None)


# --- The lifecycle -------------------------------------------------------------------------------


def test_the_whole_journey_with_every_move_audited(api_as, resident, org_officer, offering, slot):
    order_id = _place(api_as, resident, offering, slot=slot.pk, preferred_time=None).json()["id"]
    order = Order.objects.get(pk=order_id)
    assert _move(api_as, org_officer, order, "accept").json()["status"] == "accepted"
    scheduled = _move(api_as, org_officer, order, "schedule", comment="周四上午来")
    assert scheduled.json()["status"] == "scheduled"
    assert scheduled.json()["scheduled_for"] is not None and scheduled.json()["reply"] == "周四上午来"
    delivered = _move(api_as, org_officer, order, "deliver")
    assert delivered.json()["status"] == "delivered"
    # The organisation never sees the code.
    assert delivered.json()["confirmation_code"] is None
    assert _move(api_as, resident, order, "confirm").json()["status"] == "confirmed"
    rated = _move(api_as, resident, order, "rate", rating=5, comment="很好")
    assert (rated.json()["status"], rated.json()["rating"]) == ("rated", 5)
    actions = list(
        AuditRecord.objects.filter(object_type="orders.order", object_id=str(order_id)).values_list("action", flat=True)
    )
    assert actions == [
        "order.place",
        "order.accept",
        "order.schedule",
        "order.deliver",
        "order.confirm",
        "order.rate",
    ]


def test_the_organisation_declines_with_a_reason_and_the_place_goes_back(api_as, resident, org_officer, offering, slot):
    order = make_order(resident=resident, offering=offering, slot=slot)
    assert OfferingSlot.objects.get(pk=slot.pk).taken == 1
    response = _move(api_as, org_officer, order, "decline")
    assert response.status_code == 400 and "comment" in error_of(response)["fields"]
    response = _move(api_as, org_officer, order, "decline", comment="该时段人手不足")
    assert response.json()["status"] == "declined" and response.json()["reply"] == "该时段人手不足"
    assert OfferingSlot.objects.get(pk=slot.pk).taken == 0


def test_declining_with_a_reply_template(api_as, resident, org_officer, offering, muling):
    template = api_as(org_officer).post(
        reverse("api:reply-template-list"), {"title": "满员", "text": "本周已约满，请改约下周。"}
    )
    assert template.status_code == 201
    order = make_order(resident=resident, offering=offering)
    response = _move(api_as, org_officer, order, "decline", template=template.json()["id"])
    assert response.json()["reply"] == "本周已约满，请改约下周。"


def test_the_resident_cancels_before_delivery_and_the_place_goes_back(resident, org_officer, offering, slot):
    order = advance(make_order(resident=resident, offering=offering, slot=slot), "scheduled", provider=org_officer)
    order = order_cancel(actor=resident, order=order, comment="临时有事")
    assert order.status == S.CANCELLED and OfferingSlot.objects.get(pk=slot.pk).taken == 0


def test_nobody_cancels_after_delivery(api_as, resident, org_officer, offering):
    order = advance(make_order(resident=resident, offering=offering), "delivered", provider=org_officer)
    response = _move(api_as, resident, order, "cancel")
    assert response.status_code == 409 and error_of(response)["code"] == "wrong_state"


def test_a_dispute_goes_to_the_community_which_resolves_it(api_as, resident, org_officer, community_officer, offering):
    order = advance(make_order(resident=resident, offering=offering), "confirmed", provider=org_officer)
    assert _move(api_as, resident, order, "dispute").status_code == 400  # say what went wrong
    response = _move(api_as, resident, order, "dispute", comment="服务只做了一半")
    assert response.json()["status"] == "disputed"
    assert order.notices.filter(kind="disputed").exists()
    assert _move(api_as, org_officer, order, "resolve", comment="x").status_code == 403
    response = _move(api_as, community_officer, order, "resolve", comment="已协调补做")
    assert response.json()["status"] == "resolved"


@pytest.mark.parametrize(
    ("state", "action", "who", "status"),
    [
        ("placed", "accept", "resident", 403),
        ("placed", "accept", "rival_org_officer", 404),
        ("placed", "deliver", "org_officer", 409),
        ("placed", "confirm", "resident", 409),
        ("placed", "rate", "resident", 409),
        ("placed", "dispute", "resident", 409),
        ("placed", "resolve", "community_officer", 409),
        ("accepted", "accept", "org_officer", 409),
        ("accepted", "decline", "org_officer", 409),
        ("scheduled", "confirm", "community_officer", 409),
        ("delivered", "schedule", "org_officer", 409),
        ("delivered", "rate", "resident", 409),
        ("delivered", "cancel", "resident", 409),
        ("confirmed", "confirm", "resident", 409),
        ("confirmed", "rate", "org_officer", 403),
        ("confirmed", "dispute", "org_officer", 403),
    ],
)
def test_refused_moves_change_nothing(api_as, cast, offering, state, action, who, status):
    order = make_order(resident=cast.resident, offering=offering)
    if state != "placed":
        order = advance(order, state, provider=cast.org_officer)
    before = AuditRecord.objects.count()
    response = _move(api_as, getattr(cast, who), order, action, comment="试试", rating=3)
    assert response.status_code == status, response.content
    order.refresh_from_db()
    assert order.status == state and AuditRecord.objects.count() == before


# --- The confirmation code -------------------------------------------------------------------------


def test_the_organisation_confirms_at_the_door_with_the_resident_s_code(api_as, resident, org_officer, offering):
    order = advance(make_order(resident=resident, offering=offering), "delivered", provider=org_officer)
    response = _move(api_as, org_officer, order, "confirm")
    assert response.status_code == 400 and "code" in error_of(response)["fields"]
    response = _move(api_as, org_officer, order, "confirm", code=order.confirmation_code)
    assert response.json()["status"] == "confirmed"


def test_community_staff_confirm_with_the_code_for_a_resident_without_a_smartphone(
    api_as, community_officer, resident, org_officer, offering
):
    order = advance(make_order(resident=resident, offering=offering), "delivered", provider=org_officer)
    response = _move(api_as, community_officer, order, "confirm", code=order.confirmation_code)
    assert response.json()["status"] == "confirmed"


def test_five_wrong_codes_lock_the_code_and_every_try_is_audited(api_as, resident, org_officer, offering):
    order = advance(make_order(resident=resident, offering=offering), "delivered", provider=org_officer)
    wrong = "000000" if order.confirmation_code != "000000" else "111111"
    for left in (4, 3, 2, 1):
        response = _move(api_as, org_officer, order, "confirm", code=wrong)
        assert response.status_code == 400
        assert error_of(response)["message"] == f"确认码错误，还可以试 {left} 次。"
    response = _move(api_as, org_officer, order, "confirm", code=wrong)
    assert response.status_code == 403 and error_of(response)["code"] == "code_locked"
    # Locked: even the right code is refused now, and the resident can still confirm.
    response = _move(api_as, org_officer, order, "confirm", code=order.confirmation_code)
    assert response.status_code == 403 and "锁定" in error_of(response)["message"]
    order.refresh_from_db()
    assert (order.status, order.code_failures) == (S.DELIVERED, 5)
    assert AuditRecord.objects.filter(action="order.code_wrong", object_id=str(order.pk)).count() == 5
    assert _move(api_as, resident, order, "confirm").json()["status"] == "confirmed"


# --- Who sees which orders -------------------------------------------------------------------------


def test_a_resident_never_sees_another_resident_s_orders(api_as, resident, nanqiao, offering):
    neighbour = make_resident("resident_li", nanqiao)
    mine = make_order(resident=resident, offering=offering)
    theirs = make_order(resident=neighbour, offering=offering)
    assert [o["id"] for o in api_as(resident).get(reverse("api:order-list")).json()["results"]] == [mine.pk]
    assert api_as(resident).get(reverse("api:order-detail", args=[theirs.pk])).status_code == 404
    detail = api_as(neighbour).get(reverse("api:order-detail", args=[theirs.pk])).json()
    assert detail["confirmation_code"] == theirs.confirmation_code


def test_an_organisation_sees_only_orders_for_its_offerings_and_never_the_code(
    api_as, resident, org_officer, rival_org_officer, rival_org, nanqiao, offering
):
    rival_offer = make_offering(
        actor=rival_org_officer, organization=rival_org, communities=[nanqiao], title="功课辅导"
    )
    ours = make_order(resident=resident, offering=offering)
    theirs = make_order(resident=resident, offering=rival_offer)
    listed = api_as(org_officer).get(reverse("api:order-list")).json()["results"]
    assert [o["id"] for o in listed] == [ours.pk]
    assert api_as(org_officer).get(reverse("api:order-detail", args=[theirs.pk])).status_code == 404
    assert api_as(org_officer).get(reverse("api:order-detail", args=[ours.pk])).json()["confirmation_code"] is None


def test_a_community_sees_its_residents_orders_and_the_district_sees_all(
    api_as, resident, community_officer, other_community_officer, district_admin, street_officer, offering
):
    order = make_order(resident=resident, offering=offering)
    for user, expected in (
        (community_officer, [order.pk]),
        (street_officer, [order.pk]),
        (district_admin, [order.pk]),
        (other_community_officer, []),
    ):
        assert [o["id"] for o in api_as(user).get(reverse("api:order-list")).json()["results"]] == expected


@pytest.mark.parametrize("who", ["resident", "org_officer", "community_officer", "district_admin"])
def test_the_order_lists_cost_at_most_ten_queries_whatever_the_page_size(api_as, cast, offering, who):
    user = getattr(cast, who)
    residents = [cast.resident]

    def add(n):
        for _ in range(n):
            make_order(resident=residents[0], offering=offering)

    client = api_as(user)
    queries = assert_queries_do_not_grow(lambda: client.get(reverse("api:order-list"), {"page_size": 200}), add, rows=3)
    assert queries <= 10


def test_the_hand_built_list_rows_match_the_serializer(
    api_as, resident, org_officer, community_officer, district_admin, offering, slot
):
    """The list builds its rows from values(); OrderSerializer, which the schema documents,
    builds the same from the model: every kind of row (a slot, a preferred time, ordered by
    staff, scheduled, rated, escalated) in both languages."""
    from orders.api.orders import OrderSerializer
    from orders.queries.orders import order_list_for

    with_slot = make_order(resident=resident, offering=offering, slot=slot)
    advance(with_slot, "scheduled", provider=org_officer)
    rated = advance(make_order(resident=resident, offering=offering), "confirmed", provider=org_officer)
    order_rate(actor=resident, order=rated, rating=4, comment="好")
    for_resident = order_place(
        actor=community_officer,
        offering=offering,
        resident=resident,
        preferred_time=timezone.now() + timedelta(days=5, microseconds=7),
    )
    Order.objects.filter(pk=for_resident.pk).update(escalated_at=timezone.now())
    for user in (resident, org_officer, community_officer, district_admin):
        for language in ("zh-hans", "en"):
            rows = api_as(user).get(reverse("api:order-list"), HTTP_ACCEPT_LANGUAGE=language).json()["results"]
            with translation.override(language):
                by_model = OrderSerializer(order_list_for(user).order_by("-id"), many=True).data
            assert len(rows) == 3 and rows == by_model


# --- Capacity is never oversold --------------------------------------------------------------------


def test_a_full_slot_refuses_the_next_order(resident, nanqiao, org_officer, offering):
    slot = make_slot(actor=org_officer, offering=offering, capacity=1)
    make_order(resident=resident, offering=offering, slot=slot)
    with pytest.raises(Conflict) as caught:
        make_order(resident=make_resident("resident_li", nanqiao), offering=offering, slot=slot)
    assert caught.value.code == "full" and "slot" in caught.value.fields


@pytest.mark.django_db(transaction=True)
def test_twenty_residents_at_the_last_place_at_once_exactly_one_gets_it():
    """On PostgreSQL: 20 threads order the last place of a slot at the same moment."""
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite serialises every writer")
    from organizations.models import Organization
    from tests.factories import CommunityFactory, OrganizationFactory, StreetFactory, user_with_role

    community = CommunityFactory(street=StreetFactory(name="并发街道"), name="并发社区")
    org = OrganizationFactory(name="并发服务社", community=community, status=Organization.Status.REGISTERED)
    staff = user_with_role("org_race", "organization_staff", org)
    offering = make_offering(actor=staff, organization=org, communities=[community])
    slot = make_slot(actor=staff, offering=offering, capacity=3)
    for i in range(2):
        make_order(resident=make_resident(f"early_{i}", community), offering=offering, slot=slot)
    residents = [make_resident(f"racer_{i}", community) for i in range(20)]
    start = threading.Barrier(20)
    outcomes: list[str] = []

    def order(user):
        try:
            start.wait()
            order_place(actor=user, offering=Offering.objects.get(pk=offering.pk), slot=slot)
            outcomes.append("ok")
        except Conflict:
            outcomes.append("full")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=order, args=(user,)) for user in residents]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert outcomes.count("ok") == 1 and outcomes.count("full") == 19
    slot.refresh_from_db()
    assert slot.taken == slot.capacity == 3
    assert Order.objects.filter(slot=slot).count() == 3


def test_the_database_refuses_an_oversold_slot_whatever_the_code_does(offering, org_officer):
    from django.db import IntegrityError, transaction

    slot = make_slot(actor=org_officer, offering=offering, capacity=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        OfferingSlot.objects.filter(pk=slot.pk).update(taken=2)


def test_unauthenticated_callers_cannot_order(api, offering):
    assert api.post(reverse("api:order-list"), {"offering": offering.pk}).status_code == 401
