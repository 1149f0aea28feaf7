"""Reads on proposals, shaped for a fixed number of queries whatever the data.

Filters and orderings come from allowlists (``SORTS``, ``Category``,
``Proposal.Status``), never from the request as they are.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.db import connection
from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    Min,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone

from apps.core import permissions
from apps.proposals.models import Category, Proposal, ProposalImage, StatusChange, Vote, VotingPolicy
from apps.proposals.thresholds import Policy
from apps.territories.models import ROOT_CODE, Residency, StaffRole, Territory
from apps.territories.rules import ANSWER_ROLES, MODERATION_ROLES
from apps.territories.selectors import staff_roles_of, staff_scope

TRENDING_DAYS = 7
SORTS = ("votes", "newest", "trending")
DEFAULT_SORT = "votes"
#: Statuses the public list shows.
LIST_STATUSES = (
    Proposal.Status.PUBLISHED,
    Proposal.Status.THRESHOLD_REACHED,
    Proposal.Status.UNDER_CONSIDERATION,
    Proposal.Status.ACCEPTED,
    Proposal.Status.DECLINED,
)
#: Not a status but a filter: published, and the window ended without the threshold (``Proposal.has_lapsed``).
LAPSED = "lapsed"
#: What a reader may filter the list by: "collecting votes" means the window is still open.
FILTER_STATUSES = (*LIST_STATUSES[:1], LAPSED, *LIST_STATUSES[1:])
MAX_QUERY_LENGTH = 200
#: What waits for the officials: the threshold reached, then what they took up.
ANSWER_QUEUE_STATUSES = (Proposal.Status.THRESHOLD_REACHED, Proposal.Status.UNDER_CONSIDERATION)


def _search(queryset: QuerySet[Proposal], query: str) -> QuerySet[Proposal]:
    """Full-text search on PostgreSQL (Russian stemming + simple words); word containment elsewhere."""
    query = " ".join(query.split())[:MAX_QUERY_LENGTH]
    if not query:
        return queryset
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchQuery

        search = SearchQuery(query, config="russian", search_type="websearch") | SearchQuery(
            query, config="simple", search_type="websearch"
        )
        return queryset.filter(search_vector=search)
    for word in query.casefold().split():
        queryset = queryset.filter(search_text__contains=word.strip("\"'"))
    return queryset


@dataclass
class ProposalFilters:
    territory: Territory | None = None
    status: str = ""
    category: str = ""
    sort: str = DEFAULT_SORT
    query: str = ""
    active: bool = field(init=False, default=False)

    def __post_init__(self) -> None:
        self.status = self.status if self.status in FILTER_STATUSES else ""
        self.category = self.category if self.category in Category.values else ""
        self.sort = self.sort if self.sort in SORTS else DEFAULT_SORT
        self.query = " ".join((self.query or "").split())[:MAX_QUERY_LENGTH]
        self.active = bool(self.status or self.category or self.query)


def _status_filter(status: str, now: datetime.datetime) -> Q:
    if status == Proposal.Status.PUBLISHED:
        return Q(status=status, voting_until__gt=now)
    if status == LAPSED:
        return Q(status=Proposal.Status.PUBLISHED, voting_until__lte=now)
    return Q(status=status)


def proposal_list(*, filters: ProposalFilters) -> QuerySet[Proposal]:
    """Public proposals of a territory and everything inside it, filtered and sorted (one query per page)."""
    queryset = Proposal.objects.filter(status__in=LIST_STATUSES)
    if filters.territory is not None and filters.territory.kato_code != ROOT_CODE:
        queryset = queryset.filter(territory__path__startswith=filters.territory.path)
    if filters.status:
        queryset = queryset.filter(_status_filter(filters.status, timezone.now()))
    if filters.category:
        queryset = queryset.filter(category=filters.category)
    queryset = _search(queryset, filters.query)
    queryset = queryset.select_related("territory").only(
        "pk",
        "title",
        "category",
        "status",
        "votes_for",
        "votes_against",
        "vote_threshold",
        "published_at",
        "voting_until",
        "territory__kato_code",
        "territory__name_kk",
        "territory__name_ru",
        "territory__name_en",
    )
    if filters.sort == "newest":
        return queryset.order_by("-published_at", "-pk")
    if filters.sort == "trending":
        # A correlated subquery on the (proposal, choice, updated_at) index rather than a JOIN with
        # GROUP BY: the paginator's COUNT then leaves it out, and the page reads only recent votes
        # (docs/benchmarks.md: the PostgreSQL page with 10,000 proposals went from 210 ms to 105 ms).
        since = timezone.now() - datetime.timedelta(days=TRENDING_DAYS)
        recent = (
            Vote.objects.filter(proposal=OuterRef("pk"), choice=Vote.Choice.FOR, updated_at__gte=since)
            .order_by()
            .values("proposal")
            .annotate(count=Count("pk"))
            .values("count")
        )
        return queryset.annotate(recent_votes=Coalesce(Subquery(recent, output_field=IntegerField()), 0)).order_by(
            "-recent_votes", "-votes_for", "-pk"
        )
    return queryset.order_by("-votes_for", "-published_at", "-pk")


def proposal_top(*, territory: Territory, limit: int = 5) -> list[Proposal]:
    """The most supported proposals of a territory's subtree still open for votes (territory page)."""
    now = timezone.now()
    return list(
        proposal_list(filters=ProposalFilters(territory=territory)).filter(
            status__in=Proposal.VOTING, voting_until__gt=now
        )[:limit]
    )


