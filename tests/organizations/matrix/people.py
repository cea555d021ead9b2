"""Permission-matrix rows for the people routes."""

from __future__ import annotations

from tests.matrix import Route, everyone

# Who manages people: the district's reviewers and organisations' staff (each their own).
MANAGERS = {"district_admin": 200, "org_officer": 200, "rival_org_officer": 200}
# The world's social worker, volunteer and branch belong to 睦林 (org_officer's organisation).
MULING_ONLY = {"district_admin": 200, "org_officer": 200}
# The world's coordinator works in 南桥社区, under street_officer's 华兴街道.
COORDINATOR_SEERS = {"district_admin": 200, "street_officer": 200}


def _page(ok: dict, *, other: int, ok_status: int | None = None) -> dict:
    """A signed-in page: anonymous is sent to sign in (302)."""
    return {"*": other, "anonymous": 302, **{k: ok_status or v for k, v in ok.items()}}


def _api(ok: dict, *, other: int, ok_status: int | None = None) -> dict:
    return {"*": other, "anonymous": 401, **{k: ok_status or v for k, v in ok.items()}}


def build_people(world) -> None:
    from tests.factories import (
        BranchFactory,
        EmploymentFactory,
        PersonFactory,
        SocialWorkerFactory,
        TrainingSessionFactory,
        VolunteerFactory,
    )
    from tests.organizations.people_fixtures import valid_ric

    # The cast's 睦林 and 南桥社区 (tests/cast.py) are already in the world.
    def person(seq, name):
        return PersonFactory(resident_id=valid_ric(seq, birth="19800101"), name=name)

    world.people_social_worker = SocialWorkerFactory(person=person(901, "社工甲"), employer=world.muling)
    world.people_session = TrainingSessionFactory(topic="个案管理", provider="区民政局")
    world.people_coordinator = EmploymentFactory(person=person(902, "协管员乙"), community=world.nanqiao)
    world.people_branch = BranchFactory(organization=world.muling, name="南桥分社")
    world.people_volunteer = VolunteerFactory(
        person=person(903, "志愿者丙"), organization=world.muling, branch=world.people_branch
    )
    world.people_new_ric = valid_ric(950, birth="19850505")


def _social_worker(w):
    return {"pk": w.people_social_worker.pk}


def _coordinator(w):
    return {"person_id": w.people_coordinator.person_id}


def _card(w):
    return {"token": w.people_volunteer.card_token}


def _new_person(w, **extra):
    return {"resident_id": w.people_new_ric, "name": "新人丁", **extra}


