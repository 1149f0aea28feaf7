"""Local initiatives: the work that carries out accepted proposals (or a community's or akim's own plan), in public.

An initiative belongs to a territory and is run by its officials: a plan
(responsible body, contractor, budget and its source, dates), milestones,
progress updates with photos, and a public timeline of every change of status
(``StatusChange``) and of every moved deadline or budget (``PlanChange``).
When it is marked completed, verified residents of the territory check the
result on the ground (``CompletionCheck``); enough disputes send it back to
the officials as "completion disputed".

Delay is a status the site sets every day (``services.initiatives_mark_delayed``)
*and* a fact derived from the dates on every page (``is_late``), so a page is
right even when the scheduler is not running.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.core.models import TimeStampedModel
from apps.core.transitions import Transition, TransitionTable
from apps.discussions.models import Comment
from apps.proposals.models import Category

MAX_PHOTOS = 5
AMOUNT_MAX_DIGITS = 15  # up to 999 trillion tenge: any local budget


class FundingSource(models.TextChoices):
    LOCAL_BUDGET = "local_budget", _("Local budget (fourth level)")
    DISTRICT_BUDGET = "district_budget", _("District budget")
    SPONSOR = "sponsor", _("Sponsor")
    COMMUNITY = "community", _("The community's own contribution")
    OTHER = "other", _("Other")


STATUS_TONES = {
    "planned": "official",
    "in_progress": "warning",
    "delayed": "danger",
    "completed": "success",
    "disputed": "danger",
    "reopened": "warning",
    "cancelled": "muted",
}


class Initiative(TimeStampedModel):
    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        IN_PROGRESS = "in_progress", _("In progress")
        DELAYED = "delayed", _("Delayed")
        COMPLETED = "completed", _("Completed")
        DISPUTED = "disputed", _("Completion disputed")
        REOPENED = "reopened", _("Reopened")
        CANCELLED = "cancelled", _("Cancelled")

    #: Every step of an initiative's life (``services.initiative_transition`` enforces it). Officials start,
    #: complete, resume (with a new due date), cancel and answer disputes; the site marks the late ones
    #: delayed and the ones residents dispute.
    TRANSITIONS = TransitionTable(
        [
            Transition(Status.PLANNED, Status.IN_PROGRESS, "start", "initiatives.manage"),
            Transition(Status.REOPENED, Status.IN_PROGRESS, "start", "initiatives.manage"),
            Transition(Status.IN_PROGRESS, Status.COMPLETED, "complete", "initiatives.manage"),
            # Work finished late, or redone after a dispute, is completed straight from where it stands.
            Transition(Status.DELAYED, Status.COMPLETED, "complete", "initiatives.manage"),
            Transition(Status.REOPENED, Status.COMPLETED, "complete", "initiatives.manage"),
            Transition(Status.PLANNED, Status.DELAYED, "mark_delayed", system=True),
            Transition(Status.IN_PROGRESS, Status.DELAYED, "mark_delayed", system=True),
            Transition(Status.REOPENED, Status.DELAYED, "mark_delayed", system=True),
            # Back to work only with a new due date and the reason for the delay (``resume``).
            Transition(Status.DELAYED, Status.IN_PROGRESS, "resume", "initiatives.manage", reason_required=True),
            Transition(Status.PLANNED, Status.CANCELLED, "cancel", "initiatives.manage", reason_required=True),
            Transition(Status.IN_PROGRESS, Status.CANCELLED, "cancel", "initiatives.manage", reason_required=True),
            Transition(Status.DELAYED, Status.CANCELLED, "cancel", "initiatives.manage", reason_required=True),
            Transition(Status.REOPENED, Status.CANCELLED, "cancel", "initiatives.manage", reason_required=True),
            # Residents' disputes reached the territory's threshold (``services.completion_check``).
            Transition(Status.COMPLETED, Status.DISPUTED, "dispute", system=True),
            # The officials' public answer: redo the work by a new date, or explain why it is done.
            Transition(Status.DISPUTED, Status.REOPENED, "reopen", "initiatives.manage", reason_required=True),
            Transition(Status.DISPUTED, Status.COMPLETED, "uphold", "initiatives.manage", reason_required=True),
        ]
    )
    #: The work is not done yet: updates are posted, deadlines apply.
    OPEN = frozenset({Status.PLANNED, Status.IN_PROGRESS, Status.DELAYED, Status.REOPENED})
    #: On schedule as far as the status says: the site marks these delayed once a date passes.
    SCHEDULED = frozenset({Status.PLANNED, Status.IN_PROGRESS, Status.REOPENED})
    #: Residents check the result.
    CHECKED = frozenset({Status.COMPLETED, Status.DISPUTED})

    territory = models.ForeignKey(
        "territories.Territory", verbose_name=_("territory"), on_delete=models.PROTECT, related_name="initiatives"
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"))
    description_html = models.TextField(_("description as HTML"), editable=False)
    category = models.CharField(_("category"), max_length=32, choices=Category.choices)
    #: The accepted proposals this work carries out: one, several merged into one piece of work, or none.
    proposals = models.ManyToManyField(
        "proposals.Proposal", verbose_name=_("origin proposals"), related_name="initiatives", blank=True
    )
    responsible_body = models.CharField(_("responsible body"), max_length=200)
    responsible_official = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("responsible official"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    contractor = models.CharField(_("contractor"), max_length=200, blank=True)
    budget_planned = models.DecimalField(
        _("planned budget, tenge"),
        max_digits=AMOUNT_MAX_DIGITS,
        decimal_places=0,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    budget_spent = models.DecimalField(
        _("spent so far, tenge"),
        max_digits=AMOUNT_MAX_DIGITS,
        decimal_places=0,
        default=0,
        validators=[MinValueValidator(0)],
    )
    funding_source = models.CharField(
        _("source of funds"), max_length=32, choices=FundingSource.choices, default=FundingSource.LOCAL_BUDGET
    )
    budget_programme = models.CharField(_("budget programme code"), max_length=32, blank=True)
    start_date = models.DateField(_("start date"), null=True, blank=True)
    due_date = models.DateField(_("due date"))
    status = models.CharField(_("status"), max_length=32, choices=Status.choices, default=Status.PLANNED)
    percent = models.PositiveSmallIntegerField(
        _("percent complete"), default=0, validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    thread = models.OneToOneField(
        "discussions.Thread",
        verbose_name=_("discussion"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="initiative",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("opened by"), on_delete=models.PROTECT, related_name="+"
    )
    #: The latest progress update (or the opening): the staff queue of initiatives nobody reports on.
    last_update_at = models.DateTimeField(_("last update"), default=timezone.now)
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)
    # Residents' check of a completed initiative, kept exact by ``services.completion_check``.
    confirmations = models.PositiveIntegerField(_("confirmations"), default=0)
    disputes = models.PositiveIntegerField(_("disputes"), default=0)
    #: When the officials last answered disputes ("uphold"): only disputes changed later count again.
    disputes_answered_at = models.DateTimeField(_("disputes answered"), null=True, blank=True)

    class Meta:
        verbose_name = _("initiative")
        verbose_name_plural = _("initiatives")
        indexes = [
            models.Index(fields=["status", "due_date"], name="initiatives_status_due_idx"),
            models.Index(fields=["-last_update_at", "-id"], name="initiatives_last_update_idx"),
            models.Index(fields=["due_date", "id"], name="initiatives_due_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(percent__gte=0, percent__lte=100), name="initiatives_percent_range"),
            models.CheckConstraint(
                condition=Q(start_date__isnull=True) | Q(start_date__lte=models.F("due_date")),
                name="initiatives_start_before_due",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("initiatives:detail", kwargs={"pk": self.pk})

    # -- What pages show (never status strings in templates) -------------------------------------------------

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN

    @property
    def is_checked_by_residents(self) -> bool:
        return self.status in self.CHECKED

    @property
    def is_cancelled(self) -> bool:
        return self.status == self.Status.CANCELLED

    @property
    def is_reopened(self) -> bool:
        return self.status == self.Status.REOPENED

    @property
    def is_disputed(self) -> bool:
        return self.status == self.Status.DISPUTED

    def late_on(self, today: datetime.date) -> bool:
        """Past its due date or a milestone's, with the work not done (the status may not say so yet)."""
        if self.status == self.Status.DELAYED:
            return True
        if self.status not in self.SCHEDULED:
            return False
        if self.due_date < today:
            return True
        late = getattr(self, "late_milestones", None)  # annotated by the selectors
        if late is None:
            late = any(item.is_late_on(today) for item in self.milestones.all())
        return bool(late)

    @property
    def is_late(self) -> bool:
        return self.late_on(timezone.localdate())

    @property
    def status_label(self) -> str:
        """The status as residents read it: work past its date says "Delayed" before the nightly task runs."""
        if self.status in self.SCHEDULED and self.is_late:
            return str(self.Status.DELAYED.label)
        return self.get_status_display()

    @property
    def status_tone(self) -> str:
        if self.status in self.SCHEDULED and self.is_late:
            return STATUS_TONES["delayed"]
        return STATUS_TONES.get(self.status, "muted")

    @property
    def budget_left(self):
        if self.budget_planned is None:
            return None
        return self.budget_planned - self.budget_spent

    @property
    def is_over_budget(self) -> bool:
        return self.budget_planned is not None and self.budget_spent > self.budget_planned

    def available_transitions(self, user) -> dict[str, Transition]:
        return self.TRANSITIONS.available(user, self)

    # -- The discussion contract (``apps.discussions.models.register_discussable``) ---------------------------

    def discussion_is_open(self) -> bool:
        return self.status != self.Status.CANCELLED

    def discussion_territory(self):
        return self.territory

    def discussion_stances(self) -> tuple[str, ...]:
        return (Comment.Stance.FOR, Comment.Stance.AGAINST, Comment.Stance.QUESTION)


