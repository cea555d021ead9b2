"""Page forms for the people who do the work. They only shape input; the actions decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import Certificate, TrainingSession


class DateInput(forms.DateInput):
    input_type = "date"


class _OrganizationChoice(forms.Form):
    """Adds an organisation choice for users who manage more than one (the district admin)."""

    def __init__(self, *args, organizations=None, **kwargs):
        super().__init__(*args, **kwargs)
        if organizations is not None and len(organizations) != 1:
            self.fields["organization"] = forms.TypedChoiceField(
                label=_("organisation"),
                choices=[("", "---------")] + [(o.pk, o.name) for o in organizations],
                coerce=int,
            )
            self.order_fields(["organization"])


class PersonFields(forms.Form):
    # Wider than 18 so that a wrong length reaches the action and gets its clear message.
    resident_id = forms.CharField(label=_("resident ID"), max_length=30)
    name = forms.CharField(label=_("name"), max_length=50)
    phone = forms.CharField(label=_("phone"), max_length=20, required=False)


class SocialWorkerForm(_OrganizationChoice, PersonFields):
    started_on = forms.DateField(label=_("employed since"), required=False, widget=DateInput)


class SocialWorkerEditForm(forms.Form):
    name = forms.CharField(label=_("name"), max_length=50)
    phone = forms.CharField(label=_("phone"), max_length=20, required=False)


class CertificateForm(forms.Form):
    level = forms.ChoiceField(label=_("level"), choices=Certificate.Level.choices)
    number = forms.CharField(label=_("certificate number"), max_length=40)
    year_passed = forms.IntegerField(label=_("year passed"))
    reward_amount = forms.DecimalField(label=_("reward (yuan)"), max_digits=14, decimal_places=2, required=False)
    reward_paid_on = forms.DateField(label=_("reward paid on"), required=False, widget=DateInput)


class AttendanceForm(forms.Form):
    session = forms.ModelChoiceField(label=_("training session"), queryset=TrainingSession.objects.none())

    def __init__(self, *args, sessions=None, **kwargs):
        super().__init__(*args, **kwargs)
        if sessions is not None:
            self.fields["session"].queryset = sessions


class TrainingSessionForm(forms.Form):
    topic = forms.CharField(label=_("topic"), max_length=200)
    kind = forms.ChoiceField(label=_("kind"), choices=TrainingSession.Kind.choices)
    held_on = forms.DateField(label=_("date"), widget=DateInput)
    hours = forms.DecimalField(label=_("hours"), max_digits=5, decimal_places=1)
    provider = forms.CharField(label=_("provider"), max_length=200)


class CoordinatorHireForm(PersonFields):
    community = forms.ModelChoiceField(label=_("community"), queryset=None)
    on = forms.DateField(label=_("start date"), required=False, widget=DateInput)

    def __init__(self, *args, communities=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["community"].queryset = communities
        self.order_fields(["community"])


class CoordinatorTransferForm(forms.Form):
    organization = forms.ModelChoiceField(label=_("organisation"), queryset=None)
    on = forms.DateField(label=_("date of the move"), widget=DateInput)

    def __init__(self, *args, organizations=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations


class BranchForm(_OrganizationChoice):
    name = forms.CharField(label=_("branch name"), max_length=100)


class VolunteerForm(_OrganizationChoice, PersonFields):
    branch = forms.ModelChoiceField(label=_("branch"), queryset=None, required=False)
    joined_on = forms.DateField(label=_("joined on"), required=False, widget=DateInput)
    photo = forms.FileField(label=_("photo"), required=False, help_text=_("JPEG or PNG, at most 2 MB."))

    def __init__(self, *args, branches=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["branch"].queryset = branches


class VolunteerEditForm(forms.Form):
    branch = forms.ModelChoiceField(label=_("branch"), queryset=None, required=False)
    photo = forms.FileField(label=_("new photo"), required=False, help_text=_("JPEG or PNG, at most 2 MB."))

    def __init__(self, *args, branches=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["branch"].queryset = branches
