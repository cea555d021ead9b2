from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from .models import Community, Street


class TokenRequestSerializer(serializers.Serializer):
    username = serializers.CharField(label=_("username"))
    password = serializers.CharField(label=_("password"), style={"input_type": "password"}, trim_whitespace=False)


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField()


class StreetSerializer(serializers.ModelSerializer):
    community_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Street
        fields = ["id", "name", "code", "is_active", "community_count", "note", "source", "as_of"]


class CommunitySerializer(serializers.ModelSerializer):
    street_name = serializers.CharField(source="street.name", read_only=True)

    class Meta:
        model = Community
        fields = ["id", "name", "code", "street", "street_name", "is_active", "note", "source", "as_of"]


class RoleSerializer(serializers.Serializer):
    role = serializers.CharField()
    role_display = serializers.CharField()
    scope_type = serializers.CharField(allow_null=True)
    scope_id = serializers.IntegerField(allow_null=True)
    scope_name = serializers.CharField(allow_null=True)


class MeSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    username = serializers.CharField()
    display_name = serializers.CharField()
    roles = RoleSerializer(many=True)
