"""Every write about the people who do the work. Views, API and commands call these."""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.access import require_district_admin
from accounts.models import Community
from accounts.queries import scope_for
from core.audit import audit_record
from core.errors import Conflict, DomainError, NotAllowed
from core.files import file_delete_after_commit
from core.public_cache import PEOPLE, public_changed

from ..identifiers import ric_normalise, ric_problem
from ..models import (
    Attendance,
    Branch,
    Certificate,
    Employment,
    Organization,
    Person,
    SocialWorker,
    TrainingSession,
    Volunteer,
)
from ..models.people import FIRST_EXAM_YEAR
from ..queries.people import manages_organization

PHOTO_MAX_BYTES = 2 * 1024 * 1024
# Pillow is not installed, so the photo is a plain file whose first bytes must say JPEG or PNG.
PHOTO_SIGNATURES = {b"\xff\xd8\xff": "jpeg", b"\x89PNG\r\n\x1a\n": "png"}


# --- Checks shared by the actions ------------------------------------------------------------
def _ric_error(value: str) -> str | None:
    problem = ric_problem(value)
    if problem is None:
        return None
    return {
        "shape": _("Enter the 18-digit resident ID: 17 digits and a digit or X."),
        "birth_date": _("The birth date in this resident ID does not exist."),
        "check_digit": _("The check digit of this resident ID is wrong: please check the number."),
    }[problem]


def _require_manager(actor, organization: Organization) -> None:
    if not manages_organization(scope_for(actor), organization.pk):
        raise NotAllowed(_("You may only manage the people of your own organisation."))


def _require_registered(organization: Organization | None, field: str = "organization") -> Organization:
    if organization is None or organization.status != Organization.Status.REGISTERED:
        msg = _("Choose a registered organisation.")
        raise DomainError(msg, fields={field: msg})
    return organization


def _today() -> date:
    return timezone.localdate()


def _contact(*, name: str, phone: str = "") -> tuple[str, str]:
    name = (name or "").strip()
    if not name:
        msg = _("Enter the person's name.")
        raise DomainError(msg, fields={"name": msg})
    return name, (phone or "").strip()


def _person(*, resident_id: str, name: str, phone: str = "") -> Person:
    """The person with this resident ID, created if new.

    Links, never merges: an existing person's name and phone are neither checked against what
    the caller gave nor changed by it, and the answer is the same whether the ID was on file or
    not, so no caller learns what someone else recorded. The caller keeps its own copy of the
    name and phone on its role record.
    """
    errors: dict[str, str] = {}
    resident_id = ric_normalise(resident_id)
    name = (name or "").strip()
    if problem := _ric_error(resident_id):
        errors["resident_id"] = problem
    if not name:
        errors["name"] = _("Enter the person's name.")
    if errors:
        raise DomainError(next(iter(errors.values())), fields=errors)
    try:
        with transaction.atomic():
            person, _created = Person.objects.get_or_create(
                resident_id=resident_id, defaults={"name": name, "phone": (phone or "").strip()}
            )
    except IntegrityError:  # a concurrent first registration of the same ID
        person = Person.objects.get(resident_id=resident_id)
    return person


def _check_photo(photo) -> None:
    if not photo:
        return
    msg = None
    if photo.size > PHOTO_MAX_BYTES:
        msg = _("The photo may be at most 2 MB.")
    else:
        head = photo.read(8)
        photo.seek(0)
        if not any(head.startswith(sig) for sig in PHOTO_SIGNATURES):
            msg = _("The photo must be a JPEG or PNG image.")
    if msg:
        raise DomainError(msg, fields={"photo": msg})


# --- Social workers --------------------------------------------------------------------------
@transaction.atomic
def social_worker_create(
    *,
    actor,
    organization: Organization,
    resident_id: str,
    name: str,
    phone: str = "",
    started_on: date | None = None,
) -> SocialWorker:
    """Record a social worker employed by `organization` (its own staff, or the district admin)."""
    _require_registered(organization)
    _require_manager(actor, organization)
    started_on = started_on or _today()
    if started_on > _today():
        msg = _("The date cannot be in the future.")
        raise DomainError(msg, fields={"started_on": msg})
    person = _person(resident_id=resident_id, name=name, phone=phone)
    name, phone = _contact(name=name, phone=phone)
    if SocialWorker.objects.filter(person=person, employer=organization).exists():
        msg = _("This person is already a social worker of this organisation.")
        raise DomainError(msg, fields={"resident_id": msg}, code="duplicate")
    social_worker = SocialWorker.objects.create(
        person=person, employer=organization, name=name, phone=phone, started_on=started_on
    )
    audit_record(
        actor=actor,
        obj=social_worker,
        action="social_worker.create",
        to_state="employed",
        data={"organization": organization.pk},
    )
    public_changed(PEOPLE)
    return social_worker


