from django.http import Http404
from django.utils.translation import gettext as _

from core.errors import NotAllowed

from .models import User
from .queries import scope_for


def require_district_admin(actor, message: str | None = None) -> None:
    """Raise NotAllowed unless `actor` is the district's civil-affairs administrator."""
    if not scope_for(actor).is_district_admin:
        raise NotAllowed(message or _("Only the district civil-affairs bureau may do this."))


def access_user_history(user, pk) -> User:
    """A user's own history is theirs and the district admin's to read."""
    if not getattr(user, "is_authenticated", False):
        raise Http404
    if str(user.pk) == str(pk):
        return user
    if scope_for(user).is_district_admin:
        target = User.objects.filter(pk=pk).first() if str(pk).isdigit() else None
        if target:
            return target
    raise Http404
