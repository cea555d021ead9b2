"""Request and response shapes of the organisations API (registration, review, standing)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from accounts.models import Community, Street
from core.params import validate_date_in_range

from ..models import (
    AdmissionStandard,
    AnnualReport,
    Incubation,
    IncubationMilestone,
    Member,
    Notification,
    Organization,
    ServiceDomain,
    Violation,
)
from ..queries.registration import sees_application
from ..states import ORGANIZATION


class MemberSerializer(serializers.Serializer):
    name = serializers.CharField(label=_("name"), max_length=50, allow_blank=True)
    resident_id = serializers.CharField(label=_("resident ID number"), max_length=30, allow_blank=True)
    is_legal_representative = serializers.BooleanField(label=_("legal representative"), default=False)


class MemberOutSerializer(serializers.ModelSerializer):
    class Meta:
        model = Member
        fields = ["position", "name", "resident_id", "is_legal_representative"]


class ApplicationSerializer(serializers.Serializer):
    """The application's fields. On create only `name` is required (a draft may be incomplete);
    submitting checks completeness."""

    name = serializers.CharField(label=_("name"), max_length=100)
    domains = serializers.ListField(
        child=serializers.ChoiceField(choices=ServiceDomain.choices), required=False, label=_("service domains")
    )
    street = serializers.PrimaryKeyRelatedField(
        queryset=Street.objects.filter(is_active=True), required=False, allow_null=True, label=_("street")
    )
    community = serializers.PrimaryKeyRelatedField(
        queryset=Community.objects.filter(is_active=True), required=False, allow_null=True, label=_("community")
    )
    registered_capital = serializers.DecimalField(
        max_digits=14, decimal_places=2, required=False, allow_null=True, label=_("registered capital (yuan)")
    )
    office_kind = serializers.ChoiceField(
        choices=Organization.Office.choices, required=False, allow_blank=True, label=_("office")
    )
    office_address = serializers.CharField(max_length=200, required=False, allow_blank=True)
    articles = serializers.CharField(required=False, allow_blank=True)
    business_scope = serializers.CharField(required=False, allow_blank=True)
    contact_name = serializers.CharField(max_length=50, required=False, allow_blank=True)
    contact_phone = serializers.CharField(max_length=30, required=False, allow_blank=True)
    contact_email = serializers.EmailField(required=False, allow_blank=True)
    origin_city = serializers.CharField(
        max_length=50, required=False, allow_blank=True, help_text="Set for a brand organisation (品牌社会组织)."
    )
    members = MemberSerializer(many=True, required=False, label=_("members"))


class ApplicationUpdateSerializer(ApplicationSerializer):
    name = serializers.CharField(label=_("name"), max_length=100, required=False)


class OrganizationListSerializer(serializers.ModelSerializer):
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    street_name = serializers.CharField(source="street.name", read_only=True, default=None, allow_null=True)
    community_name = serializers.CharField(source="community.name", read_only=True, default=None, allow_null=True)
    domains = serializers.SerializerMethodField()
    is_incubated = serializers.BooleanField(read_only=True)

    class Meta:
        model = Organization
        fields = [
            "id",
            "name",
            "status",
            "status_display",
            "domains",
            "street",
            "street_name",
            "community",
            "community_name",
            "is_brand",
            "origin_city",
            "is_incubated",
            "registered_on",
            "certificate_number",
            "credit_code",
            "performance_score",
        ]

    @extend_schema_field(serializers.ListField(child=serializers.ChoiceField(choices=ServiceDomain.choices)))
    def get_domains(self, org) -> list[str]:
        return [d.domain for d in org.domains.all()]


class NotificationSerializer(serializers.ModelSerializer):
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)

    class Meta:
        model = Notification
        fields = ["id", "kind", "kind_display", "comment", "created_at"]


# Fields of an organisation shown only to its own staff and the civil-affairs bureau.
DETAIL_PRIVATE_FIELDS = (
    "registered_capital",
    "office_kind",
    "office_address",
    "articles",
    "business_scope",
    "contact_name",
    "contact_phone",
    "contact_email",
    "members",
    "review_comment",
    "status_reason",
    "submitted_at",
    "documents",
    "notifications",
    "actions",
)


class OrganizationDetailSerializer(OrganizationListSerializer):
    """The public fields for everyone; the application (members with their IDs, contact,
    documents, review comment) only for the organisation's staff and the bureau."""

    PRIVATE = DETAIL_PRIVATE_FIELDS
    communities_served = serializers.SerializerMethodField()
    members = MemberOutSerializer(many=True, read_only=True, required=False)
    documents = serializers.SerializerMethodField(required=False)
    notifications = NotificationSerializer(many=True, read_only=True, required=False)
    actions = serializers.SerializerMethodField(required=False)

    class Meta(OrganizationListSerializer.Meta):
        fields = [*OrganizationListSerializer.Meta.fields, "communities_served", *DETAIL_PRIVATE_FIELDS]

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_communities_served(self, org) -> list[str]:
        return [c.name for c in org.communities_served.all()]

    @extend_schema_field(serializers.DictField(child=serializers.CharField(allow_null=True)))
    def get_documents(self, org) -> dict:
        return {
            field: (
                reverse("organizations:document", kwargs={"pk": org.pk, "kind": kind}) if getattr(org, field) else None
            )
            for kind, field in (("articles", "articles_file"), ("capital-proof", "capital_proof_file"))
        }

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_actions(self, org) -> list[str]:
        return ORGANIZATION.allowed_actions(self.context["request"].user, org)

    def to_representation(self, org):
        data = super().to_representation(org)
        if not sees_application(self.context["request"].user, org):
            for name in self.PRIVATE:
                data.pop(name, None)
        return data


