"""Registration: drafts, submission and every refused input (with nothing changed)."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core.errors import Conflict, DomainError, NotAllowed
from core.models import AuditRecord
from organizations.actions.registration import (
    MemberInput,
    organization_apply,
    organization_submit,
    organization_update,
)
from organizations.models import Organization, StaffMembership
from tests.helpers import error_of
from tests.organizations.registration_helpers import (
    PNG,
    apply,
    bad_check,
    documents,
    fields,
    members,
    members_payload,
    pdf,
    ric,
    snapshot,
)


def _refused(call) -> DomainError:
    before = snapshot()
    with pytest.raises(DomainError) as info:
        call()
    assert snapshot() == before, "a refused request changed the database"
    return info.value


# --- Drafts and submission ------------------------------------------------------------------
def test_a_signed_in_newcomer_saves_a_draft_and_becomes_its_staff(applicant, nanqiao):
    org = apply(applicant, nanqiao)
    assert org.status == Organization.Status.DRAFT
    assert org.applicant == applicant
    assert org.members.count() == 5
    assert org.members.filter(is_legal_representative=True).count() == 1
    assert StaffMembership.objects.filter(user=applicant, organization=org).exists()
    assert AuditRecord.objects.filter(action="organization.apply", object_id=str(org.pk)).exists()


def test_an_incomplete_application_may_be_kept_as_a_draft(applicant):
    org = organization_apply(actor=applicant, fields={"name": "只有名字的社团"})
    assert org.status == Organization.Status.DRAFT


def test_an_incomplete_application_can_never_be_submitted_and_every_problem_is_named(applicant):
    org = organization_apply(actor=applicant, fields={"name": "只有名字的社团"})
    error = _refused(lambda: organization_submit(actor=applicant, organization=org))
    assert {
        "street",
        "community",
        "registered_capital",
        "domains",
        "members",
        "articles",
        "business_scope",
        "contact_name",
        "contact_phone",
        "articles_file",
        "capital_proof_file",
        "legal_representative",
    } <= set(error.fields)
    org.refresh_from_db()
    assert org.status == Organization.Status.DRAFT


def test_a_complete_application_is_submitted_and_the_applicant_notified(
    applicant, nanqiao, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        org = apply(applicant, nanqiao, submit=True)
    assert org.status == Organization.Status.SUBMITTED
    assert org.submitted_at is not None
    assert org.notifications.filter(kind="submitted").exists()
    assert [m.to for m in mailoutbox] == [["newcomer@example.cn"]]
    assert "南桥邻里守望社" in mailoutbox[0].subject


def test_the_document_is_stored_under_media_root_with_a_random_name(draft, settings):
    assert draft.articles_file.name.startswith("organizations/documents/")
    assert "articles" not in draft.articles_file.name
    assert (settings.MEDIA_ROOT / draft.articles_file.name).exists()


# --- Each bad input: a clear Chinese error naming the field, nothing changed -----------------
def test_it_refuses_a_capital_below_3000(applicant, nanqiao):
    error = _refused(lambda: apply(applicant, nanqiao, registered_capital=Decimal("2999.99")))
    assert error.fields["registered_capital"] == ["注册资金不得少于 3000.00 元。"]


def test_it_accepts_a_capital_of_exactly_3000(applicant, nanqiao):
    assert apply(applicant, nanqiao, registered_capital=Decimal("3000.00")).registered_capital == Decimal("3000.00")


def test_it_refuses_to_submit_four_members(applicant, nanqiao):
    org = organization_apply(
        actor=applicant, fields=fields(nanqiao), domains=["elderly"], members=members(4), documents=documents()
    )
    error = _refused(lambda: organization_submit(actor=applicant, organization=org))
    assert error.fields["members"] == ["社会组织至少需要 5 名会员，本申请只有 4 名。"]
    org.refresh_from_db()
    assert org.status == Organization.Status.DRAFT


def test_it_refuses_a_resident_id_with_a_bad_check_digit_naming_the_row(applicant, nanqiao):
    rows = members(5)
    rows[2] = MemberInput(rows[2].name, bad_check(rows[2].resident_id))
    error = _refused(
        lambda: organization_apply(actor=applicant, fields=fields(nanqiao), members=rows, documents=documents())
    )
    assert error.fields["members"] == ["第 3 行：身份证号码的校验位不对，请核对号码。"]


def test_it_refuses_a_person_listed_twice_naming_both_rows(applicant, nanqiao):
    rows = members(5)
    rows[4] = MemberInput("另一个名字", rows[1].resident_id)
    error = _refused(lambda: organization_apply(actor=applicant, fields=fields(nanqiao), members=rows))
    assert error.fields["members"] == ["第 5 行：该身份证号码已在第 2 行出现，同一人只能作为会员一次。"]


def test_it_refuses_a_taken_name(applicant, nanqiao, muling):
    error = _refused(lambda: apply(applicant, nanqiao, name="睦林长者互助社"))
    assert error.fields["name"] == ["名称“睦林长者互助社”已被区内其他社会组织使用。"]


def test_it_refuses_a_community_outside_the_street(applicant, nanqiao, yulin):
    error = _refused(lambda: apply(applicant, nanqiao, street=yulin))
    assert "community" in error.fields


def test_it_refuses_two_legal_representatives(applicant, nanqiao):
    rows = members(5)
    rows[1] = MemberInput(rows[1].name, rows[1].resident_id, True)
    error = _refused(lambda: organization_apply(actor=applicant, fields=fields(nanqiao), members=rows))
    assert "legal_representative" in error.fields


@pytest.mark.parametrize(
    ("name", "content", "problem"),
    [
        ("articles.exe", b"MZ", "请上传 PDF、JPG 或 PNG 文件。"),
        ("articles.pdf", b"not a pdf at all", "文件内容与其名称所示的 PDF、JPG 或 PNG 类型不符。"),
        ("articles.pdf", b"%PDF-" + b"0" * (5 * 1024 * 1024), "文件大于 5 MB。"),
    ],
)
def test_it_refuses_a_document_of_the_wrong_type_or_size(applicant, nanqiao, name, content, problem):
    upload = SimpleUploadedFile(name, content)
    error = _refused(
        lambda: organization_apply(actor=applicant, fields=fields(nanqiao), documents={"articles_file": upload})
    )
    assert error.fields["articles_file"] == [problem]


def test_it_accepts_a_png_document(applicant, nanqiao):
    org = organization_apply(
        actor=applicant,
        fields=fields(nanqiao),
        documents={"capital_proof_file": SimpleUploadedFile("proof.png", PNG)},
    )
    assert org.capital_proof_file.name.endswith(".png")


def test_an_anonymous_visitor_cannot_apply(nanqiao):
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(NotAllowed):
        organization_apply(actor=AnonymousUser(), fields=fields(nanqiao))


# --- Editing ---------------------------------------------------------------------------------
def test_the_staff_edit_a_draft_and_what_is_not_given_stays(applicant, draft):
    org = organization_update(actor=applicant, organization=draft, fields={"contact_phone": "13800000000"})
    assert org.contact_phone == "13800000000"
    assert org.members.count() == 5
    assert org.name == "南桥邻里守望社"


def test_someone_else_cannot_edit_the_draft(rival_org_officer, draft):
    with pytest.raises(NotAllowed):
        organization_update(actor=rival_org_officer, organization=draft, fields={"contact_phone": "1"})


def test_a_submitted_application_cannot_be_edited(applicant, submitted):
    with pytest.raises(Conflict):
        organization_update(actor=applicant, organization=submitted, fields={"contact_phone": "1"})


def test_submitting_twice_is_refused(applicant, submitted):
    with pytest.raises(Conflict):
        organization_submit(actor=applicant, organization=submitted)


# --- The API --------------------------------------------------------------------------------
def _payload(community, **overrides):
    data = {
        "name": "玉林青年志愿社",
        "domains": ["youth", "culture"],
        "street": community.street_id,
        "community": community.pk,
        "registered_capital": "5000.00",
        "office_kind": "own",
        "office_address": "玉林东路 1 号",
        "articles": "章程全文",
        "business_scope": "青少年课后服务",
        "contact_name": "王老师",
        "contact_phone": "028-80000000",
        "members": members_payload(5),
    }
    data.update(overrides)
    return data


def test_the_api_creates_a_draft_uploads_documents_and_submits(api_as, applicant, yulin_east):
    client = api_as(applicant)
    response = client.post(reverse("api:organization-list"), _payload(yulin_east), format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "draft"
    assert sorted(body["domains"]) == ["culture", "youth"]
    assert len(body["members"]) == 5
    pk = body["id"]
    response = client.post(reverse("api:organization-submit", kwargs={"pk": pk}))
    assert response.status_code == 400
    assert set(error_of(response)["fields"]) == {"articles_file", "capital_proof_file"}
    for kind in ("articles", "capital-proof"):
        response = client.put(
            reverse("api:organization-document", kwargs={"pk": pk, "kind": kind}),
            {"file": pdf()},
            format="multipart",
        )
        assert response.status_code == 200, response.content
    response = client.post(reverse("api:organization-submit", kwargs={"pk": pk}))
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "submitted"


def test_the_api_refuses_a_low_capital_with_the_error_shape_and_changes_nothing(api_as, applicant, yulin_east):
    before = snapshot()
    response = api_as(applicant).post(
        reverse("api:organization-list"), _payload(yulin_east, registered_capital="2999.99"), format="json"
    )
    assert response.status_code == 400
    assert error_of(response)["fields"]["registered_capital"] == ["注册资金不得少于 3000.00 元。"]
    assert snapshot() == before


def test_the_api_refuses_a_taken_name_and_changes_nothing(api_as, applicant, yulin_east, muling):
    before = snapshot()
    response = api_as(applicant).post(
        reverse("api:organization-list"), _payload(yulin_east, name="睦林长者互助社"), format="json"
    )
    assert response.status_code == 400
    assert "name" in error_of(response)["fields"]
    assert snapshot() == before


def test_the_api_refuses_a_bad_id_and_a_duplicate_naming_the_rows(api_as, applicant, yulin_east):
    rows = members_payload(5)
    rows[0]["resident_id"] = bad_check(rows[0]["resident_id"])
    rows[3]["resident_id"] = rows[2]["resident_id"]
    before = snapshot()
    response = api_as(applicant).post(
        reverse("api:organization-list"), _payload(yulin_east, members=rows), format="json"
    )
    assert response.status_code == 400
    assert error_of(response)["fields"]["members"] == [
        "第 1 行：身份证号码的校验位不对，请核对号码。",
        "第 4 行：该身份证号码已在第 3 行出现，同一人只能作为会员一次。",
    ]
    assert snapshot() == before


def test_the_api_patches_a_draft_and_refuses_a_bad_patch_changing_nothing(api_as, applicant, draft):
    client = api_as(applicant)
    url = reverse("api:organization-detail", kwargs={"pk": draft.pk})
    response = client.patch(url, {"contact_name": "新联系人"}, format="json")
    assert response.status_code == 200
    assert response.json()["contact_name"] == "新联系人"
    before = snapshot()
    response = client.patch(url, {"registered_capital": "100.00"}, format="json")
    assert response.status_code == 400
    assert snapshot() == before
    draft.refresh_from_db()
    assert draft.registered_capital == Decimal("3000.00")


def test_the_api_submit_with_four_members_names_the_field(api_as, applicant, draft):
    client = api_as(applicant)
    client.patch(
        reverse("api:organization-detail", kwargs={"pk": draft.pk}), {"members": members_payload(4)}, format="json"
    )
    response = client.post(reverse("api:organization-submit", kwargs={"pk": draft.pk}))
    assert response.status_code == 400
    assert "members" in error_of(response)["fields"]
    draft.refresh_from_db()
    assert draft.status == "draft"


def test_other_people_see_a_draft_as_missing(api_as, draft, rival_org_officer, resident):
    for user in (rival_org_officer, resident, None):
        response = api_as(user).get(reverse("api:organization-detail", kwargs={"pk": draft.pk}))
        assert response.status_code == 404


def test_the_public_sees_no_members_or_contact_of_a_registered_organisation(api_as, registered, resident):
    body = api_as(resident).get(reverse("api:organization-detail", kwargs={"pk": registered.pk})).json()
    assert "members" not in body and "contact_phone" not in body
    assert body["credit_code"] == registered.credit_code


def test_the_staff_and_the_bureau_see_the_members_ids_whole(api_as, registered, applicant, district_admin):
    for user in (applicant, district_admin):
        body = api_as(user).get(reverse("api:organization-detail", kwargs={"pk": registered.pk})).json()
        assert body["members"][0]["resident_id"] == ric(1)


def test_documents_download_only_for_staff_and_bureau(page_as, draft, applicant, district_admin, resident):
    url = reverse("organizations:document", kwargs={"pk": draft.pk, "kind": "articles"})
    for user in (applicant, district_admin):
        response = page_as(user).get(url)
        assert response.status_code == 200
        assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert page_as(resident).get(url).status_code == 404
    assert page_as(None).get(url).status_code == 404


def test_a_community_given_without_its_street_brings_its_street(applicant, nanqiao):
    org = organization_apply(actor=applicant, fields={"name": "只选社区的社团", "community": nanqiao, "street": None})
    assert org.street == nanqiao.street
