"""Page forms of the `organizations` app, one module per part of the domain (as `views/`)."""
