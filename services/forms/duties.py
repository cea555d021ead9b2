"""Page forms of the duty lists: the district's import of a new version."""

from django import forms
from django.utils.translation import gettext_lazy as _

from services.models import DutyList

DUTY_LIST_KINDS = DutyList.Kind.choices


class DutyImportForm(forms.Form):
    kind = forms.ChoiceField(label=_("List"), choices=DUTY_LIST_KINDS)
    title = forms.CharField(label=_("Title of the document"), max_length=200)
    document_number = forms.CharField(
        label=_("Issuing document number"), max_length=100, required=False, help_text=_("e.g. 武侯委办〔2015〕12号")
    )
    in_force_from = forms.DateField(
        label=_("In force from"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    declared_item_count = forms.IntegerField(label=_("Items the document declares"), min_value=1, max_value=100_000)
    declared_category_count = forms.IntegerField(
        label=_("Categories the document declares"),
        min_value=0,
        max_value=1000,
        required=False,
        help_text=_("Leave blank if the document has no categories."),
    )
    file = forms.FileField(label=_("File (.xlsx or .csv)"))

    def clean_file(self):
        from services import importing

        upload = self.cleaned_data["file"]
        try:
            importing.file_format(upload.name)
        except importing.FileProblem as problem:
            raise forms.ValidationError(importing.error_message(problem.error)) from problem
        return upload
