from django.conf import settings

from accounts.queries import scope_for

from .navigation import nav_for


def navigation(request):
    scope = scope_for(request.user)
    return {"nav_items": nav_for(scope), "portal_scope": scope, "portal_name": settings.PORTAL_NAME}