@transaction.atomic
def social_worker_update(*, actor, social_worker: SocialWorker, name: str, phone: str = "") -> SocialWorker:
    """Correct a social worker's name or phone (the resident ID never changes).

    Only this organisation's record changes: another organisation's record of the same person
    keeps its own name and phone.
    """
    _require_manager(actor, social_worker.employer)
    name, phone = _contact(name=name, phone=phone)
    social_worker = SocialWorker.objects.select_for_update().get(pk=social_worker.pk)
    before = {"name": social_worker.name, "phone": social_worker.phone}
    social_worker.name, social_worker.phone = name, phone
    social_worker.save(update_fields=["name", "phone"])
    audit_record(actor=actor, obj=social_worker, action="social_worker.update", data={"before": before})
    public_changed(PEOPLE)
    return social_worker


@transaction.atomic
def certificate_add(
    *,
    actor,
    social_worker: SocialWorker,
    level: str,
    number: str,
    year_passed: int,
    reward_amount: Decimal | str | None = None,
    reward_paid_on: date | None = None,
) -> Certificate:
    """Record a pass of the national exam, and the district's reward for it if paid."""
    _require_manager(actor, social_worker.employer)
    errors: dict[str, str] = {}
    number = (number or "").strip()
    if level not in Certificate.Level.values:
        errors["level"] = _("Choose a certificate level.")
    if not number:
        errors["number"] = _("Enter the certificate number.")
    elif Certificate.objects.filter(number=number).exists():
        errors["number"] = _("A certificate with this number is already on record.")
    this_year = _today().year
    try:
        year_passed = int(year_passed)
    except (TypeError, ValueError):
        year_passed = 0
    if not FIRST_EXAM_YEAR <= year_passed <= this_year:
        errors["year_passed"] = _("Enter a year from %(first)s to %(last)s.") % {
            "first": FIRST_EXAM_YEAR,
            "last": this_year,
        }
    if reward_amount in ("", None):
        reward_amount = None
    else:
        try:
            reward_amount = Decimal(str(reward_amount)).quantize(Decimal("0.01"))
        except InvalidOperation:
            reward_amount = Decimal("-1")
        if reward_amount <= 0 or reward_amount >= Decimal("1e12"):
            errors["reward_amount"] = _("Enter a reward above 0.00 yuan.")
    if reward_paid_on and reward_amount is None:
        errors.setdefault("reward_amount", _("Enter the amount of the reward that was paid."))
    if reward_paid_on and reward_paid_on > _today():
        errors["reward_paid_on"] = _("The date cannot be in the future.")
    if errors:
        raise DomainError(next(iter(errors.values())), fields=errors)
    try:
        with transaction.atomic():
            cert = Certificate.objects.create(
                social_worker=social_worker,
                level=level,
                number=number,
                year_passed=year_passed,
                reward_amount=reward_amount,
                reward_paid_on=reward_paid_on,
            )
    except IntegrityError as exc:  # a concurrent insert of the same number
        msg = _("A certificate with this number is already on record.")
        raise DomainError(msg, fields={"number": msg}) from exc
    audit_record(
        actor=actor,
        obj=social_worker,
        action="social_worker.certificate_add",
        to_state=level,
        data={"certificate": cert.pk, "number": number, "year": year_passed, "reward": reward_amount},
    )
    public_changed(PEOPLE)  # the social workers list counts certificates
    return cert


