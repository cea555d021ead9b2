from django.urls import path

from orders.api import demand, residents

urlpatterns = [
    path("resident-applications/", residents.ResidentApplicationList.as_view(), name="resident-application-list"),
    path(
        "resident-applications/<int:pk>/",
        residents.ResidentApplicationDetail.as_view(),
        name="resident-application-detail",
    ),
    path(
        "resident-applications/<int:pk>/verify/",
        residents.ResidentApplicationVerify.as_view(),
        name="resident-application-verify",
    ),
    path(
        "resident-applications/<int:pk>/reject/",
        residents.ResidentApplicationReject.as_view(),
        name="resident-application-reject",
    ),
    path("residents/", residents.ResidentRegister.as_view(), name="resident-register"),
    path("demands/", demand.DemandList.as_view(), name="demand-list"),
    path("demands/groups/", demand.DemandGroups.as_view(), name="demand-groups"),
    path("demands/<int:pk>/", demand.DemandDetail.as_view(), name="demand-detail"),
    path("demands/<int:pk>/voice/", demand.DemandVoiceAdd.as_view(), name="demand-voice"),
    path("demands/<int:pk>/convert/", demand.DemandConvert.as_view(), name="demand-convert"),
    path("demands/<int:pk>/close/", demand.DemandClose.as_view(), name="demand-close"),
]
