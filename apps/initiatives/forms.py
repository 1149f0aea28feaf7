"""Forms of initiatives. They parse input; the checks live in ``validators`` and the services."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.core.text import FORMATTING_HINT
from apps.initiatives import validators
from apps.initiatives.models import MAX_PHOTOS, CompletionCheck, FundingSource, Initiative
from apps.initiatives.selectors import year_choices
from apps.proposals.forms import MultipleFileField
from apps.proposals.models import Category

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
MONEY = forms.NumberInput(attrs={"inputmode": "numeric", "step": "1", "min": "0"})
#: Milestone rows the form offers at once (more can be added on the initiative's page).
MILESTONE_ROWS = 3


def _amount(label, **kwargs):
    return forms.DecimalField(
        label=label,
        required=False,
        min_value=0,
        max_value=validators.AMOUNT_MAX,
        decimal_places=0,
        widget=MONEY,
        **kwargs,
    )


class InitiativeFilterForm(forms.Form):
    """Only renders the list's filters; the selector checks each value against its allowlist."""

    status = forms.ChoiceField(label=_("Status"), required=False)
    category = forms.ChoiceField(label=_("Category"), required=False, choices=[("", _("All")), *Category.choices])
    year = forms.ChoiceField(label=_("Due in"), required=False)
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[("updated", _("Last update")), ("due", _("Due date")), ("budget", _("Budget"))],
    )
    delayed = forms.BooleanField(label=_("Only delayed"), required=False)
    disputed = forms.BooleanField(label=_("Only disputed completions"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", _("All")), *Initiative.Status.choices]
        self.fields["year"].choices = [("", _("Any year")), *((str(year), str(year)) for year in year_choices())]


class InitiativeForm(forms.Form):
    """The plan: what, who, how much, by when. ``territory`` is offered only when opening directly."""

    territory = forms.ChoiceField(label=_("Territory"))
    title = forms.CharField(
        label=_("Title"),
        min_length=validators.TITLE_MIN,
        max_length=validators.TITLE_MAX,
        help_text=_("What will be done, e.g. “Street lights on Bereke street”."),
    )
    description = forms.CharField(
        label=_("Description"), widget=forms.Textarea(attrs={"rows": 6}), help_text=FORMATTING_HINT
    )
    category = forms.ChoiceField(label=_("Category"), choices=[("", "—"), *Category.choices])
    responsible_body = forms.CharField(
        label=_("Responsible body"),
        max_length=validators.NAME_MAX,
        help_text=_("E.g. “Akim's office of Akbulak rural district”."),
    )
    responsible_official = forms.ChoiceField(label=_("Responsible official"), required=False)
    contractor = forms.CharField(label=_("Contractor"), max_length=validators.NAME_MAX, required=False)
    budget_planned = _amount(_("Planned budget, tenge"))
    funding_source = forms.ChoiceField(label=_("Source of funds"), choices=FundingSource.choices)
    budget_programme = forms.CharField(
        label=_("Budget programme code"), max_length=32, required=False, help_text=_("E.g. 123-011, if known.")
    )
    start_date = forms.DateField(label=_("Start date"), required=False, widget=DATE)
    due_date = forms.DateField(label=_("Due date"), widget=DATE)
    reason = forms.CharField(
        label=_("Why the due date or the budget changes"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required when you move the due date or change the budget: residents see the old value too."),
    )

    def __init__(self, *args, territories=None, officials=(), editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.editing = editing
        if territories is None:
            del self.fields["territory"]
        else:
            self.fields["territory"].choices = [("", "—"), *((t.kato_code, t.name) for t in territories)]
            self._territories = {t.kato_code: t for t in territories}
        self._officials = {str(person.pk): person for person in officials}
        self.fields["responsible_official"].choices = [
            ("", "—"),
            *((str(person.pk), person.display_name) for person in officials),
        ]
        if not editing:
            del self.fields["reason"]
            for index in range(MILESTONE_ROWS):
                self.fields[f"milestone_{index}_title"] = forms.CharField(
                    label=_("Milestone %(number)d") % {"number": index + 1}, required=False, max_length=200
                )
                self.fields[f"milestone_{index}_date"] = forms.DateField(
                    label=_("Milestone %(number)d: date") % {"number": index + 1}, required=False, widget=DATE
                )

    def clean_territory(self):
        code = self.cleaned_data["territory"]
        return self._territories[code]

    def clean_responsible_official(self):
        value = self.cleaned_data.get("responsible_official")
        return self._officials.get(value) if value else None

    def milestones(self) -> list:
        rows = []
        for index in range(MILESTONE_ROWS):
            title = (self.cleaned_data.get(f"milestone_{index}_title") or "").strip()
            day = self.cleaned_data.get(f"milestone_{index}_date")
            if title or day:
                rows.append((title, day))
        return rows

    def clean(self):
        data = super().clean()
        if self.editing:
            return data
        for index in range(MILESTONE_ROWS):
            title = (data.get(f"milestone_{index}_title") or "").strip()
            day = data.get(f"milestone_{index}_date")
            if title and not day:
                self.add_error(f"milestone_{index}_date", _("Give the milestone a date."))
            elif day and not title:
                self.add_error(f"milestone_{index}_title", _("Say what is done by this date."))
        return data


class OpenFromProposalForm(InitiativeForm):
    """ "Accept and open an initiative": the akimat's public response and the plan, in one form."""

    response = forms.CharField(
        label=_("Response of the akimat"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Public, on the proposal: what will be done and by whom."),
    )
    also = forms.CharField(
        label=_("Other accepted proposals this work carries out"),
        required=False,
        help_text=_("Their numbers, separated by commas: e.g. 12, 15."),
    )

    def __init__(self, *args, needs_response=True, **kwargs):
        super().__init__(*args, **kwargs)
        if not needs_response:
            del self.fields["response"]
        # The response first: it is what the official decides.
        if needs_response:
            self.order_fields(["response", *[name for name in self.fields if name != "response"]])

    def clean_also(self):
        raw = self.cleaned_data.get("also") or ""
        numbers = []
        for part in raw.replace(";", ",").replace(" ", ",").split(","):
            part = part.strip().lstrip("№#").strip()
            if not part:
                continue
            if not part.isdigit():
                raise forms.ValidationError(_("Write proposal numbers only, separated by commas."))
            numbers.append(int(part))
        return numbers


class UpdateForm(forms.Form):
    body = forms.CharField(
        label=_("What was done"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("What residents will see on the site: the work done since the last update, problems, next steps."),
    )
    percent = forms.IntegerField(
        label=_("Percent complete"),
        min_value=0,
        max_value=100,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "min": "0", "max": "100"}),
    )
    spent = _amount(_("Spent so far, tenge"), help_text=_("The total so far, not this update's part."))
    reported_on = forms.DateField(label=_("Date"), required=False, widget=DATE)
    photos = MultipleFileField(
        label=_("Photos"), required=False, help_text=_("Up to %(max)d photos from the site.") % {"max": MAX_PHOTOS}
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A phone's camera straight from the form.
        self.fields["photos"].widget.attrs["capture"] = "environment"
        self.fields["reported_on"].initial = timezone.localdate()


class StepForm(forms.Form):
    """The reason (public) and, to resume or reopen, the new due date."""

    reason = forms.CharField(label=_("Reason"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    due_date = forms.DateField(label=_("New due date"), required=False, widget=DATE)


class MilestoneForm(forms.Form):
    title = forms.CharField(label=_("Milestone"), max_length=200)
    due_date = forms.DateField(label=_("Date"), widget=DATE)


class MilestoneRescheduleForm(forms.Form):
    due_date = forms.DateField(label=_("New date"), widget=DATE)
    reason = forms.CharField(label=_("Why the date moves"), widget=forms.Textarea(attrs={"rows": 2}))


class CheckForm(forms.Form):
    verdict = forms.ChoiceField(
        label=_("Was the work done?"), choices=CompletionCheck.Verdict.choices, widget=forms.RadioSelect
    )
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when you dispute: say what is missing or wrong."),
    )
    # A plain file field: the service checks and cleans the photo (``apps.proposals.images``), decoding it once.
    photo = forms.FileField(
        label=_("Photo"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp", "capture": "environment"}),
    )
