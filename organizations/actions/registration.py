"""Registration: the application (draft, edit, submit) and the bureau's review.

Every check runs before anything is written, so a refused request changes nothing. The same
checks serve the page and the API, and each problem is reported under the field it concerns.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.actions import role_grant
from accounts.models import Role
from core.audit import audit_record
from core.errors import Conflict, DomainError, NotAllowed
from core.files import file_delete_after_commit, file_delete_now, file_size
from core.text import DOCUMENT_TEXT_MAX, REASON_MAX, require_comment, require_text_within, text_too_long

from ..identifiers import ric_normalise, ric_problem, uscc_for_civil_affairs
from ..models import (
    Member,
    Notification,
    Organization,
    OrganizationDomain,
    RegistrationCounter,
    ServiceDomain,
    StaffMembership,
)
from ..states import EDITABLE
from .lifecycle import notify, transition

MIN_CAPITAL = Decimal("3000.00")
MIN_MEMBERS = 5
DOCUMENT_MAX_BYTES = 5 * 1024 * 1024
# The first bytes of each accepted document type: the extension alone is not trusted.
DOCUMENT_SIGNATURES = {
    ".pdf": (b"%PDF-",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".png": (b"\x89PNG\r\n\x1a\n",),
}
DOCUMENT_FIELDS = ("articles_file", "capital_proof_file")
# The application's plain fields (everything but domains, members and documents).
APPLICATION_FIELDS = (
    "name",
    "street",
    "community",
    "registered_capital",
    "office_kind",
    "office_address",
    "articles",
    "business_scope",
    "contact_name",
    "contact_phone",
    "contact_email",
    "origin_city",
)
TEXT_FIELDS = tuple(f for f in APPLICATION_FIELDS if f not in ("street", "community", "registered_capital"))


@dataclass(frozen=True)
class MemberInput:
    name: str
    resident_id: str
    is_legal_representative: bool = False


class Problems(dict):
    """field → [messages], in the order found."""

    def add(self, field: str, message: str) -> None:
        self.setdefault(field, []).append(str(message))

    def raise_if_any(self, message: str) -> None:
        if self:
            raise DomainError(message, fields=dict(self))


# --- Checks ---------------------------------------------------------------------------------
def document_problem(upload) -> str | None:
    """Why an uploaded document is refused (type or size); None when it is acceptable."""
    name = (getattr(upload, "name", "") or "").lower()
    suffix = "." + name.rsplit(".", 1)[-1] if "." in name else ""
    if suffix not in DOCUMENT_SIGNATURES:
        return _("Upload a PDF, JPG or PNG file.")
    if upload.size > DOCUMENT_MAX_BYTES:
        return _("The file is larger than 5 MB.")
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if not head.startswith(DOCUMENT_SIGNATURES[suffix]):
        return _("The file's content is not the PDF, JPG or PNG its name says.")
    return None


def _ric_message(row: int, problem: str) -> str:
    if problem == "shape":
        return _("Row %(row)d: a resident ID has 18 characters, 17 digits and a final digit or X.") % {"row": row}
    if problem == "birth_date":
        return _("Row %(row)d: the birth date inside the resident ID is not a real date.") % {"row": row}
    return _("Row %(row)d: the resident ID's check digit is wrong; please check the number.") % {"row": row}


def _member_problems(members: list[MemberInput], problems: Problems) -> None:
    seen: dict[str, int] = {}
    reps = 0
    for row, member in enumerate(members, start=1):
        if not member.name.strip():
            problems.add("members", _("Row %(row)d: enter the member's name.") % {"row": row})
        rid = ric_normalise(member.resident_id)
        problem = ric_problem(rid)
        if problem:
            problems.add("members", _ric_message(row, problem))
        elif rid in seen:
            problems.add(
                "members",
                _("Row %(row)d: this resident ID is already in row %(first)d; a person can be a member only once.")
                % {"row": row, "first": seen[rid]},
            )
        else:
            seen[rid] = row
        reps += bool(member.is_legal_representative)
    if reps > 1:
        problems.add("legal_representative", _("Only one member can be the legal representative."))


def _format_problems(values: dict, members: list[MemberInput] | None, *, exclude_pk: int | None) -> Problems:
    """What is wrong with what was given, complete or not (a draft must pass these too)."""
    problems = Problems()
    for field in TEXT_FIELDS:
        if problem := text_too_long(values.get(field), _text_limit(field)):
            problems.add(field, problem)
    name = values.get("name", "")
    if not name:
        problems.add("name", _("Enter the organisation's name."))
    elif (
        Organization.objects.filter(name=name).exclude(status=Organization.Status.DRAFT).exclude(pk=exclude_pk).exists()
    ):
        problems.add(
            "name", _("The name “%(name)s” is already taken by another organisation in the district.") % {"name": name}
        )
    capital = values.get("registered_capital")
    if capital is not None and capital < MIN_CAPITAL:
        problems.add("registered_capital", _("The registered capital must be at least 3000.00 yuan."))
    street, community = values.get("street"), values.get("community")
    if street is not None and community is not None and community.street_id != street.pk:
        problems.add(
            "community",
            _("%(community)s is not in %(street)s.") % {"community": community.name, "street": street.name},
        )
    if values.get("office_kind") and values["office_kind"] not in Organization.Office.values:
        problems.add("office_kind", _("Choose where the office is."))
    if members is not None:
        _member_problems(members, problems)
    return problems


def _text_limit(field: str) -> int:
    if field == "articles":
        return DOCUMENT_TEXT_MAX
    if field == "business_scope":
        return REASON_MAX
    return Organization._meta.get_field(field).max_length


def _completeness_problems(org: Organization, domains: list[str], members: list[Member]) -> Problems:
    """What a submitted application must have on top of being well formed."""
    problems = Problems()
    required = {
        "street": _("Choose the street."),
        "community": _("Choose the community."),
        "registered_capital": _("Enter the registered capital (at least 3000.00 yuan)."),
        "office_kind": _("Say where the office is."),
        "articles": _("Enter the articles of association."),
        "business_scope": _("Enter the business scope."),
        "contact_name": _("Enter a contact person."),
        "contact_phone": _("Enter a contact phone number."),
        "articles_file": _("Upload the articles of association (PDF, JPG or PNG)."),
        "capital_proof_file": _("Upload the proof of registered capital (PDF, JPG or PNG)."),
    }
    for field, message in required.items():
        value = getattr(org, field + "_id" if field in ("street", "community") else field)
        if value in (None, "") or (field in DOCUMENT_FIELDS and not value):
            problems.add(field, message)
    if org.office_kind == Organization.Office.OWN and not org.office_address:
        problems.add("office_address", _("Enter the office's address."))
    if not domains:
        problems.add("domains", _("Choose at least one service domain."))
    if len(members) < MIN_MEMBERS:
        problems.add(
            "members",
            _("An organisation needs at least %(min)d members; this application has %(count)d.")
            % {"min": MIN_MEMBERS, "count": len(members)},
        )
    if not any(m.is_legal_representative for m in members):
        problems.add("legal_representative", _("Choose the legal representative from among the members."))
    return problems


def _clean_values(fields: dict) -> dict:
    values = {}
    for key, value in fields.items():
        if key not in APPLICATION_FIELDS:
            continue
        if key in TEXT_FIELDS:
            value = " ".join((value or "").split()) if key in ("name", "origin_city") else (value or "").strip()
        values[key] = value
    # A community given without its street: the street is the community's.
    if values.get("community") is not None and values.get("street") is None:
        values["street"] = values["community"].street
    return values


def _documents_problems(documents: dict | None) -> Problems:
    problems = Problems()
    for field, upload in (documents or {}).items():
        if field not in DOCUMENT_FIELDS:
            continue
        if upload is not None and (problem := document_problem(upload)):
            problems.add(field, problem)
    return problems


def _documents_total_problems(org: Organization, documents: dict | None) -> Problems:
    """The application's documents together, as they would be after this upload, within the cap."""
    problems = Problems()
    uploads = {f: u for f, u in (documents or {}).items() if f in DOCUMENT_FIELDS and u is not None}
    if not uploads:
        return problems
    total = sum(uploads[f].size if f in uploads else file_size(getattr(org, f)) for f in DOCUMENT_FIELDS)
    cap = settings.APPLICATION_DOCUMENTS_MAX_BYTES
    if total > cap:
        message = _("The application's documents may total at most %(cap)s; these would total %(total)s.") % {
            "cap": filesizeformat(cap),
            "total": filesizeformat(total),
        }
        for field in uploads:
            problems.add(field, message)
    return problems


