from django.urls import path

from . import api_views

urlpatterns = [
    path("audit/heads/", api_views.AuditHeadList.as_view(), name="audit-head-list"),
]
