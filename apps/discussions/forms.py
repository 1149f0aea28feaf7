"""Forms of comments. They parse input; the checks (length, stance, depth) are the services' too.

The text fields carry no ``maxlength``: a browser cuts pasted text there without a
word. The length is checked here instead, and the person is told by how much to
shorten the text, which they keep (``views.post_comment`` shows the form again).
"""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from apps.core.text import FORMATTING_HINT, length_hint
from apps.discussions.models import Comment
from apps.discussions.services import MAX_LENGTH, too_long_message

EMPTY = _("Write something first: the comment is empty.")


def _body_field() -> forms.CharField:
    return forms.CharField(
        label=_("Comment"),
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": EMPTY},
    )


def _body_help(*sentences) -> str:
    # Interpolated in the request's language (the limit is written 5,000 or 5 000).
    return " ".join(str(sentence) for sentence in (FORMATTING_HINT, length_hint(MAX_LENGTH), *sentences))


def _clean_length(body: str) -> str:
    if len(body) > MAX_LENGTH:
        raise ValidationError(too_long_message(len(body)), code="too_long")
    return body


class CommentForm(forms.Form):
    """A comment or a reply. ``stances``: those the discussion offers (``Thread.stances``); all by default.

    Only the offered stances are shown; any known one is accepted here, so that the
    service's refusal ("this discussion has no wording ...") is what a person reads.
    """

    stance = forms.ChoiceField(
        label=_("Your position"), choices=Comment.Stance.choices, widget=forms.RadioSelect, required=False
    )
    body = _body_field()
    parent = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, stances=None, **kwargs):
        super().__init__(*args, **kwargs)
        if stances is not None:
            self.fields["stance"].widget.choices = [
                (value, label) for value, label in Comment.Stance.choices if value in stances
            ]
        self.fields["body"].help_text = _body_help(gettext("Be respectful."))

    def clean_body(self):
        return _clean_length(self.cleaned_data["body"])


class EditCommentForm(forms.Form):
    body = _body_field()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].help_text = _body_help()

    def clean_body(self):
        return _clean_length(self.cleaned_data["body"])
