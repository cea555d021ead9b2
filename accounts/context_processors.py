from core.navigation import nav_for

from .queries import scope_for


def navigation(request):
    """The menu entries the user's roles allow, and the scope itself for templates that ask."""
    scope = scope_for(request.user)
    return {"nav_items": nav_for(scope), "portal_scope": scope}
