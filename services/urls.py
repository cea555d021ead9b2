from django.urls import path

app_name = "services"

urlpatterns: list = []

# Task requests, the gate, purchase candidates and the burden view.
from services.views import task_requests as task_views  # noqa: E402

urlpatterns += [
    path("tasks/", task_views.task_list, name="task-list"),
    path("tasks/new/", task_views.task_create, name="task-create"),
    path("tasks/<int:pk>/", task_views.task_detail, name="task-detail"),
    path("tasks/<int:pk>/accept/", task_views.TaskAcceptView.as_view(), name="task-accept"),
    path("tasks/<int:pk>/refuse/", task_views.TaskRefuseView.as_view(), name="task-refuse"),
    path("tasks/<int:pk>/appeal/", task_views.TaskAppealView.as_view(), name="task-appeal"),
    path("tasks/<int:pk>/decide/", task_views.TaskDecideView.as_view(), name="task-decide"),
    path("tasks/<int:pk>/rejudge/", task_views.TaskRejudgeView.as_view(), name="task-rejudge"),
    path("tasks/<int:pk>/complete/", task_views.TaskCompleteView.as_view(), name="task-complete"),
    path("tasks/purchase-candidates/", task_views.purchase_candidates, name="purchase-candidates"),
    path("tasks/burden/", task_views.burden, name="burden"),
    path("burden/refusals/", task_views.burden_public, name="burden-public"),
]

# Duty lists: public reading, search and print; import and export by the district.
from services.views import duties as duty_views  # noqa: E402

urlpatterns += [
    path("duty-lists/", duty_views.duty_list_index, name="duty-list-index"),
    path("duty-lists/search/", duty_views.duty_item_search, name="duty-item-search"),
    path("duty-lists/<int:pk>/", duty_views.duty_list_detail, name="duty-list-detail"),
    path("duty-lists/<int:pk>/print/", duty_views.duty_list_print, name="duty-list-print"),
    path("duty-lists/<int:pk>/export/", duty_views.duty_list_export, name="duty-list-export"),
    path("duty-lists/import/", duty_views.duty_import_upload, name="duty-import-upload"),
    path("duty-lists/import/template/", duty_views.duty_import_template, name="duty-import-template"),
    path("duty-lists/imports/<int:pk>/", duty_views.duty_import_detail, name="duty-import-detail"),
    path("duty-lists/imports/<int:pk>/progress/", duty_views.duty_import_progress, name="duty-import-progress"),
    path("duty-lists/imports/<int:pk>/confirm/", duty_views.duty_import_confirm_view, name="duty-import-confirm"),
]
