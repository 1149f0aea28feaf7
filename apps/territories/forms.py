from django import forms
from django.utils.translation import gettext_lazy as _

from apps.accounts.models import User
from apps.territories.iin import validate_iin
from apps.territories.models import StaffRole, Territory


class TerritorySearchForm(forms.Form):
    q = forms.CharField(
        label=_("Find your village, town or district"),
        max_length=100,
        required=False,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
        help_text=_("In Kazakh, Russian or English; the spelling need not be exact."),
    )


class TerritoryByCodeField(forms.ModelChoiceField):
    def __init__(self, **kwargs):
        super().__init__(queryset=Territory.objects.all(), to_field_name="kato_code", **kwargs)


class ResidencyForm(forms.Form):
    territory = TerritoryByCodeField(
        label=_("Home territory (KATO code)"),
        widget=forms.HiddenInput,
        error_messages={
            "required": _("Choose your home territory first."),
            "invalid_choice": _("There is no territory with this KATO code."),
        },
    )
    iin = forms.CharField(
        label=_("IIN"),
        max_length=20,
        help_text=_(
            "Your 12-digit individual identification number. Civic checks it and keeps only a fingerprint and "
            "the last four digits, never the number itself."
        ),
        # Masked, and written back only into the form it was typed in when that form has errors (so
        # a missing tick does not cost retyping it): the residency page is never cached, and no other
        # page shows it (only its last four digits).
        widget=forms.PasswordInput(
            render_value=True, attrs={"inputmode": "numeric", "autocomplete": "off", "pattern": "[0-9 ]*"}
        ),
    )
    confirm = forms.BooleanField(
        label=_("I confirm that my residence is registered in this territory."),
        error_messages={"required": _("Confirm that your residence is registered here.")},
    )

    def clean_territory(self):
        territory = self.cleaned_data["territory"]
        if territory.kind not in Territory.HOME_KINDS:
            raise forms.ValidationError(
                _("Choose a village, settlement, city or rural district as your home, not a %(kind)s."),
                params={"kind": territory.get_kind_display().lower()},
            )
        return territory

    def clean_iin(self):
        return validate_iin(self.cleaned_data["iin"])


class RejectResidencyForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (shown to the person)"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Give the reason for the rejection: the person will see it.")},
    )


class GrantRoleForm(forms.Form):
    email = forms.EmailField(label=_("E-mail of the person"))
    territory = TerritoryByCodeField(
        label=_("Territory (KATO code)"),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "maxlength": 9}),
        error_messages={"invalid_choice": _("There is no territory with this KATO code.")},
    )
    role = forms.ChoiceField(label=_("Role"), choices=StaffRole.Role.choices)
    valid_from = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    valid_to = forms.DateField(
        label=_("Until"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )

    def clean_email(self):
        email = self.cleaned_data["email"].lower()
        user = User.objects.filter(email__iexact=email).first()
        if user is None:
            raise forms.ValidationError(_("No account has this e-mail address."))
        self.cleaned_data["user"] = user
        return email

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("valid_from"), cleaned.get("valid_to")
        if start and end and end < start:
            self.add_error("valid_to", _("A role cannot end before it starts."))
        return cleaned
