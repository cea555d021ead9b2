"""API schema corrections for organisations."""

from .api.serializers import DETAIL_PRIVATE_FIELDS


def private_fields_optional(result, generator, request, public):
    """drf-spectacular postprocessing hook: an organisation's application fields are left out
    for whoever may not see them, so the schema must not call them required."""
    component = result.get("components", {}).get("schemas", {}).get("OrganizationDetail")
    if component and "required" in component:
        component["required"] = [name for name in component["required"] if name not in DETAIL_PRIVATE_FIELDS]
    return result
