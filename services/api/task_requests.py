"""API of task requests, the gate, purchase candidates and the burden view. Thin: every write is
an action in services/actions/task_requests.py, every read a query in services/queries/task_requests.py."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, tzinfo

import django_filters
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import generics, permissions, serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.models import Community, Department, Street
from accounts.queries import scope_for
from core.api import CachedListMixin, IdCursorPagination
from core.errors import NotAllowed
from core.params import parse_month
from core.public_cache import PLACES
from core.transitions import CommentSerializer, TransitionAPIView
from services.actions.task_requests import (
    task_accept,
    task_appeal,
    task_appeal_decide,
    task_complete,
    task_refuse,
    task_rejudge,
    task_request_send,
)
from services.models import DutyItem, DutyList, TaskAssignment, TaskRequest
from services.queries.task_requests import (
    TASK_LIST_SCOPE,
    TASK_ORDER,
    access_task,
    answer_labels,
    burden_for,
    can_see_burden,
    can_see_purchase_candidates,
    purchase_candidates_for,
    refusals_public,
    task_list_topics,
    task_rows_for,
    task_visibility,
    with_answers,
)
from services.states import TASK_ASSIGNMENT
from services.workdays import add_working_days, provisional_between, provisional_notice

# --- Serializers -------------------------------------------------------------------------------


class TaskJudgedListSerializer(serializers.ModelSerializer):
    # Plain strings: the choice sets are documented on the duty-list endpoints.
    kind = serializers.CharField(read_only=True)
    status = serializers.CharField(read_only=True)

    class Meta:
        model = DutyList
        fields = ["id", "kind", "version", "title", "document_number", "status"]


class TaskClaimedItemSerializer(serializers.ModelSerializer):
    list_kind = serializers.CharField(source="duty_list.kind", read_only=True)
    list_version = serializers.IntegerField(source="duty_list.version", read_only=True)
    list_title = serializers.CharField(source="duty_list.title", read_only=True)

    class Meta:
        model = DutyItem
        fields = ["id", "code", "title", "list_kind", "list_version", "list_title", "is_placeholder"]


class TaskAssignmentSerializer(serializers.ModelSerializer):
    community_name = serializers.CharField(source="community.name", read_only=True)
    street = serializers.IntegerField(source="community.street_id", read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    outcome_display = serializers.CharField(source="get_outcome_display", read_only=True)
    judged_lists = TaskJudgedListSerializer(many=True, read_only=True)
    status = serializers.CharField(read_only=True, help_text=", ".join(TaskAssignment.Status.values))
    outcome = serializers.CharField(read_only=True, help_text=", ".join(TaskAssignment.Outcome.values))
    appeal_decision = serializers.CharField(read_only=True, help_text="uphold, overturn or empty")
    actions = serializers.SerializerMethodField(
        help_text="What the caller may do to this community's copy now: the moves the transition table allows."
    )

    class Meta:
        model = TaskAssignment
        fields = [
            "id",
            "actions",
            "community",
            "community_name",
            "street",
            "status",
            "status_display",
            "outcome",
            "outcome_display",
            "judged_at",
            "judged_lists",
            "refusal_reason",
            "responded_at",
            "appeal_reason",
            "appealed_at",
            "appeal_decision",
            "appeal_decision_reason",
            "appeal_decided_at",
            "completed_at",
        ]

    def get_actions(self, assignment) -> list[str]:
        request = self.context.get("request")
        return TASK_ASSIGNMENT.allowed_actions(request.user, assignment) if request else []


class TaskRequestSerializer(serializers.ModelSerializer):
    sender_name = serializers.SerializerMethodField()
    claimed_items = TaskClaimedItemSerializer(many=True, read_only=True)
    assignments = TaskAssignmentSerializer(many=True, read_only=True, source="visible_assignments")

    class Meta:
        model = TaskRequest
        fields = [
            "id",
            "title",
            "description",
            "deadline",
            "funding",
            "sender_department",
            "sender_street",
            "sender_name",
            "claimed_items",
            "assignments",
            "created_at",
        ]

    def get_sender_name(self, obj) -> str:
        return str(obj.sender)


@dataclass(frozen=True)
class _RowFormat:
    """What every row of a page is formatted with, looked up once per page: the time zone and
    the labels in the request's language."""

    zone: tzinfo
    statuses: dict[str, str]
    outcomes: dict[str, str]

    @classmethod
    def of(cls, context: dict) -> _RowFormat:
        if "row_format" not in context:
            statuses, outcomes = answer_labels()
            context["row_format"] = cls(timezone.get_current_timezone(), statuses, outcomes)
        return context["row_format"]

    def moment(self, value: datetime | None) -> str | None:
        # As DRF's DateTimeField writes it (ISO 8601 in the current time zone, "Z" for UTC).
        if value is None:
            return None
        text = value.astimezone(self.zone).isoformat()
        return text[:-6] + "Z" if text.endswith("+00:00") else text


