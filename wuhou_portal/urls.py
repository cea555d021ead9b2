from csp.decorators import csp_update
from django.contrib import admin
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from core import views as core_views

api_v1 = [
    path("", include("core.api_urls")),
    path("", include("accounts.api_urls")),
    path("", include("services.api_urls")),
    path("", include("organizations.api_urls")),
    path("", include("procurement.api_urls")),
    path("", include("orders.api_urls")),
]

urlpatterns = [
    # First: Django tries the patterns in order, and the pages' ~135 would each be tried before an
    # API request found its view (~700 Python calls a request). No page path starts with "api/"
    # (tests/core/test_api_conventions.py holds it), so the order changes which view answers nothing.
    path("api/v1/", include((api_v1, "api"))),
    path("", include("core.urls")),
    path("", include("accounts.urls")),
    path("", include("services.urls")),
    path("", include("organizations.urls")),
    path("", include("procurement.urls")),
    path("", include("orders.urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # Swagger UI's page carries a <style> block and its widgets set style attributes.
    path(
        "api/docs/",
        csp_update({"style-src": ["'unsafe-inline'"]})(SpectacularSwaggerSplitView.as_view(url_name="api-schema")),
        name="api-docs",
    ),
    path("healthz", core_views.healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("admin/", admin.site.urls),
]

handler400 = "core.views.bad_request"
handler403 = "core.views.permission_denied"
handler404 = "core.views.page_not_found"
handler500 = "core.views.server_error"
