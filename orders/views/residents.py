"""Pages of residents: sign up (or apply when signed in), the community's decision, registration in person."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import Community
from accounts.queries import scope_for
from core.errors import DomainError, NotAllowed
from core.forms import apply_domain_error
from core.transitions import TransitionFormView

from ..actions.residents import (
    resident_application_reject,
    resident_application_verify,
    resident_apply,
    resident_register_in_person,
    resident_signup,
)
from ..forms.residents import ResidentApplyForm, ResidentRegisterForm, ResidentSignupForm
from ..queries.residents import access_application, my_application, verified_community
from ..states import RESIDENT_APPLICATION


def resident_signup_page(request):
    """Newcomers sign up with their mobile number and community; signed-in people apply; verified
    residents and those waiting see where they stand."""
    application = my_application(request.user)
    scope = scope_for(request.user)
    waiting = application is not None and application.status == application.Status.PENDING
    if scope.resident_community_id is not None or waiting:
        return render(
            request,
            "orders/resident_signup.html",
            {"application": application, "form": None, "verified_in": verified_community(request.user)},
        )
    authenticated = request.user.is_authenticated
    form_class = ResidentApplyForm if authenticated else ResidentSignupForm
    initial = {"name": request.user.display_name, "phone": request.user.phone} if authenticated else None
    form = form_class(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if authenticated:
                application = resident_apply(
                    actor=request.user,
                    name=data["name"],
                    phone=data["phone"],
                    street=data["street"],
                    community=data["community"],
                )
            else:
                application = resident_signup(
                    phone=data["phone"],
                    name=data["name"],
                    password=data["password"],
                    street=data["street"],
                    community=data["community"],
                )
                login(request, application.user, backend="django.contrib.auth.backends.ModelBackend")
        except NotAllowed as error:
            raise PermissionDenied(error.message) from error
        except DomainError as error:
            apply_domain_error(form, error)
        else:
            messages.success(
                request,
                _(
                    "Your application was sent to %(community)s. You can browse now; you can order once they confirm you."
                )
                % {"community": application.community.name},
            )
            return redirect("orders:resident-signup")
    return render(request, "orders/resident_signup.html", {"application": application, "form": form})


def _staff_communities(user):
    return Community.objects.filter(pk__in=scope_for(user).community_ids, is_active=True)


@login_required
def resident_register_page(request):
    """Community staff register a resident who came to the office: verified at once."""
    communities = _staff_communities(request.user)
    if not communities.exists():
        raise PermissionDenied
    form = ResidentRegisterForm(request.POST or None, communities=communities)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            application = resident_register_in_person(
                actor=request.user, community=data["community"], name=data["name"], phone=data["phone"]
            )
        except NotAllowed as error:
            raise PermissionDenied(error.message) from error
        except DomainError as error:
            apply_domain_error(form, error)
        else:
            messages.success(
                request,
                _("%(name)s is now a verified resident of %(community)s.")
                % {"name": application.name, "community": application.community.name},
            )
            return redirect(reverse("orders:community-overview") + f"?community={application.community_id}")
    return render(request, "orders/resident_register.html", {"form": form})


class _ApplicationMove(TransitionFormView):
    template_name = "orders/resident_action.html"
    access = access_application
    machine = RESIDENT_APPLICATION

    def success_url(self, request, application):
        return reverse("orders:community-overview") + f"?community={application.community_id}"


class ApplicationVerifyPage(_ApplicationMove):
    action = "verify"
    title = gettext_lazy("Confirm the resident")
    submit = gettext_lazy("Confirm")
    success_message = gettext_lazy("Confirmed: the resident is verified and can order.")

    def perform(self, request, application, data):
        return resident_application_verify(actor=request.user, application=application, comment=data["comment"])


class ApplicationRejectPage(_ApplicationMove):
    action = "reject"
    title = gettext_lazy("Reject the application")
    submit = gettext_lazy("Reject")
    success_message = gettext_lazy("The application is rejected; the applicant sees your reason.")

    def perform(self, request, application, data):
        return resident_application_reject(actor=request.user, application=application, comment=data["comment"])
