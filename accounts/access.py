from django.http import Http404

from .models import User
from .queries import scope_for


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
