from django.urls import path

from procurement.views import bids, budgets, catalogue, contracts, desks, evaluation, projects

app_name = "procurement"

urlpatterns = [
    path("procurement/catalogue/", catalogue.catalogue, name="catalogue"),
    path("procurement/projects/", projects.project_list, name="project-list"),
    path("procurement/projects/new/", projects.project_create_page, name="project-create"),
    path("procurement/projects/<int:pk>/", projects.project_detail, name="project-detail"),
    path("procurement/projects/<int:pk>/publish/", projects.ProjectPublishPage.as_view(), name="project-publish"),
    path("procurement/projects/<int:pk>/cancel/", projects.ProjectCancelPage.as_view(), name="project-cancel"),
    path("procurement/projects/<int:pk>/close/", projects.ProjectClosePage.as_view(), name="project-close"),
    path("procurement/projects/<int:pk>/ask/", projects.question_ask_page, name="question-ask"),
    path(
        "procurement/projects/<int:pk>/questions/<int:question_pk>/answer/",
        projects.question_answer_page,
        name="question-answer",
    ),
    path("procurement/projects/<int:pk>/bid/", bids.bid_page, name="bid-submit"),
    path("procurement/projects/<int:pk>/experts/", evaluation.expert_assign_page, name="expert-assign"),
    path("procurement/projects/<int:pk>/score/", evaluation.score_sheet_page, name="score-sheet"),
    path("procurement/projects/<int:pk>/evaluate/", evaluation.ProjectEvaluatePage.as_view(), name="project-evaluate"),
    path("procurement/projects/<int:pk>/award/", evaluation.ProjectAwardPage.as_view(), name="project-award"),
    path("procurement/projects/<int:pk>/reaward/", evaluation.ProjectReawardPage.as_view(), name="project-reaward"),
    path("procurement/projects/<int:pk>/complain/", evaluation.complaint_file_page, name="complaint-file"),
    path(
        "procurement/projects/<int:pk>/complaints/<int:complaint_pk>/answer/",
        evaluation.complaint_answer_page,
        name="complaint-answer",
    ),
    path("procurement/bids/", bids.my_bids_page, name="my-bids"),
    path("procurement/bids/<int:pk>/", bids.bid_detail, name="bid-detail"),
    path("procurement/bids/<int:pk>/withdraw/", bids.BidWithdrawPage.as_view(), name="bid-withdraw"),
    path("procurement/budgets/", budgets.budgets_page, name="budgets"),
    path("procurement/desk/purchasing/", desks.purchasing_desk_page, name="purchasing-desk"),
    path("procurement/desk/bidding/", desks.bidding_desk_page, name="bidding-desk"),
    path("procurement/desk/scoring/", desks.scoring_desk_page, name="scoring-desk"),
    path("procurement/projects/<int:pk>/contract/", contracts.contract_draft_page, name="contract-draft"),
    path("procurement/contracts/", contracts.my_contracts, name="contract-list"),
    path("procurement/contracts/<int:pk>/", contracts.contract_detail, name="contract-detail"),
    path("procurement/contracts/<int:pk>/edit/", contracts.contract_edit_page, name="contract-edit"),
    path("procurement/contracts/<int:pk>/submit/", contracts.ContractSubmitPage.as_view(), name="contract-submit"),
    path("procurement/contracts/<int:pk>/review/", contracts.ContractReviewPage.as_view(), name="contract-review"),
    path("procurement/contracts/<int:pk>/sign/", contracts.ContractSignPage.as_view(), name="contract-sign"),
    path(
        "procurement/contracts/<int:pk>/complete/", contracts.ContractCompletePage.as_view(), name="contract-complete"
    ),
    path(
        "procurement/contracts/<int:pk>/terminate/",
        contracts.ContractTerminatePage.as_view(),
        name="contract-terminate",
    ),
    path("procurement/contracts/<int:pk>/amend/", contracts.contract_amend_page, name="contract-amend"),
    path(
        "procurement/contracts/<int:pk>/amendments/<int:amendment_pk>/review/",
        contracts.amendment_review_page,
        name="amendment-review",
    ),
    path(
        "procurement/contracts/<int:pk>/milestones/<int:milestone_pk>/accept/",
        contracts.milestone_accept_page,
        name="milestone-accept",
    ),
    path("procurement/contracts/<int:pk>/milestones/<int:milestone_pk>/pay/", contracts.payment_page, name="payment"),
    path("procurement/contracts/<int:pk>/evaluate/", contracts.evaluation_page, name="contract-evaluate"),
    path("procurement/contract-notices/", contracts.contract_notice_list, name="contract-notices"),
    path("procurement/contract-notices/<int:pk>/", contracts.contract_notice_page, name="contract-notice"),
]
