"""Reads on territories, residencies and staff roles, shaped for a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet, Subquery
from django.http import Http404
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from apps.territories.models import ROOT_CODE, Residency, StaffRole, Territory


def territory_get(*, kato: str) -> Territory:
    territory = Territory.objects.filter(kato_code=kato).first()
    if territory is None:
        raise Http404("No such territory")
    return territory


def territory_root() -> Territory | None:
    return Territory.objects.filter(kato_code=ROOT_CODE).first()


def territory_ancestors(*, territory: Territory) -> list[Territory]:
    """From the Republic down to the parent, in one query."""
    codes = territory.ancestor_codes()
    if not codes:
        return []
    by_code = {t.kato_code: t for t in Territory.objects.filter(kato_code__in=codes)}
    return [by_code[code] for code in codes if code in by_code]


def territory_children(*, territory: Territory) -> list[Territory]:
    """Direct children with their own number of children, in one query."""
    return list(
        Territory.objects.filter(parent=territory).annotate(child_count=Count("children")).order_by("kato_code")
    )


#: Word similarity a fuzzy match needs (1 - distance): one typo in a short name passes, noise does not.
MIN_SIMILARITY = 0.45


def territory_search(*, query: str, limit: int = 20) -> list[Territory]:
    """Territories whose name in any language matches ``query``, forgiving typos and spellings.

    First the substring matches (the GiST trigram index serves LIKE on
    PostgreSQL), higher units first. Then, on PostgreSQL, the nearest keys by
    pg_trgm word distance, straight from the GiST index (one query per form of
    the query: Cyrillic and Latin); elsewhere (SQLite in development), when
    nothing matched exactly, a Python fuzzy ranking over all keys.
    """
    from django.db import connection

    from apps.territories.search import query_forms, rank_fuzzy

    forms = query_forms(query)
    if not forms:
        return []
    contains = Q()
    for form in forms:
        contains |= Q(search_key__contains=form)
    # Exact (substring) matches first, higher units before villages: a common
    # name has more than ``limit`` of them, and the district must not be lost.
    exact = list(Territory.objects.filter(contains).order_by("depth", "kato_code")[:limit])
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import TrigramWordDistance

        if len(exact) >= limit:
            return exact
        best: dict[int, tuple[float, Territory]] = {}
        for form in forms:
            # Order by the distance alone so PostgreSQL walks the index (KNN); a
            # WHERE on the distance would make it scan the table.
            nearest = Territory.objects.annotate(distance=TrigramWordDistance(form, "search_key")).order_by("distance")[
                :limit
            ]
            for territory in nearest:
                if territory.distance <= 1 - MIN_SIMILARITY and (
                    territory.pk not in best or territory.distance < best[territory.pk][0]
                ):
                    best[territory.pk] = (territory.distance, territory)
        seen = {territory.pk for territory in exact}
        ranked = sorted(
            (item for pk, item in best.items() if pk not in seen),
            key=lambda item: (item[0], item[1].depth, item[1].kato_code),
        )
        return (exact + [territory for _distance, territory in ranked])[:limit]
    if exact:
        return exact
    # Equal scores keep this order: higher units (cities) before villages of the same name.
    keys = Territory.objects.order_by("depth", "kato_code").values_list("pk", "search_key")
    pks = rank_fuzzy(query, keys, limit=limit)
    by_pk = Territory.objects.in_bulk(pks)
    return [by_pk[pk] for pk in pks if pk in by_pk]


@dataclass(frozen=True)
class SearchHit:
    """A found territory with the units above it, nearest first, without the Republic."""

    territory: Territory
    ancestors: list[Territory]


@dataclass(frozen=True)
class SearchGroup:
    """Found territories of one level, under its heading, in the order of relevance."""

    label: str | Promise
    hits: list[SearchHit]


#: Levels search results are grouped by, from the top: a resident looks for their region or city,
#: their district, their rural district, their village, and nine «Ақбұлақ а.о.» are told apart by
#: the district and region each hit names.
SEARCH_LEVELS: list[tuple[str | Promise, frozenset[str]]] = [
    (
        _("Regions and cities of republican significance"),
        frozenset({Territory.Kind.COUNTRY, Territory.Kind.OBLAST, Territory.Kind.CITY_REPUBLICAN}),
    ),
    (
        _("Districts and cities"),
        frozenset(
            {
                Territory.Kind.DISTRICT,
                Territory.Kind.CITY_OBLAST,
                Territory.Kind.CITY_DISTRICT_OF_CITY,
                Territory.Kind.CITY_DISTRICT_SIGNIFICANCE,
            }
        ),
    ),
    (_("Rural districts and settlements"), frozenset({Territory.Kind.RURAL_DISTRICT, Territory.Kind.SETTLEMENT})),
    (_("Villages and other localities"), frozenset({Territory.Kind.VILLAGE})),
]


def territory_search_results(*, query: str, limit: int = 20) -> list[SearchGroup]:
    """:func:`territory_search` grouped by level, each hit with the units above it (its district, its region).

    The ancestors of all the hits come in one more query (``IN`` on the codes of their paths),
    however many hits there are. Within a level the hits keep the search's order (relevance first).
    """
    found = territory_search(query=query, limit=limit)
    codes = {code for territory in found for code in territory.ancestor_codes() if code != ROOT_CODE}
    by_code = {t.kato_code: t for t in Territory.objects.filter(kato_code__in=codes)} if codes else {}
    levels: list[list[SearchHit]] = [[] for _level in SEARCH_LEVELS]
    for territory in found:
        # A kind no level lists (none today) goes with the villages, last.
        level = next((i for i, (_label, kinds) in enumerate(SEARCH_LEVELS) if territory.kind in kinds), -1)
        ancestors = [by_code[code] for code in reversed(territory.ancestor_codes()) if code in by_code]
        levels[level].append(SearchHit(territory=territory, ancestors=ancestors))
    return [
        SearchGroup(label=label, hits=hits) for (label, _kinds), hits in zip(SEARCH_LEVELS, levels, strict=True) if hits
    ]


def membership_of(*, user, territory: Territory) -> Residency | None:
    """The user's verified residency in ``territory`` or in a unit inside it (None: not a member)."""
    if not getattr(user, "is_authenticated", False):
        return None
    return Residency.objects.filter(
        user=user, status=Residency.Status.VERIFIED, territory__path__startswith=territory.path
    ).first()