class RuleResultSerializer(serializers.Serializer):
    rule = serializers.CharField()
    label = serializers.CharField()
    passed = serializers.BooleanField()
    reason = serializers.CharField()


class QualificationSerializer(serializers.Serializer):
    organization_id = serializers.IntegerField()
    on = serializers.DateField()
    qualified = serializers.BooleanField()
    results = RuleResultSerializer(many=True)


class QualificationQuerySerializer(serializers.Serializer):
    on = serializers.DateField(
        required=False, validators=[validate_date_in_range], help_text="Check as of this date (default: today)."
    )


class DocumentUploadSerializer(serializers.Serializer):
    file = serializers.FileField(label=_("file"))


class AnnualReportSerializer(serializers.ModelSerializer):
    # A plain string: a second enum named "status" would collide with the organisation's.
    status = serializers.CharField(read_only=True, help_text="submitted | overdue")

    class Meta:
        model = AnnualReport
        fields = [
            "id",
            "year",
            "status",
            "summary",
            "activities_count",
            "income",
            "expenditure",
            "submitted_at",
            "is_late",
        ]
        read_only_fields = ["id", "status", "submitted_at", "is_late"]
        extra_kwargs = {"summary": {"allow_blank": True, "required": True}}


class ViolationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Violation
        fields = ["id", "date", "kind", "description", "created_at"]
        read_only_fields = ["id", "created_at"]
        extra_kwargs = {"description": {"allow_blank": True}}


class ScoreSerializer(serializers.Serializer):
    performance_score = serializers.DecimalField(max_digits=5, decimal_places=2, allow_null=True)


class AdmissionStandardSerializer(serializers.ModelSerializer):
    # Null until the district first saves its own standard (the defaults apply until then).
    updated_at = serializers.DateTimeField(read_only=True, allow_null=True)

    class Meta:
        model = AdmissionStandard
        fields = [
            "min_months_registered",
            "require_annual_report",
            "min_certified_social_workers",
            "violation_lookback_years",
            "min_performance_score",
            "updated_at",
        ]
        read_only_fields = ["updated_at"]


class MilestoneSerializer(serializers.ModelSerializer):
    class Meta:
        model = IncubationMilestone
        fields = ["id", "title", "due_date", "done_date"]
        read_only_fields = ["id", "done_date"]


class IncubationSerializer(serializers.ModelSerializer):
    incubator_name = serializers.CharField(source="incubator.name", read_only=True)
    incubatee_name = serializers.CharField(source="incubatee.name", read_only=True)
    milestones = MilestoneSerializer(many=True, required=False)

    class Meta:
        model = Incubation
        fields = [
            "id",
            "incubator",
            "incubator_name",
            "incubatee",
            "incubatee_name",
            "start",
            "end",
            "note",
            "milestones",
        ]
        read_only_fields = ["id"]
        # Uniqueness is the action's to report in the error shape; DRF's validator would query.
        validators = []


class MilestoneDoneSerializer(serializers.Serializer):
    done_date = serializers.DateField(label=_("done"))


class CommunitiesServedSerializer(serializers.Serializer):
    communities = serializers.PrimaryKeyRelatedField(
        queryset=Community.objects.all(), many=True, label=_("communities served")
    )
