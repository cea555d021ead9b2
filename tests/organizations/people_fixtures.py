"""Fixtures and builders for the people tests (tests/organizations/test_people*.py).

Imported by those modules with `from tests.organizations.people_fixtures import *`.
"""

from __future__ import annotations

import itertools
from datetime import date
from decimal import Decimal

import pytest

from organizations.identifiers import ric_check_char
from organizations.models import (
    Attendance,
    Branch,
    Certificate,
    Employment,
    Person,
    SocialWorker,
    TrainingSession,
    Volunteer,
)

_seq = itertools.count(1)


def valid_ric(seq: int | None = None, *, area: str = "510107", birth: str = "19900101") -> str:
    """A resident ID that passes GB 11643, different for each `seq`."""
    seq = next(_seq) if seq is None else seq
    first17 = f"{area}{birth}{seq % 1000:03d}"
    if seq >= 1000:  # vary the birth day to stay unique beyond 999
        first17 = f"{area}{1950 + seq // 1000:04d}0101{seq % 1000:03d}"
    return first17 + ric_check_char(first17)


def bad_check_digit(ric: str) -> str:
    wrong = "0" if ric[-1] != "0" else "1"
    return ric[:-1] + wrong


def make_person(**kw) -> Person:
    kw.setdefault("resident_id", valid_ric())
    kw.setdefault("name", f"测试人{kw['resident_id'][-4:]}")
    return Person.objects.create(**kw)


def make_social_worker(employer, *, certified: bool = False, year: int = 2014, **kw) -> SocialWorker:
    person = kw.pop("person", None) or make_person()
    social_worker = SocialWorker.objects.create(
        person=person,
        name=person.name,
        phone=person.phone,
        employer=employer,
        started_on=kw.pop("started_on", date(2012, 1, 1)),
    )
    if certified:
        Certificate.objects.create(
            social_worker=social_worker,
            level=Certificate.Level.ASSISTANT,
            number=f"T{social_worker.pk:06d}",
            year_passed=year,
        )
    return social_worker


def make_session(**kw) -> TrainingSession:
    kw.setdefault("topic", "社区社会工作实务")
    kw.setdefault("kind", TrainingSession.Kind.BASIC)
    kw.setdefault("held_on", date(2014, 5, 6))
    kw.setdefault("hours", Decimal("3.0"))
    kw.setdefault("provider", "武侯区民政局")
    return TrainingSession.objects.create(**kw)


def make_coordinator(community, *, started_on=date(2012, 3, 1), person=None) -> Employment:
    person = person or make_person()
    return Employment.objects.create(
        person=person, name=person.name, phone=person.phone, community=community, started_on=started_on
    )


def make_volunteer(organization, *, branch=None, person=None) -> Volunteer:
    person = person or make_person()
    return Volunteer.objects.create(
        person=person,
        name=person.name,
        phone=person.phone,
        organization=organization,
        branch=branch,
        joined_on=date(2014, 5, 1),
    )


def snapshot() -> dict[str, int]:
    """Row counts of every people table: 'nothing changed' means this is equal before and after."""
    from core.models import AuditRecord

    return {
        model.__name__: model.objects.count()
        for model in (
            Person,
            SocialWorker,
            Certificate,
            TrainingSession,
            Attendance,
            Employment,
            Branch,
            Volunteer,
            AuditRecord,
        )
    }


@pytest.fixture
def social_worker(muling):
    return make_social_worker(muling)


@pytest.fixture
def rival_social_worker(rival_org):
    return make_social_worker(rival_org)


@pytest.fixture
def session_2014(db):
    return make_session()


@pytest.fixture
def coordinator(nanqiao):
    return make_coordinator(nanqiao)


__all__ = [
    "bad_check_digit",
    "coordinator",
    "make_coordinator",
    "make_person",
    "make_session",
    "make_social_worker",
    "make_volunteer",
    "rival_social_worker",
    "session_2014",
    "snapshot",
    "valid_ric",
    "social_worker",
]
