from django.urls import path

from orders.views import demand, overview, residents

app_name = "orders"

urlpatterns = [
    path("residents/signup/", residents.resident_signup_page, name="resident-signup"),
    path("residents/register/", residents.resident_register_page, name="resident-register"),
    path(
        "residents/applications/<int:pk>/verify/",
        residents.ApplicationVerifyPage.as_view(),
        name="application-verify",
    ),
    path(
        "residents/applications/<int:pk>/reject/",
        residents.ApplicationRejectPage.as_view(),
        name="application-reject",
    ),
    path("community/overview/", overview.community_overview, name="community-overview"),
    path("demands/", demand.demand_list, name="demand-list"),
    path("demands/new/", demand.demand_create, name="demand-create"),
    path("demands/<int:pk>/", demand.demand_detail, name="demand-detail"),
    path("demands/<int:pk>/voice/", demand.DemandVoicePage.as_view(), name="demand-voice"),
    path("demands/<int:pk>/convert/", demand.demand_convert_page, name="demand-convert"),
    path("demands/<int:pk>/close/", demand.DemandClosePage.as_view(), name="demand-close"),
]
