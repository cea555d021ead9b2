"""Page forms of the `services` app, one module per part of the domain (as `views/`)."""
