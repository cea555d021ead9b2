"""Helpers of the registration tests: valid resident IDs, an application, documents, snapshots."""

from __future__ import annotations

from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile

from organizations.actions.registration import MemberInput, organization_apply
from organizations.identifiers import ric_check_char
from organizations.models import AnnualReport, Member, Notification, Organization, OrganizationDomain, Violation

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def ric(n: int, *, birth: str = "19800101") -> str:
    """The n-th valid resident ID of a Wuhou resident born on `birth`."""
    first17 = f"510107{birth}{n:03d}"
    return first17 + ric_check_char(first17)


def bad_check(value: str) -> str:
    last = value[-1]
    return value[:-1] + ("0" if last != "0" else "1")


def members(count: int = 5, *, start: int = 1) -> list[MemberInput]:
    names = ["黄素芬", "李建国", "王秀英", "张志强", "刘桂兰", "陈永红", "杨德明", "赵淑华"]
    return [
        MemberInput(names[(i - start) % len(names)], ric(i), is_legal_representative=(i == start))
        for i in range(start, start + count)
    ]


def members_payload(count: int = 5) -> list[dict]:
    return [
        {"name": m.name, "resident_id": m.resident_id, "is_legal_representative": m.is_legal_representative}
        for m in members(count)
    ]


def pdf(name: str = "articles.pdf", content: bytes = PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def fields(world_or_community, **overrides) -> dict:
    community = world_or_community
    data = {
        "name": "南桥邻里守望社",
        "street": community.street,
        "community": community,
        "registered_capital": Decimal("3000.00"),
        "office_kind": Organization.Office.LENT,
        "office_address": "南桥社区党群服务中心二楼",
        "articles": "本社以邻里互助为宗旨。",
        "business_scope": "为辖区老年人提供探访、助餐服务。",
        "contact_name": "黄素芬",
        "contact_phone": "028-85550000",
        "contact_email": "muling@example.cn",
    }
    data.update(overrides)
    return data


def documents() -> dict:
    return {"articles_file": pdf(), "capital_proof_file": pdf("capital.pdf")}


def apply(actor, community, *, submit: bool = False, count: int = 5, **overrides) -> Organization:
    return organization_apply(
        actor=actor,
        fields=fields(community, **overrides),
        domains=["elderly"],
        members=members(count),
        documents=documents(),
        submit=submit,
    )


def snapshot() -> dict[str, int]:
    """Row counts of everything registration writes: 'nothing changed' compares two of these."""
    from core.models import AuditRecord

    return {
        "organizations": Organization.objects.count(),
        "members": Member.objects.count(),
        "domains": OrganizationDomain.objects.count(),
        "notifications": Notification.objects.count(),
        "reports": AnnualReport.objects.count(),
        "violations": Violation.objects.count(),
        "audit": AuditRecord.objects.count(),
    }
