"""The application pages: errors beside the fields in Chinese, nothing saved on error."""

from django.urls import reverse

from organizations.models import Organization
from tests.organizations.registration_helpers import bad_check, members, pdf, ric, snapshot


def _post(nanqiao, *, count=5, intent="submit", **overrides):
    data = {
        "name": "南桥邻里守望社",
        "domains": ["elderly", "relief"],
        "street": nanqiao.street_id,
        "community": nanqiao.pk,
        "registered_capital": "3000.00",
        "office_kind": "lent",
        "office_address": "",
        "articles": "章程",
        "business_scope": "助老",
        "contact_name": "黄素芬",
        "contact_phone": "028-85550000",
        "contact_email": "",
        "origin_city": "",
        "articles_file": pdf(),
        "capital_proof_file": pdf("capital.pdf"),
        "intent": intent,
        "members-TOTAL_FORMS": "7",
        "members-INITIAL_FORMS": "0",
        "members-MIN_NUM_FORMS": "0",
        "members-MAX_NUM_FORMS": "50",
    }
    for i, m in enumerate(members(count)):
        data[f"members-{i}-name"] = m.name
        data[f"members-{i}-resident_id"] = m.resident_id
        if m.is_legal_representative:
            data[f"members-{i}-is_legal_representative"] = "on"
    data.update(overrides)
    return data


def test_an_anonymous_visitor_is_sent_to_sign_in(page_as):
    response = page_as(None).get(reverse("organizations:apply"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_form_shows_seven_member_rows(page_as, applicant, nanqiao):
    html = page_as(applicant).get(reverse("organizations:apply")).content.decode()
    assert 'data-testid="member-row-7"' in html


def test_four_members_are_refused_on_submit_and_nothing_is_saved(page_as, applicant, nanqiao):
    before = snapshot()
    response = page_as(applicant).post(reverse("organizations:apply"), _post(nanqiao, count=4))
    assert response.status_code == 200
    html = response.content.decode()
    assert "社会组织至少需要 5 名会员，本申请只有 4 名。" in html
    assert 'data-field="members"' in html
    assert snapshot() == before


def test_five_members_submit_and_land_on_the_organisations_page(page_as, applicant, nanqiao):
    response = page_as(applicant).post(reverse("organizations:apply"), _post(nanqiao))
    org = Organization.objects.get(name="南桥邻里守望社")
    assert response.status_code == 302
    assert response["Location"] == reverse("organizations:detail", kwargs={"pk": org.pk})
    assert org.status == "submitted"
    assert org.members.count() == 5


def test_four_members_may_be_kept_as_a_draft(page_as, applicant, nanqiao):
    response = page_as(applicant).post(reverse("organizations:apply"), _post(nanqiao, count=4, intent="draft"))
    assert response.status_code == 302
    assert Organization.objects.get(name="南桥邻里守望社").status == "draft"


def test_a_low_capital_shows_beside_its_field(page_as, applicant, nanqiao):
    before = snapshot()
    html = (
        page_as(applicant)
        .post(reverse("organizations:apply"), _post(nanqiao, registered_capital="2999.99"))
        .content.decode()
    )
    assert '<p class="field-error" data-field="registered_capital">注册资金不得少于 3000.00 元。</p>' in html
    assert snapshot() == before


def test_a_bad_check_digit_names_the_row(page_as, applicant, nanqiao):
    html = (
        page_as(applicant)
        .post(reverse("organizations:apply"), _post(nanqiao, **{"members-1-resident_id": bad_check(ric(2))}))
        .content.decode()
    )
    assert "第 2 行：身份证号码的校验位不对，请核对号码。" in html


def test_a_taken_name_shows_beside_the_name(page_as, applicant, nanqiao, muling):
    html = (
        page_as(applicant).post(reverse("organizations:apply"), _post(nanqiao, name="睦林长者互助社")).content.decode()
    )
    assert '<p class="field-error" data-field="name">名称“睦林长者互助社”已被区内其他社会组织使用。</p>' in html


def test_the_staff_edit_a_returned_application_and_resubmit(page_as, submitted, applicant, district_admin):
    from organizations.actions.registration import organization_return

    organization_return(actor=district_admin, organization=submitted, comment="请补充联系人")
    client = page_as(applicant)
    url = reverse("organizations:edit", kwargs={"pk": submitted.pk})
    html = client.get(url).content.decode()
    assert "请补充联系人" in html and 'value="黄素芬"' in html
    data = _post(submitted.community, contact_name="李建国")
    del data["articles_file"], data["capital_proof_file"]
    response = client.post(url, data)
    assert response.status_code == 302
    submitted.refresh_from_db()
    assert submitted.status == "submitted" and submitted.contact_name == "李建国"
    assert submitted.articles_file  # kept


def test_others_cannot_open_the_edit_page(page_as, draft, rival_org_officer, district_admin):
    url = reverse("organizations:edit", kwargs={"pk": draft.pk})
    assert page_as(rival_org_officer).get(url).status_code == 404
    assert page_as(district_admin).get(url).status_code == 403


def test_the_admission_standard_page_edits_for_the_bureau_only(page_as, district_admin, org_officer):
    url = reverse("organizations:admission-standard")
    assert page_as(org_officer).post(url, {"min_months_registered": 1}).status_code == 403
    data = {
        "min_months_registered": 12,
        "require_annual_report": "on",
        "min_certified_social_workers": 2,
        "violation_lookback_years": 3,
        "min_performance_score": "70",
    }
    assert page_as(district_admin).post(url, data).status_code == 302
    html = page_as(None).get(url).content.decode()
    assert "70" in html and "12" in html
