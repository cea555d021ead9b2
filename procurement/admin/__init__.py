"""Admin: read-only views for support staff, one module per sub-domain. Every write goes through
procurement.actions; a sealed bid's price, plan, staff and documents are not shown at all."""

from . import bids, budgets, catalogue, projects  # noqa: F401  (registers the admins)
