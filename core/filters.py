"""Filters shared by every app's FilterSets."""

import re

import django_filters
from django import forms
from django.utils.translation import gettext as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema_field
from rest_framework.exceptions import ValidationError

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


WHOLE_NUMBER = re.compile(r"-?[0-9]+")
BOOLEAN_VALUES = {"true", "false", "True", "False", "1", "0"}


class StrictFilterBackend(DjangoFilterBackend):
    """django-filter, but a value the schema calls invalid is a 400 rather than ignored: a
    boolean filter reads `?certified=maybe` as "no filter", and a number filter takes `0.5` for
    an id. Every number filter here filters on an id or a year, so whole numbers only."""

    def filter_queryset(self, request, queryset, view):
        # No filter named in the query: nothing to filter and no form to build (a form deep-copies
        # its fields and their choices, a good part of a short list's request).
        filterset_class = self.get_filterset_class(view, queryset)
        if filterset_class is not None and not any(
            name in request.query_params for name in filterset_class.base_filters
        ):
            return queryset
        return super().filter_queryset(request, queryset, view)

    def get_filterset(self, request, queryset, view):
        filterset = super().get_filterset(request, queryset, view)
        if filterset is not None:
            errors = {}
            for name, filter_ in filterset.filters.items():
                raw = request.query_params.getlist(name)
                if isinstance(filter_, django_filters.BooleanFilter):
                    bad = [value for value in raw if value not in BOOLEAN_VALUES]
                    message = _("Give true or false.")
                elif isinstance(filter_, django_filters.NumberFilter):
                    bad = [value for value in raw if not WHOLE_NUMBER.fullmatch(value)]
                    message = _("Give a whole number.")
                else:
                    continue
                if bad:
                    errors[name] = [message]
            if errors:
                raise ValidationError(errors)
        return filterset
