"""Residents' proposals on local issues, their votes, and the public record of what happened to them.

A proposal belongs to a territory (a village, rural district, city, district,
region). Verified residents of that territory or of a unit inside it vote; a
proposal whose votes *for* reach its threshold goes to the territory's officials,
who answer it publicly. Every change of status is a ``StatusChange`` row, shown
as the proposal's timeline. ``votes_for`` / ``votes_against`` are kept exact by
``apps.proposals.services`` (one transaction, row lock, ``F()`` updates) and can
be checked against the ``Vote`` rows with ``proposal_recount``.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.core.models import TimeStampedModel
from apps.core.transitions import Transition, TransitionTable
from apps.discussions.models import Comment

MAX_IMAGES = 5
#: Shown instead of "Collecting votes" once the window has ended without the threshold (see ``has_lapsed``).
LAPSED_LABEL = _("Voting ended: not enough votes")


class Category(models.TextChoices):
    ROADS = "roads", _("Roads")
    LIGHTING = "lighting", _("Street lighting")
    WATER = "water", _("Water and sewerage")
    LANDSCAPING = "landscaping", _("Landscaping and parks")
    EDUCATION = "education", _("Schools and kindergartens")
    HEALTH = "health", _("Health")
    TRANSPORT = "transport", _("Transport")
    SAFETY = "safety", _("Safety")
    CULTURE_SPORT = "culture_sport", _("Culture and sport")
    ENVIRONMENT = "environment", _("Environment")
    OTHER = "other", _("Other")


#: The badge of each status: good news, bad news, waiting for someone, open for votes.
STATUS_TONES = {
    "accepted": "success",
    "threshold_reached": "success",
    "declined": "danger",
    "rejected": "danger",
    "under_consideration": "warning",
    "submitted": "warning",
    "published": "official",
}

#: ``Proposal.PUBLIC`` as plain values, for the partial indexes of the public list.
LISTED_STATUSES = ["published", "threshold_reached", "under_consideration", "accepted", "declined"]


class Proposal(TimeStampedModel):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Awaiting moderation")
        PUBLISHED = "published", _("Collecting votes")
        REJECTED = "rejected", _("Rejected by moderation")
        DUPLICATE = "duplicate", _("Duplicate")
        THRESHOLD_REACHED = "threshold_reached", _("Threshold reached")
        UNDER_CONSIDERATION = "under_consideration", _("Under consideration")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        WITHDRAWN = "withdrawn", _("Withdrawn by the author")

    class RejectReason(models.TextChoices):
        INCOMPLETE = "incomplete", _("The description is incomplete or unclear")
        NOT_LOCAL = "not_local", _("Not a matter for this territory's local self-government")
        RULES = "rules", _("Breaks the rules of the site (offensive, advertising, spam)")
        PERSONAL_DATA = "personal_data", _("Contains personal data of other people")
        WRONG_TERRITORY = "wrong_territory", _("Filed under the wrong territory")
        OTHER = "other", _("Other")

    #: Every step of a proposal's life: who may take it (a permission of ``rules.py``) and whether it
    #: needs a written reason. ``services.proposal_transition`` enforces it; what happens on entering a
    #: status is ``services.transitions.ON_ENTER``; pages offer ``available_transitions(user)``.
    TRANSITIONS = TransitionTable(
        [
            Transition(Status.DRAFT, Status.SUBMITTED, "submit", "proposals.submit"),
            Transition(Status.REJECTED, Status.SUBMITTED, "submit", "proposals.submit"),
            Transition(Status.SUBMITTED, Status.PUBLISHED, "publish", "proposals.moderate"),
            Transition(Status.SUBMITTED, Status.REJECTED, "reject", "proposals.moderate", reason_required=True),
            Transition(Status.SUBMITTED, Status.DUPLICATE, "mark_duplicate", "proposals.moderate"),
            Transition(Status.PUBLISHED, Status.DUPLICATE, "mark_duplicate", "proposals.moderate"),
            Transition(Status.PUBLISHED, Status.THRESHOLD_REACHED, "reach_threshold", system=True),
            # Voters may change their minds until the akimat takes the proposal up: support that
            # falls below the threshold takes it back to collecting votes (and out of the queue).
            Transition(Status.THRESHOLD_REACHED, Status.PUBLISHED, "fall_below_threshold", system=True),
            Transition(Status.THRESHOLD_REACHED, Status.UNDER_CONSIDERATION, "consider", "proposals.answer"),
            Transition(Status.UNDER_CONSIDERATION, Status.ACCEPTED, "accept", "proposals.answer", reason_required=True),
            Transition(
                Status.UNDER_CONSIDERATION, Status.DECLINED, "decline", "proposals.answer", reason_required=True
            ),
            Transition(Status.SUBMITTED, Status.WITHDRAWN, "withdraw", "proposals.withdraw"),
            Transition(Status.REJECTED, Status.WITHDRAWN, "withdraw", "proposals.withdraw"),
            Transition(Status.PUBLISHED, Status.WITHDRAWN, "withdraw", "proposals.withdraw"),
            Transition(Status.THRESHOLD_REACHED, Status.WITHDRAWN, "withdraw", "proposals.withdraw"),
        ]
    )
    #: The author may change the text and images.
    EDITABLE = frozenset({Status.DRAFT, Status.REJECTED})
    #: Votes are taken (within the voting window).
    VOTING = frozenset({Status.PUBLISHED, Status.THRESHOLD_REACHED})
    #: Everyone may read these; the rest only the author and staff of the territory.
    PUBLIC = frozenset(
        {Status.PUBLISHED, Status.THRESHOLD_REACHED, Status.UNDER_CONSIDERATION, Status.ACCEPTED, Status.DECLINED}
    )
    #: Once published, these stay readable (with their history) when they end.
    PUBLIC_IF_PUBLISHED = frozenset({Status.WITHDRAWN, Status.DUPLICATE})
    #: Statuses that need a written reason / response.
    NEEDS_REASON = frozenset({Status.REJECTED, Status.ACCEPTED, Status.DECLINED})

    territory = models.ForeignKey(
        "territories.Territory", verbose_name=_("territory"), on_delete=models.PROTECT, related_name="proposals"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("author"), on_delete=models.PROTECT, related_name="proposals"
    )
    title = models.CharField(_("title"), max_length=150)
    body = models.TextField(_("description"))
    body_html = models.TextField(_("description as HTML"), editable=False)
    category = models.CharField(_("category"), max_length=32, choices=Category.choices)
    estimated_cost = models.DecimalField(
        _("estimated cost, tenge"),
        max_digits=15,
        decimal_places=0,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=8,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    status = models.CharField(_("status"), max_length=32, choices=Status.choices, default=Status.DRAFT)
    duplicate_of = models.ForeignKey(
        "self", verbose_name=_("duplicate of"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    thread = models.OneToOneField(
        "discussions.Thread",
        verbose_name=_("discussion"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="proposal",
    )
    votes_for = models.PositiveIntegerField(_("votes for"), default=0)
    votes_against = models.PositiveIntegerField(_("votes against"), default=0)
    #: Fixed when the proposal is published, so a new population figure does not move the goal mid-vote.
    vote_threshold = models.PositiveIntegerField(_("votes needed"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    voting_until = models.DateTimeField(_("voting until"), null=True, blank=True)
    threshold_reached_at = models.DateTimeField(_("threshold reached"), null=True, blank=True)
    #: Lower-cased title and description: the search fallback where there is no full-text search (SQLite).
    search_text = models.TextField(editable=False, blank=True)
    #: Full-text vector (PostgreSQL; filled by the services, GIN-indexed by a migration).
    search_vector = SearchVectorField(null=True, editable=False)

    class Meta:
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        # The public list's sorts walk these partial indexes and stop after a page instead of sorting
        # every public proposal (docs/benchmarks.md: "most votes" on PostgreSQL, 66 ms -> 32 ms a page);
        # the condition is ``PUBLIC`` (a test keeps them equal).
        indexes = [
            models.Index(
                models.F("votes_for").desc(),
                models.F("published_at").desc(),
                models.F("id").desc(),
                name="proposals_list_votes_idx",
                condition=Q(status__in=LISTED_STATUSES),
            ),
            models.Index(
                models.F("published_at").desc(),
                models.F("id").desc(),
                name="proposals_list_newest_idx",
                condition=Q(status__in=LISTED_STATUSES),
            ),
            models.Index(fields=["status", "submitted_at"], name="proposals_status_submitted_idx"),
            models.Index(fields=["author", "-created_at"], name="proposals_author_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(duplicate_of__isnull=True) | ~Q(duplicate_of=models.F("pk")),
                name="proposals_not_duplicate_of_itself",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("proposals:detail", kwargs={"pk": self.pk})

    @property
    def is_public(self) -> bool:
        return self.status in self.PUBLIC or (self.status in self.PUBLIC_IF_PUBLISHED and self.published_at is not None)

    @property
    def is_editable(self) -> bool:
        return self.status in self.EDITABLE

    # What pages show depends on these, never on status strings in templates.
    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT

    @property
    def awaits_publication(self) -> bool:
        """With the moderators, or returned by them: only the author and the staff see it."""
        return self.status in (self.Status.SUBMITTED, self.Status.REJECTED)

    @property
    def is_duplicate(self) -> bool:
        return self.status == self.Status.DUPLICATE

    @property
    def is_accepted(self) -> bool:
        return self.status == self.Status.ACCEPTED

    @property
    def is_declined(self) -> bool:
        return self.status == self.Status.DECLINED

    @property
    def takes_votes(self) -> bool:
        """Collecting votes (the window may have ended: see ``is_voting_open``)."""
        return self.status in self.VOTING

    @property
    def is_voting_open(self) -> bool:
        return self.status in self.VOTING and self.voting_until is not None and timezone.now() < self.voting_until

    @property
    def has_lapsed(self) -> bool:
        """Published, but the voting window ended before the threshold was reached (derived from the date)."""
        return self.status == self.Status.PUBLISHED and self.voting_until is not None and not self.is_voting_open

    @property
    def status_label(self) -> str:
        """The status as residents read it: a lapsed proposal no longer says "Collecting votes"."""
        return str(LAPSED_LABEL) if self.has_lapsed else self.get_status_display()

    @property
    def status_tone(self) -> str:
        """How the status badge looks (a ``badge--`` modifier of the stylesheet)."""
        return "muted" if self.has_lapsed else STATUS_TONES.get(self.status, "muted")

    def available_transitions(self, user) -> dict[str, Transition]:
        """The steps ``user`` may take now, by name ("publish", "withdraw"): what the page offers."""
        return self.TRANSITIONS.available(user, self)

    # The discussion contract (``apps.discussions.models.register_discussable``).
    def discussion_is_open(self) -> bool:
        """Residents discuss a proposal while it is public (collecting votes, considered, decided)."""
        return self.status in self.PUBLIC

    def discussion_territory(self):
        return self.territory

    def discussion_stances(self) -> tuple[str, ...]:
        """For, against or a question: a proposal has no wording to suggest changes to (a provision has)."""
        return (Comment.Stance.FOR, Comment.Stance.AGAINST, Comment.Stance.QUESTION)


class ProposalImage(models.Model):
    """A photo of the issue, re-encoded without metadata, with a thumbnail (see ``apps.proposals.images``)."""

    proposal = models.ForeignKey(Proposal, verbose_name=_("proposal"), on_delete=models.CASCADE, related_name="images")
    image = models.ImageField(_("image"), upload_to="proposals/%Y/%m/", width_field="width", height_field="height")
    thumbnail = models.ImageField(_("thumbnail"), upload_to="proposals/%Y/%m/thumbs/")
    width = models.PositiveIntegerField(_("width"), default=0)
    height = models.PositiveIntegerField(_("height"), default=0)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("proposal image")
        verbose_name_plural = _("proposal images")
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.image.name

    # Photos are served through a view that asks "proposals.view" (a draft's photos are the
    # author's alone), never straight from the media storage.
    @property
    def url(self) -> str:
        return reverse("proposals:photo", kwargs={"pk": self.proposal_id, "image_pk": self.pk, "variant": "full"})

    @property
    def thumbnail_url(self) -> str:
        return reverse("proposals:photo", kwargs={"pk": self.proposal_id, "image_pk": self.pk, "variant": "thumb"})


class Vote(models.Model):
    class Choice(models.TextChoices):
        FOR = "for", _("For")
        AGAINST = "against", _("Against")

    proposal = models.ForeignKey(Proposal, verbose_name=_("proposal"), on_delete=models.CASCADE, related_name="votes")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("voter"), on_delete=models.CASCADE, related_name="proposal_votes"
    )
    #: The voter's IIN fingerprint, from the verified residency they voted with: one vote per
    #: *person*, even when the same person later verifies another account.
    person_key = models.CharField(_("voter's IIN fingerprint"), max_length=64, editable=False)
    choice = models.CharField(_("vote"), max_length=8, choices=Choice.choices)
    created_at = models.DateTimeField(_("cast"), default=timezone.now)
    #: When the choice last changed: a vote changed to "for" counts as new support for "trending".
    updated_at = models.DateTimeField(_("changed"), default=timezone.now)

    class Meta:
        verbose_name = _("vote")
        verbose_name_plural = _("votes")
        constraints = [
            models.UniqueConstraint(fields=["proposal", "user"], name="proposals_one_vote_per_account"),
            models.UniqueConstraint(fields=["proposal", "person_key"], name="proposals_one_vote_per_person"),
        ]
        indexes = [
            # "Trending": votes for that became "for" in the last 7 days, per proposal.
            models.Index(fields=["proposal", "choice", "updated_at"], name="proposals_vote_recent_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.choice} {self.proposal_id}"


class StatusChange(models.Model):
    """One step of a proposal's public timeline."""

    proposal = models.ForeignKey(
        Proposal, verbose_name=_("proposal"), on_delete=models.CASCADE, related_name="status_changes"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Empty when the site itself made the change (threshold reached)."),
    )
    from_status = models.CharField(_("from"), max_length=32, choices=Proposal.Status.choices)
    to_status = models.CharField(_("to"), max_length=32, choices=Proposal.Status.choices)
    reason_code = models.CharField(_("reason"), max_length=32, choices=Proposal.RejectReason.choices, blank=True)
    reason = models.TextField(_("explanation"), blank=True)
    created_at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        ordering = ["created_at", "pk"]

    #: How each step reads on the public timeline (an event, not a state).
    FELL_BELOW = _("Support fell below the number of votes needed")
    EVENTS = {
        Proposal.Status.SUBMITTED: _("Submitted for moderation"),
        Proposal.Status.PUBLISHED: _("Published for voting"),
        Proposal.Status.REJECTED: _("Returned by the moderators"),
        Proposal.Status.DUPLICATE: _("Marked as a duplicate"),
        Proposal.Status.THRESHOLD_REACHED: _("Reached the number of votes needed"),
        Proposal.Status.UNDER_CONSIDERATION: _("Taken into consideration by the akimat"),
        Proposal.Status.ACCEPTED: _("Accepted by the akimat"),
        Proposal.Status.DECLINED: _("Declined by the akimat"),
        Proposal.Status.WITHDRAWN: _("Withdrawn by the author"),
    }

    def __str__(self) -> str:
        return f"{self.proposal_id}: {self.from_status} → {self.to_status}"

    @property
    def event(self) -> str:
        if self.from_status == Proposal.Status.THRESHOLD_REACHED and self.to_status == Proposal.Status.PUBLISHED:
            return self.FELL_BELOW
        return self.EVENTS.get(self.to_status, self.get_to_status_display())

    @property
    def is_response(self) -> bool:
        """The akimat's answer: its text is shown as the official response, not on the timeline."""
        return self.to_status in (Proposal.Status.ACCEPTED, Proposal.Status.DECLINED)

    @property
    def is_private_note(self) -> bool:
        """A moderator's reasons for returning a proposal are for its author (and staff), not the public.

        They may quote what had to be removed (someone's phone number, an insult).
        """
        return self.to_status == Proposal.Status.REJECTED


