"""Demo records for this app, loaded by `manage.py load_demo` after the users. Idempotent."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction
from django.utils import timezone


def demo_load(*, stdout) -> None:
    _demo_tasks(stdout=stdout)


# --- Task requests -------------------------------------------------------------------------------
# A month of requests from three departments and 华兴街道 to four communities, with every gate
# outcome and every step of the lifecycle represented. Each request is made through the actions
# (so the audit trail is real), then dated back into the past month.

# username, display name, role, scope kind, scope name: staff the month needs beyond accounts/demo.py.
EXTRA_STAFF = [
    ("dept_health", "区卫健局 杨科员", "department_staff", "department", "武侯区卫生健康局"),
    ("dept_education", "区教育局 吴科员", "department_staff", "department", "武侯区教育局"),
    ("community_sanhe", "三河社区 何主任", "community_staff", "community", "三河社区"),
    ("community_yulin_east", "玉林东路社区 赵书记", "community_staff", "community", "玉林东路社区"),
]

# title, sender username, [communities], claimed list kind (or None), funding, days ago, steps.
# A step is (community, action, actor username, extra).
MONTH = [
    (
        "2026年度城乡居民养老保险参保情况入户核查",
        "dept_hr",
        ["南桥社区", "三河社区"],
        "committee",
        "0",
        28,
        [("南桥社区", "accept", "community_nanqiao", {})],
    ),
    ("协助开展就业困难人员认定材料初审", "dept_hr", ["南桥社区", "沈家桥社区"], "assisting", "18000.00", 26, []),
    (
        "填报辖区企业用工需求调查表（每户企业上门）",
        "dept_hr",
        ["南桥社区"],
        None,
        "0",
        24,
        [
            (
                "南桥社区",
                "refuse",
                "community_nanqiao",
                {"comment": "不属于社区职责清单事项，企业用工调查应由人社部门或委托第三方开展。"},
            )
        ],
    ),
    (
        "组织居民参加线上职业技能培训并截图留痕",
        "dept_hr",
        ["南桥社区"],
        None,
        "0",
        21,
        [
            ("南桥社区", "refuse", "community_nanqiao", {"comment": "清单外事项，且“截图留痕”属形式主义要求。"}),
            ("南桥社区", "appeal", "dept_hr", {"comment": "培训任务为市级下达指标，请社区协助动员。"}),
            (
                "南桥社区",
                "decide_appeal",
                "district_admin",
                {"decision": "uphold", "comment": "未经区政府统一安排，不得要求社区截图留痕；由人社局直接组织。"},
            ),
        ],
    ),
    (
        "开展辖区公共场所控烟巡查并每日报送",
        "dept_health",
        ["南桥社区", "玉林东路社区"],
        None,
        "0",
        19,
        [
            ("南桥社区", "refuse", "community_nanqiao", {"comment": "清单外事项，每日报送工作量大。"}),
            ("南桥社区", "appeal", "dept_health", {"comment": "控烟条例实施检查阶段，需社区配合两周。"}),
            (
                "南桥社区",
                "decide_appeal",
                "district_admin",
                {"decision": "overturn", "comment": "属阶段性公共卫生工作，限两周内完成，不要求每日报送。"},
            ),
            ("玉林东路社区", "accept", "community_yulin_east", {}),
        ],
    ),
    ("老年人健康体检组织与随访", "dept_health", ["玉林东路社区", "三河社区"], "assisting", "36000.00", 17, []),
    (
        "社区党组织开展“三会一课”情况报送",
        "street_huaxing",
        ["南桥社区", "三河社区", "沈家桥社区"],
        "party",
        "0",
        15,
        [
            ("南桥社区", "accept", "community_nanqiao", {}),
            ("南桥社区", "complete", "community_nanqiao", {}),
            ("三河社区", "accept", "community_sanhe", {}),
        ],
    ),
    ("辖区高龄独居老人助餐服务", "street_huaxing", ["南桥社区", "三河社区"], "assisting", "52000.00", 12, []),
    (
        "中小学生暑期安全家访登记",
        "dept_education",
        ["南桥社区", "玉林东路社区"],
        None,
        "0",
        9,
        [
            ("玉林东路社区", "refuse", "community_yulin_east", {"comment": "家访应由学校组织，不属于社区清单事项。"}),
            ("玉林东路社区", "appeal", "dept_education", {"comment": "部分学生家长联系不上，需要社区协助。"}),
        ],
    ),
    ("调解邻里噪音纠纷并建立台账", "street_huaxing", ["南桥社区"], "committee", "0", 6, []),
    ("统计辖区内共享单车乱停放点位", "street_huaxing", ["南桥社区", "三河社区"], None, "0", 3, []),
]


def _extra_staff():
    from accounts.models import Community, Department, RoleAssignment, User

    scopes = {"department": Department, "community": Community}
    for username, display_name, role, kind, scope_name in EXTRA_STAFF:
        scope = scopes[kind].objects.filter(name=scope_name).first()
        if scope is None:
            continue
        user, created = User.objects.get_or_create(username=username, defaults={"display_name": display_name})
        if created:
            user.set_password(settings.DEMO_PASSWORD)
            user.save()
        RoleAssignment.objects.get_or_create(user=user, role=role, **{kind: scope})


def _items_by_kind():
    from services.queries.duties import items_in_force

    found: dict[str, object] = {}
    for item in items_in_force().order_by("duty_list__kind", "position", "code"):
        found.setdefault(item.duty_list.kind, item)
    return found


@transaction.atomic
def _demo_tasks(*, stdout) -> None:
    from accounts.models import Community, User
    from services.actions import task_requests as actions
    from services.models import TaskRequest

    users = {u.username: u for u in User.objects.all()}
    if "dept_hr" not in users or "community_nanqiao" not in users:
        stdout.write("demo task requests: skipped (the demo users are missing)")
        return
    _extra_staff()
    users = {u.username: u for u in User.objects.all()}
    items = _items_by_kind()
    communities = {c.name: c for c in Community.objects.filter(name__in={n for row in MONTH for n in row[2]})}
    tz = ZoneInfo(settings.TIME_ZONE)
    today = timezone.localdate()
    created = kept = 0
    for title, sender, names, kind, funding, days_ago, steps in MONTH:
        if TaskRequest.objects.filter(title=title).exists():
            kept += 1
            continue
        targets = [communities[n] for n in names if n in communities]
        if sender not in users or not targets:
            continue
        claimed = [items[kind].pk] if kind and kind in items else []
        task = actions.task_request_send(
            actor=users[sender],
            title=title,
            description="请按附件要求办理，并在期限内反馈。",
            deadline=today + timedelta(days=30),
            communities=targets,
            claimed_item_ids=claimed,
            funding=Decimal(funding),
        )
        for community_name, step, actor_name, extra in steps:
            community = communities.get(community_name)
            actor = users.get(actor_name)
            if community is None or actor is None:
                continue
            if step == "accept":
                actions.task_accept(actor=actor, task=task, community_id=community.pk)
            elif step == "refuse":
                actions.task_refuse(actor=actor, task=task, community_id=community.pk, **extra)
            elif step == "appeal":
                actions.task_appeal(actor=actor, task=task, community_id=community.pk, **extra)
            elif step == "decide_appeal":
                actions.task_appeal_decide(actor=actor, task=task, community_id=community.pk, **extra)
            elif step == "complete":
                actions.task_complete(actor=actor, task=task, community_id=community.pk)
        # Dated back into the past month (a bulk demo fix-up, not a domain change).
        sent = datetime.combine(today - timedelta(days=days_ago), time(9, 30), tzinfo=tz)
        TaskRequest.objects.filter(pk=task.pk).update(created_at=sent, deadline=sent.date() + timedelta(days=21))
        created += 1
    if not items:
        stdout.write("demo task requests: no duty list in force, every request was judged 'may refuse'")
    stdout.write(f"demo task requests: {created} created, {kept} already there")