PEOPLE_ROUTES = [
    # --- pages ---------------------------------------------------------------------------------
    Route("organizations:social-worker-list", {"GET": _page(MANAGERS, other=403)}),
    Route(
        "organizations:social-worker-create",
        {"GET": _page(MANAGERS, other=403), "POST": _page(MANAGERS, other=403, ok_status=302)},
        data=lambda w: _new_person(w, organization=w.muling.pk),
        notes="each organisation records its own; the district admin names the organisation",
    ),
    Route("organizations:social-worker-detail", {"GET": _page(MULING_ONLY, other=404)}, kwargs=_social_worker),
    Route(
        "organizations:social-worker-edit",
        {"GET": _page(MULING_ONLY, other=404), "POST": _page(MULING_ONLY, other=404, ok_status=302)},
        kwargs=_social_worker,
        data=lambda w: {"name": "社工甲改", "phone": ""},
    ),
    Route(
        "organizations:social-worker-certificate-add",
        {"GET": _page(MULING_ONLY, other=404), "POST": _page(MULING_ONLY, other=404, ok_status=302)},
        kwargs=_social_worker,
        data=lambda w: {"level": "assistant", "number": "M-2014-1", "year_passed": "2014"},
    ),
    Route(
        "organizations:social-worker-attendance-add",
        {"GET": _page(MULING_ONLY, other=404), "POST": _page(MULING_ONLY, other=404, ok_status=302)},
        kwargs=_social_worker,
        data=lambda w: {"session": w.people_session.pk},
    ),
    Route("organizations:training-list", {"GET": everyone(200)}),
    Route(
        "organizations:training-create",
        {
            "GET": _page({"district_admin": 200}, other=403),
            "POST": _page({"district_admin": 302}, other=403),
        },
        data=lambda w: {
            "topic": "督导",
            "kind": "practical",
            "held_on": "2014-06-01",
            "hours": "4",
            "provider": "川大",
        },
    ),
    Route(
        "organizations:coordinator-list",
        {"GET": _page({**COORDINATOR_SEERS, "org_officer": 200, "rival_org_officer": 200}, other=403)},
        notes="street offices see their communities' coordinators; organisations their own",
    ),
    Route(
        "organizations:coordinator-hire",
        {"GET": _page(COORDINATOR_SEERS, other=403), "POST": _page(COORDINATOR_SEERS, other=403, ok_status=302)},
        data=lambda w: _new_person(w, community=w.nanqiao.pk),
    ),
    Route(
        "organizations:coordinator-detail",
        {"GET": _page(COORDINATOR_SEERS, other=404), "POST": _page(COORDINATOR_SEERS, other=404, ok_status=302)},
        kwargs=_coordinator,
        data=lambda w: {"organization": w.muling.pk, "on": "2014-07-01"},
        notes="POST records the move to an organisation",
    ),
    Route("organizations:coordinator-moves", {"GET": everyone(200)}, notes="public aggregate, no personal data"),
    Route("organizations:volunteer-list", {"GET": _page(MANAGERS, other=403)}),
    Route(
        "organizations:volunteer-create",
        {"GET": _page(MANAGERS, other=403), "POST": _page(MANAGERS, other=403, ok_status=302)},
        data=lambda w: _new_person(w, organization=w.muling.pk),
    ),
    Route(
        "organizations:volunteer-edit",
        {"GET": _page(MULING_ONLY, other=404), "POST": _page(MULING_ONLY, other=404, ok_status=302)},
        kwargs=lambda w: {"pk": w.people_volunteer.pk},
        data=lambda w: {"branch": ""},
        notes="POST takes the volunteer off the branch",
    ),
    Route(
        "organizations:volunteer-branch-create",
        {"GET": _page(MANAGERS, other=403), "POST": _page(MANAGERS, other=403, ok_status=302)},
        data=lambda w: {"organization": w.muling.pk, "name": "玉林分社"},
    ),
    Route("organizations:volunteer-card", {"GET": everyone(200)}, kwargs=_card, notes="public, by unguessable token"),
    Route(
        "organizations:volunteer-photo",
        {"GET": everyone(404)},
        kwargs=_card,
        notes="the world's volunteer has no photo; the photo is served in test_people_volunteers",
    ),
    # --- API -----------------------------------------------------------------------------------
    Route(
        "api:social-worker-list",
        {"GET": _api(MANAGERS, other=403), "POST": _api(MANAGERS, other=403, ok_status=201) | {"district_admin": 400}},
        data=lambda w: _new_person(w),
        notes="without `organization` the district admin must name one (400); staff default to their own",
    ),
    Route(
        "api:social-worker-detail",
        {"GET": _api(MULING_ONLY, other=404), "PATCH": _api(MULING_ONLY, other=404)},
        kwargs=_social_worker,
        data=lambda w: {"name": "社工甲改"},
    ),
    Route(
        "api:social-worker-certificates",
        {"POST": _api(MULING_ONLY, other=404, ok_status=201)},
        kwargs=_social_worker,
        data=lambda w: {"level": "assistant", "number": "M-2014-1", "year_passed": 2014},
    ),
    Route(
        "api:social-worker-attendance",
        {"POST": _api(MULING_ONLY, other=404, ok_status=201)},
        kwargs=_social_worker,
        data=lambda w: {"session": w.people_session.pk},
    ),
    Route(
        "api:training-session-list",
        {"GET": everyone(200), "POST": _api({"district_admin": 201}, other=403)},
        data=lambda w: {
            "topic": "督导",
            "kind": "practical",
            "held_on": "2014-06-01",
            "hours": "4",
            "provider": "川大",
        },
    ),
    Route("api:training-session-detail", {"GET": everyone(200)}, kwargs=lambda w: {"pk": w.people_session.pk}),
    Route(
        "api:coordinator-list",
        {
            "GET": _api({**COORDINATOR_SEERS, "org_officer": 200, "rival_org_officer": 200}, other=403),
            "POST": _api(COORDINATOR_SEERS, other=403, ok_status=201),
        },
        data=lambda w: _new_person(w, community=w.nanqiao.pk),
    ),
    Route("api:coordinator-detail", {"GET": _api(COORDINATOR_SEERS, other=404)}, kwargs=_coordinator),
    Route(
        "api:coordinator-transfer",
        {"POST": _api(COORDINATOR_SEERS, other=404, ok_status=201)},
        kwargs=_coordinator,
        data=lambda w: {"organization": w.muling.pk, "on": "2014-07-01"},
    ),
    Route("api:coordinator-moves", {"GET": everyone(200)}),
    Route(
        "api:branch-list",
        {"GET": _api(MANAGERS, other=403), "POST": _api(MANAGERS, other=403, ok_status=201) | {"district_admin": 400}},
        data=lambda w: {"name": "玉林分社"},
    ),
    Route(
        "api:volunteer-list",
        {"GET": _api(MANAGERS, other=403), "POST": _api(MANAGERS, other=403, ok_status=201) | {"district_admin": 400}},
        data=lambda w: _new_person(w),
    ),
    Route(
        "api:volunteer-detail",
        {"GET": _api(MULING_ONLY, other=404), "PATCH": _api(MULING_ONLY, other=404)},
        kwargs=lambda w: {"pk": w.people_volunteer.pk},
        data=lambda w: {"branch": None},
    ),
    Route("api:volunteer-card", {"GET": everyone(200)}, kwargs=_card),
]