def _write(org: Organization, values: dict, domains, members, documents) -> None:
    for key, value in values.items():
        setattr(org, key, value)
    org.is_brand = bool(org.origin_city)
    replaced = {}
    for field, upload in (documents or {}).items():
        if field in DOCUMENT_FIELDS and upload is not None:
            replaced[field] = getattr(org, field).name
            setattr(org, field, upload)
    try:
        with transaction.atomic():
            org.save()
    except IntegrityError as exc:  # a concurrent application took the name between check and write
        for field in replaced:
            file_delete_now(getattr(org, field))
        raise DomainError(
            _("The application could not be saved."),
            fields={
                "name": _("The name “%(name)s” is already taken by another organisation in the district.")
                % {"name": org.name}
            },
        ) from exc
    for field, old_name in replaced.items():
        if old_name and old_name != getattr(org, field).name:
            file_delete_after_commit(getattr(org, field), name=old_name)
    if domains is not None:
        OrganizationDomain.objects.filter(organization=org).exclude(domain__in=domains).delete()
        OrganizationDomain.objects.bulk_create(
            [OrganizationDomain(organization=org, domain=d) for d in dict.fromkeys(domains)], ignore_conflicts=True
        )
    if members is not None:
        Member.objects.filter(organization=org).delete()
        Member.objects.bulk_create(
            [
                Member(
                    organization=org,
                    position=row,
                    name=m.name.strip(),
                    resident_id=ric_normalise(m.resident_id),
                    is_legal_representative=bool(m.is_legal_representative),
                )
                for row, m in enumerate(members, start=1)
            ]
        )


