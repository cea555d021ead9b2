import pytest

from tests.procurement.factories import BudgetLineFactory, make_published, make_qualified


@pytest.fixture
def qualified_muling(muling):
    return make_qualified(muling)


@pytest.fixture
def qualified_rival(rival_org):
    return make_qualified(rival_org)


@pytest.fixture
def line(huaxing):
    return BudgetLineFactory(street=huaxing, domain="elderly")


@pytest.fixture
def published(street_officer, nanqiao, line):
    return make_published(actor=street_officer, community=nanqiao, line=line)
