from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.db.models import Count, Prefetch, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from core.errors import DomainError
from core.forms import apply_domain_error
from core.public_cache import PLACES, public_fragment, public_page

from .actions import user_signup
from .forms import SignupForm
from .lockout import lockout_response
from .models import Community
from .queries import streets_public
from .throttling import sign_in_allowed


class SignInView(auth_views.LoginView):
    """Django's login page behind the same sign-in throttles as the API's token endpoint."""

    redirect_authenticated_user = True

    def post(self, request, *args, **kwargs):
        if not sign_in_allowed(request):
            return lockout_response(request)
        return super().post(request, *args, **kwargs)


def signup(request):
    if request.user.is_authenticated:
        return redirect("core:home")
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = user_signup(
                username=data["username"],
                password=data["password"],
                display_name=data["display_name"],
                phone=data["phone"],
                email=data["email"],
            )
        except DomainError as error:
            apply_domain_error(form, error)
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, _("Welcome! Your account is ready."))
            return redirect(_safe_next(request) or "core:home")
    return render(request, "accounts/signup.html", {"form": form})


def _safe_next(request) -> str | None:
    """The `next` page if it is on this site, as Django's login view checks it."""
    target = request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return None


def _street_list_context() -> dict:
    streets = (
        streets_public()
        .annotate(community_count=Count("communities", filter=Q(communities__is_active=True)))
        .prefetch_related(Prefetch("communities", queryset=Community.objects.filter(is_active=True).order_by("name")))
    )
    return {"streets": streets}


@public_page("street-list", (PLACES,))
def street_list(request):
    """The same for every visitor: from the shared cache, renewed when a street or community changes."""
    body = public_fragment(request, "street-list", (PLACES,), "accounts/street_list_body.html", _street_list_context)
    return render(request, "accounts/street_list.html", {"body": body})


def street_detail(request, pk: int):
    street = get_object_or_404(streets_public(), pk=pk)
    communities = street.communities.filter(is_active=True).order_by("name")
    return render(request, "accounts/street_detail.html", {"street": street, "communities": communities})