def _check_domains(domains) -> None:
    bad = [d for d in (domains or []) if d not in ServiceDomain.values]
    if bad:
        raise DomainError(_("Unknown service domain."), fields={"domains": _("Unknown service domain.")})


def _check_open_drafts(actor) -> None:
    """A user may hold only a few unsubmitted drafts: names cost nothing to draft."""
    from accounts.models import User

    # Locking the user serialises one user's concurrent applications, so the count holds.
    User.objects.select_for_update().filter(pk=actor.pk).first()
    limit = settings.ORGANIZATION_OPEN_DRAFTS_MAX
    if Organization.objects.filter(applicant=actor, status=Organization.Status.DRAFT).count() >= limit:
        raise Conflict(
            _(
                "You already have %(count)d unsubmitted draft applications: submit or finish one before starting another."
            )
            % {"count": limit},
            code="too_many_drafts",
        )


# --- Actions --------------------------------------------------------------------------------
@transaction.atomic
def organization_apply(
    *,
    actor,
    fields: dict,
    domains: list[str] | None = None,
    members: list[MemberInput] | None = None,
    documents: dict | None = None,
    submit: bool = False,
) -> Organization:
    """Start an application as a draft (and submit it at once when `submit`).

    The applicant becomes staff of the organisation now, not at registration: the draft, the
    bureau's comments and the certificate are all reached through that one role.
    """
    if not getattr(actor, "is_authenticated", False):
        raise NotAllowed(_("Sign in to register an organisation."))
    _check_domains(domains)
    _check_open_drafts(actor)
    values = _clean_values(fields)
    problems = _format_problems(values, members, exclude_pk=None)
    problems.update(_documents_problems(documents))
    if not problems:
        problems.update(_documents_total_problems(Organization(), documents))
    problems.raise_if_any(_("The application has problems; nothing was saved."))
    org = Organization(applicant=actor, status=Organization.Status.DRAFT)
    _write(org, values, domains, members, documents)
    audit_record(actor=actor, obj=org, action="organization.apply", to_state=org.status)
    role_grant(actor=actor, user=actor, role=Role.ORGANIZATION_STAFF, scope=org)
    if submit:
        org = organization_submit(actor=actor, organization=org)
    return org