def proposal_open_for(*, territory: Territory | None, limit: int = 6) -> list[Proposal]:
    """Proposals still collecting votes that a resident of ``territory`` may vote on, most supported first.

    Those of the territory itself and of every unit above it (a village's
    resident votes on the rural district's, the district's and the region's
    proposals too); across the whole country when ``territory`` is None.
    """
    queryset = proposal_list(filters=ProposalFilters()).filter(
        status__in=Proposal.VOTING, voting_until__gt=timezone.now()
    )
    if territory is not None:
        queryset = queryset.filter(territory__kato_code__in=[*territory.ancestor_codes(), territory.kato_code])
    return list(queryset[:limit])


def proposal_get_for(*, user, pk: int) -> Proposal:
    """A proposal the user may see, with what its page shows; 404 when missing *or* not visible."""
    proposal = (
        Proposal.objects.select_related("territory", "author", "thread", "duplicate_of", "response__author")
        .prefetch_related(
            Prefetch("images", queryset=ProposalImage.objects.order_by("order", "pk")),
            Prefetch(
                "status_changes", queryset=StatusChange.objects.select_related("actor").order_by("created_at", "pk")
            ),
        )
        .filter(pk=pk)
        .first()
    )
    if proposal is None or not permissions.can(user, "proposals.view", proposal):
        raise Http404("No such proposal")
    return proposal


@dataclass
class PhotoPage:
    """One photo of a proposal on a page of its own: which of how many, and its neighbours."""

    proposal: Proposal
    photo: ProposalImage
    number: int
    total: int
    previous_number: int | None
    next_number: int | None


def proposal_photo_page(*, user, pk: int, number: int) -> PhotoPage:
    """Photo ``number`` (from 1, in the proposal's order) of a proposal the user may see (two queries).

    404 when the proposal is missing or not visible to the user (as its page), or has no such photo.
    """
    proposal = Proposal.objects.select_related("territory").filter(pk=pk).first()
    if proposal is None or not permissions.can(user, "proposals.view", proposal):
        raise Http404("No such proposal")
    photos = list(ProposalImage.objects.filter(proposal=proposal).order_by("order", "pk"))
    if not 1 <= number <= len(photos):
        raise Http404("No such photo")
    return PhotoPage(
        proposal=proposal,
        photo=photos[number - 1],
        number=number,
        total=len(photos),
        previous_number=number - 1 if number > 1 else None,
        next_number=number + 1 if number < len(photos) else None,
    )


def voting_policy_for(territory: Territory) -> Policy:
    """The nearest ``VotingPolicy`` on the territory or above it, else the site's defaults (one query)."""
    codes = [*territory.ancestor_codes(), territory.kato_code]
    policy = (
        VotingPolicy.objects.filter(territory__kato_code__in=codes)
        .select_related("territory")
        .order_by("-territory__depth")
        .first()
    )
    if policy is not None:
        return Policy(policy.threshold_percent, policy.threshold_minimum, policy.voting_days, policy.territory)
    return Policy(
        Decimal(str(settings.CIVIC_PROPOSAL_THRESHOLD_PERCENT)),
        settings.CIVIC_PROPOSAL_THRESHOLD_MINIMUM,
        settings.CIVIC_PROPOSAL_VOTING_DAYS,
    )


def proposal_territory_choices(*, user) -> list[Territory]:
    """Where a person may propose: their verified residence and the units above it (not the Republic)."""
    residency = (
        Residency.objects.filter(user=user, status=Residency.Status.VERIFIED).select_related("territory").first()
        if getattr(user, "is_authenticated", False)
        else None
    )
    if residency is None:
        return []
    home = residency.territory
    codes = [code for code in home.ancestor_codes() if code != ROOT_CODE]
    above = {t.kato_code: t for t in Territory.objects.filter(kato_code__in=codes)}
    return [home, *[above[code] for code in reversed(codes) if code in above]]


def vote_of(*, user, proposal: Proposal) -> str | None:
    """The person's vote on the proposal, also when cast from their earlier account (same IIN)."""
    if not getattr(user, "is_authenticated", False):
        return None
    fingerprints = Residency.objects.filter(user=user, status=Residency.Status.VERIFIED).values("iin_hash")
    return (
        Vote.objects.filter(Q(user=user) | Q(person_key__in=fingerprints), proposal=proposal)
        .values_list("choice", flat=True)
        .first()
    )


