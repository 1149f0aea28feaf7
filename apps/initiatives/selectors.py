"""Reads of initiatives, shaped so each page needs a fixed number of queries whatever the data."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Case, Count, Exists, F, OuterRef, Prefetch, Q, QuerySet, Value, When
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.core import permissions
from apps.initiatives.models import (
    CompletionCheck,
    Initiative,
    Milestone,
    PlanChange,
    ProgressUpdate,
    StatusChange,
    UpdatePhoto,
)
from apps.initiatives.services.deadlines import late_filter
from apps.proposals.followups import FollowUp, StaffAction
from apps.proposals.models import Category, Proposal
from apps.territories.models import ROOT_CODE, StaffRole, Territory
from apps.territories.rules import ANSWER_ROLES
from apps.territories.selectors import staff_roles_of, staff_scope

SORTS = {
    "updated": ("-last_update_at", "-pk"),
    "due": ("due_date", "pk"),
    "budget": ("-budget_planned", "-pk"),
}
DEFAULT_SORT = "updated"
#: What the status filter offers: the statuses, plus the derived "delayed" (late by the dates too).
FILTER_STATUSES = frozenset(Initiative.Status.values)
#: A staff queue of initiatives nobody has reported on for this long.
STALE_AFTER = datetime.timedelta(days=30)
#: The ledger looks back this far.
LEDGER_DAYS = 365


def _late_milestones(today: datetime.date):
    return Exists(Milestone.objects.filter(initiative=OuterRef("pk"), done_on__isnull=True, due_date__lt=today))


def year_choices(today: datetime.date | None = None) -> list[int]:
    """The years the filter offers: five back, two ahead (no query over the table for them)."""
    year = (today or timezone.localdate()).year
    return list(range(year + 2, year - 6, -1))


@dataclass
class InitiativeFilters:
    territory: Territory | None = None
    status: str = ""
    category: str = ""
    year: str = ""
    delayed: bool = False
    disputed: bool = False
    sort: str = DEFAULT_SORT
    active: bool = field(init=False, default=False)

    def __post_init__(self) -> None:
        # Allowlists: a stale or mistyped parameter is dropped on its own, never passed to the database.
        self.status = self.status if self.status in FILTER_STATUSES else ""
        self.category = self.category if self.category in Category.values else ""
        self.year = self.year if self.year.isdigit() and int(self.year) in year_choices() else ""
        self.sort = self.sort if self.sort in SORTS else DEFAULT_SORT
        self.active = bool(self.status or self.category or self.year or self.delayed or self.disputed)


def initiative_list(*, filters: InitiativeFilters) -> QuerySet[Initiative]:
    """Initiatives of a territory and everything inside it (or of the country), filtered and sorted."""
    today = timezone.localdate()
    queryset = Initiative.objects.all()
    territory = filters.territory
    if territory is not None and territory.kato_code != ROOT_CODE:
        queryset = queryset.filter(territory__path__startswith=territory.path)
    if filters.status:
        queryset = queryset.filter(status=filters.status)
    if filters.category:
        queryset = queryset.filter(category=filters.category)
    if filters.year:
        queryset = queryset.filter(due_date__year=int(filters.year))
    if filters.delayed:
        queryset = queryset.filter(Q(status=Initiative.Status.DELAYED) | late_filter(today))
    if filters.disputed:
        queryset = queryset.filter(status=Initiative.Status.DISPUTED)
    ordering = SORTS[filters.sort]
    if filters.sort == "budget":
        ordering = (F("budget_planned").desc(nulls_last=True), "-pk")
    return (
        queryset.select_related("territory")
        .annotate(late_milestones=_late_milestones(today))
        .only(
            "pk",
            "title",
            "category",
            "status",
            "percent",
            "due_date",
            "budget_planned",
            "budget_spent",
            "last_update_at",
            "confirmations",
            "disputes",
            "territory__kato_code",
            "territory__name_kk",
            "territory__name_ru",
            "territory__name_en",
            "territory__kind",
        )
        .order_by(*ordering)
    )


def initiative_get(*, pk: int) -> Initiative:
    """An initiative with its territory and milestones (every initiative is public; 404 when missing)."""
    today = timezone.localdate()
    initiative = (
        Initiative.objects.select_related("territory", "responsible_official", "thread")
        .annotate(late_milestones=_late_milestones(today))
        .prefetch_related("milestones")
        .filter(pk=pk)
        .first()
    )
    if initiative is None:
        raise Http404("No such initiative")
    return initiative


@dataclass
class TimelineEntry:
    at: datetime.datetime
    kind: str  # "status" | "plan"
    item: object


def initiative_timeline(*, initiative: Initiative) -> list[TimelineEntry]:
    """Status steps and plan changes, in the order they happened (two queries)."""
    entries = [
        TimelineEntry(change.created_at, "status", change)
        for change in StatusChange.objects.filter(initiative=initiative).select_related("actor")
    ]
    entries += [
        TimelineEntry(change.created_at, "plan", change)
        for change in PlanChange.objects.filter(initiative=initiative).select_related("actor", "milestone")
    ]
    return sorted(entries, key=lambda entry: (entry.at, entry.kind != "status"))


def initiative_updates(*, initiative: Initiative) -> QuerySet[ProgressUpdate]:
    """The progress updates, newest first, with their photos and authors (two queries per page)."""
    return (
        ProgressUpdate.objects.filter(initiative=initiative)
        .select_related("author")
        .prefetch_related(Prefetch("photos", queryset=UpdatePhoto.objects.order_by("order", "pk")))
    )


def initiative_origins(*, initiative: Initiative) -> list[Proposal]:
    return list(
        initiative.proposals.select_related("territory")
        .only(
            "pk",
            "title",
            "status",
            "votes_for",
            "votes_against",
            "territory__kato_code",
            "territory__name_kk",
            "territory__name_ru",
            "territory__name_en",
            "territory__kind",
        )
        .order_by("pk")
    )


def check_of(*, user, initiative: Initiative) -> CompletionCheck | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return CompletionCheck.objects.filter(initiative=initiative, user=user).first()


def recent_checks(*, initiative: Initiative, limit: int = 20) -> list[CompletionCheck]:
    """What residents said, disputes first (they need the officials' answer), newest first."""
    return list(
        CompletionCheck.objects.filter(initiative=initiative)
        .select_related("user")
        .annotate(confirms=Case(When(verdict=CompletionCheck.Verdict.CONFIRMED, then=Value(1)), default=Value(0)))
        .order_by("confirms", "-updated_at", "-pk")[:limit]
    )


def photo_get(*, pk: int) -> UpdatePhoto:
    photo = UpdatePhoto.objects.filter(pk=pk).first()
    if photo is None:
        raise Http404("No such photo")
    return photo


def check_photo_get(*, pk: int) -> CompletionCheck:
    check = CompletionCheck.objects.filter(pk=pk).exclude(image="").exclude(image__isnull=True).first()
    if check is None:
        raise Http404("No such photo")
    return check


# ---------------------------------------------------------------------------
# What other pages show of initiatives (registered in ``apps.py``)
# ---------------------------------------------------------------------------


def _followup(initiative: Initiative) -> FollowUp:
    return FollowUp(
        label=_("Initiative № %(number)s") % {"number": initiative.pk},
        url=initiative.get_absolute_url(),
        status=initiative.status_label,
        tone=initiative.status_tone,
        percent=initiative.percent,
        due=initiative.due_date,
    )


def proposal_followups(proposal_ids: list[int]) -> dict[int, list[FollowUp]]:
    """The initiatives carrying out these proposals (one query for any number of proposals)."""
    today = timezone.localdate()
    through = Initiative.proposals.through
    rows = (
        through.objects.filter(proposal_id__in=proposal_ids)
        .select_related("initiative")
        .annotate(
            late_milestones=Exists(
                Milestone.objects.filter(initiative=OuterRef("initiative_id"), done_on__isnull=True, due_date__lt=today)
            )
        )
        .order_by("initiative_id")
    )
    found: dict[int, list[FollowUp]] = {}
    for row in rows:
        initiative = row.initiative
        initiative.late_milestones = row.late_milestones
        found.setdefault(row.proposal_id, []).append(_followup(initiative))
    return found


def proposal_staff_action(user, proposal) -> StaffAction | None:
    """ "Accept and open an initiative" (or "open an initiative" for an accepted proposal not carried out yet)."""
    if not permissions.can(user, "initiatives.open_from_proposal", proposal):
        return None
    url = reverse("staff:initiative-create") + f"?proposal={proposal.pk}"
    if proposal.status == Proposal.Status.UNDER_CONSIDERATION:
        return StaffAction(_("Accept and open an initiative"), url)
    if proposal.initiatives.exclude(status=Initiative.Status.CANCELLED).exists():
        return None
    return StaffAction(_("Open an initiative to carry it out"), url)


def territory_panel(*, territory: Territory) -> dict:
    """The territory page's panel: the latest initiatives of its subtree (one query)."""
    rows = initiative_list(filters=InitiativeFilters(territory=territory))
    return {"initiatives": list(rows[:5]), "territory": territory}


# ---------------------------------------------------------------------------
# Staff queues
# ---------------------------------------------------------------------------


QUEUES = ("disputed", "delayed", "stale")


def _queue_filter(name: str, now: datetime.datetime) -> Q:
    today = timezone.localdate(now)
    if name == "disputed":
        return Q(status=Initiative.Status.DISPUTED)
    if name == "delayed":
        return Q(status=Initiative.Status.DELAYED) | late_filter(today)
    return Q(status__in=Initiative.OPEN, last_update_at__lt=now - STALE_AFTER)


def staff_queue(*, user, name: str, roles: list[StaffRole] | None = None) -> QuerySet[Initiative]:
    """One queue of the initiatives this official runs: disputed, delayed, or without an update for 30 days."""
    scope = staff_scope(user=user, allowed=ANSWER_ROLES, roles=roles)
    if scope is None or name not in QUEUES:
        return Initiative.objects.none()
    today = timezone.localdate()
    ordering = {"disputed": ("updated_at", "pk"), "delayed": ("due_date", "pk"), "stale": ("last_update_at", "pk")}
    return (
        Initiative.objects.filter(scope, _queue_filter(name, timezone.now()))
        .select_related("territory")
        .annotate(late_milestones=_late_milestones(today))
        .order_by(*ordering[name])
    )


def staff_summary(*, user, roles: list[StaffRole] | None = None) -> dict | None:
    """How many initiatives wait in each queue (one query), or None for staff who run none (moderators)."""
    roles = roles if roles is not None else staff_roles_of(user=user)
    scope = staff_scope(user=user, allowed=ANSWER_ROLES, roles=roles)
    if scope is None:
        return None
    now = timezone.now()
    return Initiative.objects.filter(scope).aggregate(
        open=Count("pk", filter=Q(status__in=Initiative.OPEN)),
        **{name: Count("pk", filter=_queue_filter(name, now)) for name in QUEUES},
    )


# ---------------------------------------------------------------------------
# The ledger: what happened to each proposal of a territory in the last 12 months
# ---------------------------------------------------------------------------


def _days(start, end) -> int | None:
    if start is None or end is None:
        return None
    return max(0, (end - start).days)


@dataclass
class LedgerRow:
    proposal: Proposal
    asked: datetime.datetime | None
    answered: datetime.datetime | None
    initiative: Initiative | None
    opened: datetime.datetime | None
    done: datetime.datetime | None

    @property
    def days_to_answer(self):
        return _days(self.asked, self.answered)

    @property
    def days_to_initiative(self):
        return _days(self.answered, self.opened)

    @property
    def days_to_done(self):
        return _days(self.opened, self.done)


def ledger_proposals(*, territory: Territory, now: datetime.datetime | None = None) -> QuerySet[Proposal]:
    """Public proposals of the territory's subtree published in the last ``LEDGER_DAYS`` days, oldest first."""
    now = now or timezone.now()
    queryset = Proposal.objects.filter(
        status__in=Proposal.PUBLIC, published_at__gte=now - datetime.timedelta(days=LEDGER_DAYS)
    )
    if territory.kato_code != ROOT_CODE:
        queryset = queryset.filter(territory__path__startswith=territory.path)
    return (
        queryset.select_related("territory", "response")
        .prefetch_related(
            Prefetch(
                "initiatives",
                queryset=Initiative.objects.exclude(status=Initiative.Status.CANCELLED)
                .only("pk", "status", "percent", "due_date", "created_at", "completed_at")
                .order_by("pk"),
            )
        )
        .order_by("published_at", "pk")
    )


def ledger_rows(proposals) -> list[LedgerRow]:
    rows = []
    for proposal in proposals:
        response = getattr(proposal, "response", None) if proposal.is_accepted or proposal.is_declined else None
        initiative = next(iter(proposal.initiatives.all()), None)
        rows.append(
            LedgerRow(
                proposal=proposal,
                asked=proposal.published_at,
                answered=response.created_at if response is not None else None,
                initiative=initiative,
                opened=initiative.created_at if initiative is not None else None,
                done=initiative.completed_at if initiative is not None else None,
            )
        )
    return rows


def ledger_summary(*, territory: Territory, now: datetime.datetime | None = None) -> dict:
    """Counts for the ledger's head: asked, answered, accepted, carried out, done (one query)."""
    queryset = ledger_proposals(territory=territory, now=now).order_by()
    return queryset.aggregate(
        asked=Count("pk", distinct=True),
        answered=Count("pk", filter=Q(status__in=[Proposal.Status.ACCEPTED, Proposal.Status.DECLINED]), distinct=True),
        accepted=Count("pk", filter=Q(status=Proposal.Status.ACCEPTED), distinct=True),
        carried_out=Count("pk", filter=Q(initiatives__isnull=False), distinct=True),
        done=Count("pk", filter=Q(initiatives__status=Initiative.Status.COMPLETED), distinct=True),
    )


# ---------------------------------------------------------------------------
# What the staff forms offer
# ---------------------------------------------------------------------------

#: A region official's choice of territories stops at this many (the region, its districts, their units ...).
TERRITORY_CHOICES_MAX = 400


def initiative_territory_choices(*, user, roles: list[StaffRole] | None = None) -> list[Territory]:
    """Where this person may open initiatives: their role territories and the units inside them, nearest first."""
    roles = roles if roles is not None else staff_roles_of(user=user)
    tops = [role.territory for role in roles if role.role in ANSWER_ROLES and role.territory.kato_code != ROOT_CODE]
    if not tops:
        return []
    condition = Q()
    for top in tops:
        condition |= Q(path__startswith=top.path, depth__lte=top.depth + 2)
    return list(Territory.objects.filter(condition).order_by("path")[:TERRITORY_CHOICES_MAX])


def officials_of(*, territory: Territory) -> list:
    """People with an official's or administrator's role in force on the territory or above it."""
    from django.contrib.auth import get_user_model

    codes = [*territory.ancestor_codes(), territory.kato_code]
    user_ids = (
        StaffRole.objects.active().filter(role__in=ANSWER_ROLES, territory__kato_code__in=codes).values("user_id")
    )
    return list(get_user_model().objects.filter(pk__in=user_ids).order_by("display_name", "pk"))
