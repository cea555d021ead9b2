"""Sign-in throttles, shared by the API's token endpoint and the login page.

The policy (docs/decisions/013-login-throttling.md): django-axes locks a username out from one
client address after AXES_FAILURE_LIMIT failures, so one shared street-office address never
locks out colleagues with other usernames; these throttles cap attempts per client address
(many usernames from one place: password spraying) and per username from every address
together (one account guessed from many places). Counts live in the shared cache, and the
client address is the one PROXY_COUNT says, never a header a client can forge.
"""

import hashlib

from rest_framework import throttling
from rest_framework.settings import api_settings


class _RateFromSettings:
    """Read the rate when asked, not when the class is defined, so a changed setting applies."""

    def get_rate(self):
        return api_settings.DEFAULT_THROTTLE_RATES[self.scope]


class SignInAddressThrottle(_RateFromSettings, throttling.AnonRateThrottle):
    """Attempts per client address, whatever the username."""

    scope = "auth"


class SignInUsernameThrottle(_RateFromSettings, throttling.SimpleRateThrottle):
    """Attempts per username, from every address together."""

    scope = "auth_username"

    def get_cache_key(self, request, view):
        data = getattr(request, "data", None)
        if data is None or not hasattr(data, "get"):
            data = request.POST
        username = data.get("username")
        if not isinstance(username, str) or not username.strip():
            return None
        # Hashed: the cache never holds what someone typed as a username.
        ident = hashlib.sha256(username.strip().casefold().encode()).hexdigest()
        return self.cache_format % {"scope": self.scope, "ident": ident}


SIGN_IN_THROTTLES = (SignInAddressThrottle, SignInUsernameThrottle)


def sign_in_allowed(request) -> bool:
    """For the login page: the same throttles as the API, consulted before authenticating."""
    return all(throttle().allow_request(request, None) for throttle in SIGN_IN_THROTTLES)
