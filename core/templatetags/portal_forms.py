"""Form rendering helpers for templates/includes/form.html: required marks and the error summary."""

from django import template

register = template.Library()


@register.filter
def is_required(field) -> bool:
    """Required by the field, or only at submission (a draft may be saved without it): the form
    lists the latter in `required_to_submit`, and the reader is told both ways alike."""
    return field.field.required or field.name in getattr(field.form, "required_to_submit", ())


@register.filter
def has_required(form) -> bool:
    return any(is_required(field) for field in form.visible_fields())


@register.filter
def focus_id(field) -> str:
    """The id the error summary links to: the input itself, or a choice list's first box."""
    return field.id_for_label or f"{field.auto_id}_0"
