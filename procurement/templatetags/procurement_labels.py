"""Cached choice labels for the procurement lists (see procurement/labels.py):
`{{ project.status|project_status }}`, `{{ project.method|project_method }}`,
`{{ bid.status|bid_status }}`, `{{ contract.status|contract_status }}`, `{{ line.domain|service_domain }}`."""

from django import template

from organizations.models import ServiceDomain

from ..labels import choice_label
from ..models import Bid, Contract, Method, Project

register = template.Library()


@register.filter
def project_status(value):
    return choice_label(Project.Status, value)


@register.filter
def project_method(value):
    return choice_label(Method, value)


@register.filter
def bid_status(value):
    return choice_label(Bid.Status, value)


@register.filter
def service_domain(value):
    return choice_label(ServiceDomain, value)


@register.filter
def contract_status(value):
    return choice_label(Contract.Status, value)
