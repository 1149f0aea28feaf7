"""Opening an initiative, changing its plan, and its milestones.

An initiative is opened by an official of its territory: from accepted
proposals (``initiative_open_from_proposal`` accepts one under consideration
and opens the initiative in the same transaction) or for work that had no
proposal (``initiative_create``). A moved due date, milestone date or planned
budget is recorded as a ``PlanChange`` with the old value and the reason.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.core import permissions
from apps.core.text import render_markdown
from apps.discussions.models import Subscription, Thread
from apps.initiatives import signals, validators
from apps.initiatives.models import FundingSource, Initiative, Milestone, PlanChange, StatusChange
from apps.initiatives.services.transitions import lock
from apps.proposals.models import Category, Proposal
from apps.proposals.services import proposal_accept
from apps.proposals.services.transitions import CHANGED_FIELDS as PROPOSAL_CHANGED_FIELDS
from apps.proposals.validators import clean_reason
from apps.territories.rules import can_answer_in

#: What the plan form may change without a reason (descriptions, names); dates and budget need one.
DESCRIPTIVE_FIELDS = (
    "title",
    "description",
    "category",
    "responsible_body",
    "responsible_official",
    "contractor",
    "funding_source",
    "budget_programme",
    "start_date",
)


def _clean_plan(fields: dict) -> dict:
    """Check and normalise the plan's fields (one ValidationError listing every problem)."""
    errors: list[ValidationError] = []
    clean = dict(fields)

    def check(name, function, *args, **kwargs):
        try:
            clean[name] = function(*args, **kwargs)
        except ValidationError as error:
            errors.append(error)

    if "title" in fields:
        check(
            "title",
            validators.clean_text,
            fields["title"],
            label=_("The title"),
            minimum=validators.TITLE_MIN,
            maximum=validators.TITLE_MAX,
        )
    if "description" in fields:
        check("description", validators.clean_text, fields["description"], label=_("The description"))
    if "responsible_body" in fields:
        check(
            "responsible_body",
            validators.clean_text,
            fields["responsible_body"],
            label=_("The responsible body"),
            minimum=3,
            maximum=validators.NAME_MAX,
        )
    if "contractor" in fields:
        check(
            "contractor",
            validators.clean_text,
            fields["contractor"] or "",
            label=_("The contractor"),
            minimum=0,
            maximum=validators.NAME_MAX,
        )
    if "category" in fields and fields["category"] not in Category.values:
        errors.append(ValidationError(_("Choose a category from the list."), code="category"))
    if "funding_source" in fields and fields["funding_source"] not in FundingSource.values:
        errors.append(ValidationError(_("Choose the source of funds from the list."), code="funding_source"))
    if "budget_programme" in fields:
        check("budget_programme", validators.clean_programme_code, fields["budget_programme"])
    for name, label in (("budget_planned", _("The planned budget")), ("budget_spent", _("The money spent"))):
        if name in fields:
            check(name, validators.clean_amount, fields[name], label=label)
    if errors:
        raise ValidationError(errors)
    return clean


def _check_officials_choice(official, territory) -> None:
    """The responsible official, when named, holds an official's role there (not any account)."""
    if official is not None and not can_answer_in(official, territory):
        raise ValidationError(
            _("%(name)s is not an official of %(territory)s.")
            % {"name": official.display_name, "territory": territory.name},
            code="responsible_official",
        )


def _link_proposals(*, initiative: Initiative, proposals: list[Proposal]) -> None:
    """Each origin proposal accepted, of the territory or inside it, and not carried out by another initiative."""
    if not proposals:
        return
    locked = list(
        Proposal.objects.select_for_update(of=("self",))
        .select_related("territory")
        .filter(pk__in=[proposal.pk for proposal in proposals])
        .order_by("pk")
    )
    for proposal in locked:
        if proposal.status != Proposal.Status.ACCEPTED:
            raise ValidationError(
                _("Proposal № %(number)s is not accepted: only accepted proposals are carried out.")
                % {"number": proposal.pk},
                code="proposals",
            )
        if not proposal.territory.is_within(initiative.territory):
            raise ValidationError(
                _("Proposal № %(number)s belongs to %(territory)s, outside %(here)s.")
                % {"number": proposal.pk, "territory": proposal.territory.name, "here": initiative.territory.name},
                code="proposals",
            )
        other = proposal.initiatives.exclude(status=Initiative.Status.CANCELLED).exclude(pk=initiative.pk).first()
        if other is not None:
            raise ValidationError(
                _("Proposal № %(number)s is already carried out by initiative № %(other)s.")
                % {"number": proposal.pk, "other": other.pk},
                code="proposals",
            )
    initiative.proposals.add(*locked)
    # The people who raised the issue follow the work that carries it out.
    Subscription.objects.bulk_create(
        [Subscription(thread_id=initiative.thread_id, user_id=proposal.author_id) for proposal in locked],
        ignore_conflicts=True,
    )


