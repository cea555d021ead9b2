"""Demo data of the procurement app, one module per sub-domain, each registered as a demo loader in
`ProcurementConfig.ready()`: projects (the current demo), year_2014 (the district's 2014 purchases),
contracts (drafted from the demo's awards)."""
