from django.urls import path

urlpatterns: list = []

# Task requests, the gate, purchase candidates and the burden view.
from services.api import task_requests as task_api  # noqa: E402

urlpatterns += [
    path("task-requests/", task_api.TaskRequestList.as_view(), name="task-request-list"),
    path("task-requests/<int:pk>/", task_api.TaskRequestDetail.as_view(), name="task-request-detail"),
    path("task-requests/<int:pk>/accept/", task_api.TaskAccept.as_view(), name="task-request-accept"),
    path("task-requests/<int:pk>/refuse/", task_api.TaskRefuse.as_view(), name="task-request-refuse"),
    path("task-requests/<int:pk>/appeal/", task_api.TaskAppeal.as_view(), name="task-request-appeal"),
    path(
        "task-requests/<int:pk>/decide-appeal/", task_api.TaskDecideAppeal.as_view(), name="task-request-decide-appeal"
    ),
    path("task-requests/<int:pk>/rejudge/", task_api.TaskRejudge.as_view(), name="task-request-rejudge"),
    path("task-requests/<int:pk>/complete/", task_api.TaskComplete.as_view(), name="task-request-complete"),
    path("purchase-candidates/", task_api.PurchaseCandidateList.as_view(), name="purchase-candidate-list"),
    path("burden/", task_api.BurdenView.as_view(), name="burden"),
    path("burden/refusals/", task_api.RefusalsPublic.as_view(), name="burden-refusals"),
]

# Duty lists, public.
from services.api import duties as duty_api  # noqa: E402

urlpatterns += [
    path("duty-lists/", duty_api.DutyListList.as_view(), name="duty-list-list"),
    path("duty-lists/<int:pk>/", duty_api.DutyListDetail.as_view(), name="duty-list-detail"),
    path("duty-items/", duty_api.DutyItemList.as_view(), name="duty-item-list"),
]
