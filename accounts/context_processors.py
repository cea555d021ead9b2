from django.utils.functional import SimpleLazyObject

from core.navigation import nav_for

from .queries import held_roles, scope_for


def navigation(request):
    """The menu entries the user's roles allow, the scope itself, and (read only by the pages that
    show them, hence lazy) the roles the user holds."""
    scope = scope_for(request.user)
    user = request.user
    return {
        "nav_items": nav_for(scope),
        "portal_scope": scope,
        "portal_roles": SimpleLazyObject(lambda: held_roles(user)),
    }
