from django import forms
from django.utils.translation import gettext_lazy as _

from apps.moderation.models import Report


class ReportForm(forms.Form):
    reason = forms.ChoiceField(label=_("What is wrong?"), choices=Report.Reason.choices)
    text = forms.CharField(label=_("Details (optional)"), max_length=1000, required=False)


class DecisionForm(forms.Form):
    action = forms.ChoiceField(choices=[("hide", _("Hide")), ("restore", _("Keep or restore"))])
    reason = forms.CharField(
        label=_("Reason (shown to the author)"),
        max_length=1000,
        error_messages={"required": _("Give the reason for your decision: the author will see it.")},
    )
