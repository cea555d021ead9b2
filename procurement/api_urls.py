from django.urls import path

from procurement import api

urlpatterns = [
    path("budgets/", api.BudgetLineList.as_view(), name="budget-list"),
    path("purchase-catalogue/", api.CatalogueItemList.as_view(), name="catalogue-list"),
    path("projects/", api.ProjectList.as_view(), name="project-list"),
    path("projects/<int:pk>/", api.ProjectDetail.as_view(), name="project-detail"),
    path("projects/<int:pk>/publish/", api.ProjectPublish.as_view(), name="project-publish"),
    path("projects/<int:pk>/cancel/", api.ProjectCancel.as_view(), name="project-cancel"),
    path("projects/<int:pk>/questions/", api.ProjectQuestions.as_view(), name="project-questions"),
    path("projects/<int:pk>/answers/", api.ProjectAnswer.as_view(), name="project-answers"),
    path("projects/<int:pk>/bids/", api.ProjectBids.as_view(), name="project-bids"),
    path("projects/<int:pk>/opening/", api.ProjectOpening.as_view(), name="project-opening"),
    path("projects/<int:pk>/experts/", api.ExpertAssign.as_view(), name="project-experts"),
    path("projects/<int:pk>/scores/", api.ProjectScores.as_view(), name="project-scores"),
    path("projects/<int:pk>/evaluate/", api.ProjectEvaluate.as_view(), name="project-evaluate"),
    path("projects/<int:pk>/award/", api.ProjectAward.as_view(), name="project-award"),
    path("projects/<int:pk>/reaward/", api.ProjectReaward.as_view(), name="project-reaward"),
    path("projects/<int:pk>/complaints/", api.ProjectComplaints.as_view(), name="project-complaints"),
    path(
        "projects/<int:pk>/complaints/<int:complaint_pk>/answer/",
        api.ComplaintAnswer.as_view(),
        name="project-complaint-answer",
    ),
    path("bids/<int:pk>/", api.BidDetail.as_view(), name="bid-detail"),
    path("bids/<int:pk>/withdraw/", api.BidWithdraw.as_view(), name="bid-withdraw"),
]