def user_is_member_of(*, user, territory: Territory) -> bool:
    """Verified resident of ``territory`` or of a unit inside it."""
    return membership_of(user=user, territory=territory) is not None


def residency_current(*, user) -> tuple[Residency | None, Residency | None]:
    """(verified, pending) residency of a user, and the last rejected one is found via residency_history."""
    rows = Residency.objects.filter(
        user=user, status__in=[Residency.Status.VERIFIED, Residency.Status.PENDING]
    ).select_related("territory")
    verified = next((r for r in rows if r.status == Residency.Status.VERIFIED), None)
    pending = next((r for r in rows if r.status == Residency.Status.PENDING), None)
    return verified, pending


@dataclass(frozen=True)
class ResidencyStanding:
    """Where a person stands as a resident of a territory (the territory or a unit inside it).

    ``member``: their verified residency there; ``pending``: their declaration
    there that waits for verification; ``rejected``: their latest declaration,
    when it was for there and staff rejected it (an older rejection, followed by
    another declaration, is no longer news).
    """

    member: Residency | None = None
    pending: Residency | None = None
    rejected: Residency | None = None

    @property
    def is_member(self) -> bool:
        return self.member is not None

    @property
    def is_waiting(self) -> bool:
        """Not a member yet, but will be once staff verify the declaration."""
        return self.member is None and self.pending is not None

    @property
    def was_rejected(self) -> bool:
        """Not a member, nothing waiting, and the latest declaration was rejected."""
        return self.member is None and self.pending is None and self.rejected is not None


