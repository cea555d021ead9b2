"""The contract pages: drafted from the project page, reviewed step by step, signed; the timeline
says what waits on whom; the notice is public."""

from __future__ import annotations

from django.urls import reverse

from procurement.models import Contract


def _post(client, name, pk, data=None, **kw):
    return client.post(reverse(name, kwargs={"pk": pk, **kw}), data or {})


def test_a_contract_goes_from_the_award_to_signed_through_the_pages(
    page_as,
    award,
    street_officer,
    community_officer,
    street_reviewers,
    org_officer,
    django_capture_on_commit_callbacks,
):
    street = page_as(street_officer)
    project_page = street.get(reverse("procurement:project-detail", kwargs={"pk": award.pk}))
    assert reverse("procurement:contract-draft", kwargs={"pk": award.pk}) in project_page.content.decode()
    form = street.get(reverse("procurement:contract-draft", kwargs={"pk": award.pk}))
    assert form.status_code == 200 and b"novalidate" in form.content
    data = {name: field.initial for name, field in form.context["form"].fields.items()}
    data |= {k: v for k, v in form.context["form"].initial.items() if v is not None}
    data |= {"quantity": "每周两次", "quality_standards": "满意度90%", "liability": "扣减服务费"}
    response = street.post(reverse("procurement:contract-draft", kwargs={"pk": award.pk}), data)
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    contract = Contract.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        assert _post(street, "procurement:contract-submit", contract.pk).status_code == 302
    contract.refresh_from_db()
    assert contract.status == "in_review", contract.returned_reasons

    detail = street.get(reverse("procurement:contract-detail", kwargs={"pk": contract.pk})).content.decode()
    assert 'data-testid="review-checks"' in detail and str(community_officer) in detail

    for who in (community_officer, street_reviewers["legal"], street_reviewers["finance"], street_reviewers["leader"]):
        client = page_as(who)
        assert client.get(reverse("procurement:contract-review", kwargs={"pk": contract.pk})).status_code == 200
        response = _post(client, "procurement:contract-review", contract.pk, {"decision": "approve", "comment": "同意"})
        assert response.status_code == 302
    org = page_as(org_officer)
    assert _post(org, "procurement:contract-sign", contract.pk).status_code == 302
    contract.refresh_from_db()
    assert contract.status == "active"

    public = page_as(None).get(reverse("procurement:contract-notice", kwargs={"pk": contract.pk}))
    assert public.status_code == 200 and contract.organization.name in public.content.decode()
    listing = page_as(org_officer).get(reverse("procurement:contract-list")).content.decode()
    assert contract.title in listing


def test_a_rejection_without_a_comment_is_refused_beside_the_field(
    page_as, draft_contract, street_officer, community_officer, django_capture_on_commit_callbacks
):
    street = page_as(street_officer)
    with django_capture_on_commit_callbacks(execute=True):
        _post(street, "procurement:contract-submit", draft_contract.pk)
    response = _post(
        page_as(community_officer), "procurement:contract-review", draft_contract.pk, {"decision": "reject"}
    )
    assert response.status_code == 200 and response.context["form"].errors
    assert Contract.objects.get(pk=draft_contract.pk).status == "in_review"
    # Under review nobody edits it: the edit page sends the street back with the reason.
    response = street.get(reverse("procurement:contract-edit", kwargs={"pk": draft_contract.pk}))
    assert response.status_code == 302


def test_my_contracts_costs_few_queries(page_as, draft_contract, street_officer, django_assert_max_num_queries):
    client = page_as(street_officer)
    client.get(reverse("procurement:contract-list"))
    with django_assert_max_num_queries(16):
        assert client.get(reverse("procurement:contract-list")).status_code == 200


def test_a_review_form_sent_twice_decides_one_step_even_for_whoever_holds_the_next(
    page_as, draft_contract, street_officer, community_officer, django_capture_on_commit_callbacks
):
    # Nobody holds the street's reviewer roles: 华兴's staff holds legal, finance and leader.
    street = page_as(street_officer)
    with django_capture_on_commit_callbacks(execute=True):
        _post(street, "procurement:contract-submit", draft_contract.pk)
    _post(
        page_as(community_officer),
        "procurement:contract-review",
        draft_contract.pk,
        {"decision": "approve", "step": "community"},
    )
    form = {"decision": "approve", "step": "legal"}
    assert _post(street, "procurement:contract-review", draft_contract.pk, form).status_code == 302
    again = _post(street, "procurement:contract-review", draft_contract.pk, form)
    assert again.status_code == 200 and again.context["form"].non_field_errors()
    steps = dict(draft_contract.steps.values_list("kind", "status"))
    assert steps == {"community": "approved", "legal": "approved", "finance": "open", "leader": "waiting"}
