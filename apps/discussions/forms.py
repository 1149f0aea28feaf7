from django import forms
from django.utils.translation import gettext_lazy as _

from apps.discussions.models import Comment
from apps.discussions.services import MAX_LENGTH


class CommentForm(forms.Form):
    stance = forms.ChoiceField(
        label=_("Your position"), choices=Comment.Stance.choices, widget=forms.RadioSelect, required=False
    )
    body = forms.CharField(
        label=_("Comment"),
        max_length=MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Plain text or simple Markdown: *emphasis*, **bold**, lists, links. Be respectful."),
        error_messages={"required": _("Write something first: the comment is empty.")},
    )
    parent = forms.IntegerField(widget=forms.HiddenInput, required=False)


class EditCommentForm(forms.Form):
    body = forms.CharField(
        label=_("Comment"),
        max_length=MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Write something first: the comment is empty.")},
    )
