"""Page forms of demand. They only shape input; the actions decide."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from organizations.models import ServiceDomain
from procurement.forms.projects import ProjectForm


class DemandForm(forms.Form):
    title = forms.CharField(
        label=_("What would you like?"),
        max_length=100,
        help_text=_("In a few words, e.g. 想学剪纸 or 希望有老年人智能手机课."),
    )
    domain = forms.ChoiceField(label=_("Service domain"), choices=[("", "—"), *ServiceDomain.choices])
    description = forms.CharField(
        label=_("More about it (optional)"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=5000,
    )


class DemandConvertForm(ProjectForm):
    """The project form, shortened: the street, community and domain come from the demand."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("community", "catalogue_item", "domain", "admission_rules"):
            del self.fields[name]
