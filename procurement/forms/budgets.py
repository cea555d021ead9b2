"""Page forms of budget lines. They only shape input; the actions decide."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from organizations.models import ServiceDomain


class BudgetLineForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    street = forms.ModelChoiceField(label=_("Street"), queryset=None)
    domain = forms.ChoiceField(label=_("Service domain"), choices=ServiceDomain.choices)
    allocated = forms.DecimalField(label=_("Allocated (yuan)"), max_digits=14, decimal_places=2, min_value=0)

    def __init__(self, *args, streets, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["street"].queryset = streets


class BudgetImportForm(forms.Form):
    file = forms.FileField(
        label=_("Budget sheet (.xlsx)"),
        help_text=_("Columns: 年度, 街道, 服务领域, 预算金额. All rows are imported, or none."),
    )
