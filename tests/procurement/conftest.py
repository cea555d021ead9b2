import pytest

from accounts.models import Role
from tests.factories import user_with_role
from tests.procurement.factories import BudgetLineFactory, make_awarded, make_contract, make_published, make_qualified


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


@pytest.fixture
def award(street_officer, nanqiao, line, org_officer, qualified_muling):
    """华兴's project for 南桥 awarded to 睦林 at 180 000 元, the money committed."""
    return make_awarded(
        actor=street_officer, community=nanqiao, organization=qualified_muling, bidder=org_officer, line=line
    )


@pytest.fixture
def street_reviewers(huaxing):
    """华兴's legal, finance and leader reviewers (the community step is the community's staff)."""
    return {
        "legal": user_with_role("street_huaxing_legal", Role.STREET_LEGAL, huaxing),
        "finance": user_with_role("street_huaxing_finance", Role.STREET_FINANCE, huaxing),
        "leader": user_with_role("street_huaxing_leader", Role.STREET_LEADER, huaxing),
    }


@pytest.fixture
def draft_contract(street_officer, award):
    return make_contract(actor=street_officer, project=award)