class Milestone(models.Model):
    initiative = models.ForeignKey(
        Initiative, verbose_name=_("initiative"), on_delete=models.CASCADE, related_name="milestones"
    )
    title = models.CharField(_("title"), max_length=200)
    due_date = models.DateField(_("due date"))
    done_on = models.DateField(_("done on"), null=True, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["order", "due_date", "pk"]

    def __str__(self) -> str:
        return self.title

    def is_late_on(self, today: datetime.date) -> bool:
        return self.done_on is None and self.due_date < today

    @property
    def is_late(self) -> bool:
        return self.is_late_on(timezone.localdate())

    @property
    def was_late(self) -> bool:
        return self.done_on is not None and self.done_on > self.due_date


class StatusChange(models.Model):
    """One step of an initiative's public timeline."""

    class Reason(models.TextChoices):
        DUE_DATE_PASSED = "due_date_passed", _("The due date passed")
        MILESTONE_PASSED = "milestone_passed", _("A milestone's date passed")
        DISPUTES = "disputes", _("Residents disputed the completion")

    initiative = models.ForeignKey(
        Initiative, verbose_name=_("initiative"), on_delete=models.CASCADE, related_name="status_changes"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Empty when the site itself made the change (a date passed, residents disputed)."),
    )
    from_status = models.CharField(_("from"), max_length=32, choices=Initiative.Status.choices, blank=True)
    to_status = models.CharField(_("to"), max_length=32, choices=Initiative.Status.choices)
    reason_code = models.CharField(_("cause"), max_length=32, choices=Reason.choices, blank=True)
    reason = models.TextField(_("explanation"), blank=True)
    created_at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("initiative status change")
        verbose_name_plural = _("initiative status changes")
        ordering = ["created_at", "pk"]

    EVENTS = {
        Initiative.Status.PLANNED: _("Initiative opened"),
        Initiative.Status.IN_PROGRESS: _("Work started"),
        Initiative.Status.DELAYED: _("Marked as delayed"),
        Initiative.Status.COMPLETED: _("Marked as completed"),
        Initiative.Status.DISPUTED: _("Residents disputed the completion"),
        Initiative.Status.REOPENED: _("Reopened after residents' disputes"),
        Initiative.Status.CANCELLED: _("Cancelled"),
    }
    RESUMED = _("Work resumed with a new due date")
    UPHELD = _("The officials explained why the work is complete")

    def __str__(self) -> str:
        return f"{self.initiative_id}: {self.from_status} → {self.to_status}"

    @property
    def event(self) -> str:
        if self.from_status == Initiative.Status.DELAYED and self.to_status == Initiative.Status.IN_PROGRESS:
            return str(self.RESUMED)
        if self.from_status == Initiative.Status.DISPUTED and self.to_status == Initiative.Status.COMPLETED:
            return str(self.UPHELD)
        return str(self.EVENTS.get(self.to_status, self.get_to_status_display()))


class PlanChange(models.Model):
    """A moved deadline or a changed budget, with the old value and the reason: nobody moves a date quietly."""

    class Field(models.TextChoices):
        DUE_DATE = "due_date", _("Due date")
        BUDGET = "budget_planned", _("Planned budget")
        MILESTONE = "milestone", _("Milestone date")

    initiative = models.ForeignKey(
        Initiative, verbose_name=_("initiative"), on_delete=models.CASCADE, related_name="plan_changes"
    )
    milestone = models.ForeignKey(
        Milestone, verbose_name=_("milestone"), null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    field = models.CharField(_("what changed"), max_length=32, choices=Field.choices)
    old_date = models.DateField(_("old date"), null=True, blank=True)
    new_date = models.DateField(_("new date"), null=True, blank=True)
    old_amount = models.DecimalField(
        _("old amount"), max_digits=AMOUNT_MAX_DIGITS, decimal_places=0, null=True, blank=True
    )
    new_amount = models.DecimalField(
        _("new amount"), max_digits=AMOUNT_MAX_DIGITS, decimal_places=0, null=True, blank=True
    )
    reason = models.TextField(_("reason"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("time"), default=timezone.now)

    class Meta:
        verbose_name = _("plan change")
        verbose_name_plural = _("plan changes")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.initiative_id}: {self.field}"

    @property
    def is_date(self) -> bool:
        return self.field in (self.Field.DUE_DATE, self.Field.MILESTONE)


class ProgressUpdate(models.Model):
    """A report from the ground: what was done, with photos, the percent complete and the money spent so far."""

    initiative = models.ForeignKey(
        Initiative, verbose_name=_("initiative"), on_delete=models.CASCADE, related_name="updates"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("posted by"), on_delete=models.PROTECT, related_name="+"
    )
    body = models.TextField(_("what was done"))
    body_html = models.TextField(_("what was done, as HTML"), editable=False)
    percent = models.PositiveSmallIntegerField(
        _("percent complete"), validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    spent = models.DecimalField(
        _("spent so far, tenge"), max_digits=AMOUNT_MAX_DIGITS, decimal_places=0, null=True, blank=True
    )
    reported_on = models.DateField(_("date"))
    created_at = models.DateTimeField(_("posted"), default=timezone.now)

    class Meta:
        verbose_name = _("progress update")
        verbose_name_plural = _("progress updates")
        ordering = ["-reported_on", "-created_at", "-pk"]
        indexes = [models.Index(fields=["initiative", "-reported_on", "-created_at"], name="initiatives_update_idx")]

    def __str__(self) -> str:
        return f"update {self.pk} of {self.initiative_id}"


class _Photo(models.Model):
    """A photo cleaned by ``apps.proposals.images`` (no metadata, a thumbnail, a random name)."""

    image = models.ImageField(_("image"), upload_to="initiatives/%Y/%m/", width_field="width", height_field="height")
    thumbnail = models.ImageField(_("thumbnail"), upload_to="initiatives/%Y/%m/thumbs/")
    width = models.PositiveIntegerField(_("width"), default=0)
    height = models.PositiveIntegerField(_("height"), default=0)

    class Meta:
        abstract = True


class UpdatePhoto(_Photo):
    update = models.ForeignKey(
        ProgressUpdate, verbose_name=_("progress update"), on_delete=models.CASCADE, related_name="photos"
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("update photo")
        verbose_name_plural = _("update photos")
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.image.name

    @property
    def url(self) -> str:
        return reverse("initiatives:photo", kwargs={"pk": self.pk, "variant": "full"})

    @property
    def thumbnail_url(self) -> str:
        return reverse("initiatives:photo", kwargs={"pk": self.pk, "variant": "thumb"})


class CompletionCheck(TimeStampedModel):
    """A verified resident's word on completed work: done as promised, or disputed with a comment."""

    class Verdict(models.TextChoices):
        CONFIRMED = "confirmed", _("Done as promised")
        NOT_DONE = "not_done", _("Not done")
        DONE_BADLY = "done_badly", _("Done badly")

    DISPUTING = frozenset({Verdict.NOT_DONE, Verdict.DONE_BADLY})

    initiative = models.ForeignKey(
        Initiative, verbose_name=_("initiative"), on_delete=models.CASCADE, related_name="checks"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("resident"), on_delete=models.CASCADE, related_name="+"
    )
    #: The IIN fingerprint of the residency checked with: one word per *person*, as for votes.
    person_key = models.CharField(_("resident's IIN fingerprint"), max_length=64, editable=False)
    verdict = models.CharField(_("verdict"), max_length=16, choices=Verdict.choices)
    comment = models.TextField(_("comment"), blank=True)
    image = models.ImageField(
        _("photo"),
        upload_to="initiatives/checks/%Y/%m/",
        null=True,
        blank=True,
        width_field="width",
        height_field="height",
    )
    thumbnail = models.ImageField(_("thumbnail"), upload_to="initiatives/checks/%Y/%m/thumbs/", null=True, blank=True)
    width = models.PositiveIntegerField(_("width"), default=0)
    height = models.PositiveIntegerField(_("height"), default=0)

    class Meta:
        verbose_name = _("residents' check")
        verbose_name_plural = _("residents' checks")
        ordering = ["-updated_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["initiative", "user"], name="initiatives_one_check_per_account"),
            models.UniqueConstraint(fields=["initiative", "person_key"], name="initiatives_one_check_per_person"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.verdict} {self.initiative_id}"

    @property
    def is_dispute(self) -> bool:
        return self.verdict in self.DISPUTING

    @property
    def thumbnail_url(self) -> str:
        return reverse("initiatives:check-photo", kwargs={"pk": self.pk, "variant": "thumb"})

    @property
    def url(self) -> str:
        return reverse("initiatives:check-photo", kwargs={"pk": self.pk, "variant": "full"})


class CheckPolicy(models.Model):
    """How many disputes send a completed initiative of a territory back to its officials.

    The nearest policy up the tree applies; without one, ``CIVIC_INITIATIVE_DISPUTES_MINIMUM``.
    Disputes must also outnumber the confirmations.
    """

    territory = models.OneToOneField(
        "territories.Territory", verbose_name=_("territory"), on_delete=models.CASCADE, related_name="check_policy"
    )
    disputes_minimum = models.PositiveIntegerField(
        _("disputes needed"),
        validators=[MinValueValidator(1)],
        help_text=_("Disputes must also outnumber the confirmations."),
    )

    class Meta:
        verbose_name = _("residents' check policy")
        verbose_name_plural = _("residents' check policies")

    def __str__(self) -> str:
        return f"{self.territory}: ≥ {self.disputes_minimum}"
