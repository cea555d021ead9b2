"""API of the orders app, one module per sub-domain: offerings, orders."""
