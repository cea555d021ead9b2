"""Demo records of the `organizations` app, one module per part of the domain: the organisations
(registration.py), then the people who work for them (people.py). OrganizationsConfig.ready()
registers both loaders, in that order."""
