"""Permission matrix rows of the procurement app (see tests/matrix.py).

The world: a 华兴 budget line, a draft and a published project of 华兴 for 南桥, a sealed bid of
睦林 (qualified) on the published one, and an unanswered question of 睦林's."""

from tests.matrix import Route, everyone


def build(world):
    from procurement.actions.projects import question_ask
    from tests.procurement.factories import BudgetLineFactory, make_bid, make_project, make_published, make_qualified

    officer = world.street_officer
    nanqiao = world.community_officer.role_assignments.get().community
    from organizations.models import StaffMembership

    muling = StaffMembership.objects.get(user=world.org_officer).organization
    world.procurement_street = nanqiao.street
    world.procurement_line = BudgetLineFactory(street=nanqiao.street, domain="elderly")
    world.procurement_draft = make_project(actor=officer, community=nanqiao, line=world.procurement_line)
    world.procurement_published = make_published(actor=officer, community=nanqiao, line=world.procurement_line)
    from organizations.models import AnnualReport

    reports_before = list(AnnualReport.objects.filter(organization=muling).values_list("pk", flat=True))
    make_qualified(muling)
    world.procurement_bid = make_bid(actor=world.org_officer, project=world.procurement_published, organization=muling)
    from tests.procurement.factories import make_awarded, make_contract

    # An awarded project of 华兴 for 南桥 (to 睦林) with its contract in drafting.
    world.procurement_awarded = make_awarded(
        actor=officer, community=nanqiao, organization=muling, bidder=world.org_officer, line=world.procurement_line
    )
    world.procurement_contract = make_contract(actor=officer, project=world.procurement_awarded)
    # The organisations' rows file muling's annual report themselves: leave their world as it was
    # (qualification is checked when the bid is submitted, not afterwards).
    AnnualReport.objects.filter(organization=muling).exclude(pk__in=reports_before).delete()
    from organizations.identifiers import ric_check_char
    from procurement.actions.evaluation import expert_register

    world.procurement_expert = expert_register(
        actor=world.district_admin,
        user=world.expert,
        resident_id="51010719650215001" + ric_check_char("51010719650215001"),
    )
    world.procurement_question = question_ask(
        actor=world.org_officer, project=world.procurement_published, text="矩阵：需要几名持证社工？"
    )


def _pk(attr):
    return lambda w: {"pk": getattr(w, attr).pk}


DRAFT, PUBLISHED, BID = _pk("procurement_draft"), _pk("procurement_published"), _pk("procurement_bid")
ORG_STAFF = ("org_officer", "rival_org_officer")
CONTRACT = _pk("procurement_contract")
# A contract is read by its street, its community, its organisation and the district; nobody else.
CONTRACT_PARTIES = ("street_officer", "community_officer", "org_officer", "district_admin")
CONTRACT_READERS = dict.fromkeys(CONTRACT_PARTIES, 200)
NOT_THE_STREET = {"community_officer": 403, "org_officer": 403, "district_admin": 403}
NOT_THE_COMMUNITY = {"street_officer": 403, "org_officer": 403, "district_admin": 403}


def MILESTONE(w):
    return {"pk": w.procurement_contract.pk, "milestone_pk": w.procurement_contract.milestones.first().pk}


def _project_body(w):
    return {
        "title": "矩阵：新项目",
        "street": w.procurement_street.pk,
        "community": w.community_officer.role_assignments.get().community_id,
        "domain": "elderly",
        "budget_line": w.procurement_line.pk,
        "amount": "1000.00",
        "method": "open_tender",
        "criteria": [{"name": "价格", "weight": 100, "is_price": True}],
        "question_days": 5,
        "bid_days": 15,
    }


