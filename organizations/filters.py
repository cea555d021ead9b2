"""Filters of the organisation directory, shared by the API list and the directory page."""

import django_filters
from django.db.models import Exists, OuterRef
from django.forms import NullBooleanSelect
from django.utils.translation import gettext_lazy as _

from accounts.models import Community, Street

from .models import Incubation, Organization, OrganizationDomain, ServiceDomain


class AnyYesNo(NullBooleanSelect):
    """A yes/no filter whose empty choice reads "any" rather than "unknown"."""

    def __init__(self, attrs=None):
        super().__init__(attrs)
        self.choices = [("", _("Any")), ("true", _("Yes")), ("false", _("No"))]


class OrganizationFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Name contains"), method="filter_name")
    domain = django_filters.ChoiceFilter(
        label=_("Service domain"), choices=ServiceDomain.choices, method="filter_domain"
    )
    street = django_filters.ModelChoiceFilter(label=_("Street"), queryset=Street.objects.filter(is_active=True))
    community = django_filters.ModelChoiceFilter(
        label=_("Community"), queryset=Community.objects.filter(is_active=True).select_related("street")
    )
    served = django_filters.ModelChoiceFilter(
        label=_("Serves community"),
        queryset=Community.objects.filter(is_active=True),
        field_name="communities_served",
    )
    brand = django_filters.BooleanFilter(
        label=_("Brought in from another city"), field_name="is_brand", widget=AnyYesNo
    )
    incubated = django_filters.BooleanFilter(label=_("Incubated"), method="filter_incubated", widget=AnyYesNo)
    status = django_filters.ChoiceFilter(label=_("Status"), choices=Organization.Status.choices)

    class Meta:
        model = Organization
        fields = ["q", "domain", "street", "community", "served", "brand", "incubated", "status"]

    def filter_name(self, queryset, name, value):
        # A substring match: Chinese names have no word boundaries, and LIKE treats CJK
        # characters as plain characters on SQLite and PostgreSQL alike.
        value = " ".join(value.split())
        return queryset.filter(name__icontains=value) if value else queryset

    def filter_domain(self, queryset, name, value):
        return queryset.filter(Exists(OrganizationDomain.objects.filter(organization=OuterRef("pk"), domain=value)))

    def filter_incubated(self, queryset, name, value):
        incubated = Exists(Incubation.objects.filter(incubatee=OuterRef("pk")))
        return queryset.filter(incubated if value else ~incubated)
