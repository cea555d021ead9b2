"""Pages of offerings: residents browse their community's services (phone-first); organisations
manage their offerings, slots and reply templates."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.models import Community
from accounts.queries import scope_for
from core.errors import DomainError, NotAllowed
from core.forms import apply_domain_error
from core.paging import keyset_page
from organizations.models import Organization, ServiceDomain, SocialWorker, Volunteer

from ..actions.offerings import offering_create, offering_update, reply_template_save, slot_add
from ..forms.offerings import OfferingForm, ReplyTemplateForm, SlotForm
from ..queries.offerings import (
    SEARCH_MAX,
    access_offering,
    can_manage_offering,
    offerings_of_staff,
    offerings_public,
    reply_templates_for,
)


def _form_page(request, *, form, run, context, success, redirect_to, template="orders/form.html"):
    """POST: run the action; its errors go beside the fields; 403 for those who may not."""
    if request.method == "POST" and form.is_valid():
        try:
            run(form.cleaned_data)
        except NotAllowed as error:
            raise PermissionDenied(error.message) from error
        except DomainError as error:
            apply_domain_error(form, error)
        else:
            messages.success(request, success)
            return redirect(redirect_to() if callable(redirect_to) else redirect_to)
    return render(request, template, {"form": form, **context})


def _int(value) -> int | None:
    return int(value) if value and value.isdigit() and len(value) < 10 else None


def offering_browse(request):
    """Services at my door: a resident sees their own community's by default."""
    scope = scope_for(request.user)
    community_id = _int(request.GET.get("community")) or scope.resident_community_id
    domain = request.GET.get("domain") if request.GET.get("domain") in ServiceDomain.values else ""
    search = request.GET.get("search", "").strip()[:SEARCH_MAX]
    offerings = offerings_public(community=community_id, domain=domain or None, search=search)
    page = keyset_page(offerings, request.GET, size=20)
    return render(
        request,
        "orders/offering_browse.html",
        {
            "page": page,
            "communities": Community.objects.filter(is_active=True).select_related("street").order_by("name"),
            "community_id": community_id,
            "domains": ServiceDomain.choices,
            "domain": domain,
            "search": search,
        },
    )


def offering_detail(request, pk: int):
    offering = access_offering(request.user, pk)
    scope = scope_for(request.user)
    serves_me = scope.resident_community_id is not None and any(
        c.pk == scope.resident_community_id for c in offering.communities.all()
    )
    staff_here = any(c.pk in scope.community_ids for c in offering.communities.all())
    return render(
        request,
        "orders/offering_detail.html",
        {
            "offering": offering,
            "can_order": offering.is_active and (serves_me or staff_here),
            "unverified": request.user.is_authenticated and scope.resident_community_id is None and not staff_here,
            "can_manage": can_manage_offering(request.user, offering),
        },
    )


@login_required
def offering_manage(request):
    """An organisation's own offerings, open and closed."""
    if not scope_for(request.user).organization_ids:
        raise PermissionDenied
    page = keyset_page(offerings_of_staff(request.user), request.GET, size=50)
    return render(request, "orders/offering_manage.html", {"page": page})


@login_required
def offering_create_page(request):
    scope = scope_for(request.user)
    if not scope.organization_ids:
        raise PermissionDenied
    organization = Organization.objects.filter(pk__in=scope.organization_ids).order_by("pk").first()
    form = OfferingForm(
        request.POST or None,
        communities=Community.objects.filter(is_active=True).order_by("street__name", "name"),
        social_workers=SocialWorker.objects.filter(employer=organization).order_by("name"),
        volunteers=Volunteer.objects.filter(organization=organization).order_by("name"),
    )
    return _form_page(
        request,
        form=form,
        run=lambda data: offering_create(actor=request.user, organization=organization, **data),
        context={"title": _("Offer a service"), "submit": _("Save the offering")},
        success=_("The offering is open for orders."),
        redirect_to=reverse("orders:offering-manage"),
    )


@login_required
def offering_edit_page(request, pk: int):
    """Change an offering, or close it to new orders (orders already placed keep their terms)."""
    offering = access_offering(request.user, pk)
    if not can_manage_offering(request.user, offering):
        raise PermissionDenied
    initial = {
        "title": offering.title,
        "domain": offering.domain,
        "communities": list(offering.communities.all()),
        "description": offering.description,
        "schedule": offering.schedule,
        "price": offering.price,
        "answer_hours": offering.answer_hours,
        "social_workers": list(offering.social_workers.all()),
        "volunteers": list(offering.volunteers.all()),
        "is_active": offering.is_active,
    }
    form = OfferingForm(
        request.POST or None,
        initial=initial,
        with_active=True,
        communities=Community.objects.filter(is_active=True).order_by("street__name", "name"),
        social_workers=SocialWorker.objects.filter(employer_id=offering.organization_id).order_by("name"),
        volunteers=Volunteer.objects.filter(organization_id=offering.organization_id).order_by("name"),
    )
    return _form_page(
        request,
        form=form,
        run=lambda data: offering_update(actor=request.user, offering=offering, **data),
        context={"title": _("Change the offering"), "submit": _("Save the offering"), "offering": offering},
        success=_("The offering is saved."),
        redirect_to=reverse("orders:offering-detail", kwargs={"pk": pk}),
    )


@login_required
def slot_add_page(request, pk: int):
    offering = access_offering(request.user, pk)
    if not can_manage_offering(request.user, offering):
        raise PermissionDenied
    return _form_page(
        request,
        form=SlotForm(request.POST or None),
        run=lambda data: slot_add(actor=request.user, offering=offering, **data),
        context={"title": _("Add a slot"), "submit": _("Add the slot"), "offering": offering},
        success=_("The slot is added."),
        redirect_to=reverse("orders:offering-detail", kwargs={"pk": pk}),
    )


@login_required
def reply_templates_page(request):
    scope = scope_for(request.user)
    if not scope.organization_ids:
        raise PermissionDenied
    organization = Organization.objects.filter(pk__in=scope.organization_ids).order_by("pk").first()
    return _form_page(
        request,
        form=ReplyTemplateForm(request.POST or None),
        run=lambda data: reply_template_save(actor=request.user, organization=organization, **data),
        context={"templates": reply_templates_for(request.user)},
        success=_("The reply template is saved."),
        redirect_to=reverse("orders:reply-templates"),
        template="orders/reply_templates.html",
    )
