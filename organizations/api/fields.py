"""The one resident-ID field of the people API: masked unless the viewer may see it whole."""

from __future__ import annotations

from operator import attrgetter

from rest_framework import serializers

from accounts.queries import scope_for

from ..queries.people import ric_for_viewer


class ResidentIdField(serializers.CharField):
    """A person's resident ID as the viewer may see it: whole for the district's reviewers and
    the staff of `organization_source`, masked (5101**********1234) for everyone else."""

    def __init__(self, *, organization_source: str, **kwargs):
        self.organization_of = attrgetter(organization_source)
        kwargs.setdefault("source", "person.resident_id")
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def get_attribute(self, instance):
        value = super().get_attribute(instance)
        request = self.context.get("request")
        scope = scope_for(request.user if request else None)
        return ric_for_viewer(value, scope=scope, organization_id=self.organization_of(instance))
