"""Pages for the people who do the work: thin, the same actions and queries as the API."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts.queries import communities_public, scope_for
from core.errors import DomainError
from core.forms import apply_domain_error

from ..actions import people as act
from ..forms.people import (
    AttendanceForm,
    BranchForm,
    CertificateForm,
    CoordinatorHireForm,
    CoordinatorTransferForm,
    SocialWorkerEditForm,
    SocialWorkerForm,
    TrainingSessionForm,
    VolunteerEditForm,
    VolunteerForm,
)
from ..models import Branch, Organization, TrainingSession
from ..queries.people import (
    access_coordinator,
    access_social_worker,
    access_volunteer,
    attendance_of,
    branches_for,
    coordinator_history,
    coordinator_moves,
    coordinator_moves_by_year,
    coordinators_for,
    may_manage_coordinators,
    may_manage_people,
    organization_for_people,
    organizations_managed_by,
    social_workers_for,
    training_sessions_public,
    volunteer_card,
    volunteers_for,
)

PAGE_SIZE = 50


def _page(request, queryset):
    return Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))


def _require_people_manager(request):
    if not may_manage_people(scope_for(request.user)):
        raise PermissionDenied


def _int_param(request, name):
    value = request.GET.get(name, "")
    return int(value) if value.isdigit() else None


# --- Social workers --------------------------------------------------------------------------
@login_required
def social_worker_list(request):
    _require_people_manager(request)
    qs = social_workers_for(request.user).order_by("-id")
    if (org_id := _int_param(request, "organization")) is not None:
        qs = qs.filter(employer_id=org_id)
    certified = request.GET.get("certified")
    if certified == "1":
        qs = qs.filter(certificate_count__gt=0)
    elif certified == "0":
        qs = qs.filter(certificate_count=0)
    return render(
        request,
        "organizations/social_worker_list.html",
        {"page": _page(request, qs), "organizations": organizations_managed_by(request.user), "certified": certified},
    )


@login_required
@require_http_methods(["GET", "POST"])
def social_worker_create(request):
    _require_people_manager(request)
    organizations = list(organizations_managed_by(request.user))
    form = SocialWorkerForm(request.POST or None, organizations=organizations)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            social_worker = act.social_worker_create(
                actor=request.user,
                organization=organization_for_people(request.user, data.get("organization")),
                resident_id=data["resident_id"],
                name=data["name"],
                phone=data["phone"],
                started_on=data["started_on"],
            )
        except DomainError as error:
            apply_domain_error(form, error)
        else:
            messages.success(request, _("The social worker is on record."))
            return redirect("organizations:social-worker-detail", pk=social_worker.pk)
    return render(request, "organizations/social_worker_form.html", {"form": form, "title": _("New social worker")})


def _social_worker_context(request, social_worker, **forms):
    sessions = training_sessions_public().filter(held_on__lte=timezone.localdate()).order_by("-held_on", "-id")
    return {
        "social_worker": social_worker,
        "attendances": attendance_of(social_worker.person),
        "certificate_form": forms.get("certificate_form") or CertificateForm(),
        "attendance_form": forms.get("attendance_form") or AttendanceForm(sessions=sessions),
    }


@login_required
def social_worker_detail(request, pk: int):
    social_worker = access_social_worker(request.user, pk)
    return render(request, "organizations/social_worker_detail.html", _social_worker_context(request, social_worker))


@login_required
@require_http_methods(["GET", "POST"])
def social_worker_edit(request, pk: int):
    social_worker = access_social_worker(request.user, pk)
    initial = {"name": social_worker.name, "phone": social_worker.phone}
    form = SocialWorkerEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            act.social_worker_update(actor=request.user, social_worker=social_worker, **form.cleaned_data)
        except DomainError as error:
            apply_domain_error(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("organizations:social-worker-detail", pk=social_worker.pk)
    return render(
        request,
        "organizations/social_worker_form.html",
        {"form": form, "social_worker": social_worker, "title": _("Edit social worker")},
    )


@login_required
@require_http_methods(["GET", "POST"])
def certificate_add(request, pk: int):
    social_worker = access_social_worker(request.user, pk)
    form = CertificateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            act.certificate_add(actor=request.user, social_worker=social_worker, **form.cleaned_data)
        except DomainError as error:
            apply_domain_error(form, error)
        else:
            messages.success(request, _("The certificate is on record."))
            return redirect("organizations:social-worker-detail", pk=social_worker.pk)
    return render(
        request, "organizations/social_worker_certificate_form.html", {"form": form, "social_worker": social_worker}
    )


@login_required
@require_http_methods(["GET", "POST"])
def attendance_add(request, pk: int):
    social_worker = access_social_worker(request.user, pk)
    sessions = training_sessions_public().filter(held_on__lte=timezone.localdate()).order_by("-held_on", "-id")
    form = AttendanceForm(request.POST or None, sessions=sessions)
    if request.method == "POST" and form.is_valid():
        try:
            act.attendance_record(actor=request.user, session=form.cleaned_data["session"], social_worker=social_worker)
        except DomainError as error:
            apply_domain_error(form, error)
        else:
            messages.success(request, _("The attendance is on record."))
            return redirect("organizations:social-worker-detail", pk=social_worker.pk)
    return render(
        request, "organizations/social_worker_attendance_form.html", {"form": form, "social_worker": social_worker}
    )


# --- Training sessions -----------------------------------------------------------------------
def training_list(request):
    qs = training_sessions_public().order_by("-held_on", "-id")
    year = _int_param(request, "year")
    if year:
        qs = qs.filter(held_on__year=year)
    kind = request.GET.get("kind")
    if kind in TrainingSession.Kind.values:
        qs = qs.filter(kind=kind)
    return render(
        request,
        "organizations/training_list.html",
        {
            "page": _page(request, qs),
            "year": year,
            "kind": kind,
            "kinds": TrainingSession.Kind.choices,
            "may_create": scope_for(request.user).is_district_admin,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def training_create(request):
    if not scope_for(request.user).is_district_admin:
        raise PermissionDenied
    form = TrainingSessionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            act.training_session_create(actor=request.user, **form.cleaned_data)
        except DomainError as error:
            apply_domain_error(form, error)
        else:
            messages.success(request, _("The training session is scheduled."))
            return redirect("organizations:training-list")
    return render(request, "organizations/training_form.html", {"form": form})


# --- Coordinators ----------------------------------------------------------------------------
@login_required
def coordinator_list(request):
    scope = scope_for(request.user)
    if not (may_manage_coordinators(scope) or scope.organization_ids):
        raise PermissionDenied
    qs = coordinators_for(request.user).order_by("-id")
    where = request.GET.get("where")
    if where == "community":
        qs = qs.filter(community__isnull=False)
    elif where == "organization":
        qs = qs.filter(organization__isnull=False)
    return render(
        request,
        "organizations/coordinator_list.html",
        {"page": _page(request, qs), "where": where, "may_hire": may_manage_coordinators(scope)},
    )


def _communities_for_coordinators(user):
    scope = scope_for(user)
    qs = communities_public()
    return qs if scope.is_district_admin else qs.filter(pk__in=scope.overseen_community_ids)


@login_required
@require_http_methods(["GET", "POST"])
def coordinator_hire(request):
    if not may_manage_coordinators(scope_for(request.user)):
        raise PermissionDenied
    form = CoordinatorHireForm(request.POST or None, communities=_communities_for_coordinators(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            employment = act.coordinator_hire(actor=request.user, **form.cleaned_data)
        except DomainError as error:
            apply_domain_error(form, error)
        else:
            messages.success(request, _("The coordinator is on record."))
            return redirect("organizations:coordinator-detail", person_id=employment.person_id)
    return render(request, "organizations/coordinator_form.html", {"form": form})


def _transfer_organizations():
    return Organization.objects.filter(status=Organization.Status.REGISTERED).order_by("name")


@login_required
@require_http_methods(["GET", "POST"])
def coordinator_detail(request, person_id: int):
    """A coordinator's employment history; the move form for those who may move them."""
    current = access_coordinator(request.user, person_id)
    may_move = current.community_id is not None and (
        scope_for(request.user).is_district_admin
        or current.community_id in scope_for(request.user).overseen_community_ids
    )
    form = CoordinatorTransferForm(request.POST or None, organizations=_transfer_organizations()) if may_move else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            try:
                act.coordinator_transfer(actor=request.user, person=current.person, **form.cleaned_data)
            except DomainError as error:
                apply_domain_error(form, error)
            else:
                messages.success(request, _("The move is on record; the earlier employment is kept in the history."))
                return redirect("organizations:coordinator-detail", person_id=person_id)
    return render(
        request,
        "organizations/coordinator_detail.html",
        {"current": current, "history": coordinator_history(current.person_id), "form": form},
    )


