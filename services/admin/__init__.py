"""Django admin of the `services` app, one module per part of the domain.

Importing the modules registers their ModelAdmins; Django's admin autodiscovery imports this package.
"""

from . import calendar, duties  # noqa: F401
