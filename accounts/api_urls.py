from django.urls import path

from . import api

urlpatterns = [
    path("auth/token/", api.TokenView.as_view(), name="auth-token"),
    path("me/", api.MeView.as_view(), name="me"),
    path("streets/", api.StreetList.as_view(), name="street-list"),
    path("communities/", api.CommunityList.as_view(), name="community-list"),
]
