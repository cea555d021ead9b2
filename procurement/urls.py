from django.urls import path

from procurement import views

app_name = "procurement"

urlpatterns = [
    path("procurement/catalogue/", views.catalogue, name="catalogue"),
    path("procurement/projects/", views.project_list, name="project-list"),
    path("procurement/projects/new/", views.project_create_page, name="project-create"),
    path("procurement/projects/<int:pk>/", views.project_detail, name="project-detail"),
    path("procurement/projects/<int:pk>/publish/", views.ProjectPublishPage.as_view(), name="project-publish"),
    path("procurement/projects/<int:pk>/cancel/", views.ProjectCancelPage.as_view(), name="project-cancel"),
    path("procurement/projects/<int:pk>/ask/", views.question_ask_page, name="question-ask"),
    path(
        "procurement/projects/<int:pk>/questions/<int:question_pk>/answer/",
        views.question_answer_page,
        name="question-answer",
    ),
    path("procurement/projects/<int:pk>/bid/", views.bid_page, name="bid-submit"),
    path("procurement/projects/<int:pk>/experts/", views.expert_assign_page, name="expert-assign"),
    path("procurement/projects/<int:pk>/score/", views.score_sheet_page, name="score-sheet"),
    path("procurement/projects/<int:pk>/evaluate/", views.ProjectEvaluatePage.as_view(), name="project-evaluate"),
    path("procurement/projects/<int:pk>/award/", views.ProjectAwardPage.as_view(), name="project-award"),
    path("procurement/projects/<int:pk>/reaward/", views.ProjectReawardPage.as_view(), name="project-reaward"),
    path("procurement/projects/<int:pk>/complain/", views.complaint_file_page, name="complaint-file"),
    path(
        "procurement/projects/<int:pk>/complaints/<int:complaint_pk>/answer/",
        views.complaint_answer_page,
        name="complaint-answer",
    ),
    path("procurement/bids/", views.my_bids_page, name="my-bids"),
    path("procurement/bids/<int:pk>/", views.bid_detail, name="bid-detail"),
    path("procurement/bids/<int:pk>/withdraw/", views.BidWithdrawPage.as_view(), name="bid-withdraw"),
    path("procurement/budgets/", views.budgets_page, name="budgets"),
]
