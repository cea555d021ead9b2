"""Models of the `organizations` app, one module per part of the domain.

- registration.py: the organisation, its application, review, standing and admission standards.
- people.py: social workers, certificates, training, coordinators' employment, volunteers.
- staff.py: the users who act for an organisation (its staff).
"""

from .people import *  # noqa: F403
from .registration import (  # noqa: F401
    AdmissionStandard,
    AnnualReport,
    Incubation,
    IncubationMilestone,
    Member,
    Notification,
    Organization,
    OrganizationDomain,
    RegistrationCounter,
    ServiceDomain,
    Violation,
)
from .staff import StaffMembership  # noqa: F401
