"""Page form of a sealed bid. It only shapes input; the action decides."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class BidForm(forms.Form):
    organization = forms.ModelChoiceField(label=_("Bidding organisation"), queryset=None)
    price = forms.DecimalField(label=_("Price (yuan)"), max_digits=14, decimal_places=2)
    plan = forms.CharField(label=_("Service plan"), widget=forms.Textarea(attrs={"rows": 6}), max_length=20000)
    staff = forms.ModelMultipleChoiceField(label=_("Staff (social workers)"), queryset=None, required=False)
    document = forms.FileField(label=_("Document (PDF, JPG or PNG)"), required=False)

    def __init__(self, *args, organizations, workers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations
        only = list(organizations[:2])
        if len(only) == 1:  # most staff act for one organisation: no choice to make
            self.fields["organization"].initial = only[0].pk
        self.fields["staff"].queryset = workers
        self.fields["staff"].label_from_instance = lambda w: f"{w.person.name} · {w.employer.name}"
