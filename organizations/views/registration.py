"""Pages of registration, review, standing and the public directory. Thin: they call the same
actions and queries as the API."""

from __future__ import annotations

import mimetypes

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Community
from accounts.queries import scope_for
from core.errors import DomainError
from core.forms import apply_domain_error
from core.public_cache import ORGANIZATIONS, PLACES, public_fragment, public_page
from core.transitions import CommentForm, TransitionFormView

from ..actions.admission import admission_standard_update
from ..actions.registration import (
    organization_apply,
    organization_approve,
    organization_reject,
    organization_return,
    organization_submit,
    organization_update,
)
from ..actions.standing import (
    ReportInput,
    annual_report_submit,
    organization_communities_set,
    organization_deregister,
    organization_reinstate,
    organization_suspend,
)
from ..filters import OrganizationFilter
from ..forms.registration import (
    AdmissionStandardForm,
    AnnualReportForm,
    ApplicationForm,
    CommunitiesServedForm,
    member_formset,
    member_inputs,
)
from ..models import Notification, Organization
from ..qualification import qualification_check
from ..queries.registration import (
    access_organization,
    access_organization_private,
    admission_standard_current,
    annual_reports_of,
    incubations_of,
    legal_representative_of,
    members_of,
    organizations_for,
    organizations_public,
    organizations_serving,
    review_queue,
    sees_application,
)
from ..states import ORGANIZATION, REGISTERED_STATES

MEMBER_FIELDS = ("members", "legal_representative")
DOCUMENT_FIELDS = {"articles": "articles_file", "capital-proof": "capital_proof_file"}
STEPS = {
    "submit": lambda actor, org, text: organization_submit(actor=actor, organization=org),
    "approve": lambda actor, org, text: organization_approve(actor=actor, organization=org, comment=text),
    "return": lambda actor, org, text: organization_return(actor=actor, organization=org, comment=text),
    "reject": lambda actor, org, text: organization_reject(actor=actor, organization=org, comment=text),
    "suspend": lambda actor, org, text: organization_suspend(actor=actor, organization=org, comment=text),
    "reinstate": lambda actor, org, text: organization_reinstate(actor=actor, organization=org, comment=text),
    "deregister": lambda actor, org, text: organization_deregister(actor=actor, organization=org, comment=text),
}


def _page(request, qs, per_page=30):
    return Paginator(qs, per_page).get_page(request.GET.get("page"))


# --- The public directory -------------------------------------------------------------------
def _communities_of_chosen_street(form) -> None:
    """The community dropdowns offer the chosen street's communities only (street first, then its
    communities): the district's hundreds of communities, drawn twice, cost most of the page.
    The filter still accepts any community, so links naming one keep working."""

    def an_id(value) -> int | None:
        return int(value) if isinstance(value, str) and value.isdigit() and len(value) <= 9 else None

    street = an_id(form.data.get("street"))
    chosen = [c for c in (an_id(form.data.get(name)) for name in ("community", "served")) if c is not None]
    shown = Q(pk__in=chosen) | (Q(street_id=street) if street is not None else Q(pk__in=[]))
    options = [(c.pk, c.name) for c in Community.objects.filter(shown, is_active=True).order_by("name", "pk")]
    empty = ("", "---------") if street is not None else ("", _("Choose a street first"))
    for name in ("community", "served"):
        form.fields[name].widget.choices = [empty, *options]


def _directory_context(request) -> dict:
    filterset = OrganizationFilter(request.GET or None, queryset=organizations_public().order_by("name", "pk"))
    del filterset.form.fields["status"]
    _communities_of_chosen_street(filterset.form)
    qs = filterset.qs if filterset.is_bound and filterset.is_valid() else organizations_public().order_by("name", "pk")
    return {"filter": filterset, "page": _page(request, qs)}


@public_page("org-directory", (ORGANIZATIONS, PLACES))
def directory(request):
    """Registered organisations: search by name, filter by domain, street, community, brand,
    incubation. The same for every visitor, so its content comes from the shared cache; the
    actions that change organisations, streets or communities renew it."""
    body = public_fragment(
        request,
        "org-directory",
        (ORGANIZATIONS, PLACES),
        "organizations/directory_body.html",
        lambda: _directory_context(request),
    )
    return render(request, "organizations/directory.html", {"body": body})