API_ROUTES = [
    Route(
        "api:budget-list",
        {
            "GET": everyone(403, anonymous=401, district_admin=200, street_officer=200),
            "POST": everyone(403, anonymous=401, district_admin=201),
        },
        data=lambda w: {"year": 2027, "street": w.procurement_street.pk, "domain": "youth", "allocated": "10.00"},
    ),
    Route(
        "api:budget-import",
        # An empty body: the district gets 400 (no file), everyone else 403 before reading it.
        {"POST": everyone(403, anonymous=401, district_admin=400)},
        format="multipart",
    ),
    Route("api:catalogue-list", {"GET": everyone(200)}),
    Route(
        "api:project-list",
        {"GET": everyone(200), "POST": everyone(403, anonymous=401, street_officer=201)},
        data=_project_body,
    ),
    Route("api:project-detail", {"GET": everyone(404, district_admin=200, street_officer=200)}, kwargs=DRAFT),
    Route(
        "api:project-publish",
        {"POST": everyone(404, anonymous=401, street_officer=200, district_admin=403)},
        kwargs=DRAFT,
    ),
    Route(
        "api:project-cancel",
        {"POST": everyone(403, anonymous=401, street_officer=200, district_admin=200)},
        kwargs=PUBLISHED,
        data=lambda w: {"comment": "矩阵：取消"},
    ),
    Route(
        "api:project-close",
        # Only an accepted project closes: the street gets 409 on a published one.
        {"POST": everyone(403, anonymous=401, street_officer=409)},
        kwargs=PUBLISHED,
        data=lambda w: {"comment": "矩阵：结项"},
    ),
    Route(
        "api:project-questions",
        {"GET": everyone(200), "POST": everyone(403, anonymous=401, **dict.fromkeys(ORG_STAFF, 201))},
        kwargs=PUBLISHED,
        data=lambda w: {"text": "矩阵：提问"},
    ),
    Route(
        "api:project-answers",
        {"POST": everyone(404, anonymous=401, street_officer=200, org_officer=403, district_admin=403)},
        kwargs=PUBLISHED,
        data=lambda w: {"question": w.procurement_question.pk, "answer": "矩阵：答复"},
    ),
    Route(
        "api:project-bids",
        # Qualification is checked at the moment of bidding, and in this world neither muling (its
        # annual report is left to the organisations' rows) nor the rival qualifies: 403 naming
        # the rules. A successful bid is in tests/procurement/test_bids.py.
        {"GET": everyone(200, anonymous=401), "POST": everyone(403, anonymous=401)},
        kwargs=PUBLISHED,
        data=lambda w: {"price": "1000.00", "plan": "矩阵：方案"},
    ),
    # Not opened yet: there is no opening record for anyone.
    Route("api:project-opening", {"GET": everyone(404)}, kwargs=PUBLISHED),
    # Evaluation moves on a project still taking bids: the street is a party but the state is
    # wrong (409); the flows themselves are in tests/procurement/test_evaluation.py.
    Route(
        "api:project-experts",
        {"POST": everyone(403, anonymous=401, street_officer=409)},
        kwargs=PUBLISHED,
        data=lambda w: {"expert": w.procurement_expert.pk},
    ),
    Route(
        "api:project-scores",
        {"POST": everyone(403, anonymous=401)},
        kwargs=PUBLISHED,
        data=lambda w: {"scores": []},
    ),
    Route("api:project-evaluate", {"POST": everyone(403, anonymous=401, street_officer=409)}, kwargs=PUBLISHED),
    Route("api:project-award", {"POST": everyone(403, anonymous=401, street_officer=409)}, kwargs=PUBLISHED),
    Route(
        "api:project-reaward",
        {"POST": everyone(403, anonymous=401, street_officer=409)},
        kwargs=PUBLISHED,
        data=lambda w: {"comment": "矩阵：放弃中标"},
    ),
    Route(
        "api:project-complaints",
        # Nobody's bid on this project is opened yet: nobody may complain.
        {"GET": everyone(200, anonymous=401), "POST": everyone(403, anonymous=401)},
        kwargs=PUBLISHED,
        data=lambda w: {"text": "矩阵：质疑"},
    ),
    Route(
        "api:project-complaint-answer",
        # No complaint exists before an award: 404 for everyone signed in (answers are tested in
        # tests/procurement/test_evaluation.py).
        {"POST": everyone(404, anonymous=401)},
        kwargs=lambda w: {"pk": w.procurement_published.pk, "complaint_pk": 999999},
        data=lambda w: {"answer": "矩阵：答复"},
    ),
    Route("api:bid-detail", {"GET": everyone(404, anonymous=401, org_officer=200)}, kwargs=BID),
    Route("api:bid-withdraw", {"POST": everyone(404, anonymous=401, org_officer=200)}, kwargs=BID),
    Route("api:purchasing-desk", {"GET": everyone(403, anonymous=401, street_officer=200)}),
    Route(
        "api:contract-list",
        # The awarded project already has its contract in drafting: the street gets 409.
        {"GET": everyone(200, anonymous=401), "POST": everyone(403, anonymous=401, street_officer=409)},
        data=lambda w: {"project": w.procurement_awarded.pk},
    ),
    Route(
        "api:contract-detail",
        {
            "GET": everyone(404, anonymous=401, **CONTRACT_READERS),
            "PATCH": everyone(404, anonymous=401, street_officer=200, **NOT_THE_STREET),
        },
        kwargs=CONTRACT,
        data=lambda w: {"quantity": "矩阵：每周两次"},
    ),
    Route(
        "api:contract-submit",
        {"POST": everyone(404, anonymous=401, street_officer=200, **NOT_THE_STREET)},
        kwargs=CONTRACT,
    ),
    Route(
        "api:contract-review",
        # Drafting: no step is open, so nobody is the reviewer (the flows: test_contracts.py).
        {
            "GET": everyone(404, anonymous=401, **CONTRACT_READERS),
            "POST": everyone(404, anonymous=401, **dict.fromkeys(CONTRACT_PARTIES, 403)),
        },
        kwargs=CONTRACT,
        data=lambda w: {"decision": "approve", "comment": ""},
    ),
    Route(
        "api:contract-sign",
        {"POST": everyone(404, anonymous=401, **(dict.fromkeys(CONTRACT_PARTIES, 403) | {"org_officer": 409}))},
        kwargs=CONTRACT,
    ),
    # After the contract: complete by the community, terminate by the street; a draft is the wrong
    # state (409) for the right party (the flows: tests/procurement/test_close.py).
    Route(
        "api:contract-complete",
        {"POST": everyone(404, anonymous=401, community_officer=409, **NOT_THE_COMMUNITY)},
        kwargs=CONTRACT,
    ),
    Route(
        "api:contract-terminate",
        {"POST": everyone(404, anonymous=401, street_officer=409, **NOT_THE_STREET)},
        kwargs=CONTRACT,
        data=lambda w: {"comment": "矩阵：解除合同"},
    ),
    Route(
        "api:contract-amend",
        # Only an active contract is amended: the street gets 409 on a draft.
        {"POST": everyone(404, anonymous=401, street_officer=409, **NOT_THE_STREET)},
        kwargs=CONTRACT,
        data=lambda w: {"reason": "矩阵：增加服务户数", "new_price": "1000.00"},
    ),
    Route(
        "api:contract-amendment-review",
        {"POST": everyone(404, anonymous=401)},
        kwargs=lambda w: {"pk": w.procurement_contract.pk, "amendment_pk": 999999},
        data=lambda w: {"decision": "approve"},
    ),
    # Delivery on a draft: the parties are right, the state is not (409); the flows: test_delivery.py.
    Route(
        "api:contract-milestone-accept",
        {"POST": everyone(404, anonymous=401, community_officer=409, **NOT_THE_COMMUNITY)},
        kwargs=MILESTONE,
        data=lambda w: {"met": True},
    ),
    Route(
        "api:contract-milestone-payments",
        {"POST": everyone(404, anonymous=401, street_officer=409, **NOT_THE_STREET)},
        kwargs=MILESTONE,
        data=lambda w: {"amount": "1.00"},
    ),
    Route(
        "api:contract-evaluation",
        {"POST": everyone(404, anonymous=401, community_officer=409, **NOT_THE_COMMUNITY)},
        kwargs=CONTRACT,
        data=lambda w: {"assessment": "80.00"},
    ),
    Route("api:contract-notice-list", {"GET": everyone(200)}),
    # Not signed: no notice for anyone.
    Route("api:contract-notice-detail", {"GET": everyone(404)}, kwargs=CONTRACT),
]

