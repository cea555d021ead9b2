"""Page forms of orders. They only shape input; the actions decide."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from core.transitions import CommentForm


class OrderForm(forms.Form):
    slot = forms.ModelChoiceField(
        label=_("Time"), queryset=None, required=False, widget=forms.RadioSelect, empty_label=None
    )
    preferred_time = forms.DateTimeField(
        label=_("Preferred time"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )
    notes = forms.CharField(
        label=_("Anything we should know"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("For example: which building and floor, or a phone number to call."),
    )
    resident = forms.ModelChoiceField(label=_("For the resident"), queryset=None, required=False)

    def __init__(self, *args, slots, residents=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slot"].queryset = slots
        self.fields["slot"].label_from_instance = lambda s: (
            _("%(start)s (%(left)s places left)")
            % {
                "start": s.start.astimezone().strftime("%Y-%m-%d %H:%M"),
                "left": s.places_left,
            }
        )
        if not slots.exists():
            del self.fields["slot"]
        if residents is None:
            del self.fields["resident"]
        else:
            self.fields["resident"].queryset = residents
            self.fields["resident"].required = True


# The action bounds the comment (core/text.py); the page lets a long one through to be refused
# beside its field, as the API does.
class TemplateCommentForm(CommentForm):
    template = forms.ModelChoiceField(label=_("Reply template"), queryset=None, required=False)

    def __init__(self, *args, templates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["comment"].max_length = None
        self.fields["comment"].validators = []
        self.fields["template"].queryset = templates
        if not templates.exists():
            del self.fields["template"]


class ScheduleForm(TemplateCommentForm):
    scheduled_for = forms.DateTimeField(
        label=_("Comes at"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        help_text=_("Leave empty for the time the resident chose."),
    )
    field_order = ["scheduled_for", "template", "comment"]


class ConfirmForm(CommentForm):
    code = forms.CharField(
        label=_("The resident's six-digit code"),
        max_length=6,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    field_order = ["code", "comment"]

    def __init__(self, *args, needs_code: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not needs_code:
            del self.fields["code"]


class RateForm(CommentForm):
    rating = forms.TypedChoiceField(
        label=_("Stars"),
        coerce=int,
        choices=[(n, n) for n in (5, 4, 3, 2, 1)],
        widget=forms.RadioSelect,
    )
    field_order = ["rating", "comment"]


class RequiredCommentForm(CommentForm):
    """A move whose words are required (dispute, resolve): the action says so beside the field."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["comment"].max_length = None
        self.fields["comment"].validators = []
