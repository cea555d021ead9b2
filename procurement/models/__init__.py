"""Models of the procurement app, one module per sub-domain (docs/decisions/011):
budgets, catalogue, projects (with their questions and opening), bids, evaluation, contracts."""

from .bids import Bid, BidDocument, bid_document_upload_to  # noqa: F401
from .budgets import MONEY, BudgetCommitment, BudgetLine  # noqa: F401
from .catalogue import CatalogueItem  # noqa: F401
from .contracts import (  # noqa: F401
    Amendment,
    CheckName,
    Contract,
    ContractCheck,
    Milestone,
    Payment,
    PerformanceEvaluation,
    ReviewReminder,
    ReviewStep,
    StepKind,
)
from .evaluation import Complaint, Expert, ExpertAssignment, Score  # noqa: F401
from .projects import Criterion, Method, Opening, Project, ProjectNotice, Question  # noqa: F401
