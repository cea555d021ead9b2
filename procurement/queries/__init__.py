"""The queries of the procurement app, one module per sub-domain (docs/decisions/011):
budgets, catalogue, projects, bids, evaluation, contracts."""
