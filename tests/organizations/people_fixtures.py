"""Fixtures and builders for the people tests (tests/organizations/test_people*.py).

Imported by those modules with `from tests.organizations.people_fixtures import *`. The `make_*`
builders are the factories of tests/factories.py under the names these tests read.
"""

from __future__ import annotations

import itertools
from datetime import date

import pytest

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
from tests.factories import (
    CertificateFactory,
    EmploymentFactory,
    PersonFactory,
    SocialWorkerFactory,
    TrainingSessionFactory,
    VolunteerFactory,
    resident_id,
)

_seq = itertools.count(1)


def valid_ric(seq: int | None = None, *, area: str = "510107", birth: str = "19900101") -> str:
    """A resident ID that passes GB 11643, different for each `seq`."""
    return resident_id(next(_seq) if seq is None else seq, area=area, birth=birth)


def bad_check_digit(ric: str) -> str:
    wrong = "0" if ric[-1] != "0" else "1"
    return ric[:-1] + wrong


def make_person(**kw) -> Person:
    return PersonFactory(**kw)


def make_social_worker(employer, *, certified: bool = False, year: int = 2014, **kw) -> SocialWorker:
    social_worker = SocialWorkerFactory(employer=employer, **kw)
    if certified:
        CertificateFactory(social_worker=social_worker, year_passed=year)
    return social_worker


def make_session(**kw) -> TrainingSession:
    return TrainingSessionFactory(**kw)


def make_coordinator(community, *, started_on=date(2012, 3, 1), person=None) -> Employment:
    return EmploymentFactory(community=community, started_on=started_on, **({"person": person} if person else {}))


def make_volunteer(organization, *, branch=None, person=None) -> Volunteer:
    return VolunteerFactory(organization=organization, branch=branch, **({"person": person} if person else {}))


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