def initiative_create(
    *,
    actor,
    territory,
    title: str,
    description: str,
    category: str,
    responsible_body: str,
    due_date: datetime.date | None,
    responsible_official=None,
    contractor: str = "",
    budget_planned: Decimal | None = None,
    funding_source: str = FundingSource.LOCAL_BUDGET,
    budget_programme: str = "",
    start_date: datetime.date | None = None,
    proposals: list[Proposal] = (),
    milestones: list[tuple[str, datetime.date]] = (),
) -> Initiative:
    """Open an initiative in ``territory`` (status "planned"), with its discussion and first timeline row."""
    permissions.require(actor, "initiatives.add_in", territory)
    fields = _clean_plan(
        {
            "title": title,
            "description": description,
            "category": category,
            "responsible_body": responsible_body,
            "contractor": contractor,
            "budget_planned": budget_planned,
            "funding_source": funding_source,
            "budget_programme": budget_programme,
        }
    )
    validators.check_dates(start_date, due_date)
    for name, day in milestones:
        validators.clean_text(name, label=_("A milestone's title"), minimum=3, maximum=validators.TITLE_MAX)
        if day is None:
            raise ValidationError(_("Give each milestone a date."), code="milestones")
    _check_officials_choice(responsible_official, territory)
    with transaction.atomic():
        now = timezone.now()
        initiative = Initiative.objects.create(
            territory=territory,
            description_html=render_markdown(fields["description"]),
            responsible_official=responsible_official,
            start_date=start_date,
            due_date=due_date,
            created_by=actor,
            thread=Thread.objects.create(),
            last_update_at=now,
            **fields,
        )
        Milestone.objects.bulk_create(
            [
                Milestone(initiative=initiative, title=name.strip(), due_date=day, order=index)
                for index, (name, day) in enumerate(milestones)
            ]
        )
        StatusChange.objects.create(
            initiative=initiative, actor=actor, from_status="", to_status=Initiative.Status.PLANNED, created_at=now
        )
        Subscription.objects.get_or_create(thread=initiative.thread, user=actor)
        _link_proposals(initiative=initiative, proposals=list(proposals))
        transaction.on_commit(lambda: signals.initiative_opened.send(sender=Initiative, initiative=initiative))
    return initiative


def initiative_open_from_proposal(
    *, actor, proposal: Proposal, response: str = "", also: list[Proposal] = (), **fields
) -> Initiative:
    """ "Accept and open an initiative": one step for the official, one transaction for the database.

    A proposal under consideration is accepted with ``response`` (public);
    an accepted one keeps its response. ``also``: other accepted proposals the
    same work carries out. Two officials doing it at once: the second finds the
    proposal accepted and carried out, and nothing of theirs is written.
    """
    permissions.require(actor, "initiatives.open_from_proposal", proposal)
    # ``proposal_accept`` copies the new status onto ``proposal``: put it back if the whole step rolls back,
    # so the caller (a form shown again with the errors) does not see an acceptance that was never written.
    before = {name: getattr(proposal, name) for name in PROPOSAL_CHANGED_FIELDS}
    try:
        with transaction.atomic():
            if proposal.status == Proposal.Status.UNDER_CONSIDERATION:
                proposal_accept(actor=actor, proposal=proposal, response=response)
            fields.setdefault("territory", proposal.territory)
            return initiative_create(actor=actor, proposals=[proposal, *also], **fields)
    except Exception:
        for name, value in before.items():
            setattr(proposal, name, value)
        raise


