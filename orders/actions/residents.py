"""Writes of residents: sign up and apply, verification by the community, registration in person."""

from __future__ import annotations

import re
import secrets

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.actions import role_grant, user_signup
from accounts.models import Community, Role, RoleAssignment, Street, User
from core.errors import Conflict, DomainError
from core.text import REASON_MAX, require_comment, text_too_long

from ..models import ResidentApplication
from ..states import RESIDENT_APPLICATION

A = ResidentApplication.Status

# A mainland mobile number: 11 digits starting 13–19 (the operators' ranges). "+86", "0086",
# spaces and hyphens are accepted around it and dropped.
MOBILE = re.compile(r"1[3-9]\d{9}")
NAME_MAX = 50


def phone_normalise(value: str | None) -> str | None:
    """The 11-digit mobile number in `value`, or None when it is not one."""
    digits = re.sub(r"[\s\-()（）]", "", value or "")
    for prefix in ("+86", "0086", "86"):
        if digits.startswith(prefix) and len(digits) == 11 + len(prefix):
            digits = digits[len(prefix) :]
            break
    return digits if MOBILE.fullmatch(digits) else None


def _check_person(problems: dict, *, name: str, phone: str, phone_required: bool) -> str:
    """Name and phone checks; returns the normalised phone ("" when none was given and none is needed)."""
    name = (name or "").strip()
    if not name:
        problems["name"] = _("Write your name as the community knows it.")
    elif (message := text_too_long(name, NAME_MAX)) is not None:
        problems["name"] = message
    if not (phone or "").strip() and not phone_required:
        return ""
    normalised = phone_normalise(phone)
    if normalised is None:
        problems["phone"] = _("Enter a mainland mobile number of 11 digits, e.g. 13812345678.")
        return ""
    return normalised


def _check_place(problems: dict, *, street: Street | None, community: Community | None) -> None:
    if community is None or not community.is_active:
        problems["community"] = _("Choose your community.")
    elif street is not None and community.street_id != street.pk:
        problems["community"] = _("%(community)s is not in %(street)s.") % {
            "community": community.name,
            "street": street.name,
        }


def _refuse_if_resident_or_waiting(user: User) -> None:
    if RoleAssignment.objects.filter(user=user, role=Role.RESIDENT).exists():
        raise Conflict(_("You are already a verified resident."), code="already_verified")
    if ResidentApplication.objects.filter(user=user, status=A.PENDING).exists():
        raise Conflict(
            _("Your application is waiting for the community; it will tell you its answer."), code="already_pending"
        )


@transaction.atomic
def resident_signup(
    *, phone: str, name: str, password: str, street: Street | None, community: Community | None
) -> ResidentApplication:
    """A newcomer signs up with their mobile number (it becomes their username) and asks to be
    verified into their community. They can sign in and browse at once; ordering waits for the
    community's confirmation. All or nothing: on any error no account is created."""
    problems: dict[str, str] = {}
    normalised = _check_person(problems, name=name, phone=phone, phone_required=True)
    _check_place(problems, street=street, community=community)
    if normalised and User.objects.filter(username__iexact=normalised).exists():
        problems["phone"] = _("This mobile number already has an account: sign in with it.")
    if not password:
        problems["password"] = _("Choose a password.")
    if problems:
        raise DomainError(_("Nothing was saved; see the marked fields."), fields=problems)
    try:
        user = user_signup(username=normalised, password=password, display_name=name.strip(), phone=normalised)
    except DomainError as error:
        # The username is the phone number: its problems belong to the phone field.
        fields = {("phone" if key == "username" else key): value for key, value in error.fields.items()}
        raise DomainError(error.message, fields=fields, code=error.code) from error
    return resident_apply(actor=user, community=community, name=name, phone=normalised)


@transaction.atomic
def resident_apply(
    *, actor, community: Community | None, name: str, phone: str, street: Street | None = None
) -> ResidentApplication:
    """A signed-in person asks to be verified into one community."""
    application = ResidentApplication(community=community)
    application.user_id = actor.pk if getattr(actor, "is_authenticated", False) else None
    RESIDENT_APPLICATION.check_party(actor, application, "submit")
    problems: dict[str, str] = {}
    normalised = _check_person(problems, name=name, phone=phone, phone_required=True)
    _check_place(problems, street=street, community=community)
    if problems:
        raise DomainError(_("Nothing was saved; see the marked fields."), fields=problems)
    User.objects.select_for_update().get(pk=actor.pk)  # one application at a time per person
    _refuse_if_resident_or_waiting(actor)
    RESIDENT_APPLICATION.check_create(actor, application, "submit")
    application.name, application.phone, application.status = name.strip(), normalised, A.PENDING
    application.save()
    RESIDENT_APPLICATION.record_creation(actor=actor, obj=application, action="submit")
    return application


@transaction.atomic
def resident_application_verify(*, actor, application: ResidentApplication, comment: str = "") -> ResidentApplication:
    """The community confirms the person lives there: they become a verified resident."""
    RESIDENT_APPLICATION.check_party(actor, application, "verify")
    if (message := text_too_long(comment, REASON_MAX)) is not None:
        raise DomainError(message, fields={"comment": message})
    application = RESIDENT_APPLICATION.move(
        actor=actor,
        obj=application,
        action="verify",
        reason=comment,
        decided_by=actor,
        decided_at=timezone.now(),
    )
    role_grant(actor=actor, user=application.user, role=Role.RESIDENT, scope=application.community)
    return application


@transaction.atomic
def resident_application_reject(*, actor, application: ResidentApplication, comment: str) -> ResidentApplication:
    """The community cannot confirm the person: the reason is shown to them; they may apply again."""
    RESIDENT_APPLICATION.check_party(actor, application, "reject")
    comment = require_comment(
        comment, _("Say why: the applicant reads it."), field_message=_("Give the reason for rejecting.")
    )
    return RESIDENT_APPLICATION.move(
        actor=actor,
        obj=application,
        action="reject",
        reason=comment,
        reject_reason=comment,
        decided_by=actor,
        decided_at=timezone.now(),
    )


@transaction.atomic
def resident_register_in_person(
    *, actor, community: Community | None, name: str, phone: str = ""
) -> ResidentApplication:
    """Community staff register a resident who came to the office (many elderly residents have no
    smartphone): the account and the verified role in one step. The account has no password; the
    resident may be given a login later, or never need one (staff act for them)."""
    application = ResidentApplication(community=community, in_person=True, registered_by=actor)
    if community is not None:
        RESIDENT_APPLICATION.check_party(actor, application, "register")
    problems: dict[str, str] = {}
    normalised = _check_person(problems, name=name, phone=phone, phone_required=False)
    _check_place(problems, street=None, community=community)
    if normalised and User.objects.filter(username__iexact=normalised).exists():
        problems["phone"] = _("This mobile number already has an account: confirm its application instead.")
    if problems:
        raise DomainError(_("Nothing was saved; see the marked fields."), fields=problems)
    RESIDENT_APPLICATION.check_create(actor, application, "register")
    user = User(username=normalised or f"resident-{secrets.token_hex(5)}", display_name=name.strip(), phone=normalised)
    user.set_unusable_password()
    user.save()
    application.user = user
    application.name, application.phone, application.status = name.strip(), normalised, A.VERIFIED
    application.decided_by, application.decided_at = actor, timezone.now()
    application.save()
    RESIDENT_APPLICATION.record_creation(actor=actor, obj=application, action="register")
    role_grant(actor=actor, user=user, role=Role.RESIDENT, scope=community)
    return application
