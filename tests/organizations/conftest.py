"""Fixtures of the registration tests: organisations in each state of the lifecycle."""

import pytest

from organizations.actions.registration import organization_approve
from tests.organizations.registration_helpers import apply


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def applicant(stranger):
    stranger.email = "newcomer@example.cn"
    stranger.save()
    return stranger


@pytest.fixture
def draft(applicant, nanqiao):
    return apply(applicant, nanqiao)


@pytest.fixture
def submitted(applicant, nanqiao):
    return apply(applicant, nanqiao, submit=True)


@pytest.fixture
def registered(submitted, district_admin):
    return organization_approve(actor=district_admin, organization=submitted)
