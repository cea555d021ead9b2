"""Forms of the registration pages. They only parse input; the rules live in the actions, whose
errors are shown beside the fields (core.forms.apply_domain_error)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import Community, Street

from ..actions.registration import APPLICATION_FIELDS, MemberInput
from ..models import AdmissionStandard, Organization, ServiceDomain

REQUIRED_TO_SUBMIT = _("Needed to submit; a draft may leave it empty.")


class CommunityChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.street.name} · {obj.name}"


class CommunityMultipleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.street.name} · {obj.name}"


class ApplicationForm(forms.Form):
    name = forms.CharField(label=_("Organisation name"), max_length=100)
    domains = forms.MultipleChoiceField(
        label=_("Service domains"),
        choices=ServiceDomain.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=REQUIRED_TO_SUBMIT,
    )
    street = forms.ModelChoiceField(
        label=_("Street"), queryset=Street.objects.filter(is_active=True).order_by("name"), required=False
    )
    community = CommunityChoiceField(
        label=_("Community"),
        queryset=Community.objects.filter(is_active=True).select_related("street").order_by("street__name", "name"),
        required=False,
        help_text=_("The community must be in the chosen street."),
    )
    registered_capital = forms.DecimalField(
        label=_("Registered capital (yuan)"),
        max_digits=14,
        decimal_places=2,
        required=False,
        help_text=_("At least 3000.00 yuan."),
    )
    office_kind = forms.ChoiceField(
        label=_("Office"),
        choices=[("", "—"), *Organization.Office.choices],
        required=False,
    )
    office_address = forms.CharField(label=_("Office address"), max_length=200, required=False)
    articles = forms.CharField(
        label=_("Articles of association"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    business_scope = forms.CharField(
        label=_("Business scope"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    contact_name = forms.CharField(label=_("Contact person"), max_length=50, required=False)
    contact_phone = forms.CharField(label=_("Contact phone"), max_length=30, required=False)
    contact_email = forms.EmailField(label=_("Contact email"), required=False)
    origin_city = forms.CharField(
        label=_("Origin city (brand organisations only)"),
        max_length=50,
        required=False,
        help_text=_("Fill in only for an organisation brought in from another city, e.g. 上海."),
    )
    articles_file = forms.FileField(
        label=_("Articles of association (document)"),
        required=False,
        help_text=_("PDF, JPG or PNG, at most 5 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}),
    )
    capital_proof_file = forms.FileField(
        label=_("Proof of registered capital (document)"),
        required=False,
        help_text=_("PDF, JPG or PNG, at most 5 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}),
    )

    # The application's plain fields, as the action takes them.
    PLAIN = APPLICATION_FIELDS
    # A draft may leave these empty; submission needs them (actions/registration.py). The form marks
    # them as required like any other, so nobody learns it only from the refusal.
    required_to_submit = frozenset(
        {
            "domains",
            "street",
            "community",
            "registered_capital",
            "office_kind",
            "articles",
            "business_scope",
            "contact_name",
            "contact_phone",
            "articles_file",
            "capital_proof_file",
        }
    )

    @classmethod
    def initial_for(cls, org: Organization) -> dict:
        initial = {name: getattr(org, name) for name in cls.PLAIN}
        initial["domains"] = [d.domain for d in org.domains.all()]
        return initial

    def application_fields(self) -> dict:
        return {name: self.cleaned_data.get(name) for name in self.PLAIN}

    def documents(self) -> dict:
        return {name: self.cleaned_data.get(name) or None for name in ("articles_file", "capital_proof_file")}


class MemberForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=50, required=False)
    resident_id = forms.CharField(label=_("Resident ID number"), max_length=30, required=False)
    is_legal_representative = forms.BooleanField(label=_("Legal representative"), required=False)


MemberFormSet = forms.formset_factory(MemberForm, extra=0, max_num=50, absolute_max=60)


def member_formset(data=None, *, members=()) -> forms.BaseFormSet:
    """The members' rows: those given, plus blank rows so at least seven show (five are needed)."""
    initial = [
        {"name": m.name, "resident_id": m.resident_id, "is_legal_representative": m.is_legal_representative}
        for m in members
    ]
    formset_class = forms.formset_factory(MemberForm, extra=max(7 - len(initial), 3), max_num=50, absolute_max=60)
    return formset_class(data, initial=initial, prefix="members")


def member_inputs(formset) -> list[MemberInput]:
    rows = []
    for form in formset.forms:
        data = form.cleaned_data if form.is_valid() else {}
        if not (data.get("name") or data.get("resident_id") or data.get("is_legal_representative")):
            continue
        rows.append(
            MemberInput(data.get("name", ""), data.get("resident_id", ""), data.get("is_legal_representative", False))
        )
    return rows


class AnnualReportForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    summary = forms.CharField(label=_("Work summary"), widget=forms.Textarea(attrs={"rows": 5}), required=False)
    activities_count = forms.IntegerField(label=_("Activities held"), min_value=0, initial=0)
    income = forms.DecimalField(label=_("Income (yuan)"), max_digits=14, decimal_places=2, required=False)
    expenditure = forms.DecimalField(label=_("Expenditure (yuan)"), max_digits=14, decimal_places=2, required=False)


class AdmissionStandardForm(forms.ModelForm):
    class Meta:
        model = AdmissionStandard
        fields = [
            "min_months_registered",
            "require_annual_report",
            "min_certified_social_workers",
            "violation_lookback_years",
            "min_performance_score",
        ]


class CommunitiesServedForm(forms.Form):
    communities = CommunityMultipleChoiceField(
        label=_("Communities served"),
        queryset=Community.objects.filter(is_active=True).select_related("street").order_by("street__name", "name"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
