"""Page forms of contracts, their review and amendments. They only shape input; the actions decide."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from core.transitions import COMMENT_MAX_LENGTH

TEXT_MAX = 20000


class DateInput(forms.DateInput):
    """A browser date picker: its value is always ISO (YYYY-MM-DD), whatever the language."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


def _text(label, rows=3, help_text=""):
    return forms.CharField(
        label=label,
        widget=forms.Textarea(attrs={"rows": rows}),
        required=False,
        max_length=TEXT_MAX,
        help_text=help_text,
    )


class ContractForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    service_content = _text(_("Service content"), 4)
    quantity = _text(_("Quantity"), 2, _("How much service: visits, households, hours."))
    quality_standards = _text(_("Quality standards"), 2)
    liability = _text(_("Liability for breach"), 2)
    starts_on = forms.DateField(label=_("Term starts"), widget=DateInput())
    ends_on = forms.DateField(label=_("Term ends"), widget=DateInput(), help_text=_("One year at most."))
    price = forms.DecimalField(label=_("Contract price (yuan)"), max_digits=14, decimal_places=2, min_value=0)


DECISIONS = [("approve", _("Approve")), ("reject", _("Reject and return to drafting"))]


class ReviewForm(forms.Form):
    # The step the reviewer saw: a form sent twice decides nothing twice.
    step = forms.CharField(required=False, widget=forms.HiddenInput)
    decision = forms.ChoiceField(label=_("Decision"), choices=DECISIONS, widget=forms.RadioSelect)
    comment = forms.CharField(
        label=_("Comment"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=COMMENT_MAX_LENGTH,
        help_text=_("Required when you reject: say what must change."),
    )


class AmendForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}), max_length=COMMENT_MAX_LENGTH)
    new_price = forms.DecimalField(
        label=_("New price (yuan)"),
        max_digits=14,
        decimal_places=2,
        min_value=0,
        help_text=_("All amendments together may raise the original price by 10 % at most."),
    )
    new_ends_on = forms.DateField(label=_("New end of term"), required=False, widget=DateInput())
    changes = _text(_("What changes"), 3)


class MilestoneForm(forms.Form):
    met = forms.TypedChoiceField(
        label=_("Acceptance"),
        choices=[("1", _("Met")), ("0", _("Not met"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Comment"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=COMMENT_MAX_LENGTH,
        help_text=_("Required when the milestone is not met."),
    )


class PaymentForm(forms.Form):
    amount = forms.DecimalField(label=_("Amount (yuan)"), max_digits=14, decimal_places=2, min_value=0)
    paid_on = forms.DateField(label=_("Paid on"), required=False, widget=DateInput())


class EvaluationForm(forms.Form):
    assessment = forms.DecimalField(
        label=_("Your assessment (0–100)"), max_digits=5, decimal_places=2, min_value=0, max_value=100
    )
    comment = forms.CharField(
        label=_("Comment"), widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=COMMENT_MAX_LENGTH
    )