# --- Training --------------------------------------------------------------------------------
@transaction.atomic
def training_session_create(
    *, actor, topic: str, kind: str, held_on: date, hours: Decimal | str, provider: str
) -> TrainingSession:
    """The district's civil-affairs bureau schedules a training session."""
    require_district_admin(actor, _("Only the district civil-affairs bureau schedules training sessions."))
    errors: dict[str, str] = {}
    topic, provider = (topic or "").strip(), (provider or "").strip()
    if not topic:
        errors["topic"] = _("Enter the topic.")
    if kind not in TrainingSession.Kind.values:
        errors["kind"] = _("Choose the kind of training.")
    if not held_on:
        errors["held_on"] = _("Enter the date.")
    try:
        hours = Decimal(str(hours)).quantize(Decimal("0.1"))
        bad_hours = not Decimal("0") < hours <= Decimal("200")
    except InvalidOperation:
        bad_hours = True
    if bad_hours:
        errors["hours"] = _("Enter the hours: more than 0 and at most 200.")
    if not provider:
        errors["provider"] = _("Enter who provides the training.")
    if errors:
        raise DomainError(next(iter(errors.values())), fields=errors)
    session = TrainingSession.objects.create(
        topic=topic, kind=kind, held_on=held_on, hours=hours, provider=provider, created_by=actor
    )
    audit_record(actor=actor, obj=session, action="training_session.create", to_state="scheduled")
    return session


@transaction.atomic
def attendance_record(*, actor, session: TrainingSession, social_worker: SocialWorker) -> Attendance:
    """Record that one of the actor's social workers attended `session`."""
    _require_manager(actor, social_worker.employer)
    if session.held_on > _today():
        raise Conflict(_("Attendance can be recorded once the session has taken place."))
    if Attendance.objects.filter(session=session, person_id=social_worker.person_id).exists():
        msg = _("This attendance is already on record.")
        raise DomainError(msg, fields={"session": msg}, code="duplicate")
    try:
        with transaction.atomic():
            attendance = Attendance.objects.create(session=session, person_id=social_worker.person_id)
    except IntegrityError as exc:
        msg = _("This attendance is already on record.")
        raise DomainError(msg, fields={"session": msg}, code="duplicate") from exc
    audit_record(actor=actor, obj=social_worker, action="social_worker.attendance_record", data={"session": session.pk})
    return attendance


# --- Coordinators ----------------------------------------------------------------------------
def _require_coordinator_manager(actor, community: Community) -> None:
    scope = scope_for(actor)
    if not (scope.is_district_admin or community.pk in scope.overseen_community_ids):
        raise NotAllowed(_("Only the district civil-affairs bureau and the street office manage coordinators here."))


@transaction.atomic
def coordinator_hire(
    *, actor, community: Community, resident_id: str, name: str, phone: str = "", on: date | None = None
) -> Employment:
    """A community takes on a community coordinator (社区综合服务协管员)."""
    _require_coordinator_manager(actor, community)
    on = on or _today()
    if on > _today():
        msg = _("The date cannot be in the future.")
        raise DomainError(msg, fields={"on": msg})
    person = _person(resident_id=resident_id, name=name, phone=phone)
    if Employment.objects.filter(person=person, ended_on__isnull=True).exists():
        msg = _("This person is already employed as a coordinator.")
        raise DomainError(msg, fields={"resident_id": msg}, code="duplicate")
    name, phone = _contact(name=name, phone=phone)
    employment = Employment.objects.create(person=person, community=community, name=name, phone=phone, started_on=on)
    audit_record(
        actor=actor,
        obj=person,
        action="person.coordinator_hire",
        to_state=f"community:{community.pk}",
        data={"employment": employment.pk, "on": on},
    )
    return employment


