from django.urls import path

from .api import registration as api

# --- Registration, review, standing, admission (issue #4 parts 1-4 and 6) ---------------------
urlpatterns: list = [
    path("organizations/", api.OrganizationList.as_view(), name="organization-list"),
    path("organizations/<int:pk>/", api.OrganizationDetail.as_view(), name="organization-detail"),
    path("organizations/<int:pk>/submit/", api.OrganizationSubmit.as_view(), name="organization-submit"),
    path("organizations/<int:pk>/approve/", api.OrganizationApprove.as_view(), name="organization-approve"),
    path("organizations/<int:pk>/return/", api.OrganizationReturn.as_view(), name="organization-return"),
    path("organizations/<int:pk>/reject/", api.OrganizationReject.as_view(), name="organization-reject"),
    path("organizations/<int:pk>/suspend/", api.OrganizationSuspend.as_view(), name="organization-suspend"),
    path("organizations/<int:pk>/reinstate/", api.OrganizationReinstate.as_view(), name="organization-reinstate"),
    path("organizations/<int:pk>/deregister/", api.OrganizationDeregister.as_view(), name="organization-deregister"),
    path(
        "organizations/<int:pk>/documents/<str:kind>/",
        api.OrganizationDocument.as_view(),
        name="organization-document",
    ),
    path(
        "organizations/<int:pk>/qualification/",
        api.OrganizationQualification.as_view(),
        name="organization-qualification",
    ),
    path("organizations/<int:pk>/annual-reports/", api.AnnualReportList.as_view(), name="organization-annual-reports"),
    path("organizations/<int:pk>/violations/", api.ViolationList.as_view(), name="organization-violations"),
    path("organizations/<int:pk>/score/", api.OrganizationScore.as_view(), name="organization-score"),
    path(
        "organizations/<int:pk>/communities-served/",
        api.OrganizationCommunities.as_view(),
        name="organization-communities-served",
    ),
    path("admission-standard/", api.AdmissionStandardView.as_view(), name="admission-standard"),
    path("incubations/", api.IncubationList.as_view(), name="incubation-list"),
    path("incubation-milestones/<int:pk>/done/", api.MilestoneDone.as_view(), name="incubation-milestone-done"),
]

# --- People who do the work (issue #4 part 5) -------------------------------------------------
from .api import people as people_api  # noqa: E402

urlpatterns += [
    path("social-workers/", people_api.SocialWorkerList.as_view(), name="social-worker-list"),
    path("social-workers/<int:pk>/", people_api.SocialWorkerDetail.as_view(), name="social-worker-detail"),
    path(
        "social-workers/<int:pk>/certificates/",
        people_api.CertificateCreate.as_view(),
        name="social-worker-certificates",
    ),
    path("social-workers/<int:pk>/attendance/", people_api.AttendanceCreate.as_view(), name="social-worker-attendance"),
    path("training-sessions/", people_api.TrainingSessionList.as_view(), name="training-session-list"),
    path("training-sessions/<int:pk>/", people_api.TrainingSessionDetail.as_view(), name="training-session-detail"),
    path("coordinators/", people_api.CoordinatorList.as_view(), name="coordinator-list"),
    path("coordinators/<int:person_id>/", people_api.CoordinatorDetail.as_view(), name="coordinator-detail"),
    path(
        "coordinators/<int:person_id>/transfer/",
        people_api.CoordinatorTransfer.as_view(),
        name="coordinator-transfer",
    ),
    path("coordinator-moves/", people_api.CoordinatorMoves.as_view(), name="coordinator-moves"),
    path("branches/", people_api.BranchList.as_view(), name="branch-list"),
    path("volunteers/", people_api.VolunteerList.as_view(), name="volunteer-list"),
    path("volunteers/<int:pk>/", people_api.VolunteerDetail.as_view(), name="volunteer-detail"),
    path("volunteer-cards/<str:token>/", people_api.VolunteerCard.as_view(), name="volunteer-card"),
]
