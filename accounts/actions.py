from __future__ import annotations

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from core.audit import audit_record
from core.errors import DomainError

from .models import ROLE_SCOPE_FIELD, Role, RoleAssignment, User
from .queries import role_source, scope_forget


@transaction.atomic
def user_signup(*, username: str, password: str, display_name: str = "", phone: str = "", email: str = "") -> User:
    """A newcomer creates an account; it holds no role until one is granted or earned."""
    username = username.strip()
    if User.objects.filter(username__iexact=username).exists():
        raise DomainError(_("This username is taken."), fields={"username": _("This username is taken.")})
    user = User(username=username, display_name=display_name.strip(), phone=phone.strip(), email=email.strip())
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise DomainError(_("Choose a stronger password."), fields={"password": exc.messages}) from exc
    user.set_password(password)
    user.save()
    audit_record(actor=user, obj=user, action="user.signup", to_state="active")
    return user


def _role_kwargs(role: str, scope) -> dict:
    try:
        field = ROLE_SCOPE_FIELD[Role(role)]
    except (KeyError, ValueError) as exc:
        raise DomainError(_("No such role."), fields={"role": _("No such role.")}) from exc
    if field and scope is None:
        raise DomainError(_("This role needs a scope."), fields={"scope": _("This role needs a scope.")})
    return {field: scope} if field else {}


@transaction.atomic
def role_grant(*, actor, user: User, role: str, scope=None):
    """Give `user` the `role` over `scope` (a district, department, street, community or organisation).

    A role whose grants another app keeps (organisation staff) is granted by that app's action.
    """
    source = role_source(role)
    if source is not None:
        return source.grant(actor=actor, user=user, unit=scope)
    kwargs = {"user": user, "role": role, **_role_kwargs(role, scope)}
    existing = RoleAssignment.objects.filter(**kwargs).first()
    if existing:
        return existing
    try:
        with transaction.atomic():
            assignment = RoleAssignment.objects.create(**kwargs)
    except IntegrityError as exc:
        raise DomainError(
            _("This user cannot hold that role here."), fields={"role": _("Conflicts with an existing role.")}
        ) from exc
    audit_record(actor=actor, obj=user, action="user.role_grant", to_state=role, data={"scope": str(scope or "")})
    # The user may act on the new role within this same request.
    scope_forget(user)
    return assignment


@transaction.atomic
def role_revoke(*, actor, user: User, role: str, scope=None) -> bool:
    """Take `role` over `scope` away from `user`; False when they did not hold it (nothing written)."""
    source = role_source(role)
    if source is not None:
        return source.revoke(actor=actor, user=user, unit=scope)
    deleted, _rows = RoleAssignment.objects.filter(user=user, role=role, **_role_kwargs(role, scope)).delete()
    if not deleted:
        return False
    audit_record(actor=actor, obj=user, action="user.role_revoke", from_state=role, data={"scope": str(scope or "")})
    scope_forget(user)
    return True
