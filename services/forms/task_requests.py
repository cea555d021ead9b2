"""Page forms of the task requests. They only shape input; the actions decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.widgets import GroupedCheckboxPicker


def _item_group(item) -> str:
    kind = item.duty_list.get_kind_display()
    return f"{kind} · {item.category.name}" if item.category_id else kind


def _community_picker() -> GroupedCheckboxPicker:
    return GroupedCheckboxPicker(group_of=lambda c: c.street.name, group_tools=True)


def _item_picker() -> GroupedCheckboxPicker:
    return GroupedCheckboxPicker(group_of=_item_group, chips=True, wide=True)


class TaskRequestForm(forms.Form):
    """Send a task request. The deadline is a date, or "due in N working days" (China's calendar)."""

    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(label=_("What is asked"), widget=forms.Textarea(attrs={"rows": 4}), required=False)
    due_in_working_days = forms.IntegerField(
        label=_("Due in working days"),
        min_value=1,
        max_value=250,
        required=False,
        help_text=_("Counted on China's working-day calendar: statutory holidays skipped, make-up days counted."),
    )
    deadline = forms.DateField(label=_("Or a deadline"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    communities = forms.ModelMultipleChoiceField(label=_("Communities"), queryset=None, widget=_community_picker())
    claimed_items = forms.ModelMultipleChoiceField(
        label=_("Duty list items it falls under"),
        queryset=None,
        required=False,
        widget=_item_picker(),
        help_text=_("Leave empty if it is on no list: the community may then refuse it."),
    )
    funding = forms.DecimalField(
        label=_("Funding that comes with it (yuan)"), max_digits=14, decimal_places=2, min_value=0, initial=0
    )
    sender = forms.ChoiceField(label=_("Send on behalf of"))

    def __init__(self, *args, communities, items, departments, streets, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["communities"].queryset = communities
        # The street is the group's heading: each box is labelled with the name a clerk looks for.
        self.fields["communities"].label_from_instance = lambda c: c.name
        self.fields["claimed_items"].queryset = items
        self.fields["claimed_items"].label_from_instance = lambda i: f"{i.code} {i.title}"
        choices = [(f"department:{d.pk}", d.name) for d in departments] + [(f"street:{s.pk}", s.name) for s in streets]
        self.fields["sender"].choices = choices
        if len(choices) == 1:
            self.fields["sender"].initial = choices[0][0]
            self.fields["sender"].widget = forms.HiddenInput()

    def clean(self):
        data = super().clean()
        if not data.get("deadline") and not data.get("due_in_working_days"):
            self.add_error("due_in_working_days", _("Give a number of working days or a deadline."))
        return data


class TaskRefuseForm(forms.Form):
    comment = forms.CharField(
        label=_("Why the community refuses"), widget=forms.Textarea(attrs={"rows": 4}), max_length=2000
    )


class TaskAppealForm(forms.Form):
    comment = forms.CharField(
        label=_("Grounds of the appeal"), widget=forms.Textarea(attrs={"rows": 4}), max_length=2000
    )


class TaskDecisionForm(forms.Form):
    decision = forms.ChoiceField(label=_("Decision"), widget=forms.RadioSelect, choices=())
    comment = forms.CharField(label=_("Reasons"), widget=forms.Textarea(attrs={"rows": 4}), max_length=2000)

    def __init__(self, *args, **kwargs):
        from services.models import TaskAssignment

        super().__init__(*args, **kwargs)
        self.fields["decision"].choices = TaskAssignment.AppealDecision.choices


class TaskRejudgeForm(forms.Form):
    claimed_items = forms.ModelMultipleChoiceField(
        label=_("Corrected list items"),
        queryset=None,
        required=False,
        widget=_item_picker(),
        help_text=_("Leave empty if the task is on no list."),
    )
    comment = forms.CharField(label=_("Why the matching is corrected"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, items, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["claimed_items"].queryset = items
        self.fields["claimed_items"].label_from_instance = lambda i: f"{i.code} {i.title}"
