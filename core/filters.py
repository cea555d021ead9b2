"""Filters shared by every app's FilterSets."""

import django_filters
from django import forms

from .params import MAX_YEAR, MIN_YEAR


class YearFilter(django_filters.NumberFilter):
    """A calendar year on a date field, within the years the database's lookups can handle."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("lookup_expr", "year")
        kwargs.setdefault("min_value", MIN_YEAR)
        kwargs.setdefault("max_value", MAX_YEAR)
        super().__init__(*args, **kwargs)
