"""Writes of the orders app, one module per sub-domain: residents, demand, offerings, orders."""
