"""Filters shared by every app's FilterSets."""

import django_filters
from django import forms
from drf_spectacular.utils import extend_schema_field

from .params import MAX_YEAR, MIN_YEAR

YEAR_SCHEMA = {"type": "integer", "minimum": MIN_YEAR, "maximum": MAX_YEAR}


@extend_schema_field(YEAR_SCHEMA)
class YearFilter(django_filters.NumberFilter):
    """A calendar year on a date field, within the years the database's lookups can handle."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("lookup_expr", "year")
        kwargs.setdefault("min_value", MIN_YEAR)
        kwargs.setdefault("max_value", MAX_YEAR)
        super().__init__(*args, **kwargs)
