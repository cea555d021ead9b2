"""Pages of the orders app, one module per sub-domain: residents, demand, and the community overview."""
