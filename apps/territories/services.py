"""Writes on territories, residencies and staff roles.

Every service runs in one transaction and checks the actor's permission
itself (views check it too, for the right HTTP answer): the API and commands
reuse the same rules.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Value
from django.db.models.functions import Concat, Substr
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_variables

from apps.accounts.enrolment import has_authenticator
from apps.accounts.services import staff_enrolment_invite
from apps.core import permissions
from apps.territories.iin import iin_fingerprint, validate_iin
from apps.territories.importers import RowError, TerritoryRow
from apps.territories.models import ROOT_CODE, Residency, StaffRole, Territory
from apps.territories.search import search_key

Progress = Callable[[str], None]

# ---------------------------------------------------------------------------
# Territories (reference data)
# ---------------------------------------------------------------------------


@dataclass
class ImportSummary:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    refused: list[RowError] = field(default_factory=list)
    not_in_file: int = 0
    retired: int = 0

    @property
    def summary(self) -> str:
        return _(
            "Territories: %(created)d created, %(updated)d updated, %(unchanged)d unchanged, %(refused)d refused."
        ) % {
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "refused": len(self.refused),
        }


MAX_PATH = Territory._meta.get_field("path").max_length

_FIELDS = ("parent_id", "path", "depth", "kind", "name_kk", "name_ru", "name_en", "search_key")


@transaction.atomic
def territories_import(
    *, rows: Iterable[TerritoryRow], progress: Progress | None = None, retire_missing: bool = False
) -> ImportSummary:
    """Create or update territories from classifier rows, in bulk.

    A row is refused (and reported) when its parent exists neither in the file
    nor in the database, or when it would make a cycle; its descendants are
    refused with it. Everything else is written in one transaction, parents
    before children; unchanged rows are not written at all.
    """
    say = progress or (lambda message: None)
    summary = ImportSummary()
    incoming = {row.code: row for row in rows}
    existing = {t.kato_code: t for t in Territory.objects.all()}
    existing_paths = {code: t.path for code, t in existing.items()}
    say(
        _("Read %(rows)d rows; %(existing)d territories in the database.")
        % {
            "rows": len(incoming),
            "existing": len(existing),
        }
    )

    paths: dict[str, str | None] = {}  # code -> materialised path; None when refused

    def refuse(code: str, message: str) -> None:
        paths[code] = None
        summary.refused.append(RowError(incoming[code].line, code, message))

    def resolve(code: str) -> None:
        """Walk up from ``code`` to a known path, then fill the paths (or refusals) back down."""
        chain: list[str] = []
        on_chain: set[str] = set()
        current: str | None = code
        failure = None
        base = ""
        while current is not None:
            if current in paths:
                base = paths[current]
                if base is None:
                    failure = _("Its parent was refused, so this unit is refused too.")
                break
            if current in on_chain:
                failure = _("The parent chain of this unit is a cycle.")
                break
            row = incoming.get(current)
            if row is not None and row.parent_code is None and current != ROOT_CODE:
                failure = _("Only the Republic (%(root)s) may have no parent.") % {"root": ROOT_CODE}
                chain.append(current)
                break
            if row is None:
                if current in existing:
                    base = existing[current].path
                    # A parent that already lies below one of these rows would loop the tree.
                    chunks = {base[i : i + 9] for i in range(0, len(base), 9)}
                    if chunks & on_chain:
                        failure = _("The parent chain of this unit is a cycle.")
                else:
                    failure = _("Its parent %(parent)s is neither in the file nor in the database.") % {
                        "parent": current
                    }
                break
            chain.append(current)
            on_chain.add(current)
            current = row.parent_code
        for member in reversed(chain):
            if failure is not None:
                refuse(member, failure)
                failure = _("Its parent was refused, so this unit is refused too.")
            elif len(base) + len(member) > MAX_PATH:
                refuse(member, _("The unit lies deeper than the classifier allows."))
                failure = _("Its parent was refused, so this unit is refused too.")
            else:
                base = base + member
                paths[member] = base

    for code in incoming:
        if code not in paths:
            resolve(code)

    accepted = sorted((c for c in incoming if paths.get(c)), key=lambda c: (len(paths[c]), c))
    by_code = dict(existing)
    to_create_by_depth: dict[int, list[Territory]] = {}
    to_update: list[Territory] = []
    for code in accepted:
        row = incoming[code]
        path = paths[code]
        values = {
            "path": path,
            "depth": len(path) // 9 - 1,
            "kind": row.kind,
            "name_kk": row.name_kk,
            "name_ru": row.name_ru,
            "name_en": row.name_en,
            "search_key": search_key(row.name_kk, row.name_ru, row.name_en),
        }
        current = existing.get(code)
        if current is None:
            territory = Territory(kato_code=code, **values)
            to_create_by_depth.setdefault(values["depth"], []).append(territory)
            by_code[code] = territory
        else:
            # The path holds the parent's path, so a new parent shows as a changed path.
            changed = [name for name, value in values.items() if getattr(current, name) != value]
            if changed:
                for name, value in values.items():
                    setattr(current, name, value)
                to_update.append(current)
            else:
                summary.unchanged += 1

    # Parents first, so that children can point at their primary keys.
    for depth in sorted(to_create_by_depth):
        batch = to_create_by_depth[depth]
        for territory in batch:
            parent_code = incoming[territory.kato_code].parent_code
            territory.parent_id = by_code[parent_code].pk if parent_code else None
        Territory.objects.bulk_create(batch, batch_size=1000)
        summary.created += len(batch)
        say(_("Created %(count)d units at depth %(depth)d.") % {"count": len(batch), "depth": depth})
    old_paths = {territory.pk: existing_paths[territory.kato_code] for territory in to_update}
    for territory in to_update:
        parent_code = incoming[territory.kato_code].parent_code
        territory.parent_id = by_code[parent_code].pk if parent_code else None
    Territory.objects.bulk_update(to_update, _FIELDS, batch_size=1000)
    summary.updated = len(to_update)
    # A moved unit takes along the descendants the file did not list: rewrite
    # their paths too, or staff scopes would still follow the old tree.
    for territory in sorted(to_update, key=lambda t: len(old_paths[t.pk])):
        old_path = old_paths[territory.pk]
        if old_path == territory.path:
            continue
        moved = (
            Territory.objects.filter(path__startswith=old_path)
            .exclude(pk=territory.pk)
            .update(
                path=Concat(Value(territory.path), Substr("path", len(old_path) + 1)),
                depth=F("depth") + (territory.depth - len(old_path) // 9 + 1),
            )
        )
        summary.updated += moved
    missing = set(existing) - set(incoming)
    summary.not_in_file = len(missing)
    if retire_missing and missing:
        # A whole new edition: units it no longer lists end today (kept, since
        # residencies and roles point at them) and can no longer be chosen.
        summary.retired = (
            Territory.objects.filter(kato_code__in=missing, valid_to__isnull=True)
            .exclude(kato_code=ROOT_CODE)
            .update(valid_to=timezone.localdate())
        )
    summary.refused.sort(key=lambda error: error.line)
    return summary


@dataclass
class PopulationSummary:
    updated: int = 0
    unchanged: int = 0
    refused: list[RowError] = field(default_factory=list)


@transaction.atomic
def territories_import_population(*, rows) -> PopulationSummary:
    """Set population figures by KATO code; unknown codes are refused, others left as they are."""
    summary = PopulationSummary()
    latest: dict[str, object] = {}
    for row in rows:  # several years of one unit: the latest figure wins
        if row.code not in latest or (row.year or 0) >= (latest[row.code].year or 0):
            latest[row.code] = row
    rows = list(latest.values())
    territories = Territory.objects.in_bulk([row.code for row in rows], field_name="kato_code")
    to_update = []
    for row in rows:
        territory = territories.get(row.code)
        if territory is None:
            summary.refused.append(RowError(row.line, row.code, _("No territory has this KATO code.")))
            continue
        values = {"population": row.population, "population_year": row.year, "population_source": row.source[:500]}
        if all(getattr(territory, name) == value for name, value in values.items()):
            summary.unchanged += 1
            continue
        for name, value in values.items():
            setattr(territory, name, value)
        to_update.append(territory)
    Territory.objects.bulk_update(to_update, ["population", "population_year", "population_source"])
    summary.updated = len(to_update)
    return summary


@transaction.atomic
def territory_set_population(*, actor, territory: Territory, population: int | None, year: int | None, source: str):
    """An administrator sets (or clears) a figure the classifier data does not have."""
    permissions.require(actor, "territories.manage_roles_in", territory)
    territory.population = population
    territory.population_year = year
    territory.population_source = source[:500]
    territory.save(update_fields=["population", "population_year", "population_source"])
    return territory


# ---------------------------------------------------------------------------
# Residency
# ---------------------------------------------------------------------------


@sensitive_variables("iin")
def residency_declare(*, user, territory: Territory, iin: str) -> Residency:
    """A person declares their home territory and IIN; staff of the territory verify it.

    A pending declaration replaces an earlier pending one; a verified residency
    stays in force until the new one is verified (moving home).
    """
    # A "with" block, not @transaction.atomic: the decorator's wrapper would hold the
    # arguments, IIN included, in a frame that error reports show unmasked.
    with transaction.atomic():
        permissions.require(user, "territories.declare_residency")
        # Two quick submits must not both pass the checks below: serialise per person.
        get_user_model().objects.select_for_update().filter(pk=user.pk).first()
        if territory.valid_to is not None and territory.valid_to < timezone.localdate():
            raise ValidationError(
                _("This territory no longer exists in the classifier. Choose the one you live in now."), code="expired"
            )
        if territory.kind not in Territory.HOME_KINDS:
            raise ValidationError(
                _("Choose a village, settlement, city or rural district as your home, not a %(kind)s.")
                % {"kind": territory.get_kind_display().lower()},
                code="kind",
            )
        iin = validate_iin(iin)
        fingerprint = iin_fingerprint(iin)
        verified_with_iin = Residency.objects.filter(iin_hash=fingerprint, status=Residency.Status.VERIFIED)
        if verified_with_iin.exclude(user=user).exists():
            raise ValidationError(
                _("This IIN is already verified for another account. Each person may have one verified residency."),
                code="duplicate",
            )
        verified = Residency.objects.filter(user=user, status=Residency.Status.VERIFIED).first()
        if verified is not None and verified.iin_hash != fingerprint:
            raise ValidationError(_("This IIN differs from the one verified for your account."), code="iin_mismatch")
        if verified is not None and verified.territory_id == territory.pk:
            raise ValidationError(_("You are already a verified resident of this territory."), code="same")
        Residency.objects.filter(user=user, status=Residency.Status.PENDING).update(
            status=Residency.Status.ENDED, reason=_("Replaced by a new declaration."), decided_at=timezone.now()
        )
        return Residency.objects.create(
            user=user, territory=territory, iin_hash=fingerprint, iin_last4=iin[-4:], status=Residency.Status.PENDING
        )


def _locked_pending(residency: Residency) -> Residency:
    locked = Residency.objects.select_for_update().select_related("territory").get(pk=residency.pk)
    if locked.status != Residency.Status.PENDING:
        raise ValidationError(_("This declaration has already been decided."), code="decided")
    return locked


@transaction.atomic
def residency_verify(*, actor, residency: Residency) -> Residency:
    """Staff confirm the residency: the person becomes a member of the local community."""
    permissions.require(actor, "territories.verify_residency", residency)
    locked = _locked_pending(residency)
    now = timezone.now()
    # Moving home: the earlier verified residency ends when the new one is verified.
    Residency.objects.filter(user_id=locked.user_id, status=Residency.Status.VERIFIED).update(
        status=Residency.Status.ENDED, reason=_("Moved to another territory."), decided_at=now
    )
    locked.status = Residency.Status.VERIFIED
    locked.decided_by = actor
    locked.decided_at = now
    locked.reason = ""
    try:
        with transaction.atomic():
            locked.save(update_fields=["status", "decided_by", "decided_at", "reason", "updated_at"])
    except IntegrityError:
        raise ValidationError(
            _("This IIN is already verified for another account. Each person may have one verified residency."),
            code="duplicate",
        ) from None
    return locked


@transaction.atomic
def residency_reject(*, actor, residency: Residency, reason: str) -> Residency:
    """Staff refuse the declaration; the reason is shown to the person."""
    permissions.require(actor, "territories.verify_residency", residency)
    reason = " ".join((reason or "").split())
    if not reason:
        raise ValidationError(_("Give the reason for the rejection: the person will see it."), code="reason")
    locked = _locked_pending(residency)
    locked.status = Residency.Status.REJECTED
    locked.reason = reason[:1000]
    locked.decided_by = actor
    locked.decided_at = timezone.now()
    locked.save(update_fields=["status", "reason", "decided_by", "decided_at", "updated_at"])
    return locked


@transaction.atomic
def residency_end(*, actor, residency: Residency, reason: str = "") -> Residency:
    """End a pending or verified residency: the person themselves (moved away, mistaken
    declaration), or staff who may verify it (e.g. an IIN verified on the wrong account)."""
    is_own = residency.user_id == actor.pk
    permissions.require(actor, "territories.end_residency", residency)
    locked = Residency.objects.select_for_update().get(pk=residency.pk)
    if Residency.Status.ENDED not in Residency.TRANSITIONS[locked.status]:
        raise ValidationError(_("This residency has already ended."), code="ended")
    locked.status = Residency.Status.ENDED
    locked.reason = " ".join((reason or "").split())[:1000] or (
        _("Ended by the resident.") if is_own else _("Ended by staff.")
    )
    locked.decided_by = actor
    locked.decided_at = timezone.now()
    locked.save(update_fields=["status", "reason", "decided_by", "decided_at", "updated_at"])
    return locked


# ---------------------------------------------------------------------------
# Staff roles
# ---------------------------------------------------------------------------


@transaction.atomic
def staff_role_grant(*, actor, user, territory: Territory, role: str, valid_from=None, valid_to=None) -> StaffRole:
    """An administrator (of an ancestor territory) grants a role on ``territory``."""
    permissions.require(actor, "territories.manage_roles_in", territory)
    if role not in StaffRole.Role.values:
        raise ValidationError(_("Unknown role."), code="role")
    valid_from = valid_from or timezone.localdate()
    if valid_to is not None and valid_to < valid_from:
        raise ValidationError(_("A role cannot end before it starts."), code="period")
    if user.pk == actor.pk and not actor.is_superuser:
        raise ValidationError(_("You cannot grant a role to yourself."), code="self")
    if not actor.is_superuser:
        # Nobody hands out rights that outlast their own.
        codes = [*territory.ancestor_codes(), territory.kato_code]
        own = StaffRole.objects.active().filter(
            user=actor, role=StaffRole.Role.ADMINISTRATOR, territory__kato_code__in=codes
        )
        ends = [role.valid_to for role in own]
        limit = None if None in ends else max(ends)
        if limit is not None and (valid_to is None or valid_to > limit):
            raise ValidationError(
                _("Your own role ends on %(date)s: a role you grant cannot last longer.") % {"date": limit},
                code="period",
            )
    staff_role = StaffRole.objects.create(
        user=user, territory=territory, role=role, valid_from=valid_from, valid_to=valid_to, granted_by=actor
    )
    if not has_authenticator(user):
        # The role gives nothing without a second factor, and the first one is set up
        # only through the link this e-mails (a password thief cannot enrol their own).
        staff_enrolment_invite(user=user, invited_by=actor)
    return staff_role


@transaction.atomic
def staff_role_end(*, actor, staff_role: StaffRole, on=None) -> StaffRole | None:
    """End a role from ``on`` (today by default); the row stays as a record.

    Ending only ever shortens a role: an expired role is not revived. A role
    that has not started yet is withdrawn (deleted: it never gave any right).
    """
    permissions.require(actor, "territories.manage_roles_in", staff_role.territory)
    locked = StaffRole.objects.select_for_update().get(pk=staff_role.pk)
    today = timezone.localdate()
    end = on or today
    if locked.valid_from > today:
        locked.delete()
        return None
    if locked.valid_to is not None and locked.valid_to < today:
        raise ValidationError(_("This role has already ended."), code="ended")
    if locked.valid_to is not None and locked.valid_to < end:
        raise ValidationError(_("A role can only be shortened; grant a new role to extend it."), code="extend")
    locked.valid_to = max(end, locked.valid_from)
    locked.save(update_fields=["valid_to", "updated_at"])
    staff_role.valid_to = locked.valid_to
    return locked
