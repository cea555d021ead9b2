"""Models of the `organizations` app, one module per part of the domain.

- registration.py: the organisation, its application, review, standing and admission standards.
- people.py: social workers, certificates, training, coordinators' employment, volunteers.
"""

from .people import *  # noqa: F401,F403
from .registration import Organization  # noqa: F401
