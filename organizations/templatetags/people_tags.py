"""`{% ric person.resident_id organization_id %}`: a resident ID as the viewer may see it."""

from django import template

from accounts.queries import scope_for

from ..queries.people import ric_for_viewer

register = template.Library()


@register.simple_tag(takes_context=True)
def ric(context, value: str, organization_id: int | None = None) -> str:
    request = context.get("request")
    scope = scope_for(request.user if request else None)
    return ric_for_viewer(value, scope=scope, organization_id=organization_id)