def _answer(row: dict, fmt: _RowFormat) -> dict:
    return {
        "id": row["id"],
        "community": row["community_id"],
        "community_name": row["community__name"],
        "street": row["community__street_id"],
        "status": row["status"],
        "status_display": fmt.statuses.get(row["status"], row["status"]),
        "outcome": row["outcome"],
        "outcome_display": fmt.outcomes.get(row["outcome"], row["outcome"]),
        "responded_at": fmt.moment(row["responded_at"]),
    }


class TaskAnswerSerializer(serializers.ModelSerializer):
    """One community's answer as a list row shows it; the judgement and reasons are on the detail."""

    community_name = serializers.CharField(source="community.name", read_only=True)
    street = serializers.IntegerField(source="community.street_id", read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    outcome_display = serializers.CharField(source="get_outcome_display", read_only=True)
    status = serializers.CharField(read_only=True, help_text=", ".join(TaskAssignment.Status.values))
    outcome = serializers.CharField(read_only=True, help_text=", ".join(TaskAssignment.Outcome.values))

    class Meta:
        model = TaskAssignment
        fields = [
            "id",
            "community",
            "community_name",
            "street",
            "status",
            "status_display",
            "outcome",
            "outcome_display",
            "responded_at",
        ]

    def to_representation(self, instance):
        # Built by hand from a dict of ANSWER_ROW (services.queries.task_requests.with_answers): a
        # page holds a hundred or more answers, and DRF's per-field lookups plus a translation per
        # label were most of the request. The fields above stay the schema; a test holds this
        # output equal to what DRF builds from them.
        return _answer(instance, _RowFormat.of(self.context))


class _TaskRows(serializers.ListSerializer):
    """A page of TaskRequestListSerializer rows, with what every row needs looked up once."""

    @staticmethod
    def row_writer(context: dict):
        if "detail_url" not in context:
            # One reverse per page, not per row: every detail URL is the list's URL plus "<id>/".
            request = context.get("request")
            prefix = reverse("api:task-request-list")
            context["detail_url"] = (request.build_absolute_uri(prefix) if request else prefix) + "{}/"
        fmt = _RowFormat.of(context)
        detail_url, moment = context["detail_url"], fmt.moment
        own = context.get("own_community_ids") or ()

        def write(instance: dict) -> dict:
            answers = [_answer(a, fmt) for a in instance["answers"]]
            return {
                "id": instance["id"],
                "url": detail_url.format(instance["id"]),
                "title": instance["title"],
                "deadline": instance["deadline"].isoformat(),
                # As DRF's DecimalField(decimal_places=2) writes it; the column holds two places.
                "funding": f"{instance['funding']:.2f}",
                "sender_department": instance["sender_department_id"],
                "sender_street": instance["sender_street_id"],
                "sender_name": instance["sender_name"],
                "created_at": moment(instance["created_at"]),
                "assignment_count": len(answers),
                "answers": answers,
                "own_assignment": next(
                    (row for a, row in zip(instance["answers"], answers, strict=True) if a["community_id"] in own),
                    None,
                ),
            }

        return write

    def to_representation(self, data):
        return list(map(self.row_writer(self.context), data))


class TaskRequestListSerializer(serializers.ModelSerializer):
    """A row of the list: what the task is, who sent it, and each visible community's answer.
    The description, the claimed list items and each judgement are one click away at `url`."""

    url = serializers.HyperlinkedIdentityField(view_name="api:task-request-detail")
    sender_name = serializers.SerializerMethodField()
    assignment_count = serializers.SerializerMethodField(
        help_text=gettext_lazy("How many receiving communities the caller sees.")
    )
    answers = TaskAnswerSerializer(many=True, read_only=True, source="visible_assignments")
    own_assignment = serializers.SerializerMethodField(
        help_text=gettext_lazy("The answer of the caller's own community; null for senders and the district.")
    )

    class Meta:
        model = TaskRequest
        list_serializer_class = _TaskRows
        fields = [
            "id",
            "url",
            "title",
            "deadline",
            "funding",
            "sender_department",
            "sender_street",
            "sender_name",
            "created_at",
            "assignment_count",
            "answers",
            "own_assignment",
        ]

    def get_sender_name(self, obj) -> str:
        return str(obj.sender)

    def get_assignment_count(self, obj) -> int:
        return len(obj.visible_assignments)

    @extend_schema_field(TaskAnswerSerializer(allow_null=True))
    def get_own_assignment(self, obj):
        own = self.context.get("own_community_ids") or ()
        for assignment in obj.visible_assignments:
            if assignment.community_id in own:
                return TaskAnswerSerializer(assignment, context=self.context).data
        return None

    def to_representation(self, instance):
        # Built by hand, from a dict of TASK_ROW with its answers (with_answers()), for the same
        # reason as TaskAnswerSerializer's; same fields, same output.
        return _TaskRows.row_writer(self.context)(instance)


class TaskRequestSentSerializer(TaskRequestSerializer):
    """The answer to sending: the task, and whether its deadline is only provisional."""

    deadline_provisional = serializers.SerializerMethodField(
        help_text=gettext_lazy(
            "True when the deadline was counted on weekdays only: the official holiday schedule of a "
            "year it touches has not been entered yet."
        )
    )
    deadline_notice = serializers.SerializerMethodField(
        help_text=gettext_lazy("Why the deadline is provisional; empty otherwise.")
    )

    class Meta(TaskRequestSerializer.Meta):
        fields = [*TaskRequestSerializer.Meta.fields, "deadline_provisional", "deadline_notice"]

    def get_deadline_provisional(self, obj) -> bool:
        return bool(self.context.get("provisional_years"))

    def get_deadline_notice(self, obj) -> str:
        years = self.context.get("provisional_years")
        return provisional_notice(years) if years else ""


class TaskRequestCreateSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    description = serializers.CharField(required=False, allow_blank=True, default="")
    deadline = serializers.DateField(required=False, help_text=gettext_lazy("A date; or give due_in_working_days."))
    due_in_working_days = serializers.IntegerField(
        required=False,
        min_value=1,
        max_value=250,
        help_text=gettext_lazy("Working days from today (China's calendar)."),
    )
    communities = serializers.PrimaryKeyRelatedField(queryset=Community.objects.all(), many=True)
    claimed_items = serializers.PrimaryKeyRelatedField(queryset=DutyItem.objects.all(), many=True, required=False)
    funding = serializers.DecimalField(max_digits=14, decimal_places=2, required=False, default=0)
    sender_department = serializers.PrimaryKeyRelatedField(
        queryset=Department.objects.all(), required=False, allow_null=True
    )
    sender_street = serializers.PrimaryKeyRelatedField(queryset=Street.objects.all(), required=False, allow_null=True)

    def validate(self, attrs):
        if not attrs.get("deadline") and not attrs.get("due_in_working_days"):
            raise serializers.ValidationError({"deadline": _("Give a deadline or a number of working days.")})
        return attrs


class TaskCommunityChoiceSerializer(serializers.Serializer):
    community = serializers.IntegerField(required=False, allow_null=True)


class TaskCommentSerializer(CommentSerializer, TaskCommunityChoiceSerializer):
    pass


class TaskDecisionSerializer(TaskCommentSerializer):
    decision = serializers.ChoiceField(choices=TaskAssignment.AppealDecision.choices)


class TaskRejudgeSerializer(TaskCommentSerializer):
    claimed_items = serializers.ListField(child=serializers.IntegerField(), allow_empty=True)


class PurchaseCandidateSerializer(serializers.ModelSerializer):
    task = serializers.IntegerField(source="task_id", read_only=True)
    title = serializers.CharField(source="task.title", read_only=True)
    deadline = serializers.DateField(source="task.deadline", read_only=True)
    funding = serializers.DecimalField(source="task.funding", max_digits=14, decimal_places=2, read_only=True)
    sender_name = serializers.SerializerMethodField()
    community_name = serializers.CharField(source="community.name", read_only=True)
    street = serializers.IntegerField(source="community.street_id", read_only=True)
    street_name = serializers.CharField(source="community.street.name", read_only=True)
    claimed_items = TaskClaimedItemSerializer(source="task.claimed_items", many=True, read_only=True)

    class Meta:
        model = TaskAssignment
        fields = [
            "id",
            "task",
            "title",
            "deadline",
            "funding",
            "sender_name",
            "community",
            "community_name",
            "street",
            "street_name",
            "claimed_items",
            "judged_at",
        ]

    def get_sender_name(self, obj) -> str:
        return str(obj.task.sender)


class BurdenRowSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    tasks = serializers.IntegerField(help_text=gettext_lazy("task requests sent"))
    requests = serializers.IntegerField(help_text=gettext_lazy("requests to communities (one per community)"))
    accepted = serializers.IntegerField()
    refused = serializers.IntegerField()
    purchase = serializers.IntegerField(help_text=gettext_lazy("routed to purchase"))
    appealed = serializers.IntegerField()
    upheld = serializers.IntegerField(help_text=gettext_lazy("appeals decided: refusal upheld"))
    overturned = serializers.IntegerField(help_text=gettext_lazy("appeals decided: refusal overturned"))


class BurdenSerializer(serializers.Serializer):
    month = serializers.CharField()
    by_department = BurdenRowSerializer(many=True)
    by_sending_street = BurdenRowSerializer(many=True)
    by_receiving_street = BurdenRowSerializer(many=True)


class BurdenRefusalRowSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    requests = serializers.IntegerField()
    refused = serializers.IntegerField()


class BurdenRefusalsSerializer(serializers.Serializer):
    month = serializers.CharField()
    departments = BurdenRefusalRowSerializer(many=True)


# --- Filters -----------------------------------------------------------------------------------


class TaskRequestFilter(django_filters.FilterSet):
    """`?status=` / `?outcome=` / `?community=`: requests with at least one such community answer."""

    status = django_filters.ChoiceFilter(choices=TaskAssignment.Status.choices, method="by_assignment")
    outcome = django_filters.ChoiceFilter(choices=TaskAssignment.Outcome.choices, method="by_assignment")
    community = django_filters.NumberFilter(method="by_assignment", label=gettext_lazy("community id"))

    class Meta:
        model = TaskRequest
        fields = ["status", "outcome", "community"]

    def by_assignment(self, queryset, name, value):
        # A subquery, not a join: a request sent to several communities stays one row.
        field = "community_id" if name == "community" else name
        return queryset.filter(pk__in=TaskAssignment.objects.filter(**{field: value}).values("task_id"))


# --- Views -------------------------------------------------------------------------------------


class TaskCursorPagination(IdCursorPagination):
    """Newest first by (created_at, id), the order every scope's index is built for."""

    ordering = TASK_ORDER


class TaskRequestList(CachedListMixin, generics.ListCreateAPIView):
    """Task requests: senders see what they sent, a community what it received, the district all.

    Each row is the lean list shape; `url` leads to the full task with its judgements."""

    serializer_class = TaskRequestListSerializer
    filterset_class = TaskRequestFilter
    pagination_class = TaskCursorPagination
    # Kept per scope (TASK_LIST_SCOPE: the district role and the departments, streets and
    # communities held), renewed by writes to the tasks of those units (task_list_topics). The
    # senders' and communities' names are in the rows.
    cache_topics = (PLACES,)

    def cache_vary(self, request) -> tuple | None:
        scope = scope_for(request.user)
        if task_visibility(scope) is None:
            return None  # refused in get_queryset; errors are never kept
        return scope.key(TASK_LIST_SCOPE)

    def cache_topics_for(self, request) -> tuple[str, ...]:
        return (*self.cache_topics, *task_list_topics(scope_for(request.user)))

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return TaskRequest.objects.none()
        if task_visibility(scope_for(self.request.user)) is None:
            raise NotAllowed(_("Only senders, receiving communities and the district see task requests."))
        return task_rows_for(self.request.user)

    def list(self, request, *args, **kwargs):
        # Rows are values(), so the answers are read for the page once it is cut.
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        rows = with_answers(request.user, page)
        return self.get_paginated_response(self.get_serializer(rows, many=True).data)

    def get_serializer_context(self):
        context = super().get_serializer_context()
        if not getattr(self, "swagger_fake_view", False):
            context["own_community_ids"] = scope_for(self.request.user).community_ids
        return context

    @extend_schema(request=TaskRequestCreateSerializer, responses={201: TaskRequestSentSerializer})
    def post(self, request, *args, **kwargs):
        form = TaskRequestCreateSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        data = form.validated_data
        provisional = []
        deadline = data.get("deadline")
        if not deadline:
            today = timezone.localdate()
            deadline = add_working_days(today, data["due_in_working_days"])
            provisional = provisional_between(today, deadline)
        task = task_request_send(
            actor=request.user,
            title=data["title"],
            description=data["description"],
            deadline=deadline,
            communities=data["communities"],
            claimed_item_ids=[i.pk for i in data.get("claimed_items", [])],
            funding=data["funding"],
            sender_department=data.get("sender_department"),
            sender_street=data.get("sender_street"),
        )
        task = access_task(request.user, task.pk)
        body = TaskRequestSentSerializer(task, context={"provisional_years": provisional}).data
        return Response(body, status=status.HTTP_201_CREATED)


class TaskRequestDetail(generics.RetrieveAPIView):
    serializer_class = TaskRequestSerializer

    def get_object(self):
        return access_task(self.request.user, self.kwargs["pk"])


class _TaskMove(TransitionAPIView):
    """A move on one community's copy of the task; `community` names it when the task went to several."""

    input_serializer = TaskCommunityChoiceSerializer
    output_serializer = TaskRequestSerializer
    access = access_task


class TaskAccept(_TaskMove):
    """The receiving community accepts (must_accept or may_refuse tasks awaiting an answer)."""

    def perform(self, request, task, data):
        task_accept(actor=request.user, task=task, community_id=data.get("community"))


class TaskRefuse(_TaskMove):
    """The receiving community refuses, with a comment: only a task on no list (may_refuse); else 409."""

    input_serializer = TaskCommentSerializer

    def perform(self, request, task, data):
        task_refuse(actor=request.user, task=task, comment=data["comment"], community_id=data.get("community"))


class TaskAppeal(_TaskMove):
    """The sender appeals a refusal to the district civil-affairs bureau, giving the grounds."""

    input_serializer = TaskCommentSerializer

    def perform(self, request, task, data):
        task_appeal(actor=request.user, task=task, comment=data["comment"], community_id=data.get("community"))


class TaskDecideAppeal(_TaskMove):
    """The district civil-affairs bureau decides an appeal (uphold or overturn); final."""

    input_serializer = TaskDecisionSerializer

    def perform(self, request, task, data):
        task_appeal_decide(
            actor=request.user,
            task=task,
            decision=data["decision"],
            comment=data["comment"],
            community_id=data.get("community"),
        )


class TaskRejudge(_TaskMove):
    """The district corrects the matching of a task not yet answered; the gate judges again."""

    input_serializer = TaskRejudgeSerializer

    def perform(self, request, task, data):
        task_rejudge(
            actor=request.user,
            task=task,
            claimed_item_ids=data["claimed_items"],
            comment=data["comment"],
            community_id=data.get("community"),
        )


class TaskComplete(_TaskMove):
    """The community reports an accepted (or overturned) task done."""

    def perform(self, request, task, data):
        task_complete(actor=request.user, task=task, community_id=data.get("community"))


class PurchaseCandidateList(generics.ListAPIView):
    """Assisting-government tasks routed to purchase: for the street office of the community and
    the district admin. A later procurement issue turns them into purchase projects."""

    serializer_class = PurchaseCandidateSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return TaskAssignment.objects.none()
        if not can_see_purchase_candidates(scope_for(self.request.user)):
            raise NotAllowed(_("Only street-office staff and the district see purchase candidates."))
        return purchase_candidates_for(self.request.user)


MONTH_PARAM = OpenApiParameter("month", str, description="YYYY-MM (default: this month)")


class BurdenView(APIView):
    """The burden view (减负) for one month: by sending department and street, and by receiving street."""

    @extend_schema(parameters=[MONTH_PARAM], responses={200: BurdenSerializer})
    def get(self, request):
        if not can_see_burden(scope_for(request.user)):
            raise NotAllowed(_("Only street-office staff and the district see the burden view."))
        month = parse_month(request.query_params.get("month"))
        return Response({"month": month.strftime("%Y-%m"), **burden_for(request.user, month)})


class RefusalsPublic(APIView):
    """Public: how many requests of each department communities refused, in one month."""

    permission_classes = [permissions.AllowAny]

    @extend_schema(parameters=[MONTH_PARAM], responses={200: BurdenRefusalsSerializer})
    def get(self, request):
        month = parse_month(request.query_params.get("month"))
        return Response({"month": month.strftime("%Y-%m"), "departments": refusals_public(month)})
