from django.urls import path

from . import views

app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
    path("display/large-text/", views.large_text, name="large-text"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("healthz/live", views.liveness, name="healthz-live"),
    path("audit/heads/", views.audit_heads, name="audit-heads"),
    path("history/<str:object_type>/<str:object_id>/", views.history, name="history"),
]
