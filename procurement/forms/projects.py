"""Page forms of projects and their questions. They only shape input; the actions decide."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from organizations.models import ServiceDomain

from ..actions.projects import CriterionInput
from ..models import Method


class ProjectForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("Service content"), widget=forms.Textarea(attrs={"rows": 4}), required=False, max_length=20000
    )
    community = forms.ModelChoiceField(label=_("Implementer (community)"), queryset=None)
    catalogue_item = forms.ModelChoiceField(label=_("Catalogue item"), queryset=None, required=False)
    domain = forms.ChoiceField(label=_("Service domain"), choices=ServiceDomain.choices)
    budget_line = forms.ModelChoiceField(label=_("Budget line"), queryset=None)
    amount = forms.DecimalField(label=_("Budget amount (yuan)"), max_digits=14, decimal_places=2, min_value=0)
    method = forms.ChoiceField(label=_("Method"), choices=Method.choices)
    invited_organizations = forms.ModelMultipleChoiceField(
        label=_("Invited organisations"),
        queryset=None,
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
        help_text=_("Only for methods that invite or name organisations."),
    )
    admission_rules = forms.CharField(
        label=_("Admission rules"), widget=forms.Textarea(attrs={"rows": 2}), required=False, max_length=20000
    )
    price_weight = forms.IntegerField(label=_("Weight of the price"), min_value=0, max_value=100, initial=30)
    criteria = forms.CharField(
        label=_("Other criteria"),
        widget=forms.Textarea(attrs={"rows": 3}),
        initial="服务方案,50\n团队与经验,20",
        help_text=_("One per line: name, weight. All weights, the price's included, add up to 100."),
    )
    question_days = forms.IntegerField(label=_("Working days for questions"), min_value=1, max_value=120, initial=5)
    bid_days = forms.IntegerField(label=_("Working days for bids"), min_value=1, max_value=120, initial=15)
    standstill_days = forms.IntegerField(label=_("Standstill (working days)"), min_value=1, max_value=30, initial=7)

    def __init__(self, *args, communities, lines, items, organizations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["community"].queryset = communities
        self.fields["budget_line"].queryset = lines
        self.fields["catalogue_item"].queryset = items
        self.fields["invited_organizations"].queryset = organizations

    def clean_criteria(self):
        rows = []
        for line in self.cleaned_data["criteria"].splitlines():
            if not line.strip():
                continue
            name, _sep, weight = line.replace("，", ",").rpartition(",")
            if not name.strip() or not weight.strip().isdigit():
                raise forms.ValidationError(_("Write each criterion as: name, weight."))
            rows.append(CriterionInput(name.strip(), int(weight)))
        return rows

    def criteria_input(self) -> list[CriterionInput]:
        price = self.cleaned_data["price_weight"]
        head = [CriterionInput(str(_("Price")), price, True)] if price else []
        return head + self.cleaned_data["criteria"]


class QuestionForm(forms.Form):
    text = forms.CharField(label=_("Question"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)


class AnswerForm(forms.Form):
    answer = forms.CharField(label=_("Answer"), widget=forms.Textarea(attrs={"rows": 3}), max_length=20000)