@transaction.atomic
def coordinator_transfer(*, actor, person: Person, organization: Organization, on: date) -> Employment:
    """Move a coordinator from their community to an organisation on `on`.

    The current record is closed (its end date is `on`) and a new one opens, pointing back at
    it: the history is kept, never overwritten.
    """
    current = Employment.objects.select_for_update().filter(person=person, ended_on__isnull=True).first()
    if current is None:
        raise Conflict(_("This person has no current employment to move from."))
    if current.community_id is None:
        raise Conflict(_("This coordinator already works for an organisation."))
    _require_coordinator_manager(actor, current.community)
    _require_registered(organization)
    if not on:
        msg = _("Enter the date of the move.")
        raise DomainError(msg, fields={"on": msg})
    if on > _today():
        msg = _("The date cannot be in the future.")
        raise DomainError(msg, fields={"on": msg})
    if on <= current.started_on:
        msg = _("The move must come after the current employment began (%(date)s).") % {"date": current.started_on}
        raise DomainError(msg, fields={"on": msg})
    # Compare-and-swap: only the still-current record is closed.
    if Employment.objects.filter(pk=current.pk, ended_on__isnull=True).update(ended_on=on) != 1:
        raise Conflict(_("This coordinator was moved by someone else just now."))
    new = Employment.objects.create(
        person=person,
        organization=organization,
        name=current.name,
        phone=current.phone,
        started_on=on,
        previous=current,
    )
    audit_record(
        actor=actor,
        obj=person,
        action="person.coordinator_transfer",
        from_state=f"community:{current.community_id}",
        to_state=f"organization:{organization.pk}",
        data={"from_employment": current.pk, "to_employment": new.pk, "on": on},
    )
    return new


# --- Volunteers ------------------------------------------------------------------------------
@transaction.atomic
def branch_create(*, actor, organization: Organization, name: str) -> Branch:
    _require_registered(organization)
    _require_manager(actor, organization)
    name = (name or "").strip()
    if not name:
        msg = _("Enter the branch's name.")
        raise DomainError(msg, fields={"name": msg})
    if Branch.objects.filter(organization=organization, name=name).exists():
        msg = _("This organisation already has a branch with this name.")
        raise DomainError(msg, fields={"name": msg}, code="duplicate")
    branch = Branch.objects.create(organization=organization, name=name)
    audit_record(actor=actor, obj=branch, action="branch.create", to_state="open")
    return branch


@transaction.atomic
def volunteer_create(
    *,
    actor,
    organization: Organization,
    resident_id: str,
    name: str,
    phone: str = "",
    branch: Branch | None = None,
    photo=None,
    joined_on: date | None = None,
) -> Volunteer:
    _require_registered(organization)
    _require_manager(actor, organization)
    if branch is not None and branch.organization_id != organization.pk:
        msg = _("Choose a branch of this organisation.")
        raise DomainError(msg, fields={"branch": msg})
    joined_on = joined_on or _today()
    if joined_on > _today():
        msg = _("The date cannot be in the future.")
        raise DomainError(msg, fields={"joined_on": msg})
    _check_photo(photo)
    person = _person(resident_id=resident_id, name=name, phone=phone)
    if Volunteer.objects.filter(organization=organization, person=person).exists():
        msg = _("This person is already a volunteer of this organisation.")
        raise DomainError(msg, fields={"resident_id": msg}, code="duplicate")
    name, phone = _contact(name=name, phone=phone)
    volunteer = Volunteer(
        person=person, organization=organization, name=name, phone=phone, branch=branch, joined_on=joined_on
    )
    if photo:
        volunteer.photo.save(photo.name, photo, save=False)
    volunteer.save()
    audit_record(
        actor=actor,
        obj=volunteer,
        action="volunteer.create",
        to_state="active",
        data={"organization": organization.pk, "branch": branch.pk if branch else None},
    )
    return volunteer


@transaction.atomic
def volunteer_update(*, actor, volunteer: Volunteer, branch: Branch | None, photo=None) -> Volunteer:
    """Move a volunteer to another branch of the same organisation (or none), or give a new photo."""
    volunteer = Volunteer.objects.select_for_update().select_related("organization").get(pk=volunteer.pk)
    _require_manager(actor, volunteer.organization)
    if branch is not None and branch.organization_id != volunteer.organization_id:
        msg = _("Choose a branch of this organisation.")
        raise DomainError(msg, fields={"branch": msg})
    _check_photo(photo)
    before = volunteer.branch_id
    volunteer.branch = branch
    if photo:
        # The replaced photo goes once this commits: the public card must never point at nothing.
        file_delete_after_commit(volunteer.photo)
        volunteer.photo.save(photo.name, photo, save=False)
    volunteer.save(update_fields=["branch", "photo"])
    audit_record(
        actor=actor,
        obj=volunteer,
        action="volunteer.update",
        from_state=f"branch:{before or '-'}",
        to_state=f"branch:{branch.pk if branch else '-'}",
        data={"photo": bool(photo)},
    )
    return volunteer
