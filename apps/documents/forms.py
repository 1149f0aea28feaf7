from django import forms
from django.utils.translation import gettext_lazy as _

from apps.documents.models import Document
from apps.territories.models import Territory

MAX_UPLOAD = 2 * 1024 * 1024


class PublishForDiscussionForm(forms.Form):
    file = forms.FileField(
        label=_("Text of the act"),
        help_text=_("A UTF-8 text (.txt) or Markdown (.md) file, up to 2 MB."),
    )
    slug = forms.SlugField(
        label=_("Short name for the address"),
        max_length=100,
        help_text=_("Latin letters, digits and hyphens, e.g. arshaly-budget-2027."),
    )
    language = forms.ChoiceField(label=_("Language of the text"), choices=Document.Language.choices)
    territory = forms.ModelChoiceField(
        label=_("Territory (KATO code)"),
        queryset=Territory.objects.all(),
        to_field_name="kato_code",
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "maxlength": 9}),
        help_text=_("Where the act applies. Empty for a national act."),
        error_messages={"invalid_choice": _("There is no territory with this KATO code.")},
    )
    discussion_until = forms.DateField(
        label=_("Open for comments until"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".txt", ".md")):
            raise forms.ValidationError(_("Upload a .txt or .md file."))
        if upload.size > MAX_UPLOAD:
            raise forms.ValidationError(_("The file is larger than 2 MB."))
        return upload
