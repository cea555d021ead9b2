"""Volunteers of an organisation or its branch, and the public card residents see."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core.errors import DomainError
from organizations.actions.people import branch_create, volunteer_create
from organizations.models import Volunteer
from tests.factories import BranchFactory
from tests.helpers import assert_queries_do_not_grow, error_of
from tests.organizations.people_fixtures import *  # noqa: F403
from tests.organizations.people_fixtures import bad_check_digit, make_volunteer, snapshot, valid_ric

VOLUNTEERS = reverse("api:volunteer-list")
BRANCHES = reverse("api:branch-list")
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def branch(muling):
    return BranchFactory(organization=muling, name="南桥分社")


def test_staff_open_a_branch_and_add_volunteers_to_it(api_as, org_officer, muling):
    response = api_as(org_officer).post(BRANCHES, {"name": "南桥分社"})
    assert response.status_code == 201, response.content
    branch_id = response.json()["id"]
    for _ in range(3):
        r = api_as(org_officer).post(VOLUNTEERS, {"branch": branch_id, "resident_id": valid_ric(), "name": "志愿者"})
        assert r.status_code == 201, r.content
    rows = api_as(org_officer).get(BRANCHES).json()["results"]
    assert [(r["name"], r["volunteer_count"]) for r in rows] == [("南桥分社", 3)]
    assert (
        api_as(org_officer).get(VOLUNTEERS + f"?branch={branch_id}").json()["results"][0]["organization"] == muling.pk
    )


def test_a_branch_name_is_unique_within_the_organisation(org_officer, muling, branch):
    before = snapshot()
    with pytest.raises(DomainError) as caught:
        branch_create(actor=org_officer, organization=muling, name="南桥分社")
    assert "name" in caught.value.fields
    assert snapshot() == before


def test_a_rival_cannot_put_a_volunteer_in_someone_elses_branch(api_as, rival_org_officer, branch):
    before = snapshot()
    response = api_as(rival_org_officer).post(
        VOLUNTEERS, {"branch": branch.pk, "resident_id": valid_ric(), "name": "甲"}
    )
    assert response.status_code == 400 and "branch" in error_of(response)["fields"]
    assert snapshot() == before


def test_the_action_refuses_a_branch_of_another_organisation(district_admin, rival_org, branch):
    before = snapshot()
    with pytest.raises(DomainError) as caught:
        volunteer_create(
            actor=district_admin, organization=rival_org, branch=branch, resident_id=valid_ric(), name="甲"
        )
    assert "branch" in caught.value.fields
    assert snapshot() == before


@pytest.mark.parametrize("case", ["bad_check_digit", "twice", "bad_photo", "unknown_org"])
def test_it_refuses_a_bad_volunteer_and_changes_nothing(api_as, district_admin, muling, case):
    existing = make_volunteer(muling)
    data = {"organization": muling.pk, "resident_id": valid_ric(), "name": "甲"}
    if case == "bad_check_digit":
        data["resident_id"] = bad_check_digit(valid_ric())
    elif case == "twice":
        data.update(resident_id=existing.person.resident_id, name=existing.person.name)
    elif case == "bad_photo":
        data["photo"] = SimpleUploadedFile("x.png", b"GIF89a not a png", content_type="image/png")
    elif case == "unknown_org":
        data["organization"] = 999999
    before = snapshot()
    response = api_as(district_admin).post(VOLUNTEERS, data, format="multipart")
    assert response.status_code == 400, response.content
    assert set(error_of(response)["fields"]) & {"resident_id", "photo", "organization"}
    assert snapshot() == before


def test_a_photo_over_2_mb_is_refused(api_as, org_officer):
    big = SimpleUploadedFile("big.png", PNG + b"\x00" * (2 * 1024 * 1024), content_type="image/png")
    before = snapshot()
    response = api_as(org_officer).post(
        VOLUNTEERS, {"resident_id": valid_ric(), "name": "甲", "photo": big}, format="multipart"
    )
    assert response.status_code == 400 and "photo" in error_of(response)["fields"]
    assert snapshot() == before


def test_the_card_shows_name_photo_and_organisation_but_no_id(api, api_as, page_as, org_officer, branch):
    client = api_as(org_officer)
    ric = valid_ric()
    photo = SimpleUploadedFile("me.png", PNG, content_type="image/png")
    created = client.post(
        VOLUNTEERS, {"branch": branch.pk, "resident_id": ric, "name": "刘芳", "photo": photo}, format="multipart"
    )
    assert created.status_code == 201, created.content
    token = created.json()["card_token"]
    assert len(token) >= 20

    card = api.get(reverse("api:volunteer-card", kwargs={"token": token})).json()
    assert (
        card["name"] == "刘芳" and card["organization_name"] == "睦林长者互助社" and card["branch_name"] == "南桥分社"
    )
    assert ric not in str(card) and ric[-4:] not in str(card) and "resident_id" not in card

    page = page_as(None).get(reverse("organizations:volunteer-card", kwargs={"token": token}))
    html = page.content.decode()
    assert page.status_code == 200 and "刘芳" in html and "南桥分社" in html
    assert ric not in html and ric[:4] + "*" not in html

    image = page_as(None).get(card["photo_url"])
    assert image.status_code == 200 and image["Content-Type"] == "image/png"
    assert b"".join(image.streaming_content) == PNG


def test_an_unknown_card_token_is_404(api, page_as, muling):
    make_volunteer(muling)
    assert api.get(reverse("api:volunteer-card", kwargs={"token": "nope"})).status_code == 404
    assert page_as(None).get(reverse("organizations:volunteer-card", kwargs={"token": "nope"})).status_code == 404


def test_a_card_without_a_photo_has_no_photo_route(page_as, muling):
    v = make_volunteer(muling)
    assert (
        page_as(None).get(reverse("organizations:volunteer-photo", kwargs={"token": v.card_token})).status_code == 404
    )


def test_each_organisation_lists_only_its_own_volunteers(api_as, org_officer, rival_org_officer, muling, rival_org):
    mine = make_volunteer(muling)
    theirs = make_volunteer(rival_org)
    assert [r["id"] for r in api_as(org_officer).get(VOLUNTEERS).json()["results"]] == [mine.pk]
    assert [r["id"] for r in api_as(rival_org_officer).get(VOLUNTEERS).json()["results"]] == [theirs.pk]
    assert api_as(rival_org_officer).get(VOLUNTEERS + f"?organization={muling.pk}").json()["results"] == []


def test_the_volunteer_page_form_shows_errors_beside_the_field(page_as, org_officer):
    before = snapshot()
    response = page_as(org_officer).post(
        reverse("organizations:volunteer-create"), {"resident_id": bad_check_digit(valid_ric()), "name": "甲"}
    )
    assert response.status_code == 200 and response.context["form"].errors["resident_id"]
    assert snapshot() == before


def test_the_volunteer_page_records_a_volunteer_and_shows_the_card(page_as, org_officer, branch):
    response = page_as(org_officer).post(
        reverse("organizations:volunteer-create"), {"resident_id": valid_ric(), "name": "甲", "branch": branch.pk}
    )
    assert response.status_code == 302
    v = Volunteer.objects.get()
    assert response["Location"] == reverse("organizations:volunteer-card", kwargs={"token": v.card_token})


def test_the_branch_page_refuses_an_empty_name(page_as, org_officer):
    before = snapshot()
    response = page_as(org_officer).post(reverse("organizations:volunteer-branch-create"), {"name": ""})
    assert response.status_code == 200 and response.context["form"].errors["name"]
    assert snapshot() == before


def test_the_volunteer_lists_do_not_grow_in_queries(api_as, page_as, district_admin, muling, rival_org, branch):
    admin_api = api_as(district_admin)
    admin_pages = page_as(district_admin)

    def add(n):
        for i in range(n):
            make_volunteer(muling if i % 2 else rival_org, branch=branch if i % 2 else None)

    assert_queries_do_not_grow(lambda: admin_api.get(VOLUNTEERS), add)
    assert_queries_do_not_grow(lambda: admin_api.get(BRANCHES), add)
    assert_queries_do_not_grow(lambda: admin_pages.get(reverse("organizations:volunteer-list")), add)


# --- Editing a volunteer ---------------------------------------------------------------------
def test_staff_move_a_volunteer_between_branches_and_replace_the_photo(api_as, org_officer, muling, branch):
    volunteer = make_volunteer(muling)
    url = reverse("api:volunteer-detail", kwargs={"pk": volunteer.pk})
    photo = SimpleUploadedFile("me.png", PNG, content_type="image/png")
    response = api_as(org_officer).patch(url, {"branch": branch.pk, "photo": photo}, format="multipart")
    assert response.status_code == 200, response.content
    assert response.json()["branch"] == branch.pk and response.json()["has_photo"]
    response = api_as(org_officer).patch(url, {"branch": None}, format="json")
    assert response.status_code == 200 and response.json()["branch"] is None
    volunteer.refresh_from_db()
    assert volunteer.branch is None and volunteer.photo


@pytest.mark.parametrize("case", ["rival_branch", "unknown_branch", "bad_photo"])
def test_it_refuses_a_bad_volunteer_edit_and_changes_nothing(api_as, org_officer, muling, rival_org, branch, case):
    volunteer = make_volunteer(muling, branch=branch)
    data = {"branch": branch.pk}
    if case == "rival_branch":
        data["branch"] = BranchFactory(organization=rival_org, name="玉林分社").pk
    elif case == "unknown_branch":
        data["branch"] = 999999
    elif case == "bad_photo":
        data["photo"] = SimpleUploadedFile("x.png", b"not an image", content_type="image/png")
    before = snapshot()
    response = api_as(org_officer).patch(
        reverse("api:volunteer-detail", kwargs={"pk": volunteer.pk}), data, format="multipart"
    )
    assert response.status_code == 400
    assert set(error_of(response)["fields"]) & {"branch", "photo"}
    assert snapshot() == before
    volunteer.refresh_from_db()
    assert volunteer.branch == branch and not volunteer.photo


def test_a_rival_cannot_see_or_edit_someone_elses_volunteer(api_as, page_as, rival_org_officer, muling):
    volunteer = make_volunteer(muling)
    before = snapshot()
    assert (
        api_as(rival_org_officer).get(reverse("api:volunteer-detail", kwargs={"pk": volunteer.pk})).status_code == 404
    )
    response = page_as(rival_org_officer).post(
        reverse("organizations:volunteer-edit", kwargs={"pk": volunteer.pk}), {"branch": ""}
    )
    assert response.status_code == 404
    assert snapshot() == before


def test_the_volunteer_edit_page_shows_a_bad_photo_beside_the_field(page_as, org_officer, muling):
    volunteer = make_volunteer(muling)
    before = snapshot()
    response = page_as(org_officer).post(
        reverse("organizations:volunteer-edit", kwargs={"pk": volunteer.pk}),
        {"branch": "", "photo": SimpleUploadedFile("x.jpg", b"GIF89a", content_type="image/jpeg")},
    )
    assert response.status_code == 200 and response.context["form"].errors["photo"]
    assert snapshot() == before
