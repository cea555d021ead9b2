"""Demo data of the orders app, one module per sub-domain, each registered as a demo loader in
`OrdersConfig.ready()`: residents (applications, residents, demand) and orders (offerings, orders)."""
