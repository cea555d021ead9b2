"""Pages of the duty lists: public reading, printing and search; import and export by the district."""

from __future__ import annotations

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from accounts.queries import scope_for
from core.errors import DomainError
from core.forms import apply_domain_error
from core.public_cache import DUTY_LISTS, public_fragment, public_page
from services import importing
from services.actions import duties as duty_actions
from services.forms.duties import DutyImportForm
from services.models import DutyList, DutyListImport
from services.queries.duties import (
    access_duty_import,
    access_duty_list,
    duty_list_with_items,
    items_search,
    lists_public,
)

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def district_admin_required(view):
    """Anonymous: to the sign-in page. Signed in without the district role: 403."""

    @login_required
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not scope_for(request.user).is_district_admin:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


def _format(request) -> str:
    fmt = request.GET.get("format", "xlsx")
    return fmt if fmt in CONTENT_TYPES else "xlsx"


def _download(body: bytes, fmt: str, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{filename}"
    return response


def _index_context(is_district_admin: bool) -> dict:
    lists = list(lists_public())
    return {
        "lists": lists,
        "kinds": DutyList.Kind.choices,
        "any_placeholders": any(dl.placeholder_total for dl in lists),
        "is_district_admin": is_district_admin,
    }


@require_GET
@public_page("duty-list-index", (DUTY_LISTS,))
def duty_list_index(request):
    """The same for every visitor (the district also sees the import button): from the shared
    cache, renewed by the duty-list actions."""
    admin = scope_for(request.user).is_district_admin
    body = public_fragment(
        request,
        "duty-list-index",
        (DUTY_LISTS,),
        "services/duty_list_index_body.html",
        lambda: _index_context(admin),
        vary=(admin,),
    )
    return render(request, "services/duty_list_index.html", {"body": body})


def _list_context(request, pk) -> dict:
    duty_list = duty_list_with_items(pk)
    return {
        "duty_list": duty_list,
        "categories": duty_list.categories.all(),
        "uncategorised": duty_list.uncategorised_items,
        "is_district_admin": scope_for(request.user).is_district_admin,
    }


@require_GET
def duty_list_detail(request, pk: int):
    return render(request, "services/duty_list_detail.html", _list_context(request, pk))


@require_GET
def duty_list_print(request, pk: int):
    return render(request, "services/duty_list_print.html", _list_context(request, pk))


def _search_context(request) -> dict:
    query = request.GET.get("q", "").strip()[:100]
    lists = list(lists_public())
    chosen = next((dl for dl in lists if str(dl.pk) == request.GET.get("list")), None)
    page = None
    if query or chosen:
        page = Paginator(items_search(duty_list=chosen, search=query), 50).get_page(request.GET.get("page"))
    return {"query": query, "lists": lists, "chosen": chosen, "page": page}


@require_GET
@public_page("duty-item-search", (DUTY_LISTS,))
def duty_item_search(request):
    """The same for every visitor: from the shared cache, renewed by the duty-list actions."""
    body = public_fragment(
        request,
        "duty-item-search",
        (DUTY_LISTS,),
        "services/duty_item_search_body.html",
        lambda: _search_context(request),
    )
    return render(request, "services/duty_item_search.html", {"body": body})


@district_admin_required
@require_GET
def duty_list_export(request, pk: int):
    duty_list = access_duty_list(pk)
    fmt = _format(request)
    rows = importing.list_rows(duty_list)
    body = importing.write_csv(rows) if fmt == "csv" else importing.write_xlsx(rows)
    return _download(body, fmt, f"duty-list-{duty_list.kind}-v{duty_list.version}.{fmt}")


@require_GET
def duty_import_template(request):
    fmt = _format(request)
    rows = importing.TEMPLATE_ROWS
    body = importing.write_csv(rows) if fmt == "csv" else importing.write_xlsx(rows)
    return _download(body, fmt, f"duty-list-template.{fmt}")


@district_admin_required
def duty_import_upload(request):
    form = DutyImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            duty_import = duty_actions.duty_import_upload(
                actor=request.user,
                kind=data["kind"],
                file=data["file"],
                title=data["title"],
                declared_item_count=data["declared_item_count"],
                declared_category_count=data["declared_category_count"],
                document_number=data["document_number"],
                in_force_from=data["in_force_from"],
            )
        except DomainError as error:
            apply_domain_error(form, error)
        else:
            return redirect("services:duty-import-detail", pk=duty_import.pk)
    recent = DutyListImport.objects.select_related("created_by", "result_list").order_by("-pk")[:10]
    return render(
        request,
        "services/duty_import_upload.html",
        {
            "form": form,
            "columns": [
                (zh, key, text) for zh, (key, text) in zip(importing.HEADER, importing.COLUMN_HELP, strict=True)
            ],
            "inline_limit": importing.INLINE_ROW_LIMIT,
            "recent": recent,
        },
    )


def _import_or_404(request, pk) -> DutyListImport:
    return access_duty_import(request.user, pk)


def _errors_for_display(duty_import: DutyListImport) -> list[dict]:
    return [{"row": e.get("row"), "message": importing.error_message(e)} for e in duty_import.errors]


@district_admin_required
@require_GET
def duty_import_detail(request, pk: int):
    duty_import = _import_or_404(request, pk)
    summary = duty_import.summary or {}
    return render(
        request,
        "services/duty_import_detail.html",
        {
            "imp": duty_import,
            "errors": _errors_for_display(duty_import),
            "categories": summary.get("categories", []),
            "first_rows": summary.get("first_rows", []),
            "percent": _percent(duty_import),
            "progress_template": _("%(done)s of %(total)s rows"),
            "in_progress": duty_import.status in (DutyListImport.Status.UPLOADED, DutyListImport.Status.RUNNING),
            "current": DutyList.objects.filter(kind=duty_import.kind, status=DutyList.Status.PUBLISHED).first(),
        },
    )


def _percent(duty_import: DutyListImport) -> int:
    if duty_import.status in (DutyListImport.Status.DONE, DutyListImport.Status.VALIDATED):
        return 100
    if not duty_import.total_rows:
        return 0
    return min(100, int(duty_import.processed_rows * 100 / duty_import.total_rows))


@district_admin_required
@require_GET
@never_cache
def duty_import_progress(request, pk: int):
    duty_import = _import_or_404(request, pk)
    return JsonResponse(
        {
            "status": duty_import.status,
            "status_display": duty_import.get_status_display(),
            "processed_rows": duty_import.processed_rows,
            "total_rows": duty_import.total_rows,
            "percent": _percent(duty_import),
            "done": duty_import.status not in (DutyListImport.Status.UPLOADED, DutyListImport.Status.RUNNING),
        }
    )


@district_admin_required
@require_POST
def duty_import_confirm_view(request, pk: int):
    duty_import = _import_or_404(request, pk)
    try:
        duty_import = duty_actions.duty_import_confirm(actor=request.user, duty_import=duty_import)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("services:duty-import-detail", pk=pk)
    if duty_import.status == DutyListImport.Status.DONE:
        messages.success(
            request,
            _("Version %(version)s of the list is now in force.") % {"version": duty_import.result_list.version},
        )
        return redirect("services:duty-list-detail", pk=duty_import.result_list_id)
    if duty_import.status == DutyListImport.Status.FAILED:
        messages.error(request, _("The import failed; nothing was changed."))
    else:
        messages.success(request, _("The import is running; this page shows its progress."))
    return redirect("services:duty-import-detail", pk=pk)
