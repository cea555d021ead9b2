import django_filters

from .models import Community


class CommunityFilter(django_filters.FilterSet):
    class Meta:
        model = Community
        fields = ["street"]
