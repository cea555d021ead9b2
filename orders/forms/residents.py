"""Page forms of residents. They only shape input; the actions decide (errors beside the fields)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import Community, Street


def communities_by_street(queryset) -> list:
    """Choices grouped by street (<optgroup>), for picking the street first, then the community."""
    groups: dict[str, list] = {}
    for community in queryset.select_related("street").order_by("street__name", "name"):
        groups.setdefault(community.street.name, []).append((community.pk, community.name))
    return [("", "—"), *groups.items()]


class _PlaceMixin:
    def _group_communities(self, queryset) -> None:
        field = self.fields["community"]
        field.queryset = queryset
        field.widget.choices = communities_by_street(queryset)


class ResidentApplyForm(_PlaceMixin, forms.Form):
    name = forms.CharField(label=_("Your name"), max_length=50)
    phone = forms.CharField(
        label=_("Mobile phone"),
        max_length=20,
        help_text=_("11 digits, e.g. 13812345678. You sign in with it."),
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )
    street = forms.ModelChoiceField(
        label=_("Street"),
        queryset=Street.objects.filter(is_active=True).order_by("name"),
        empty_label="—",
        widget=forms.Select(attrs={"data-place-street": ""}),
    )
    community = forms.ModelChoiceField(
        label=_("Community"),
        queryset=Community.objects.none(),
        help_text=_("Communities are listed under their street."),
        widget=forms.Select(attrs={"data-place-community": ""}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._group_communities(Community.objects.filter(is_active=True))


class ResidentSignupForm(ResidentApplyForm):
    password = forms.CharField(
        label=_("Password"), widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}), strip=False
    )
    password2 = forms.CharField(
        label=_("Password again"), widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}), strip=False
    )

    def clean(self):
        data = super().clean()
        if data.get("password") and data.get("password") != data.get("password2"):
            self.add_error("password2", _("The two passwords differ."))
        return data


class ResidentRegisterForm(_PlaceMixin, forms.Form):
    name = forms.CharField(label=_("Resident's name"), max_length=50)
    phone = forms.CharField(
        label=_("Mobile phone"),
        max_length=20,
        required=False,
        help_text=_("If the resident has one; it becomes their username should they want a login later."),
        widget=forms.TextInput(attrs={"inputmode": "tel"}),
    )
    community = forms.ModelChoiceField(label=_("Community"), queryset=Community.objects.none())

    def __init__(self, *args, communities, **kwargs):
        super().__init__(*args, **kwargs)
        self._group_communities(communities)
        if len(self.fields["community"].widget.choices) == 2 and not self.is_bound:
            only = communities.first()
            self.initial.setdefault("community", only.pk if only else None)
