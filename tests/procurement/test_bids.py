"""Bids: qualification at submission, one live bid, replace and withdraw until the deadline,
receipts, and the seal that hides a bid from everyone but its bidder until the opening."""

from decimal import Decimal

import pytest
from django.urls import reverse

from procurement.actions.bids import bid_receipt
from procurement.models import Bid
from procurement.tasks import project_open
from tests.helpers import error_of
from tests.procurement.factories import make_bid, make_qualified, pass_deadline

SECRET_PRICE = "187654.32"
SECRET_PLAN = "独家方案：长者食堂联动上门助浴"


def _submit(api_as, user, project, **data):
    body = {"price": SECRET_PRICE, "plan": SECRET_PLAN, **data}
    return api_as(user).post(reverse("api:project-bids", kwargs={"pk": project.pk}), body, format="json")


def test_a_qualified_organisation_bids_and_gets_a_receipt_of_its_content(
    api_as, org_officer, qualified_muling, published
):
    response = _submit(api_as, org_officer, published)
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["price"] == SECRET_PRICE and body["status"] == "submitted"
    bid = Bid.objects.get(pk=body["id"])
    assert body["receipt"] == bid_receipt(
        project_id=published.pk,
        organization_id=qualified_muling.pk,
        price=Decimal(SECRET_PRICE),
        plan=SECRET_PLAN,
        staff_ids=[],
        documents=[],
        salt=bid.salt,
    )
    assert len(body["receipt"]) == 64


def test_an_unqualified_organisation_is_refused_naming_each_failing_rule(api_as, org_officer, muling, published):
    response = _submit(api_as, org_officer, published)
    assert response.status_code == 403
    error = error_of(response)
    assert error["code"] == "not_qualified"
    assert {"months_registered", "social_workers"} <= set(error["fields"])
    assert "睦林长者互助社" in error["message"]
    assert not Bid.objects.exists()


def test_a_second_bid_replaces_the_first_and_only_one_stays_live(api_as, org_officer, qualified_muling, published):
    first = _submit(api_as, org_officer, published).json()
    second = _submit(api_as, org_officer, published, price="150000.00").json()
    assert second["replaces"] == first["id"]
    assert second["receipt"] != first["receipt"]
    statuses = dict(Bid.objects.values_list("pk", "status"))
    assert statuses == {first["id"]: "replaced", second["id"]: "submitted"}


def test_the_database_refuses_two_live_bids_of_one_organisation(org_officer, qualified_muling, published):
    from django.db import IntegrityError, transaction

    bid = make_bid(actor=org_officer, project=published, organization=qualified_muling)
    with pytest.raises(IntegrityError), transaction.atomic():
        Bid.objects.create(
            project=published,
            organization=qualified_muling,
            price=1,
            plan="x",
            salt="s",
            receipt="r",
            submitted_by=org_officer,
            submitted_at=bid.submitted_at,
        )


def test_a_bid_can_be_withdrawn_before_the_deadline(api_as, org_officer, qualified_muling, published):
    bid = make_bid(actor=org_officer, project=published, organization=qualified_muling)
    response = api_as(org_officer).post(reverse("api:bid-withdraw", kwargs={"pk": bid.pk}), {"comment": "改投"})
    assert response.status_code == 200
    assert response.json()["status"] == "withdrawn"


def test_after_the_deadline_a_bid_cannot_be_submitted_replaced_or_withdrawn(
    api_as, org_officer, qualified_muling, published
):
    bid = make_bid(actor=org_officer, project=published, organization=qualified_muling)
    pass_deadline(published)
    response = _submit(api_as, org_officer, published, price="1.00")
    assert response.status_code == 409
    assert "截止" in error_of(response)["message"]
    response = api_as(org_officer).post(reverse("api:bid-withdraw", kwargs={"pk": bid.pk}), {})
    assert response.status_code == 409
    bid.refresh_from_db()
    assert bid.status == "submitted" and bid.price == Decimal("180000.00")


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"price": "0"}, "price"),
        ({"price": "99999999.00"}, "price"),
        ({"plan": "   "}, "plan"),
        ({"staff": [999999]}, "staff"),
    ],
)
def test_bad_bids_are_refused_in_chinese_and_nothing_is_saved(
    api_as, org_officer, qualified_muling, published, data, field
):
    response = _submit(api_as, org_officer, published, **data)
    assert response.status_code == 400
    error = error_of(response)
    assert field in error["fields"]
    assert any("\u4e00" <= ch <= "\u9fff" for ch in error["message"] + "".join(error["fields"][field]))
    assert not Bid.objects.exists()


