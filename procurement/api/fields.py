"""Fields the procurement API modules share."""

from __future__ import annotations

from rest_framework import serializers

from ..labels import choice_label


class LabelField(serializers.CharField):
    """The translated label of a choice (`status_display`, ...), read-only and cached per language:
    the same string `get_<field>_display()` gives, without its cost per row."""

    def __init__(self, choices, **kwargs):
        self.label_choices = choices
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def to_representation(self, value):
        return choice_label(self.label_choices, value)