class OfficialResponse(TimeStampedModel):
    """The akimat's public answer, written when a proposal is accepted or declined."""

    proposal = models.OneToOneField(
        Proposal, verbose_name=_("proposal"), on_delete=models.CASCADE, related_name="response"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("official"), on_delete=models.PROTECT, related_name="+"
    )
    body = models.TextField(_("response"))
    body_html = models.TextField(_("response as HTML"), editable=False)

    class Meta:
        verbose_name = _("official response")
        verbose_name_plural = _("official responses")

    def __str__(self) -> str:
        return f"response to {self.proposal_id}"


class VotingPolicy(models.Model):
    """How many votes a proposal in a territory needs, and how long it collects them.

    The nearest policy up the tree applies (a region's policy covers its
    districts and villages unless they have their own); without one, the
    ``CIVIC_PROPOSAL_*`` settings apply.
    """

    territory = models.OneToOneField(
        "territories.Territory", verbose_name=_("territory"), on_delete=models.CASCADE, related_name="voting_policy"
    )
    threshold_percent = models.DecimalField(
        _("share of the population, %"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        # "10 per cent", not "10 %": gettext would read "% i" as a format directive.
        help_text=_("Ten per cent is the share of residents who may call a local community gathering."),
    )
    threshold_minimum = models.PositiveIntegerField(
        _("minimum number of votes"),
        validators=[MinValueValidator(1)],
        help_text=_("Applies also where the population is not known."),
    )
    voting_days = models.PositiveSmallIntegerField(
        _("voting period, days"), validators=[MinValueValidator(1), MaxValueValidator(730)]
    )

    class Meta:
        verbose_name = _("voting policy")
        verbose_name_plural = _("voting policies")

    def __str__(self) -> str:
        return f"{self.territory}: {self.threshold_percent} %, ≥ {self.threshold_minimum}, {self.voting_days} d"