PAGE_ROUTES = [
    Route("procurement:catalogue", {"GET": everyone(200)}),
    Route("procurement:project-list", {"GET": everyone(200)}),
    Route(
        "procurement:project-create",
        {
            "GET": everyone(403, anonymous=302, street_officer=200),
            "POST": everyone(403, anonymous=302, street_officer=200),
        },
    ),
    Route("procurement:project-detail", {"GET": everyone(404, district_admin=200, street_officer=200)}, kwargs=DRAFT),
    Route(
        "procurement:project-publish",
        {
            "GET": everyone(404, anonymous=302, street_officer=200, district_admin=403),
            "POST": everyone(404, anonymous=302, street_officer=302, district_admin=403),
        },
        kwargs=DRAFT,
    ),
    Route(
        "procurement:project-cancel",
        {"GET": everyone(403, anonymous=302, street_officer=200, district_admin=200)},
        kwargs=PUBLISHED,
    ),
    Route(
        "procurement:project-close",
        {"GET": everyone(403, anonymous=302, street_officer=200)},
        kwargs=PUBLISHED,
    ),
    Route(
        "procurement:question-ask",
        {"GET": everyone(403, anonymous=302, **dict.fromkeys(ORG_STAFF, 200))},
        kwargs=PUBLISHED,
    ),
    Route(
        "procurement:question-answer",
        {"GET": everyone(404, anonymous=302, street_officer=200, org_officer=403, district_admin=403)},
        kwargs=lambda w: {"pk": w.procurement_published.pk, "question_pk": w.procurement_question.pk},
    ),
    Route(
        "procurement:bid-submit",
        {"GET": everyone(403, anonymous=302, **dict.fromkeys(ORG_STAFF, 200))},
        kwargs=PUBLISHED,
    ),
    # Evaluation pages on a project still taking bids (the flows: tests/procurement/test_evaluation.py).
    Route(
        "procurement:expert-assign",
        {"GET": everyone(403, anonymous=302, street_officer=200)},
        kwargs=PUBLISHED,
    ),
    Route("procurement:score-sheet", {"GET": everyone(403, anonymous=302)}, kwargs=PUBLISHED),
    Route(
        "procurement:project-evaluate",
        {"GET": everyone(403, anonymous=302, street_officer=200)},
        kwargs=PUBLISHED,
    ),
    Route(
        "procurement:project-award",
        {"GET": everyone(403, anonymous=302, street_officer=200)},
        kwargs=PUBLISHED,
    ),
    Route(
        "procurement:project-reaward",
        {"GET": everyone(403, anonymous=302, street_officer=200)},
        kwargs=PUBLISHED,
    ),
    Route("procurement:complaint-file", {"GET": everyone(403, anonymous=302)}, kwargs=PUBLISHED),
    Route(
        "procurement:complaint-answer",
        {"GET": everyone(404, anonymous=302)},
        kwargs=lambda w: {"pk": w.procurement_published.pk, "complaint_pk": 999999},
    ),
    Route("procurement:my-bids", {"GET": everyone(403, anonymous=302, **dict.fromkeys(ORG_STAFF, 200))}),
    Route("procurement:bid-detail", {"GET": everyone(404, anonymous=302, org_officer=200)}, kwargs=BID),
    Route(
        "procurement:bid-withdraw",
        {"GET": everyone(404, anonymous=302, org_officer=200), "POST": everyone(404, anonymous=302, org_officer=302)},
        kwargs=BID,
    ),
    Route("procurement:budgets", {"GET": everyone(403, anonymous=302, district_admin=200, street_officer=200)}),
    # The desks: each for its role only (their content per role: tests/procurement/test_desks.py).
    Route("procurement:purchasing-desk", {"GET": everyone(403, anonymous=302, street_officer=200)}),
    Route("procurement:bidding-desk", {"GET": everyone(403, anonymous=302, **dict.fromkeys(ORG_STAFF, 200))}),
    Route("procurement:scoring-desk", {"GET": everyone(403, anonymous=302, expert=200)}),
    Route(
        "procurement:contract-draft",
        {"GET": everyone(403, anonymous=302, street_officer=200)},
        kwargs=_pk("procurement_awarded"),
    ),
    Route("procurement:contract-list", {"GET": everyone(200, anonymous=302)}),
    Route("procurement:contract-detail", {"GET": everyone(404, anonymous=302, **CONTRACT_READERS)}, kwargs=CONTRACT),
    Route(
        "procurement:contract-edit",
        {"GET": everyone(404, anonymous=302, street_officer=200, **NOT_THE_STREET)},
        kwargs=CONTRACT,
    ),
    Route(
        "procurement:contract-submit",
        {
            "GET": everyone(404, anonymous=302, street_officer=200, **NOT_THE_STREET),
            "POST": everyone(404, anonymous=302, street_officer=302, **NOT_THE_STREET),
        },
        kwargs=CONTRACT,
    ),
    Route(
        "procurement:contract-review",
        {"GET": everyone(404, anonymous=302, **dict.fromkeys(CONTRACT_PARTIES, 403))},
        kwargs=CONTRACT,
    ),
    Route(
        "procurement:contract-sign",
        {"GET": everyone(404, anonymous=302, **(dict.fromkeys(CONTRACT_PARTIES, 403) | {"org_officer": 200}))},
        kwargs=CONTRACT,
    ),
    Route(
        "procurement:contract-complete",
        {"GET": everyone(404, anonymous=302, community_officer=200, **NOT_THE_COMMUNITY)},
        kwargs=CONTRACT,
    ),
    Route(
        "procurement:contract-terminate",
        {"GET": everyone(404, anonymous=302, street_officer=200, **NOT_THE_STREET)},
        kwargs=CONTRACT,
    ),
    Route(
        "procurement:contract-amend",
        {"GET": everyone(404, anonymous=302, street_officer=200, **NOT_THE_STREET)},
        kwargs=CONTRACT,
    ),
    Route(
        "procurement:amendment-review",
        {"GET": everyone(404, anonymous=302)},
        kwargs=lambda w: {"pk": w.procurement_contract.pk, "amendment_pk": 999999},
    ),
    Route(
        "procurement:milestone-accept",
        {"GET": everyone(404, anonymous=302, community_officer=200, **NOT_THE_COMMUNITY)},
        kwargs=MILESTONE,
    ),
    Route(
        "procurement:payment",
        {"GET": everyone(404, anonymous=302, street_officer=200, **NOT_THE_STREET)},
        kwargs=MILESTONE,
    ),
    Route(
        "procurement:contract-evaluate",
        {"GET": everyone(404, anonymous=302, community_officer=200, **NOT_THE_COMMUNITY)},
        kwargs=CONTRACT,
    ),
    Route("procurement:contract-notices", {"GET": everyone(200)}),
    Route("procurement:contract-notice", {"GET": everyone(404)}, kwargs=CONTRACT),
]

ROUTES = API_ROUTES + PAGE_ROUTES
