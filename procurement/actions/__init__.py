"""The actions of the procurement app, one module per sub-domain (docs/decisions/011):
budgets, catalogue, projects, bids, evaluation, contracts (with review.py: the checks and steps)."""
