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
        self.grid = []  # [(bid, [field name per criterion])], for the sheet's table
        for bid in bids:
            names = []
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
                names.append(name)
            self.grid.append((bid, names))

    def scores(self):
        return [(bid, criterion, self.cleaned_data[name]) for name, bid, criterion in self.cells]

    def unscored(self) -> int:
        """Cells without points yet: all of them on a fresh sheet; after a refused submission,
        those left empty."""
        if not self.is_bound:
            return len(self.cells)
        return sum(1 for name, _bid, _criterion in self.cells if not str(self.data.get(name, "")).strip())


class ComplaintForm(forms.Form):
    text = forms.CharField(label=_("Complaint"), widget=forms.Textarea(attrs={"rows": 4}), max_length=20000)
