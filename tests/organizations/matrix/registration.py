"""Permission-matrix rows for registration, review, standing, admission and the directory.

The world: 睦林 (org_officer's) is registered and public; a draft and a submitted application
belong to an applicant outside the cast, so only the bureau sees them; 睦林 incubates the rival.
"""

from __future__ import annotations

from datetime import date, timedelta

from tests.matrix import Route, everyone

ANON_401 = {"anonymous": 401}
# A draft or submitted application: the bureau sees it, the rest of the cast gets 404.
BUREAU_ONLY = {"*": 404, "anonymous": 401, "district_admin": 200}
PDF = b"%PDF-1.4\n%%EOF\n"


def _matrix_document() -> str:
    """One small file under MEDIA_ROOT shared by every cell (not one per cell)."""
    from django.conf import settings

    name = "organizations/documents/permission-matrix.pdf"
    path = settings.MEDIA_ROOT / name
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(PDF)
    return name


def build_registration(world) -> None:
    from accounts.models import Role
    from organizations.identifiers import uscc_for_civil_affairs
    from organizations.models import Organization
    from tests.factories import (
        IncubationFactory,
        IncubationMilestoneFactory,
        OrganizationFactory,
        UserFactory,
        user_with_role,
    )

    nanqiao, muling, rival = world.nanqiao, world.muling, world.rival_org
    Organization.objects.filter(pk=muling.pk).update(
        registered_on=date(2020, 1, 10),
        registration_serial=1,
        certificate_number="武民社证字第202000001号",
        credit_code=uscc_for_civil_affairs(1),
    )
    world.reg_muling = muling
    applicant = UserFactory(username="matrix_applicant")
    common = {"community": nanqiao, "street": nanqiao.street, "applicant": applicant, "registered_capital": 3000}
    world.reg_draft = OrganizationFactory(
        name="矩阵草稿社", status=Organization.Status.DRAFT, articles_file=_matrix_document(), **common
    )
    world.reg_submitted = OrganizationFactory(name="矩阵待审社", status=Organization.Status.SUBMITTED, **common)
    for org in (world.reg_draft, world.reg_submitted):
        user_with_role(applicant.username, Role.ORGANIZATION_STAFF, org)
    world.reg_milestone = IncubationMilestoneFactory(
        incubation=IncubationFactory(incubator=muling, incubatee=rival), title="完成登记", due_date=date(2025, 6, 1)
    )


def _pk(attr):
    return lambda w: {"pk": getattr(w, attr).pk}


def _last_year() -> int:
    return date.today().year - 1


