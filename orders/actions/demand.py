"""Writes of demand: raise, add a voice, turn into a draft purchase project, close."""

from __future__ import annotations

import re
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils.translation import gettext as _

from accounts.queries import scope_for
from core.audit import audit_record
from core.errors import Conflict, DomainError, NotAllowed
from core.text import DESCRIPTION_MAX, require_comment, text_too_long
from organizations.models import Organization, ServiceDomain
from procurement.actions.projects import CriterionInput, project_create
from procurement.models import BudgetLine, Project

from ..models import Demand, DemandVoice
from ..states import DEMAND

D = Demand.Status
TITLE_MAX = 100

# The words people wrap a wish in. Stripped from the ends of a title, repeatedly, what is left is
# the topic: "想学剪纸", "希望开剪纸班" and "剪纸课" are all "剪纸". A short list on purpose: it groups
# the common phrasings and is easy to explain; anything it misses still shows under its domain.
TOPIC_PREFIXES = (
    "我们想", "我想", "想要", "想学", "想", "希望", "能否", "能不能", "可不可以", "可以", "有没有", "请",
    "开设", "开办", "开展", "举办", "组织", "开个", "开", "办", "学习", "学", "一个", "个",
)  # fmt: skip
TOPIC_SUFFIXES = ("培训班", "兴趣班", "课程", "培训", "活动", "服务", "小组", "班", "课", "吗", "呢", "吧")
NOT_TOPIC = re.compile(r"[\s\W_]+")


def demand_topic(title: str) -> str:
    """The grouping key of a demand's title (see TOPIC_PREFIXES)."""
    topic = NOT_TOPIC.sub("", title or "").lower()
    changed = True
    while changed:
        changed = False
        for prefix in TOPIC_PREFIXES:
            if topic.startswith(prefix) and len(topic) > len(prefix):
                topic, changed = topic[len(prefix) :], True
        for suffix in TOPIC_SUFFIXES:
            if topic.endswith(suffix) and len(topic) > len(suffix):
                topic, changed = topic[: -len(suffix)], True
    return topic[:TITLE_MAX] or NOT_TOPIC.sub("", title or "")[:TITLE_MAX]


@transaction.atomic
def demand_raise(*, actor, title: str, domain: str, description: str = "") -> Demand:
    """A verified resident asks for a service nobody offers in their community; theirs is the first voice."""
    community_id = scope_for(actor).resident_community_id
    demand = Demand(community_id=community_id, raised_by_id=getattr(actor, "pk", None))
    DEMAND.check_create(actor, demand, "raise")
    problems: dict[str, str] = {}
    title = (title or "").strip()
    if not title:
        problems["title"] = _("Say what you would like, e.g. 想学剪纸.")
    elif (message := text_too_long(title, TITLE_MAX)) is not None:
        problems["title"] = message
    if domain not in ServiceDomain.values:
        problems["domain"] = _("Choose a service domain.")
    if (message := text_too_long(description, DESCRIPTION_MAX)) is not None:
        problems["description"] = message
    if problems:
        raise DomainError(_("Nothing was saved; see the marked fields."), fields=problems)
    demand.title, demand.domain, demand.description = title, domain, (description or "").strip()
    demand.topic, demand.status, demand.voice_count = demand_topic(title), D.OPEN, 1
    demand.save()
    DemandVoice.objects.create(demand=demand, resident=actor)
    DEMAND.record_creation(actor=actor, obj=demand, action="raise", data={"topic": demand.topic})
    return demand


@transaction.atomic
def demand_voice(*, actor, demand: Demand) -> Demand:
    """Another resident of the same community says "me too": one voice per resident per demand."""
    if scope_for(actor).resident_community_id != demand.community_id:
        raise NotAllowed(_("Only verified residents of this community may add their voice."))
    locked = Demand.objects.select_for_update().get(pk=demand.pk)
    if locked.status != D.OPEN:
        raise Conflict(
            _("This demand is “%(status)s”: it takes no more voices.") % {"status": locked.get_status_display()},
            code="wrong_state",
        )
    try:
        with transaction.atomic():
            DemandVoice.objects.create(demand=locked, resident=actor)
    except IntegrityError as exc:
        raise Conflict(_("You have already added your voice to this demand."), code="already_voiced") from exc
    Demand.objects.filter(pk=locked.pk).update(voice_count=F("voice_count") + 1)
    locked.refresh_from_db()
    audit_record(actor=actor, obj=locked, action="demand.voice", data={"voices": locked.voice_count})
    return locked


@transaction.atomic
def demand_convert(
    *,
    actor,
    demand: Demand,
    title: str,
    description: str,
    budget_line: BudgetLine,
    amount: Decimal,
    method: str,
    criteria: list[CriterionInput],
    question_days: int,
    bid_days: int,
    standstill_days: int = 7,
    invited: list[Organization] | None = None,
) -> Demand:
    """The street office turns the demand into a draft purchase project of its street, implemented
    by the demand's community, in the demand's domain; the demand links to the project."""
    locked = Demand.objects.select_for_update().select_related("community__street").get(pk=demand.pk)
    DEMAND.check(actor, locked, "convert")
    project: Project = project_create(
        actor=actor,
        title=title,
        description=description,
        street=locked.community.street,
        community=locked.community,
        domain=locked.domain,
        budget_line=budget_line,
        amount=amount,
        method=method,
        criteria=criteria,
        question_days=question_days,
        bid_days=bid_days,
        standstill_days=standstill_days,
        invited=invited,
    )
    return DEMAND.move(
        actor=actor,
        obj=locked,
        action="convert",
        reason=_("Draft purchase project %(pk)d: %(title)s") % {"pk": project.pk, "title": project.title},
        data={"project": project.pk},
        project=project,
    )


@transaction.atomic
def demand_close(*, actor, demand: Demand, comment: str) -> Demand:
    """The community or the street closes a demand it will not buy, saying why (residents read it)."""
    DEMAND.check_party(actor, demand, "close")
    comment = require_comment(
        comment,
        _("Say why the demand is closed: the residents read it."),
        field_message=_("Give the reason for closing."),
    )
    return DEMAND.move(actor=actor, obj=demand, action="close", reason=comment, close_reason=comment)
