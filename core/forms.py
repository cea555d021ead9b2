from django import forms

from .errors import DomainError


def apply_domain_error(form: forms.BaseForm, error: DomainError) -> None:
    """Show a domain error on the form: field messages beside their fields, the rest on top."""
    placed = False
    for name, msgs in error.fields.items():
        for msg in msgs:
            form.add_error(name if name in form.fields else None, msg)
            placed = True
    if not placed or error.message not in [m for msgs in error.fields.values() for m in msgs]:
        form.add_error(None, error.message)
