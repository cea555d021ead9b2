import pytest

from tests.orders.factories import make_offering, make_slot


@pytest.fixture
def offering(org_officer, muling, nanqiao):
    return make_offering(actor=org_officer, organization=muling, communities=[nanqiao])


@pytest.fixture
def slot(org_officer, offering):
    return make_slot(actor=org_officer, offering=offering)
