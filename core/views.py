from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views import defaults
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from .audit import history_access_for
from .health import check_broker, check_database, check_worker
from .models import AuditRecord


def home(request):
    return render(request, "core/home.html")


@never_cache
@require_GET
def healthz(request):
    """200 when the database, the broker and at least one worker answer; 503 otherwise."""
    checks = {}
    for name, check in (("database", check_database), ("broker", check_broker), ("worker", check_worker)):
        ok, detail = check()
        checks[name] = {"ok": ok, "detail": detail}
    healthy = all(c["ok"] for c in checks.values())
    return JsonResponse({"status": "ok" if healthy else "down", "checks": checks}, status=200 if healthy else 503)


@never_cache
@require_GET
def liveness(request):
    """The process answers: no database, no broker. For load balancers, and the benchmark's baseline."""
    return HttpResponse("ok", content_type="text/plain")


def history(request, object_type: str, object_id: str):
    """An object's audit trail, to whoever may see the object (404 to everyone else)."""
    access = history_access_for(object_type)
    if access is None:
        raise Http404
    obj = access(request.user, object_id)
    records = AuditRecord.objects.filter(object_type=object_type, object_id=str(obj.pk)).order_by("seq")
    app_label, model = object_type.split(".", 1)
    model_name = ContentType.objects.get_by_natural_key(app_label, model).model_class()._meta.verbose_name
    return render(
        request,
        "core/history.html",
        {"object": obj, "records": records, "model_name": model_name, "debug": settings.DEBUG},
    )


# --- Error pages: the API answers in its one error shape, pages with the HTML templates --------
def _is_api(request) -> bool:
    return request.path.startswith("/api/")


def _api_error(message: str, code: str, status: int) -> JsonResponse:
    return JsonResponse({"message": message, "code": code, "fields": {}}, status=status)


def bad_request(request, exception):
    if _is_api(request):
        return _api_error(_("The request is not valid."), "invalid", 400)
    return defaults.bad_request(request, exception)


def permission_denied(request, exception):
    if _is_api(request):
        return _api_error(_("You do not have permission to perform this action."), "permission_denied", 403)
    return defaults.permission_denied(request, exception)


def page_not_found(request, exception):
    if _is_api(request):
        return _api_error(_("Not found."), "not_found", 404)
    return defaults.page_not_found(request, exception)


def server_error(request):
    if _is_api(request):
        return _api_error(_("A server error occurred."), "error", 500)
    return defaults.server_error(request)
