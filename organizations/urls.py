from django.urls import path

from .views import registration as views

app_name = "organizations"

# --- Registration, review, standing, directory ------------------------------------------------
urlpatterns: list = [
    path("organizations/", views.directory, name="directory"),
    path("organizations/apply/", views.apply, name="apply"),
    path("organizations/mine/", views.mine, name="mine"),
    path("organizations/review/", views.review, name="review"),
    path("organizations/admission-standard/", views.admission_standard, name="admission-standard"),
    path("organizations/<int:pk>/", views.detail, name="detail"),
    path("organizations/<int:pk>/edit/", views.edit, name="edit"),
    path("organizations/<int:pk>/certificate/", views.certificate, name="certificate"),
    path("organizations/<int:pk>/annual-report/", views.annual_report, name="annual-report"),
    path("organizations/<int:pk>/communities/", views.communities, name="communities"),
    path("organizations/<int:pk>/documents/<str:kind>/", views.document, name="document"),
    path("organizations/<int:pk>/steps/<str:action>/", views.OrganizationStepView.as_view(), name="step"),
    path("communities/<int:pk>/service-centre/", views.service_centre, name="service-centre"),
]

# --- People who do the work -------------------------------------------------------------------
from .views import people as people_views  # noqa: E402

urlpatterns += [
    path("people/social-workers/", people_views.social_worker_list, name="social-worker-list"),
    path("people/social-workers/new/", people_views.social_worker_create, name="social-worker-create"),
    path("people/social-workers/<int:pk>/", people_views.social_worker_detail, name="social-worker-detail"),
    path("people/social-workers/<int:pk>/edit/", people_views.social_worker_edit, name="social-worker-edit"),
    path(
        "people/social-workers/<int:pk>/certificates/new/",
        people_views.certificate_add,
        name="social-worker-certificate-add",
    ),
    path(
        "people/social-workers/<int:pk>/attendance/new/",
        people_views.attendance_add,
        name="social-worker-attendance-add",
    ),
    path("people/training/", people_views.training_list, name="training-list"),
    path("people/training/new/", people_views.training_create, name="training-create"),
    path("people/coordinators/", people_views.coordinator_list, name="coordinator-list"),
    path("people/coordinators/new/", people_views.coordinator_hire, name="coordinator-hire"),
    path("people/coordinators/<int:person_id>/", people_views.coordinator_detail, name="coordinator-detail"),
    path("people/coordinator-moves/", people_views.coordinator_moves_page, name="coordinator-moves"),
    path("people/volunteers/", people_views.volunteer_list, name="volunteer-list"),
    path("people/volunteers/new/", people_views.volunteer_create, name="volunteer-create"),
    path("people/volunteers/<int:pk>/edit/", people_views.volunteer_edit, name="volunteer-edit"),
    path("people/volunteers/branches/new/", people_views.branch_create, name="volunteer-branch-create"),
    path("volunteer-card/<str:token>/", people_views.volunteer_card_page, name="volunteer-card"),
    path("volunteer-card/<str:token>/photo/", people_views.volunteer_photo, name="volunteer-photo"),
]
