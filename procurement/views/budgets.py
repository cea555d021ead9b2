"""Pages of budget lines."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from accounts.models import Street
from accounts.queries import scope_for
from core.errors import DomainError
from core.forms import apply_domain_error

from ..actions.budgets import budget_line_set, budget_lines_import
from ..forms.budgets import BudgetImportForm, BudgetLineForm
from ..queries.budgets import budgets_for, can_see_budgets


@login_required
def budgets_page(request):
    scope = scope_for(request.user)
    if not can_see_budgets(scope):
        raise PermissionDenied
    form = upload = None
    if scope.is_district_admin:
        importing = request.method == "POST" and "file" in request.FILES
        upload = BudgetImportForm(request.POST if importing else None, request.FILES if importing else None)
        form = BudgetLineForm(
            request.POST if request.method == "POST" and not importing else None,
            streets=Street.objects.filter(is_active=True).order_by("name"),
        )
        if importing and upload.is_valid():
            try:
                count = budget_lines_import(actor=request.user, upload=upload.cleaned_data["file"])
            except DomainError as error:
                apply_domain_error(upload, error)
            else:
                messages.success(request, _("%(count)d budget lines imported.") % {"count": count})
                return redirect("procurement:budgets")
        elif request.method == "POST" and not importing and form.is_valid():
            try:
                budget_line_set(actor=request.user, **form.cleaned_data)
            except DomainError as error:
                apply_domain_error(form, error)
            else:
                messages.success(request, _("The budget line is saved."))
                return redirect("procurement:budgets")
    elif request.method == "POST":
        raise PermissionDenied
    lines = list(budgets_for(request.user)[:500])
    for line in lines:
        line.committed_pct = int(line.committed * 100 / line.allocated) if line.allocated else 0
        line.paid_pct = int(line.paid * 100 / line.allocated) if line.allocated else 0
    return render(request, "procurement/budgets.html", {"lines": lines, "form": form, "upload": upload})
