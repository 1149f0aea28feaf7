"""Territories (the KATO tree), residents' verified residency and staff roles.

The tree is stored as an explicit ``parent`` plus a materialised ``path``: the
KATO codes of the ancestors and the unit itself, 9 digits each, from the
Republic down. Subtree = ``path LIKE '<path>%'`` (one indexed range scan);
ancestors = the 9-digit chunks of the path (one ``IN`` query). The code alone
does not always give the parent (districts of cities, villages under a city
administration), so the parent is stored, never derived.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from apps.core.models import TimeStampedModel
from apps.territories.names import display_name

CODE_LENGTH = 9
ROOT_CODE = "000000000"


class Territory(models.Model):
    class Kind(models.TextChoices):
        COUNTRY = "country", _("Republic")
        OBLAST = "oblast", _("Region (oblast)")
        CITY_REPUBLICAN = "city_republican", _("City of republican significance")
        DISTRICT = "district", _("District")
        CITY_OBLAST = "city_oblast", _("City of regional significance")
        CITY_DISTRICT_OF_CITY = "city_district_of_city", _("District of a city")
        RURAL_DISTRICT = "rural_district", _("Rural district")
        CITY_DISTRICT_SIGNIFICANCE = "city_district_significance", _("City of district significance")
        SETTLEMENT = "settlement", _("Settlement")
        VILLAGE = "village", _("Village")

    #: Kinds a person may declare as their home: where people are registered.
    HOME_KINDS = frozenset(
        {
            Kind.VILLAGE,
            Kind.SETTLEMENT,
            Kind.RURAL_DISTRICT,
            Kind.CITY_DISTRICT_SIGNIFICANCE,
            Kind.CITY_OBLAST,
            Kind.CITY_REPUBLICAN,
            Kind.CITY_DISTRICT_OF_CITY,
        }
    )

    #: Kinds with an akimat, the collegial executive body (Law No. 148-II, art. 34): regions, cities of
    #: republican and regional significance, districts. Below them (districts of cities, cities of
    #: district significance, settlements, villages, rural districts) the akim's office (аппарат акима,
    #: art. 38) works; the Republic has neither.
    AKIMAT_KINDS = frozenset({Kind.OBLAST, Kind.CITY_REPUBLICAN, Kind.DISTRICT, Kind.CITY_OBLAST})
    #: A village inside one of these has no akim of its own: the akim of the rural district (settlement,
    #: town) serves it. A village directly under a district or a city has its own (a "village akimat").
    SERVES_ITS_VILLAGES = frozenset(
        {Kind.RURAL_DISTRICT, Kind.SETTLEMENT, Kind.CITY_DISTRICT_SIGNIFICANCE, Kind.CITY_DISTRICT_OF_CITY}
    )

    kato_code = models.CharField(_("KATO code"), max_length=CODE_LENGTH, unique=True)
    parent = models.ForeignKey(
        "self", verbose_name=_("parent"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    path = models.CharField(_("path"), max_length=CODE_LENGTH * 8, editable=False)
    depth = models.PositiveSmallIntegerField(_("depth"), default=0, editable=False)
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices)
    name_kk = models.CharField(_("name in Kazakh"), max_length=200, blank=True)
    name_ru = models.CharField(_("name in Russian"), max_length=200, blank=True)
    name_en = models.CharField(_("name in English"), max_length=200, blank=True)
    search_key = models.TextField(_("search key"), blank=True, editable=False)
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)
    population_year = models.PositiveSmallIntegerField(_("population year"), null=True, blank=True)
    population_source = models.CharField(_("population source"), max_length=500, blank=True)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)

    class Meta:
        verbose_name = _("territory")
        verbose_name_plural = _("territories")
        ordering = ["path"]
        indexes = [
            # varchar_pattern_ops lets PostgreSQL use the index for LIKE 'prefix%'
            # whatever the database collation (ignored on SQLite).
            models.Index(fields=["path"], name="territories_path_idx", opclasses=["varchar_pattern_ops"]),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(kato_code__regex=r"^[0-9]{9}$"), name="territories_kato_code_9_digits"),
            models.CheckConstraint(
                condition=Q(parent__isnull=True, kato_code=ROOT_CODE) | Q(parent__isnull=False),
                name="territories_only_root_has_no_parent",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("territories:territory-detail", kwargs={"kato": self.kato_code})

    @property
    def name(self) -> str:
        """The name pages show in the active language: abbreviations spelled out, Latin letters in English.

        «Ақбұлақ а.о.» reads «Ақбұлақ ауылдық округі» in Kazakh, «Акбулакский с.о.» «Акбулакский
        сельский округ» in Russian, "Akbulak rural district" in English (``apps/territories/names.py``).
        A unit without a name in the language shows its name in the other official language; the
        stored ``name_kk`` / ``name_ru`` / ``name_en`` stay as in the classifier.
        """
        language = (get_language() or settings.LANGUAGE_CODE)[:2]
        if language not in ("kk", "ru", "en"):
            language = "kk"
        return display_name(self.name_kk, self.name_ru, self.name_en, language) or self.kato_code

    @property
    def has_akimat(self) -> bool:
        return self.kind in self.AKIMAT_KINDS

    @property
    def local_executive(self) -> str:
        """Who runs the unit, in the active language: "Akimat of …" or "Akim's office of …" ("" for the Republic)."""
        if self.kind == self.Kind.COUNTRY:
            return ""
        if self.has_akimat:
            return gettext("Akimat of %(name)s") % {"name": self.name}
        return gettext("Akim's office of %(name)s") % {"name": self.name}

    def executives(self, ancestors: list[Territory]) -> list[Territory]:
        """The units whose akim's office and akimat answer for this one: the akim's office first, if any.

        ``ancestors``: from the Republic down to the parent (``selectors.territory_ancestors``).
        A village of a rural district → [the rural district, its district]; a district → [itself];
        a city of regional significance → [itself]; the Republic → [].
        """
        above = list(reversed(ancestors))  # the parent first
        local = self
        if self.kind == self.Kind.VILLAGE and above and above[0].kind in self.SERVES_ITS_VILLAGES:
            local, above = above[0], above[1:]
        if local.kind == self.Kind.COUNTRY:
            return []
        if local.has_akimat:
            return [local]
        akimat = next((unit for unit in above if unit.has_akimat), None)
        return [local, akimat] if akimat else [local]

    def ancestor_codes(self) -> list[str]:
        """KATO codes of the ancestors, from the Republic down (not including this unit)."""
        return [self.path[i : i + CODE_LENGTH] for i in range(0, len(self.path) - CODE_LENGTH, CODE_LENGTH)]

    def is_within(self, other: Territory) -> bool:
        """True when this unit is ``other`` or lies inside it."""
        return self.path.startswith(other.path)


class Residency(TimeStampedModel):
    """A person's declared home territory, verified by staff of that territory.

    The IIN is never stored: only an HMAC of it (for "one verified residency
    per person") and its last four digits (so people recognise it).
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for verification")
        VERIFIED = "verified", _("Verified")
        REJECTED = "rejected", _("Rejected")
        ENDED = "ended", _("Ended")

    #: status -> statuses a residency may move to (the residency_* services enforce it).
    TRANSITIONS = {
        Status.PENDING: {Status.VERIFIED, Status.REJECTED, Status.ENDED},
        Status.VERIFIED: {Status.ENDED},
        Status.REJECTED: set(),
        Status.ENDED: set(),
    }

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="residencies"
    )
    territory = models.ForeignKey(
        Territory, verbose_name=_("territory"), on_delete=models.PROTECT, related_name="residencies"
    )
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.PENDING)
    iin_hash = models.CharField(_("IIN fingerprint"), max_length=64, editable=False)
    iin_last4 = models.CharField(_("IIN, last four digits"), max_length=4, editable=False)
    reason = models.TextField(_("reason"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        verbose_name = _("residency")
        verbose_name_plural = _("residencies")
        ordering = ["created_at"]
        constraints = [
            # At most one verified and one pending residency per account (a person
            # moving home keeps the old one until the new one is verified) ...
            models.UniqueConstraint(
                fields=["user"], condition=Q(status="verified"), name="territories_residency_one_verified_per_user"
            ),
            models.UniqueConstraint(
                fields=["user"], condition=Q(status="pending"), name="territories_residency_one_pending_per_user"
            ),
            # ... and one verified residency per person (IIN), whatever the account.
            models.UniqueConstraint(
                fields=["iin_hash"],
                condition=Q(status="verified"),
                name="territories_residency_one_verified_per_iin",
            ),
        ]
        indexes = [models.Index(fields=["status", "territory"], name="territories_res_queue_idx")]

    def __str__(self) -> str:
        return f"{self.user} @ {self.territory_id} ({self.status})"


class StaffRoleQuerySet(models.QuerySet):
    def active(self, at=None):
        """Roles in force now (or at ``at``): started and not yet ended."""
        today = timezone.localdate(at) if at else timezone.localdate()
        return self.filter(Q(valid_from__lte=today), Q(valid_to__isnull=True) | Q(valid_to__gte=today))


class StaffRole(TimeStampedModel):
    """Akimat staff: a role on a territory, acting on its whole subtree for a period."""

    class Role(models.TextChoices):
        MODERATOR = "moderator", _("Moderator")
        OFFICIAL = "official", _("Official")
        ADMINISTRATOR = "administrator", _("Administrator")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="staff_roles"
    )
    territory = models.ForeignKey(
        Territory, verbose_name=_("territory"), on_delete=models.PROTECT, related_name="staff_roles"
    )
    role = models.CharField(_("role"), max_length=16, choices=Role.choices)
    valid_from = models.DateField(_("valid from"), default=timezone.localdate)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("granted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = StaffRoleQuerySet.as_manager()

    class Meta:
        verbose_name = _("staff role")
        verbose_name_plural = _("staff roles")
        ordering = ["territory__path", "role"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="territories_staffrole_period_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} — {self.territory_id}"
