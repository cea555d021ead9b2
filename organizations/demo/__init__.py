"""Demo records of the `organizations` app, one module per part of the domain.

`demo_load` (registration.py) loads the organisations, then the people who work for them (people.py).
"""

from .registration import demo_load  # noqa: F401
