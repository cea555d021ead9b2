"""Choice labels for lists, cached per language.

Django's `get_<field>_display()` rebuilds a hashable copy of every choice (translating each lazy
label) on each call: on a list of 50 projects with a status and a method that was a fifth of the
API's time (bench/README.md). A label here is translated once per language and value."""

from __future__ import annotations

from functools import lru_cache

from django.db.models import TextChoices
from django.utils.translation import get_language


@lru_cache(maxsize=1024)
def _label(choices: type[TextChoices], value: str, language: str | None) -> str:
    try:
        return str(choices(value).label)
    except ValueError:
        return value


def choice_label(choices: type[TextChoices], value: str) -> str:
    return _label(choices, value, get_language())
