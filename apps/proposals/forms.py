"""Forms of proposals. They parse input; the checks live in ``apps.proposals.validators`` and the services."""

from __future__ import annotations

from django import forms
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from apps.core.text import FORMATTING_HINT, length_hint
from apps.proposals import validators
from apps.proposals.models import MAX_IMAGES, Category, Proposal


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input (Django's documented pattern); each is checked by the service."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []


class ProposalForm(forms.Form):
    territory = forms.ChoiceField(
        label=_("Territory"),
        help_text=_("Where you live, or a unit above it when the issue concerns more than your village or town."),
    )
    title = forms.CharField(
        label=_("Title"),
        min_length=validators.TITLE_MIN,
        max_length=validators.TITLE_MAX,
        help_text=_("Say what should be done, e.g. “Repair the road on Abai street”."),
    )
    # No max_length: the textarea's maxlength would cut a pasted text silently (``clean_body`` says by how much).
    body = forms.CharField(
        label=_("Description"),
        min_length=validators.BODY_MIN,
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    category = forms.ChoiceField(label=_("Category"), choices=[("", "—"), *Category.choices])
    estimated_cost = forms.DecimalField(
        label=_("Estimated cost, tenge"),
        required=False,
        min_value=0,
        max_value=validators.COST_MAX,
        decimal_places=0,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "step": "1"}),
    )
    # No max_digits / decimal_places: the range is checked first (``validators.location_errors``) and the
    # service rounds to the six places kept, so nobody reads about digits before the decimal point.
    latitude = forms.DecimalField(
        label=_("Latitude"),
        required=False,
        widget=forms.NumberInput(attrs={"step": "any", "inputmode": "decimal"}),
        help_text=_("From a map application: e.g. 51.169392."),
    )
    longitude = forms.DecimalField(
        label=_("Longitude"),
        required=False,
        widget=forms.NumberInput(attrs={"step": "any", "inputmode": "decimal"}),
        help_text=_("e.g. 71.449074."),
    )
    images = MultipleFileField(
        label=_("Photos"),
        required=False,
    )
    remove_images = forms.MultipleChoiceField(
        label=_("Remove photos"), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, territories, proposal: Proposal | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        # Interpolated here, in the request's language (a lazy string with % would be frozen at import).
        self.fields["images"].help_text = gettext(
            "Up to %(max)d JPEG, PNG or WebP photos. Location and camera data are removed from them."
        ) % {"max": MAX_IMAGES}
        self.fields["body"].help_text = " ".join(
            [
                gettext("What is the problem, where exactly, whom it affects, what you propose."),
                str(FORMATTING_HINT),
                length_hint(validators.BODY_MAX),
            ]
        )
        self.territories = {t.kato_code: t for t in territories}
        self.fields["territory"].choices = [(t.kato_code, f"{t.name} — {t.get_kind_display()}") for t in territories]
        if proposal is not None and proposal.territory.kato_code not in self.territories:
            # The author moved away: the proposal may stay where it was filed.
            self.territories[proposal.territory.kato_code] = proposal.territory
            self.fields["territory"].choices.insert(
                0,
                (proposal.territory.kato_code, f"{proposal.territory.name} — {proposal.territory.get_kind_display()}"),
            )
        images = list(proposal.images.all()) if proposal is not None else []
        if images:
            # Each box is labelled with the photo itself (escaped URL, numbered text alternative).
            self.fields["remove_images"].choices = [
                (
                    str(item.pk),
                    format_html(
                        '<img src="{}" alt="{}" width="120" loading="lazy">',
                        item.thumbnail_url,
                        gettext("Photo %(number)d") % {"number": number},
                    ),
                )
                for number, item in enumerate(images, start=1)
            ]
        else:
            del self.fields["remove_images"]

    def clean_territory(self):
        return self.territories[self.cleaned_data["territory"]]

    def clean_body(self):
        body = self.cleaned_data["body"]
        if len(body) > validators.BODY_MAX:
            raise forms.ValidationError(validators.body_too_long_message(len(body)), code="too_long")
        return body

    def clean(self):
        cleaned = super().clean()
        if "latitude" in cleaned and "longitude" in cleaned:
            for name, messages in validators.location_errors(cleaned["latitude"], cleaned["longitude"]).items():
                for message in messages:
                    self.add_error(name, message)
        return cleaned


class RejectForm(forms.Form):
    reason_code = forms.ChoiceField(label=_("Reason"), choices=[("", "—"), *Proposal.RejectReason.choices])
    reason = forms.CharField(
        label=_("Explanation for the author"),
        max_length=validators.REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The author reads it and may correct the proposal and submit it again."),
    )


class DuplicateForm(forms.Form):
    original = forms.IntegerField(
        label=_("Number of the original proposal"), min_value=1, help_text=_("Shown as № on every proposal.")
    )
    reason = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=validators.REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ConsiderForm(forms.Form):
    reason = forms.CharField(
        label=_("Note to residents"),
        required=False,
        max_length=validators.REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("E.g. which department examines it and when residents may expect an answer."),
    )


class ResponseForm(forms.Form):
    response = forms.CharField(
        label=_("Public response of the akimat"),
        max_length=validators.REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("What will be done, by whom and when — or why not. Shown at the top of the proposal."),
    )


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Why do you withdraw it?"),
        required=False,
        max_length=validators.REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ProposalSearchForm(forms.Form):
    """The list's filters; values outside the allowlists are ignored by the selector."""

    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    status = forms.ChoiceField(label=_("Status"), required=False)
    category = forms.ChoiceField(label=_("Category"), required=False, choices=[("", _("All")), *Category.choices])
    sort = forms.ChoiceField(
        label=_("Sort"),
        required=False,
        choices=[("votes", _("Most votes")), ("newest", _("Newest")), ("trending", _("Trending this week"))],
    )

    def __init__(self, *args, **kwargs):
        from apps.proposals.models import LAPSED_LABEL
        from apps.proposals.selectors import FILTER_STATUSES, LAPSED

        super().__init__(*args, **kwargs)
        labels = {LAPSED: LAPSED_LABEL, **dict(Proposal.Status.choices)}
        self.fields["status"].choices = [("", _("All")), *[(status, labels[status]) for status in FILTER_STATUSES]]