def service_centre(request, pk: int):
    """The resident service centre (社会组织居民服务中心) of one community."""
    community = get_object_or_404(Community.objects.select_related("street"), pk=pk, is_active=True)
    return render(
        request,
        "organizations/service_centre.html",
        {"community": community, "organizations": organizations_serving(community)},
    )


@login_required
def mine(request):
    """The organisations the user works for, in any state (applications included)."""
    scope = scope_for(request.user)
    orgs = organizations_for(request.user).filter(pk__in=scope.organization_ids).order_by("-pk")
    return render(request, "organizations/mine.html", {"organizations": orgs})


def detail(request, pk: int):
    org = access_organization(request.user, pk)
    context = {"org": org, "private": sees_application(request.user, org)}
    org_served = list(org.communities_served.select_related("street").order_by("name"))
    context["communities_served"] = org_served
    context["legal_representative"] = legal_representative_of(org)
    context["incubations"] = incubations_of(org)
    if context["private"]:
        context.update(
            members=members_of(org),
            notifications=Notification.objects.filter(organization=org).order_by("-id")[:20],
            actions=ORGANIZATION.allowed_actions(request.user, org),
            reports=annual_reports_of(org),
            comment_form=CommentForm(),
            is_staff_of_org=org.pk in scope_for(request.user).organization_ids,
        )
        if org.status == Organization.Status.REGISTERED:
            context["qualification"] = qualification_check(org)
    return render(request, "organizations/detail.html", context)


def certificate(request, pk: int):
    """The printable registration certificate."""
    org = access_organization(request.user, pk)
    if org.status not in REGISTERED_STATES:
        raise Http404
    return render(
        request,
        "organizations/certificate.html",
        {"org": org, "legal_representative": legal_representative_of(org)},
    )


def document(request, pk: int, kind: str):
    """An application document: the organisation's staff and the bureau only."""
    org = access_organization_private(request.user, pk)
    field = DOCUMENT_FIELDS.get(kind)
    file = getattr(org, field) if field else None
    if not file:
        raise Http404
    content_type = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
    return FileResponse(file.open("rb"), content_type=content_type, as_attachment=False)


# --- The application ------------------------------------------------------------------------
def _show_error(form, members, error: DomainError) -> list[str]:
    """Field errors beside the fields; members' errors above the members' table."""
    member_errors = [m for name in MEMBER_FIELDS for m in error.fields.get(name, [])]
    others = {k: v for k, v in error.fields.items() if k not in MEMBER_FIELDS}
    apply_domain_error(form, DomainError(error.message, fields=others))
    return member_errors


def _with_one_more_member(request, org: Organization | None):
    """ "Add a member" without scripts: the same page with one more empty row; nothing is saved,
    so nothing is checked yet."""
    data = request.POST.copy()
    total = data.get("members-TOTAL_FORMS", "0")
    data["members-TOTAL_FORMS"] = str(min(int(total) if total.isdigit() else 0, 59) + 1)
    typed = ApplicationForm(data)
    form = ApplicationForm(
        initial={
            name: typed[name].value() for name in typed.fields if name not in ("articles_file", "capital_proof_file")
        }
    )
    return render(
        request,
        "organizations/apply.html",
        {"form": form, "members": member_formset(data), "member_errors": [], "org": org, "added_member": True},
    )


def _application_page(request, *, org: Organization | None):
    if request.method == "POST" and request.POST.get("intent") == "add_member":
        return _with_one_more_member(request, org)
    if request.method == "POST":
        form = ApplicationForm(request.POST, request.FILES)
        members = member_formset(request.POST)
    else:
        form = ApplicationForm(initial=ApplicationForm.initial_for(org) if org else None)
        members = member_formset(members=members_of(org) if org else ())
    member_errors: list[str] = []
    if request.method == "POST" and form.is_valid() and members.is_valid():
        submit = request.POST.get("intent") == "submit"
        try:
            kwargs = {
                "actor": request.user,
                "fields": form.application_fields(),
                "domains": form.cleaned_data["domains"],
                "members": member_inputs(members),
                "documents": form.documents(),
                "submit": submit,
            }
            org = organization_update(organization=org, **kwargs) if org else organization_apply(**kwargs)
        except DomainError as error:
            member_errors = _show_error(form, members, error)
        else:
            if submit:
                messages.success(request, _("Your application was submitted to the district civil-affairs bureau."))
            else:
                messages.success(request, _("Your application was saved as a draft."))
            return redirect("organizations:detail", pk=org.pk)
    return render(
        request,
        "organizations/apply.html",
        {"form": form, "members": members, "member_errors": member_errors, "org": org},
    )