def returned_note(*, proposal: Proposal, timeline: list[StatusChange]) -> StatusChange | None:
    """The moderators' latest reasons for returning a proposal that is still returned (for its author)."""
    if proposal.status != Proposal.Status.REJECTED:
        return None
    return next((change for change in reversed(timeline) if change.to_status == Proposal.Status.REJECTED), None)


def proposals_of(*, user) -> QuerySet[Proposal]:
    """The author's own proposals in every status, latest first."""
    return Proposal.objects.filter(author=user).select_related("territory").order_by("-updated_at", "-pk")


# ---------------------------------------------------------------------------
# Staff queues
# ---------------------------------------------------------------------------


#: Who sees what waits for the akimat's answer: every staff member of the territory (the proposals are
#: public and moderators follow them too); only officials answer (``proposals.answer``).
ANSWER_QUEUE_ROLES = tuple(dict.fromkeys((*ANSWER_ROLES, *MODERATION_ROLES)))


def waiting_for_moderation(*, user, roles: list[StaffRole] | None = None) -> Q | None:
    """The rows of ``user``'s moderation queue, as a filter: submitted, in their scope, not their own.

    None when the person moderates nowhere. The queue page and the console's count both read it.
    """
    scope = staff_scope(user=user, allowed=MODERATION_ROLES, roles=roles)
    if scope is None:
        return None
    return scope & Q(status=Proposal.Status.SUBMITTED) & ~Q(author=user)


def waiting_for_answer(*, user, roles: list[StaffRole] | None = None) -> Q | None:
    """The rows of "waiting for the akimat's answer" for ``user``, as a filter (None: not staff anywhere).

    Threshold reached or under consideration, in the territories of any staff role (moderators see
    what waits for their akimat too), not their own. The queue page and the console's count both read it.
    """
    scope = staff_scope(user=user, allowed=ANSWER_QUEUE_ROLES, roles=roles)
    if scope is None:
        return None
    return scope & Q(status__in=ANSWER_QUEUE_STATUSES) & ~Q(author=user)


def moderation_queue(*, user, roles: list[StaffRole] | None = None) -> QuerySet[Proposal]:
    """Submitted proposals in the moderator's territories, oldest first (not their own)."""
    waiting = waiting_for_moderation(user=user, roles=roles)
    if waiting is None:
        return Proposal.objects.none()
    return (
        Proposal.objects.filter(waiting)
        .select_related("territory", "author")
        .annotate(
            resubmitted=Exists(StatusChange.objects.filter(proposal=OuterRef("pk"), to_status=Proposal.Status.REJECTED))
        )
        .order_by("submitted_at", "pk")
    )


def staff_summary(*, user, roles: list[StaffRole] | None = None) -> dict:
    """What the staff console shows of both queues, in one query, counted on the queues' own filters.

    ``to_moderate`` / ``to_answer``: how many rows each queue page lists (``waiting_for_moderation``,
    ``waiting_for_answer``: the console cannot say another number than the page);
    ``oldest_submitted_at``: since when the longest-waiting one awaits moderation;
    ``answers``: whether the person answers (an official), or only follows what waits (a moderator).
    """
    roles = roles if roles is not None else staff_roles_of(user=user)
    moderation = waiting_for_moderation(user=user, roles=roles)
    answering = waiting_for_answer(user=user, roles=roles)
    summary: dict = {
        "to_moderate": 0,
        "to_answer": 0,
        "oldest_submitted_at": None,
        "answers": staff_scope(user=user, allowed=ANSWER_ROLES, roles=roles) is not None,
    }
    waiting, aggregates = Q(pk__in=[]), {}
    if moderation is not None:
        waiting |= moderation
        aggregates["to_moderate"] = Count("pk", filter=moderation)
        aggregates["oldest_submitted_at"] = Min("submitted_at", filter=moderation)
    if answering is not None:
        waiting |= answering
        aggregates["to_answer"] = Count("pk", filter=answering)
    if aggregates:
        summary.update(Proposal.objects.filter(waiting).aggregate(**aggregates))
    return summary


def answer_queue(*, user, roles: list[StaffRole] | None = None) -> QuerySet[Proposal]:
    """Proposals awaiting the officials: threshold reached first (longest waiting first), then under consideration."""
    waiting = waiting_for_answer(user=user, roles=roles)
    if waiting is None:
        return Proposal.objects.none()
    return (
        Proposal.objects.filter(waiting)
        .select_related("territory", "author")
        .annotate(
            rank=Case(
                When(status=Proposal.Status.THRESHOLD_REACHED, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        .order_by("rank", F("threshold_reached_at").asc(nulls_last=True), "updated_at", "pk")
    )
