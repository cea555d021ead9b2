"""The registration form as a person fills it: every member box is labelled, "add a member" is a
button that keeps what was typed, and what submission needs is marked before it is refused."""

import re

from django.urls import reverse

from organizations.models import Organization


def test_every_member_box_has_a_label(applicant, page_as):
    html = page_as(applicant).get(reverse("organizations:apply")).content.decode()
    ids = re.findall(r'<input[^>]+name="members-\d+-[a-z_]+"[^>]*id="([^"]+)"', html)
    ids += re.findall(r'<input[^>]+id="([^"]+)"[^>]*name="members-\d+-[a-z_]+"', html)
    assert len(set(ids)) >= 21  # seven rows of three boxes
    for input_id in set(ids):
        assert f'<label class="visually-hidden" for="{input_id}">' in html, input_id


def test_add_a_member_is_a_button_that_adds_a_row_and_keeps_what_was_typed(applicant, page_as):
    client = page_as(applicant)
    html = client.get(reverse("organizations:apply")).content.decode()
    assert re.search(r'<button type="submit"[^>]*value="add_member"', html)
    rows = len(re.findall(r'data-testid="member-row-', html))
    response = client.post(
        reverse("organizations:apply"),
        {
            "intent": "add_member",
            "name": "睦邻互助社",
            "members-TOTAL_FORMS": str(rows),
            "members-INITIAL_FORMS": "0",
            "members-0-name": "王芳",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert len(re.findall(r'data-testid="member-row-', html)) == rows + 1
    assert 'value="睦邻互助社"' in html and 'value="王芳"' in html
    assert "error-summary" not in html
    assert not Organization.objects.exists()


def test_fields_needed_to_submit_are_marked_like_required_ones(applicant, page_as):
    html = page_as(applicant).get(reverse("organizations:apply")).content.decode()
    for field in ("office_kind", "contact_phone"):
        label = re.search(rf'<label for="id_{field}">(.*?)</label>', html, re.S).group(1)
        assert 'class="req"' in label, field
    legend = re.search(r'<legend class="label">服务领域(.*?)</legend>', html, re.S)
    assert legend and 'class="req"' in legend.group(1)
    label = re.search(r'<label for="id_origin_city">(.*?)</label>', html, re.S).group(1)
    assert 'class="req"' not in label


def test_the_review_decisions_look_different_and_ask_different_questions(submitted, district_admin, page_as):
    html = page_as(district_admin).get(reverse("organizations:detail", args=[submitted.pk])).content.decode()
    assert 'class="btn approve" data-testid="step-approve"' in html
    assert 'class="btn return" data-testid="step-return"' in html
    labels = re.findall(r'<label for="comment-(approve|return|reject)">([^<]+)</label>', html)
    assert len({text for _action, text in labels}) == len(labels) == 3


def _desk(client):
    html = client.get("/").content.decode()
    return dict(
        re.findall(r'<span>([^<]+)</span> <span class="count[^"]*" data-testid="desk-count">(\d+)</span>', html)
    )


def test_the_bureau_desk_counts_applications_to_review_and_not_a_community_inbox(submitted, district_admin, page_as):
    desk = _desk(page_as(district_admin))
    assert desk["待审核的登记申请"] == "1"
    assert desk["待裁决的申诉"] == "0"
    assert "待答复的任务" not in desk


def test_an_organisation_desk_counts_its_application_to_complete(draft, applicant, page_as):
    assert _desk(page_as(applicant))["待完善的登记申请"] == "1"


def test_a_registered_organisation_page_shows_what_it_offers_and_whom_to_call(registered, client):
    html = client.get(reverse("organizations:detail", args=[registered.pk])).content.decode()
    offers = re.search(r'data-testid="org-offers">(.*?)</td>', html, re.S).group(1)
    contact = re.search(r'data-testid="org-contact">(.*?)</td>', html, re.S).group(1)
    assert registered.business_scope and registered.business_scope.splitlines()[0] in offers
    assert registered.contact_phone and f'href="tel:{registered.contact_phone}"' in contact