def initiative_edit(*, actor, initiative: Initiative, reason: str = "", **changes) -> Initiative:
    """Change the plan. A new due date or planned budget needs ``reason`` and is kept with the old value."""
    unknown = set(changes) - {*DESCRIPTIVE_FIELDS, "due_date", "budget_planned"}
    if unknown:
        raise TypeError(f"initiative_edit() got unexpected fields {sorted(unknown)}")
    reason = clean_reason(reason)
    permissions.require(actor, "initiatives.manage", initiative)
    fields = _clean_plan(changes)
    with transaction.atomic():
        locked = lock(initiative)
        moved = {
            name: fields[name]
            for name in ("due_date", "budget_planned")
            if name in fields and fields[name] != getattr(locked, name)
        }
        if moved:
            permissions.require(actor, "initiatives.change_plan", locked)
            if not reason:
                raise ValidationError(
                    _("Say why the due date or the budget changes: residents see the old and the new value."),
                    code="reason",
                )
        start = fields.get("start_date", locked.start_date)
        validators.check_dates(start, fields.get("due_date", locked.due_date))
        if "responsible_official" in fields:
            _check_officials_choice(fields["responsible_official"], locked.territory)
        now = timezone.now()
        for name, value in moved.items():
            old = getattr(locked, name)
            if name == "due_date":
                PlanChange.objects.create(
                    initiative=locked,
                    field=PlanChange.Field.DUE_DATE,
                    old_date=old,
                    new_date=value,
                    reason=reason,
                    actor=actor,
                    created_at=now,
                )
            else:
                PlanChange.objects.create(
                    initiative=locked,
                    field=PlanChange.Field.BUDGET,
                    old_amount=old,
                    new_amount=value,
                    reason=reason,
                    actor=actor,
                    created_at=now,
                )
        if "description" in fields:
            fields["description_html"] = render_markdown(fields["description"])
        Initiative.objects.filter(pk=locked.pk).update(updated_at=now, **fields)
        initiative.refresh_from_db()
    return initiative


def milestone_add(*, actor, initiative: Initiative, title: str, due_date: datetime.date | None) -> Milestone:
    permissions.require(actor, "initiatives.change_plan", initiative)
    title = validators.clean_text(title, label=_("A milestone's title"), minimum=3, maximum=validators.TITLE_MAX)
    if due_date is None:
        raise ValidationError(_("Give the milestone a date."), code="due_date")
    with transaction.atomic():
        locked = lock(initiative)
        permissions.require(actor, "initiatives.change_plan", locked)
        order = locked.milestones.count()
        return Milestone.objects.create(initiative=locked, title=title, due_date=due_date, order=order)


def milestone_mark_done(*, actor, milestone: Milestone, done_on: datetime.date | None = None) -> Milestone:
    today = timezone.localdate()
    done_on = done_on or today
    if done_on > today:
        raise ValidationError(_("A milestone cannot be done in the future."), code="done_on")
    with transaction.atomic():
        locked = lock(milestone.initiative)
        permissions.require(actor, "initiatives.change_plan", locked)
        Milestone.objects.filter(pk=milestone.pk, initiative=locked).update(done_on=done_on)
        milestone.refresh_from_db()
    return milestone


def milestone_reschedule(*, actor, milestone: Milestone, due_date: datetime.date | None, reason: str) -> Milestone:
    reason = clean_reason(reason)
    validators.check_new_due_date(due_date, timezone.localdate())
    if not reason:
        raise ValidationError(_("Say why the milestone moves: residents see the old and the new date."), code="reason")
    with transaction.atomic():
        locked = lock(milestone.initiative)
        permissions.require(actor, "initiatives.change_plan", locked)
        current = Milestone.objects.select_for_update().get(pk=milestone.pk, initiative=locked)
        if current.due_date != due_date:
            PlanChange.objects.create(
                initiative=locked,
                milestone=current,
                field=PlanChange.Field.MILESTONE,
                old_date=current.due_date,
                new_date=due_date,
                reason=reason,
                actor=actor,
            )
            Milestone.objects.filter(pk=current.pk).update(due_date=due_date)
        milestone.refresh_from_db()
    return milestone
