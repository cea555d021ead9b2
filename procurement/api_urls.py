from django.urls import path

from procurement.api import bids, budgets, catalogue, contracts, evaluation, projects

urlpatterns = [
    path("budgets/", budgets.BudgetLineList.as_view(), name="budget-list"),
    path("budgets/import/", budgets.BudgetImport.as_view(), name="budget-import"),
    path("purchase-catalogue/", catalogue.CatalogueItemList.as_view(), name="catalogue-list"),
    path("projects/", projects.ProjectList.as_view(), name="project-list"),
    path("projects/<int:pk>/", projects.ProjectDetail.as_view(), name="project-detail"),
    path("projects/<int:pk>/publish/", projects.ProjectPublish.as_view(), name="project-publish"),
    path("projects/<int:pk>/cancel/", projects.ProjectCancel.as_view(), name="project-cancel"),
    path("projects/<int:pk>/questions/", projects.ProjectQuestions.as_view(), name="project-questions"),
    path("projects/<int:pk>/answers/", projects.ProjectAnswer.as_view(), name="project-answers"),
    path("projects/<int:pk>/bids/", bids.ProjectBids.as_view(), name="project-bids"),
    path("projects/<int:pk>/opening/", projects.ProjectOpening.as_view(), name="project-opening"),
    path("projects/<int:pk>/experts/", evaluation.ExpertAssign.as_view(), name="project-experts"),
    path("projects/<int:pk>/scores/", evaluation.ProjectScores.as_view(), name="project-scores"),
    path("projects/<int:pk>/evaluate/", evaluation.ProjectEvaluate.as_view(), name="project-evaluate"),
    path("projects/<int:pk>/award/", evaluation.ProjectAward.as_view(), name="project-award"),
    path("projects/<int:pk>/reaward/", evaluation.ProjectReaward.as_view(), name="project-reaward"),
    path("projects/<int:pk>/complaints/", evaluation.ProjectComplaints.as_view(), name="project-complaints"),
    path(
        "projects/<int:pk>/complaints/<int:complaint_pk>/answer/",
        evaluation.ComplaintAnswer.as_view(),
        name="project-complaint-answer",
    ),
    path("bids/<int:pk>/", bids.BidDetail.as_view(), name="bid-detail"),
    path("contracts/", contracts.ContractList.as_view(), name="contract-list"),
    path("contracts/<int:pk>/", contracts.ContractDetail.as_view(), name="contract-detail"),
    path("contracts/<int:pk>/submit/", contracts.ContractSubmit.as_view(), name="contract-submit"),
    path("contracts/<int:pk>/review/", contracts.ContractReview.as_view(), name="contract-review"),
    path("contracts/<int:pk>/sign/", contracts.ContractSign.as_view(), name="contract-sign"),
    path("contracts/<int:pk>/amend/", contracts.ContractAmend.as_view(), name="contract-amend"),
    path(
        "contracts/<int:pk>/amendments/<int:amendment_pk>/review/",
        contracts.AmendmentReview.as_view(),
        name="contract-amendment-review",
    ),
    path(
        "contracts/<int:pk>/milestones/<int:milestone_pk>/accept/",
        contracts.MilestoneAccept.as_view(),
        name="contract-milestone-accept",
    ),
    path(
        "contracts/<int:pk>/milestones/<int:milestone_pk>/payments/",
        contracts.MilestonePayments.as_view(),
        name="contract-milestone-payments",
    ),
    path("contracts/<int:pk>/evaluation/", contracts.ContractEvaluation.as_view(), name="contract-evaluation"),
    path("contract-notices/", contracts.ContractNoticeList.as_view(), name="contract-notice-list"),
    path("contract-notices/<int:pk>/", contracts.ContractNoticeDetail.as_view(), name="contract-notice-detail"),
    path("bids/<int:pk>/withdraw/", bids.BidWithdraw.as_view(), name="bid-withdraw"),
]
