"""Page forms of the evaluation and award. They only shape input; the actions decide."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class ExpertAssignForm(forms.Form):
    expert = forms.ModelChoiceField(label=_("Evaluation expert"), queryset=None)

    def __init__(self, *args, experts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["expert"].queryset = experts
        self.fields["expert"].label_from_instance = lambda e: e.user.display_name or e.user.username


class ScoreSheetForm(forms.Form):
    """One field per opened bid and criterion (the price is scored by formula)."""

    def __init__(self, *args, bids, criteria, **kwargs):
        super().__init__(*args, **kwargs)
        self.cells = []
        for bid in bids:
            for criterion in criteria:
                name = f"s_{bid.pk}_{criterion.pk}"
                self.fields[name] = forms.DecimalField(
                    label=f"{bid.organization.name} · {criterion.name} (0–{criterion.weight})",
                    min_value=0,
                    max_value=criterion.weight,
                    max_digits=5,
                    decimal_places=2,
                )
                self.cells.append((name, bid.pk, criterion.pk))

    def scores(self):
        return [(bid, criterion, self.cleaned_data[name]) for name, bid, criterion in self.cells]


class ComplaintForm(forms.Form):
    text = forms.CharField(label=_("Complaint"), widget=forms.Textarea(attrs={"rows": 4}), max_length=20000)