@login_required
def apply(request):
    """Any signed-in person may apply; a newcomer signs up first."""
    return _application_page(request, org=None)


@login_required
def edit(request, pk: int):
    org = access_organization_private(request.user, pk)
    if org.pk not in scope_for(request.user).organization_ids:
        raise PermissionDenied
    if not org.is_editable:
        messages.error(
            request, _("The application can be changed only while it is a draft or returned for correction.")
        )
        return redirect("organizations:detail", pk=org.pk)
    return _application_page(request, org=org)


class OrganizationStepView(TransitionFormView):
    """One lifecycle step from the organisation's page (submit, approve, return, ...): a button with
    an optional comment; the outcome or the errors are shown on the organisation's page."""

    http_method_names = ["post"]
    detail_url = "organizations:detail"

    def get_object(self, request, pk):
        org = access_organization(request.user, pk)
        if self.kwargs["action"] not in STEPS:
            raise Http404
        return org

    def perform(self, request, org, data):
        return STEPS[self.kwargs["action"]](request.user, org, data.get("comment", ""))

    def success_text(self, request, org):
        return _("Done: the organisation is now “%(status)s”.") % {"status": org.get_status_display()}

    def render(self, request, org, form):
        shown = set()
        for errors in [form.non_field_errors(), *(form.errors.get(name, []) for name in form.fields)]:
            for message in errors:
                if message not in shown:
                    shown.add(message)
                    messages.error(request, message)
        return redirect(self.success_url(request, org))

    def post(self, request, pk, action):
        return super().post(request, pk)


@login_required
def communities(request, pk: int):
    """Say which communities the organisation serves (its staff or the bureau)."""
    org = access_organization_private(request.user, pk)
    form = CommunitiesServedForm(
        request.POST if request.method == "POST" else None,
        initial={"communities": list(org.communities_served.values_list("pk", flat=True))},
    )
    if request.method == "POST" and form.is_valid():
        try:
            organization_communities_set(
                actor=request.user, organization=org, communities=list(form.cleaned_data["communities"])
            )
        except DomainError as error:
            if error.status_code == 403:
                raise PermissionDenied(error.message) from error
            apply_domain_error(form, error)
        else:
            messages.success(request, _("The communities served were saved."))
            return redirect("organizations:detail", pk=org.pk)
    return render(request, "organizations/communities.html", {"org": org, "form": form})


# --- Review and standing --------------------------------------------------------------------
@login_required
def review(request):
    """The bureau's queue of submitted applications, oldest first."""
    if not scope_for(request.user).is_district_admin:
        raise PermissionDenied
    page = _page(request, review_queue())
    return render(request, "organizations/review_queue.html", {"page": page})


@login_required
def annual_report(request, pk: int):
    """File the annual work report (its staff)."""
    org = access_organization_private(request.user, pk)
    if org.pk not in scope_for(request.user).organization_ids:
        raise PermissionDenied
    form = AnnualReportForm(
        request.POST if request.method == "POST" else None,
        initial={"year": timezone.localdate().year - 1},
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            annual_report_submit(
                actor=request.user,
                organization=org,
                report=ReportInput(
                    year=d["year"],
                    summary=d["summary"],
                    activities_count=d["activities_count"] or 0,
                    income=d["income"],
                    expenditure=d["expenditure"],
                ),
            )
        except DomainError as error:
            apply_domain_error(form, error)
        else:
            messages.success(request, _("The annual report was filed."))
            return redirect("organizations:detail", pk=org.pk)
    return render(
        request, "organizations/annual_report.html", {"org": org, "form": form, "reports": annual_reports_of(org)}
    )


def admission_standard(request):
    """The admission standards in force; the bureau changes them here."""
    current = admission_standard_current()
    may_edit = scope_for(request.user).is_district_admin
    form = (
        AdmissionStandardForm(request.POST if request.method == "POST" else None, instance=current)
        if may_edit
        else None
    )
    if request.method == "POST":
        if not may_edit:
            raise PermissionDenied
        if form.is_valid():
            try:
                admission_standard_update(actor=request.user, values=dict(form.cleaned_data))
            except DomainError as error:
                apply_domain_error(form, error)
            else:
                messages.success(request, _("The admission standards were updated."))
                return redirect("organizations:admission-standard")
    return render(
        request, "organizations/admission_standard.html", {"standard": admission_standard_current(), "form": form}
    )