@transaction.atomic
def organization_update(
    *,
    actor,
    organization: Organization,
    fields: dict,
    domains: list[str] | None = None,
    members: list[MemberInput] | None = None,
    documents: dict | None = None,
    submit: bool = False,
) -> Organization:
    """Change a draft or returned application; what is not given stays as it was."""
    from accounts.queries import scope_for

    org = Organization.objects.select_for_update().get(pk=organization.pk)
    if org.pk not in scope_for(actor).organization_ids:
        raise NotAllowed(_("Only the organisation's own staff may do this."))
    if org.status not in EDITABLE:
        raise Conflict(_("The application can be changed only while it is a draft or returned for correction."))
    _check_domains(domains)
    values = _clean_values(fields)
    merged = {
        "name": org.name,
        "street": org.street,
        "community": org.community,
        **values,
    }
    problems = _format_problems(merged, members, exclude_pk=org.pk)
    problems.update(_documents_problems(documents))
    if not problems:
        problems.update(_documents_total_problems(org, documents))
    problems.raise_if_any(_("The application has problems; nothing was saved."))
    changed = sorted(
        set(values)
        | ({"domains"} if domains is not None else set())
        | ({"members"} if members is not None else set())
        | {k for k, v in (documents or {}).items() if v is not None}
    )
    _write(org, values, domains, members, documents)
    audit_record(actor=actor, obj=org, action="organization.update", data={"changed": changed})
    if submit:
        org = organization_submit(actor=actor, organization=org)
    return org


@transaction.atomic
def organization_submit(*, actor, organization: Organization) -> Organization:
    """Send the application to the bureau; everything is checked again and every problem named."""
    org = Organization.objects.select_for_update().get(pk=organization.pk)
    domains = list(org.domains.values_list("domain", flat=True))
    members = list(org.members.all())
    problems = _format_problems(
        {
            "name": org.name,
            "registered_capital": org.registered_capital,
            "street": org.street,
            "community": org.community,
            "office_kind": org.office_kind,
        },
        [MemberInput(m.name, m.resident_id, m.is_legal_representative) for m in members],
        exclude_pk=org.pk,
    )
    for field, msgs in _completeness_problems(org, domains, members).items():
        for msg in msgs:
            problems.add(field, msg)
    # Permission and state come first: a stranger learns nothing about the application.
    try:
        with transaction.atomic():
            org = transition(actor=actor, organization=org, action="submit", submitted_at=timezone.now())
    except IntegrityError as exc:  # another draft of the same name was submitted a moment ago
        taken = _("The name “%(name)s” is already taken by another organisation in the district.") % {"name": org.name}
        raise DomainError(
            _("The application is not complete; it was not submitted."), fields={**problems, "name": [taken]}
        ) from exc
    problems.raise_if_any(_("The application is not complete; it was not submitted."))
    notify(org, Notification.Kind.SUBMITTED)
    return org


def _next_serial() -> int:
    counter, _created = RegistrationCounter.objects.select_for_update().get_or_create(id=1)
    highest = Organization.objects.filter(registration_serial__isnull=False).order_by("-registration_serial")
    floor = highest.values_list("registration_serial", flat=True).first() or 0
    serial = max(counter.last_serial, floor) + 1
    RegistrationCounter.objects.filter(id=1).update(last_serial=serial)
    return serial


def certificate_number_for(serial: int, on: date) -> str:
    return f"武民社证字第{on.year}{serial:05d}号"


@transaction.atomic
def organization_approve(*, actor, organization: Organization, comment: str = "") -> Organization:
    """Register the organisation: issue its certificate number and credit code."""
    require_text_within(comment=(comment, REASON_MAX))
    today = timezone.localdate()
    # Check permission and state before a serial is taken.
    org = transition(actor=actor, organization=organization, action="approve", reason=comment)
    serial = _next_serial()
    org.registration_serial = serial
    org.certificate_number = certificate_number_for(serial, today)
    org.credit_code = uscc_for_civil_affairs(serial)
    org.registered_on = today
    org.review_comment = comment
    org.status_reason = ""
    org.save(
        update_fields=[
            "registration_serial",
            "certificate_number",
            "credit_code",
            "registered_on",
            "review_comment",
            "status_reason",
        ]
    )
    if org.community_id:
        org.communities_served.add(org.community_id)
    audit_record(
        actor=actor,
        obj=org,
        action="organization.certificate_issue",
        data={"certificate_number": org.certificate_number, "credit_code": org.credit_code},
    )
    notify(org, Notification.Kind.REGISTERED, comment=comment)
    return org