def test_a_rival_organisation_staff_cannot_bid_for_another_organisation(
    api_as, rival_org_officer, qualified_muling, qualified_rival, published
):
    response = _submit(api_as, rival_org_officer, published, organization=qualified_muling.pk)
    assert response.status_code == 400
    assert not Bid.objects.exists()


# --- The seal ------------------------------------------------------------------------------------


@pytest.fixture
def sealed(org_officer, qualified_muling, published):
    return make_bid(
        actor=org_officer, project=published, organization=qualified_muling, price=SECRET_PRICE, plan=SECRET_PLAN
    )


@pytest.mark.parametrize(
    "who",
    ["anonymous", "stranger", "district_admin", "street_officer", "community_officer", "rival_org_officer", "expert"],
)
def test_before_the_opening_nobody_but_the_bidder_reads_the_bid(who, cast, api_as, page_as, sealed, published):
    user = getattr(cast, who)
    urls = [
        reverse("api:project-bids", kwargs={"pk": published.pk}),
        reverse("api:bid-detail", kwargs={"pk": sealed.pk}),
        reverse("api:project-detail", kwargs={"pk": published.pk}),
        reverse("api:project-opening", kwargs={"pk": published.pk}),
    ]
    for url in urls:
        content = api_as(user).get(url).content.decode()
        assert "187654" not in content and SECRET_PLAN not in content and sealed.receipt not in content, url
    for url in [
        reverse("procurement:project-detail", kwargs={"pk": published.pk}),
        reverse("procurement:bid-detail", kwargs={"pk": sealed.pk}),
        reverse("core:history", kwargs={"object_type": "procurement.bid", "object_id": sealed.pk}),
        reverse("core:history", kwargs={"object_type": "procurement.project", "object_id": published.pk}),
    ]:
        content = page_as(user).get(url).content.decode()
        assert "187654" not in content and SECRET_PLAN not in content, url


def test_the_bidder_reads_its_own_sealed_bid(api_as, org_officer, sealed):
    body = api_as(org_officer).get(reverse("api:bid-detail", kwargs={"pk": sealed.pk})).json()
    assert body["price"] == SECRET_PRICE and body["plan"] == SECRET_PLAN


def test_the_audit_record_of_a_bid_carries_its_receipt_not_its_price(sealed):
    from core.models import AuditRecord

    record = AuditRecord.objects.get(object_type="procurement.bid", object_id=str(sealed.pk))
    assert record.action == "bid.submit"
    assert record.data["receipt"] == sealed.receipt
    assert "187654" not in str(record.data) + record.object_repr + record.reason


def test_after_the_opening_the_purchaser_reads_every_bid_and_the_public_the_record(
    api_as,
    cast,
    org_officer,
    rival_org_officer,
    qualified_muling,
    qualified_rival,
    nanqiao,
    street_officer,
    sealed,
    published,
):
    third_org = make_qualified(
        type(qualified_muling).objects.create(
            name="第三家社工中心", status="registered", community=nanqiao, street=nanqiao.street
        )
    )
    from tests.factories import user_with_role

    third = user_with_role("org_third", "organization_staff", third_org)
    make_bid(actor=rival_org_officer, project=published, organization=qualified_rival, price="170000.00")
    make_bid(actor=third, project=published, organization=third_org, price="175000.00")
    pass_deadline(published)
    from django.db import transaction

    from core.jobs import job_enqueue

    with transaction.atomic():
        job = job_enqueue(task_name="procurement.tasks.project_open", kwargs={"project_id": published.pk})
    project_open.apply(kwargs={"job_id": job.pk})
    bids = api_as(street_officer).get(reverse("api:project-bids", kwargs={"pk": published.pk})).json()
    assert sorted(b["price"] for b in bids) == ["170000.00", "175000.00", SECRET_PRICE]
    record = api_as(None).get(reverse("api:project-opening", kwargs={"pk": published.pk})).json()
    assert {e["receipt"] for e in record["entries"]} >= {sealed.receipt}
    assert {e["price"] for e in record["entries"]} == {"170000.00", "175000.00", SECRET_PRICE}
    # The rival reads the record but not another bidder's plan.
    bids = api_as(rival_org_officer).get(reverse("api:project-bids", kwargs={"pk": published.pk})).json()
    assert SECRET_PLAN not in str(bids)


