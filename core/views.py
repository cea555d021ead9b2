from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.contrib.staticfiles.storage import staticfiles_storage
from django.http import Http404, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import defaults
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from .audit import action_name, history_access_for
from .desk import desk_for
from .health import check_broker, check_database, check_worker
from .models import AuditCheckpoint, AuditRecord
from .public_cache import public_page


@public_page("home")
def home(request):
    """Each role's desk: what waits on the user, counted and linked, then the daily pages."""
    if not request.user.is_authenticated:
        return render(request, "core/home.html")
    waiting, daily = desk_for(request.user)
    return render(request, "core/home.html", {"waiting": waiting, "daily": daily})


LARGE_TEXT_COOKIE = "large_text"


@require_POST
def large_text(request):
    """长辈模式: remembered in a cookie for a year, so it holds before and after signing in."""
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = "/"
    response = HttpResponseRedirect(target)
    if request.POST.get("large_text") == "1":
        response.set_cookie(
            LARGE_TEXT_COOKIE, "1", max_age=365 * 24 * 3600, samesite="Lax", secure=request.is_secure(), httponly=True
        )
    else:
        response.delete_cookie(LARGE_TEXT_COOKIE, samesite="Lax")
    return response


@require_GET
def favicon(request):
    # Browsers ask for /favicon.ico whatever the page's <link rel="icon"> says.
    return HttpResponseRedirect(staticfiles_storage.url("favicon.ico"))


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
    records = list(AuditRecord.objects.filter(object_type=object_type, object_id=str(obj.pk)).order_by("seq"))
    for record in records:
        record.display_action = action_name(record.object_type, record.action)
    app_label, model = object_type.split(".", 1)
    model_name = ContentType.objects.get_by_natural_key(app_label, model).model_class()._meta.verbose_name
    return render(
        request,
        "core/history.html",
        {"object": obj, "records": records, "model_name": model_name, "debug": settings.DEBUG},
    )


# A year of daily checkpoints; older ones stay in the API (cursor pages).
AUDIT_HEADS_ON_PAGE = 366


@require_GET
def audit_heads(request):
    """Public: the audit chain's daily heads, for anyone to save and check later."""
    return render(
        request,
        "core/audit_heads.html",
        {"checkpoints": AuditCheckpoint.objects.order_by("-recorded_on")[:AUDIT_HEADS_ON_PAGE]},
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
