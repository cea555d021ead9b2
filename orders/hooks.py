"""What the orders app plugs into procurement's hooks (procurement/hooks.py), registered in
`OrdersConfig.ready()`: procurement never imports orders.

- A contract signed opens its service to the residents of its community: one free offering per
  contract (`offering_from_contract`, idempotent: the offering's contract is unique).
- Pay follows verified delivery: the deliveries residents confirmed under the contract's offering
  are its delivered quantity (what a milestone with required deliveries waits for).
- The residents' ratings (1–5 stars) feed the performance evaluation on a 0–100 scale (× 20).
"""

from __future__ import annotations

from decimal import Decimal


def contract_signed(contract_id: int) -> None:
    from procurement.models import Contract

    from .actions.offerings import offering_from_contract

    contract = Contract.objects.select_related("project").get(pk=contract_id)
    offering_from_contract(
        organization_id=contract.organization_id,
        community_ids=[contract.community_id],
        title=contract.title,
        domain=contract.project.domain,
        description=contract.service_content,
        contract_id=contract.pk,
    )


def contract_deliveries(contract_id: int) -> int:
    from .queries.orders import confirmed_deliveries

    return confirmed_deliveries(contract_id=contract_id)


def contract_ratings(contract_id: int) -> Decimal | None:
    from .queries.orders import average_rating

    stars = average_rating(contract_id=contract_id)
    return None if stars is None else stars * 20


def register_hooks() -> None:
    from procurement.hooks import contract_signed_register, deliveries_register, ratings_register

    contract_signed_register(contract_signed)
    deliveries_register(contract_deliveries)
    ratings_register(contract_ratings)