def test_the_admin_does_not_show_a_sealed_bid_to_a_superuser(client, sealed):
    from tests.factories import UserFactory

    root = UserFactory(username="root", is_staff=True, is_superuser=True)
    client.force_login(root, backend="django.contrib.auth.backends.ModelBackend")
    for url in [
        reverse("admin:procurement_bid_changelist"),
        reverse("admin:procurement_bid_change", args=[sealed.pk]),
    ]:
        response = client.get(url)
        assert response.status_code == 200
        content = response.content.decode()
        assert "187654" not in content and SECRET_PLAN not in content, url


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_a_bid_with_a_document_has_its_digest_in_the_receipt(api_as, org_officer, qualified_muling, published):
    import hashlib

    from django.core.files.uploadedfile import SimpleUploadedFile

    body = {"price": "100.00", "plan": "方案", "documents": [SimpleUploadedFile("方案.pdf", PDF, "application/pdf")]}
    response = api_as(org_officer).post(
        reverse("api:project-bids", kwargs={"pk": published.pk}), body, format="multipart"
    )
    assert response.status_code == 201, response.content
    bid = Bid.objects.get()
    assert response.json()["documents"] == [{"name": "方案.pdf", "sha256": hashlib.sha256(PDF).hexdigest()}]
    assert bid.receipt == bid_receipt(
        project_id=published.pk,
        organization_id=qualified_muling.pk,
        price=Decimal("100.00"),
        plan="方案",
        staff_ids=[],
        documents=[hashlib.sha256(PDF).hexdigest()],
        salt=bid.salt,
    )


def test_a_document_that_is_not_what_its_name_says_is_refused(api_as, org_officer, qualified_muling, published):
    from django.core.files.uploadedfile import SimpleUploadedFile

    body = {
        "price": "100.00",
        "plan": "方案",
        "documents": [SimpleUploadedFile("x.pdf", b"MZ\x90\x00", "application/pdf")],
    }
    response = api_as(org_officer).post(
        reverse("api:project-bids", kwargs={"pk": published.pk}), body, format="multipart"
    )
    assert response.status_code == 400
    assert "documents" in error_of(response)["fields"]
    assert not Bid.objects.exists()


def test_the_bid_page_shows_errors_beside_the_fields_and_saves_nothing(
    page_as, org_officer, qualified_muling, published
):
    response = page_as(org_officer).post(
        reverse("procurement:bid-submit", kwargs={"pk": published.pk}),
        {"organization": qualified_muling.pk, "price": "0", "plan": "方案"},
    )
    assert response.status_code == 200
    assert "报价必须大于零" in response.content.decode()
    assert not Bid.objects.exists()


def test_the_bid_page_submits_a_sealed_bid(page_as, org_officer, qualified_muling, published):
    response = page_as(org_officer).post(
        reverse("procurement:bid-submit", kwargs={"pk": published.pk}),
        {"organization": qualified_muling.pk, "price": "1000", "plan": "方案"},
    )
    assert response.status_code == 302
    bid = Bid.objects.get()
    mine = page_as(org_officer).get(reverse("procurement:my-bids")).content.decode()
    assert bid.receipt in mine


def test_the_bids_list_and_my_bids_pin_their_query_counts(api_as, page_as, org_officer, qualified_muling, published):
    from tests.helpers import assert_queries_do_not_grow

    client, page = api_as(org_officer), page_as(org_officer)

    def replace(n):
        # Each replacement leaves one more (replaced) bid that the bidder reads.
        for i in range(n):
            make_bid(actor=org_officer, project=published, organization=qualified_muling, price=f"{900 + i}.00")

    url = reverse("api:project-bids", kwargs={"pk": published.pk})
    assert_queries_do_not_grow(lambda: client.get(url), replace)
    assert_queries_do_not_grow(lambda: page.get(reverse("procurement:my-bids")), replace)
    assert len(client.get(url).json()) > 10
