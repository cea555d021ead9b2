"""Admin: read-only views for support staff, one module per sub-domain. Every write goes through
orders.actions (verification, demand and its voices are audited there)."""

from . import demand, residents  # noqa: F401  (registers the admins)
