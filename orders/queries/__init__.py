"""Reads of the orders app, scoped by who asks, one module per sub-domain: residents, demand,
offerings, orders."""