def coordinator_moves_page(request):
    """Public aggregate: how many coordinators moved, from where to where, by year."""
    year = _int_param(request, "year")
    years = coordinator_moves_by_year()
    rows = coordinator_moves(year=year) if year else []
    return render(
        request,
        "organizations/coordinator_moves.html",
        {"years": years, "year": year, "rows": rows, "total": sum(r["moved"] for r in rows)},
    )


# --- Volunteers ------------------------------------------------------------------------------
@login_required
def volunteer_list(request):
    _require_people_manager(request)
    qs = volunteers_for(request.user).order_by("-id")
    if (org_id := _int_param(request, "organization")) is not None:
        qs = qs.filter(organization_id=org_id)
    if (branch_id := _int_param(request, "branch")) is not None:
        qs = qs.filter(branch_id=branch_id)
    return render(
        request,
        "organizations/volunteer_list.html",
        {"page": _page(request, qs), "branches": branches_for(request.user).order_by("organization__name", "name")},
    )


@login_required
@require_http_methods(["GET", "POST"])
def volunteer_create(request):
    _require_people_manager(request)
    organizations = list(organizations_managed_by(request.user))
    branches = Branch.objects.filter(organization__in=organizations).select_related("organization")
    form = VolunteerForm(request.POST or None, request.FILES or None, organizations=organizations, branches=branches)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            organization = organization_for_people(
                request.user, data.get("organization") or (data["branch"].organization_id if data["branch"] else None)
            )
            volunteer = act.volunteer_create(
                actor=request.user,
                organization=organization,
                resident_id=data["resident_id"],
                name=data["name"],
                phone=data["phone"],
                branch=data["branch"],
                photo=data["photo"],
                joined_on=data["joined_on"],
            )
        except DomainError as error:
            apply_domain_error(form, error)
        else:
            messages.success(request, _("The volunteer is on record."))
            return redirect("organizations:volunteer-card", token=volunteer.card_token)
    return render(request, "organizations/volunteer_form.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def volunteer_edit(request, pk: int):
    volunteer = access_volunteer(request.user, pk)
    branches = Branch.objects.filter(organization_id=volunteer.organization_id).order_by("name")
    form = VolunteerEditForm(
        request.POST or None, request.FILES or None, branches=branches, initial={"branch": volunteer.branch_id}
    )
    if request.method == "POST" and form.is_valid():
        try:
            act.volunteer_update(
                actor=request.user,
                volunteer=volunteer,
                branch=form.cleaned_data["branch"],
                photo=form.cleaned_data["photo"],
            )
        except DomainError as error:
            apply_domain_error(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("organizations:volunteer-list")
    return render(request, "organizations/volunteer_edit.html", {"form": form, "volunteer": volunteer})


@login_required
@require_http_methods(["GET", "POST"])
def branch_create(request):
    _require_people_manager(request)
    organizations = list(organizations_managed_by(request.user))
    form = BranchForm(request.POST or None, organizations=organizations)
    if request.method == "POST" and form.is_valid():
        try:
            act.branch_create(
                actor=request.user,
                organization=organization_for_people(request.user, form.cleaned_data.get("organization")),
                name=form.cleaned_data["name"],
            )
        except DomainError as error:
            apply_domain_error(form, error)
        else:
            messages.success(request, _("The branch is on record."))
            return redirect("organizations:volunteer-list")
    return render(request, "organizations/volunteer_branch_form.html", {"form": form})


def volunteer_card_page(request, token: str):
    """The card a resident sees when a volunteer serves them: name, photo, organisation. No ID."""
    return render(request, "organizations/volunteer_card.html", {"volunteer": volunteer_card(token)})


def volunteer_photo(request, token: str):
    volunteer = volunteer_card(token)
    if not volunteer.photo:
        raise Http404
    try:
        handle = volunteer.photo.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    head = handle.read(8)
    handle.seek(0)
    content_type = "image/png" if head.startswith(b"\x89PNG") else "image/jpeg"
    response = FileResponse(handle, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    return response
