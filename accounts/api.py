from django.contrib.auth import authenticate
from django.db.models import Count, Q
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import generics, permissions
from rest_framework.authtoken.models import Token
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api import CachedListMixin, SmallListPagination
from core.errors import DomainError
from core.public_cache import PLACES

from .filters import CommunityFilter
from .queries import communities_public, held_roles, streets_public
from .serializers import CommunitySerializer, MeSerializer, StreetSerializer, TokenRequestSerializer, TokenSerializer
from .throttling import SIGN_IN_THROTTLES


class TokenView(APIView):
    """Exchange a username and password for an API token (`Authorization: Token <token>`)."""

    permission_classes = [permissions.AllowAny]
    authentication_classes = []
    throttle_classes = list(SIGN_IN_THROTTLES)

    @extend_schema(request=TokenRequestSerializer, responses={200: TokenSerializer})
    def post(self, request):
        form = TokenRequestSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        # `request=` lets django-axes count the failure; once locked out, its middleware answers
        # with accounts.lockout.lockout_response (429, the one JSON error shape).
        user = authenticate(
            request=request._request,
            username=form.validated_data["username"],
            password=form.validated_data["password"],
        )
        if user is None or not user.is_active:
            raise DomainError(
                _("Wrong username or password."),
                fields={"password": _("Wrong username or password.")},
                code="bad_credentials",
            )
        token, _created = Token.objects.get_or_create(user=user)
        return Response({"token": token.key})


class StreetList(CachedListMixin, generics.ListAPIView):
    """Wuhou's street offices, with how many communities each has on record."""

    cache_topics = (PLACES,)
    # Reference data, the same answer for everyone: credentials are not read (one query saved on
    # every call by a signed-in client; a stale token is not refused here).
    authentication_classes = ()
    permission_classes = [permissions.AllowAny]
    serializer_class = StreetSerializer
    pagination_class = SmallListPagination

    def get_queryset(self):
        return streets_public().annotate(community_count=Count("communities", filter=Q(communities__is_active=True)))


class CommunityList(CachedListMixin, generics.ListAPIView):
    """Communities on record; `?street=<id>` narrows to one street."""

    cache_topics = (PLACES,)
    authentication_classes = ()  # as StreetList
    permission_classes = [permissions.AllowAny]
    serializer_class = CommunitySerializer
    pagination_class = SmallListPagination
    filterset_class = CommunityFilter

    def get_queryset(self):
        return communities_public()


class MeView(APIView):
    """The signed-in user and the roles they hold."""

    @extend_schema(responses={200: MeSerializer})
    def get(self, request):
        roles = [
            {
                "role": held.role,
                "role_display": held.role_display,
                "scope_type": held.scope_type,
                "scope_id": held.scope_id,
                "scope_name": held.scope_name,
            }
            for held in held_roles(request.user)
        ]
        user = request.user
        return Response({"id": user.pk, "username": user.username, "display_name": str(user), "roles": roles})
