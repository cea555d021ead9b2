from django.urls import path

from .api import (
    attendance,
    branches,
    certificates,
    coordinators,
    social_workers,
    training_sessions,
    volunteers,
)
from .api import registration as api

# --- Registration, review, standing, admission ------------------------------------------------
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

# --- People who do the work -------------------------------------------------------------------
urlpatterns += [
    path("social-workers/", social_workers.SocialWorkerList.as_view(), name="social-worker-list"),
    path("social-workers/<int:pk>/", social_workers.SocialWorkerDetail.as_view(), name="social-worker-detail"),
    path(
        "social-workers/<int:pk>/certificates/",
        certificates.CertificateCreate.as_view(),
        name="social-worker-certificates",
    ),
    path("social-workers/<int:pk>/attendance/", attendance.AttendanceCreate.as_view(), name="social-worker-attendance"),
    path("training-sessions/", training_sessions.TrainingSessionList.as_view(), name="training-session-list"),
    path(
        "training-sessions/<int:pk>/", training_sessions.TrainingSessionDetail.as_view(), name="training-session-detail"
    ),
    path("coordinators/", coordinators.CoordinatorList.as_view(), name="coordinator-list"),
    path("coordinators/<int:person_id>/", coordinators.CoordinatorDetail.as_view(), name="coordinator-detail"),
    path(
        "coordinators/<int:person_id>/transfer/",
        coordinators.CoordinatorTransfer.as_view(),
        name="coordinator-transfer",
    ),
    path("coordinator-moves/", coordinators.CoordinatorMoves.as_view(), name="coordinator-moves"),
    path("branches/", branches.BranchList.as_view(), name="branch-list"),
    path("volunteers/", volunteers.VolunteerList.as_view(), name="volunteer-list"),
    path("volunteers/<int:pk>/", volunteers.VolunteerDetail.as_view(), name="volunteer-detail"),
    path("volunteer-cards/<str:token>/", volunteers.VolunteerCard.as_view(), name="volunteer-card"),
]