REGISTRATION_ROUTES = [
    # --- API ---
    Route(
        "api:organization-list",
        {"GET": everyone(200), "POST": everyone(201, **ANON_401)},
        data=lambda w: {"name": "矩阵新申请社"},
        notes="anyone signed in may start an application",
    ),
    Route(
        "api:organization-detail",
        {"GET": everyone(404, district_admin=200), "PATCH": everyone(404, anonymous=401, district_admin=403)},
        kwargs=_pk("reg_draft"),
        data=lambda w: {"contact_phone": "13800000000"},
        notes="a draft: its staff (outside the cast) and the bureau see it; only its staff edit it",
    ),
    Route(
        "api:organization-submit",
        {"POST": everyone(404, anonymous=401, district_admin=403)},
        kwargs=_pk("reg_draft"),
    ),
    Route("api:organization-approve", {"POST": BUREAU_ONLY}, kwargs=_pk("reg_submitted")),
    Route(
        "api:organization-return",
        {"POST": BUREAU_ONLY},
        kwargs=_pk("reg_submitted"),
        data=lambda w: {"comment": "请补充章程"},
    ),
    Route(
        "api:organization-reject",
        {"POST": BUREAU_ONLY},
        kwargs=_pk("reg_submitted"),
        data=lambda w: {"comment": "不符合条件"},
    ),
    Route(
        "api:organization-suspend",
        {"POST": everyone(403, anonymous=401, district_admin=200)},
        kwargs=_pk("reg_muling"),
        data=lambda w: {"comment": "年报逾期"},
    ),
    Route(
        "api:organization-reinstate",
        {"POST": everyone(403, anonymous=401, district_admin=409)},
        kwargs=_pk("reg_muling"),
        notes="睦林 is not suspended: the bureau gets a conflict",
    ),
    Route(
        "api:organization-deregister",
        {"POST": everyone(403, anonymous=401, district_admin=200)},
        kwargs=_pk("reg_muling"),
        data=lambda w: {"comment": "自行解散"},
    ),
    Route(
        "api:organization-document",
        {"PUT": everyone(404, anonymous=401, district_admin=403)},
        kwargs=lambda w: {"pk": w.reg_draft.pk, "kind": "articles"},
        data=lambda w: {"file": _upload()},
        format="multipart",
    ),
    Route("api:organization-qualification", {"GET": everyone(200)}, kwargs=_pk("reg_muling")),
    Route(
        "api:organization-annual-reports",
        {
            "GET": everyone(404, anonymous=401, district_admin=200, org_officer=200),
            "POST": everyone(404, anonymous=401, district_admin=403, org_officer=201),
        },
        kwargs=_pk("reg_muling"),
        data=lambda w: {"year": _last_year(), "summary": "全年工作总结"},
    ),
    Route(
        "api:organization-violations",
        {
            "GET": everyone(404, anonymous=401, district_admin=200, org_officer=200),
            "POST": everyone(403, anonymous=401, district_admin=201),
        },
        kwargs=_pk("reg_muling"),
        data=lambda w: {"date": "2025-01-05", "kind": "default", "description": "未按合同提供服务"},
    ),
    Route(
        "api:organization-score",
        {"PUT": everyone(403, anonymous=401, district_admin=200)},
        kwargs=_pk("reg_muling"),
        data=lambda w: {"performance_score": "80.00"},
    ),
    Route(
        "api:organization-communities-served",
        {"PUT": everyone(403, anonymous=401, district_admin=200, org_officer=200)},
        kwargs=_pk("reg_muling"),
        data=lambda w: {"communities": [w.reg_muling.community_id]},
    ),
    Route(
        "api:admission-standard",
        {"GET": everyone(200), "PATCH": everyone(403, anonymous=401, district_admin=200)},
        data=lambda w: {"min_months_registered": 3},
    ),
    Route(
        "api:incubation-list",
        {"GET": everyone(200), "POST": everyone(403, anonymous=401, district_admin=201)},
        data=lambda w: {
            "incubator": w.reg_muling.pk,
            "incubatee": w.reg_draft.pk,
            "start": "2026-01-01",
            "end": "2026-12-31",
        },
    ),
    Route(
        "api:incubation-milestone-done",
        {"POST": everyone(403, anonymous=401, district_admin=200, org_officer=200)},
        kwargs=_pk("reg_milestone"),
        data=lambda w: {"done_date": (date.today() - timedelta(days=1)).isoformat()},
        notes="the bureau or the incubator's staff; the incubatee may not tick its own milestones",
    ),
    # --- Pages ---
    Route("organizations:directory", {"GET": everyone(200)}),
    Route("organizations:apply", {"GET": everyone(200, anonymous=302)}),
    Route("organizations:mine", {"GET": everyone(200, anonymous=302)}),
    Route("organizations:review", {"GET": everyone(403, anonymous=302, district_admin=200)}),
    Route(
        "organizations:admission-standard",
        {"GET": everyone(200), "POST": everyone(403, district_admin=302)},
        data=lambda w: {
            "min_months_registered": 6,
            "require_annual_report": "on",
            "min_certified_social_workers": 1,
            "violation_lookback_years": 3,
            "min_performance_score": "60",
        },
    ),
    Route("organizations:detail", {"GET": everyone(404, district_admin=200)}, kwargs=_pk("reg_draft")),
    Route(
        "organizations:edit",
        {"GET": everyone(404, anonymous=302, district_admin=403)},
        kwargs=_pk("reg_draft"),
    ),
    Route("organizations:certificate", {"GET": everyone(200)}, kwargs=_pk("reg_muling")),
    Route(
        "organizations:annual-report",
        {"GET": everyone(404, anonymous=302, district_admin=403, org_officer=200)},
        kwargs=_pk("reg_muling"),
    ),
    Route(
        "organizations:communities",
        {"GET": everyone(404, anonymous=302, district_admin=200, org_officer=200)},
        kwargs=_pk("reg_muling"),
    ),
    Route(
        "organizations:document",
        {"GET": everyone(404, district_admin=200)},
        kwargs=lambda w: {"pk": w.reg_draft.pk, "kind": "articles"},
    ),
    Route(
        "organizations:step",
        {"POST": everyone(404, anonymous=302, district_admin=302)},
        kwargs=lambda w: {"pk": w.reg_submitted.pk, "action": "approve"},
        notes="the bureau is redirected back to the organisation's page after approving",
    ),
    Route(
        "organizations:service-centre",
        {"GET": everyone(200)},
        kwargs=lambda w: {"pk": w.reg_muling.community_id},
    ),
]


def _upload():
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("articles.pdf", PDF, content_type="application/pdf")
