"""Django admin of the `organizations` app, one module per part of the domain.

Importing the modules registers their ModelAdmins; Django's admin autodiscovery imports this package.
"""

from . import people, registration  # noqa: F401
