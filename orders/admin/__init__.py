"""Admin: read-only views for support staff, one module per sub-domain (importing them registers
them). Every write goes through orders.actions."""

from . import demand, offerings, orders, residents  # noqa: F401
