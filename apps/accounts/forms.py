from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from apps.accounts.models import User
from apps.accounts.names import clean_display_name


def _clean_display_name_field(value: str) -> str:
    name = clean_display_name(value)
    if not name:
        raise forms.ValidationError(_("Enter a display name."))
    return name


class SignupForm(forms.Form):
    """Extra fields on allauth's sign-up form (allauth calls ``signup``)."""

    display_name = forms.CharField(
        label=_("Display name"),
        max_length=80,
        help_text=_("Shown next to your comments and proposals. Your real name or a nickname."),
    )

    def clean_display_name(self):
        return _clean_display_name_field(self.cleaned_data["display_name"])

    def signup(self, request, user):
        from apps.accounts.services import user_update_profile

        user_update_profile(
            user=user,
            display_name=self.cleaned_data["display_name"],
            preferred_language=getattr(request, "LANGUAGE_CODE", settings.LANGUAGE_CODE),
        )


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["display_name", "preferred_language"]

    def clean_display_name(self):
        return _clean_display_name_field(self.cleaned_data["display_name"])
