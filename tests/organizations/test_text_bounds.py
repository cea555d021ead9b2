"""An application's and the bureau's free text is bounded, with the error beside the field."""

import pytest
from django.urls import reverse

from core.errors import DomainError
from organizations.models import Organization
from tests.helpers import error_of
from tests.organizations.registration_helpers import apply, snapshot


@pytest.mark.parametrize(
    "field,length,limit",
    [("articles", 20001, "20000"), ("business_scope", 2001, "2000"), ("office_address", 201, "200")],
)
def test_an_applications_long_text_is_refused_and_nothing_saved(applicant, nanqiao, field, length, limit):
    before = snapshot()
    with pytest.raises(DomainError) as refused:
        apply(applicant, nanqiao, **{field: "字" * length})
    assert limit in refused.value.fields[field][0]
    assert snapshot() == before


def test_a_suspension_reason_of_a_novels_length_is_refused(api_as, registered, district_admin):
    response = api_as(district_admin).post(
        reverse("api:organization-suspend", kwargs={"pk": registered.pk}), {"reason": "字" * 2001}
    )
    assert response.status_code == 400
    assert "2000" in error_of(response)["fields"]["reason"][0]
    registered.refresh_from_db()
    assert registered.status == Organization.Status.REGISTERED