def residency_standing(*, user, territory: Territory | None = None) -> ResidencyStanding:
    """The person's standing in ``territory`` and the units inside it (``None``: anywhere), in one query.

    At most three rows are read: the verified and the pending residency (one
    each per person at most) and the person's latest declaration.
    """
    if not getattr(user, "is_authenticated", False):
        return ResidencyStanding()
    mine = Residency.objects.filter(user=user)
    latest = mine.order_by("-created_at", "-pk").values("pk")[:1]
    rows = mine.filter(
        Q(status__in=[Residency.Status.VERIFIED, Residency.Status.PENDING]) | Q(pk=Subquery(latest))
    ).select_related("territory")
    if territory is not None:
        rows = rows.filter(territory__path__startswith=territory.path)
    rows = list(rows.order_by("-created_at", "-pk"))
    by_status = {}
    for row in rows:
        by_status.setdefault(row.status, row)
    rejected = rows[0] if rows and rows[0].status == Residency.Status.REJECTED else None
    return ResidencyStanding(
        member=by_status.get(Residency.Status.VERIFIED),
        pending=by_status.get(Residency.Status.PENDING),
        rejected=rejected,
    )


def residency_history(*, user, limit: int = 10) -> list[Residency]:
    return list(Residency.objects.filter(user=user).select_related("territory").order_by("-created_at")[:limit])


def staff_roles_of(*, user) -> list[StaffRole]:
    """The user's roles in force today, with their territories (one query)."""
    if not getattr(user, "is_authenticated", False):
        return []
    return list(StaffRole.objects.active().filter(user=user).select_related("territory"))


def staff_scope(*, user, allowed, roles: list[StaffRole] | None = None, territories=("territory",)) -> Q | None:
    """What the user's roles among ``allowed`` cover, as a filter on rows; None when nothing.

    ``territories`` are the lookups from the filtered rows to a ``Territory``
    (several when a row reaches its territory in alternative ways, as a comment
    does through a document or a proposal). A role covers its territory's
    subtree; superusers and roles on the Republic cover everything (``Q()``).
    ``roles`` saves a query when the page already has them. Nothing without the
    second factor in this session: staff rights need it (``apps.accounts.rules``).
    """
    from apps.accounts.rules import has_second_factor, is_superuser

    if not has_second_factor(user):
        return None
    if is_superuser(user):
        return Q()
    condition = None
    for role in roles if roles is not None else staff_roles_of(user=user):
        if role.role not in allowed:
            continue
        if role.territory.kato_code == ROOT_CODE:
            return Q()
        for territory in territories:
            clause = Q(**{f"{territory}__path__startswith": role.territory.path})
            condition = clause if condition is None else condition | clause
    return condition


def residency_queue(*, user, roles: list[StaffRole] | None = None) -> QuerySet[Residency]:
    """Pending residencies this staff member may verify, oldest first."""
    from apps.territories.rules import VERIFICATION_ROLES

    base = Residency.objects.filter(status=Residency.Status.PENDING).exclude(user=user)
    scope = staff_scope(user=user, allowed=VERIFICATION_ROLES, roles=roles)
    if scope is None:
        return base.none()
    return base.filter(scope).select_related("user", "territory").order_by("created_at", "pk")


def staff_roles_in_scope(*, user, roles: list[StaffRole] | None = None) -> QuerySet[StaffRole]:
    """Roles on territories inside the subtrees this administrator manages."""
    from apps.territories.rules import ROLE_ADMIN_ROLES

    base = StaffRole.objects.select_related("user", "territory", "granted_by").order_by("territory__path", "role")
    scope = staff_scope(user=user, allowed=ROLE_ADMIN_ROLES, roles=roles)
    return base.none() if scope is None else base.filter(scope)
