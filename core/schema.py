"""The API schema tells the truth about errors: every operation may answer in the one error
shape, and the schema says with which statuses, so that clients and the fuzzer in CI can
hold the API to it."""

ERROR_SCHEMA = {
    "type": "object",
    "description": "The one error shape. `fields` maps a field to its messages; a nested field "
    "maps to an object keyed by sub-field name or list position, e.g. "
    '`{"members": {"0": {"name": ["..."]}}}`.',
    "properties": {
        "message": {"type": "string"},
        "code": {"type": "string"},
        "fields": {"type": "object", "additionalProperties": {"$ref": "#/components/schemas/ErrorFieldMessages"}},
    },
    "required": ["message", "code", "fields"],
}
ERROR_FIELD_MESSAGES_SCHEMA = {
    "oneOf": [
        {"type": "array", "items": {"type": "string"}},
        {"type": "object", "additionalProperties": {"$ref": "#/components/schemas/ErrorFieldMessages"}},
    ]
}

ERROR_STATUSES = {
    "400": "Invalid input (query parameter, body or page size); `fields` names the culprits.",
    "401": "Not signed in, or a bad token.",
    "403": "Signed in, but not allowed to do this.",
    "404": "No such object, or not one you may see (answered alike); also an invalid page or cursor.",
    "409": "The object's state forbids this change now.",
    "429": "Too many requests (sign-in attempts); retry later.",
}
READ_METHODS = {"get", "head", "options"}


def error_responses(result, generator, request, public):
    """drf-spectacular postprocessing hook: add the error answers to every operation."""
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    schemas["Error"] = ERROR_SCHEMA
    schemas["ErrorFieldMessages"] = ERROR_FIELD_MESSAGES_SCHEMA
    content = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
    for operations in result.get("paths", {}).values():
        for method, operation in operations.items():
            responses = operation.setdefault("responses", {})
            for status, description in ERROR_STATUSES.items():
                if status == "409" and method in READ_METHODS:
                    continue
                responses.setdefault(status, {"content": content, "description": description})
    return result


def decimals_accept_numbers(result, generator, request, public):
    """drf-spectacular postprocessing hook: DRF's DecimalField takes `"12.50"` or `12.5` as
    input, and amounts are often sent as numbers: request bodies say so."""
    for name, component in result.get("components", {}).get("schemas", {}).items():
        if not name.endswith("Request"):
            continue
        for prop_name, prop in list(component.get("properties", {}).items()):
            if prop.get("type") == "string" and prop.get("format") == "decimal":
                as_string = {key: prop[key] for key in ("type", "format", "pattern") if key in prop}
                rest = {key: value for key, value in prop.items() if key not in as_string}
                component["properties"][prop_name] = {"oneOf": [as_string, {"type": "number"}], **rest}
    return result