@transaction.atomic
def organization_return(*, actor, organization: Organization, comment: str) -> Organization:
    """Send the application back for correction, saying what to correct."""
    org = transition(actor=actor, organization=organization, action="return", reason=comment)
    comment = require_comment(comment, _("Tell the applicant what to correct."))
    Organization.objects.filter(pk=org.pk).update(review_comment=comment)
    org.review_comment = comment
    notify(org, Notification.Kind.RETURNED, comment=comment)
    return org


@transaction.atomic
def organization_reject(*, actor, organization: Organization, comment: str) -> Organization:
    org = transition(actor=actor, organization=organization, action="reject", reason=comment)
    comment = require_comment(comment, _("Give the reason for the rejection."))
    Organization.objects.filter(pk=org.pk).update(review_comment=comment, status_reason=comment)
    org.review_comment = org.status_reason = comment
    notify(org, Notification.Kind.REJECTED, comment=comment)
    return org


# --- Abandoned drafts ------------------------------------------------------------------------
def _notice_since_last_change(**filters) -> Exists:
    """A draft-expiry notice recorded after the draft's last change: editing starts afresh."""
    return Exists(
        Notification.objects.filter(
            organization=OuterRef("pk"),
            kind=Notification.Kind.DRAFT_EXPIRING,
            created_at__gt=OuterRef("updated_at"),
            **filters,
        )
    )


@transaction.atomic
def organization_draft_expire(*, organization: Organization) -> bool:
    """Delete one abandoned draft, its members, domains, notices and documents. False if it was
    touched again (or submitted) since it was chosen."""
    from .staff import organization_staff_revoke

    org = Organization.objects.select_for_update().filter(pk=organization.pk, status=Organization.Status.DRAFT).first()
    if org is None or org.updated_at != organization.updated_at:
        return False
    audit_record(
        actor=None,
        obj=org,
        action="organization.expire",
        from_state=org.status,
        to_state="deleted",
        reason=_("Draft not changed for %(days)d days.") % {"days": settings.ORGANIZATION_DRAFT_EXPIRY_DAYS},
        data={"applicant": org.applicant_id, "name": org.name},
    )
    for field in DOCUMENT_FIELDS:
        file_delete_after_commit(getattr(org, field))
    for membership in StaffMembership.objects.filter(organization=org).select_related("user"):
        organization_staff_revoke(actor=None, user=membership.user, unit=org)
    org.delete()
    return True


def organization_drafts_expire() -> dict[str, int]:
    """Beat, daily: warn the applicants of drafts near expiry, then delete drafts whose warning
    went out at least the notice period ago and that were not touched since."""
    now = timezone.now()
    expiry = timedelta(days=settings.ORGANIZATION_DRAFT_EXPIRY_DAYS)
    notice = timedelta(days=settings.ORGANIZATION_DRAFT_NOTICE_DAYS)
    drafts = Organization.objects.filter(status=Organization.Status.DRAFT)
    warned = 0
    for pk in (
        drafts.filter(updated_at__lt=now - expiry + notice)
        .exclude(_notice_since_last_change())
        .values_list("pk", flat=True)
    ):
        with transaction.atomic():
            # Re-checked under the row lock, so two overlapping runs send one notice.
            org = drafts.select_for_update().filter(pk=pk).exclude(_notice_since_last_change()).first()
            if org is None:
                continue
            notify(
                org,
                Notification.Kind.DRAFT_EXPIRING,
                comment=_(
                    "This draft application has not been changed for a long time and will be deleted "
                    "after %(date)s unless it is changed or submitted before then."
                )
                % {"date": timezone.localdate(now + notice).isoformat()},
            )
            warned += 1
    expired = 0
    due = drafts.filter(updated_at__lt=now - expiry).filter(_notice_since_last_change(created_at__lt=now - notice))
    for org in list(due[:500]):
        expired += organization_draft_expire(organization=org)
    return {"warned": warned, "expired": expired}
