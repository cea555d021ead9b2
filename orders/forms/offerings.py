"""Page forms of offerings. They only shape input; the actions decide."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from core.text import DESCRIPTION_MAX, REASON_MAX
from organizations.models import ServiceDomain


class OfferingForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    domain = forms.ChoiceField(label=_("Service domain"), choices=ServiceDomain.choices)
    communities = forms.ModelMultipleChoiceField(
        label=_("Communities"), queryset=None, widget=forms.CheckboxSelectMultiple
    )
    description = forms.CharField(
        label=_("Description"), widget=forms.Textarea(attrs={"rows": 4}), required=False, max_length=DESCRIPTION_MAX
    )
    schedule = forms.CharField(
        label=_("Schedule"), required=False, max_length=200, help_text=_("For example: every Tuesday morning.")
    )
    price = forms.DecimalField(
        label=_("Price (yuan)"),
        max_digits=14,
        decimal_places=2,
        min_value=0,
        initial=0,
        help_text=_("0 when the government pays."),
    )
    answer_hours = forms.IntegerField(label=_("Answers within (hours)"), min_value=1, max_value=720, initial=24)
    social_workers = forms.ModelMultipleChoiceField(
        label=_("Social workers who deliver it"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )
    volunteers = forms.ModelMultipleChoiceField(
        label=_("Volunteers who deliver it"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )

    is_active = forms.BooleanField(label=_("Open for orders"), required=False)

    def __init__(self, *args, communities, social_workers, volunteers, with_active=False, **kwargs):
        super().__init__(*args, **kwargs)
        if not with_active:  # a new offering opens for orders
            del self.fields["is_active"]
        self.fields["communities"].queryset = communities
        self.fields["social_workers"].queryset = social_workers
        self.fields["volunteers"].queryset = volunteers


class SlotForm(forms.Form):
    start = forms.DateTimeField(label=_("Starts"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
    end = forms.DateTimeField(label=_("Ends"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
    capacity = forms.IntegerField(label=_("Places"), min_value=1, max_value=10000)


class ReplyTemplateForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=100)
    text = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 3}), max_length=REASON_MAX)
