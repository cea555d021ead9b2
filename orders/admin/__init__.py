"""Admin of the orders app, one module per sub-domain (importing them registers them)."""

from . import offerings, orders  # noqa: F401
