"""Legal texts as data: a document, its versions, its sections and provisions.

One ``Document`` row is one *text* of an act in one language. The Kazakh and
Russian texts of an act are both official; an English text is an unofficial
translation. The texts of one act share a ``slug`` (unique per language), so
``/documents/<slug>/`` can offer the reader every language it exists in.

Loading a text again never destroys what people said about it: provisions are
matched by their stable key and content hash. Unchanged provisions keep their
primary key; a changed or removed provision is *retired* in the new
``DocumentVersion`` (``retired_in``) instead of being deleted, so comments on
an earlier wording stay attached to the words they were about.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from apps.core.models import TimeStampedModel
from apps.documents.loader.types import AnnotationKind, ProvisionKind, SectionKind

OFFICIAL_LANGUAGES = ("kk", "ru")


class Document(TimeStampedModel):
    class Kind(models.TextChoices):
        CONSTITUTION = "constitution", _("Constitution")
        CODE = "code", pgettext_lazy("document kind", "Code")
        LAW = "law", _("Law")
        DECREE = "decree", _("Decree")
        RESOLUTION = "resolution", _("Resolution")
        DECISION = "decision", _("Decision")
        ORDER = "order", _("Order")
        CONCEPT = "concept", _("Concept")
        PROGRAMME = "programme", _("Programme")
        OTHER = "other", _("Other act")

    class Language(models.TextChoices):
        KAZAKH = "kk", _("Kazakh")
        RUSSIAN = "ru", _("Russian")
        ENGLISH = "en", _("English")

    slug = models.SlugField(
        _("slug"), max_length=100, help_text=_("Shared by the texts of one act in different languages.")
    )
    language = models.CharField(_("language of the text"), max_length=2, choices=Language.choices)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    title = models.TextField(_("title"))
    number = models.CharField(_("number"), max_length=50, blank=True)
    adopted_on = models.DateField(_("adopted on"), null=True, blank=True)
    issuer = models.CharField(_("issued by"), max_length=300, blank=True)
    amendment_note = models.TextField(_("amendment note"), blank=True)
    signatories = models.TextField(_("signed by"), blank=True)
    source = models.CharField(
        _("source"), max_length=500, blank=True, help_text=_("Where the text comes from: a URL or a publication.")
    )
    territory = models.ForeignKey(
        "territories.Territory",
        verbose_name=_("territory"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="documents",
        help_text=_("Where the act applies; empty for national acts (the whole Republic)."),
    )
    discussion_until = models.DateField(
        _("open for discussion until"),
        null=True,
        blank=True,
        help_text=_("For drafts published for public discussion: comments close after this day. Empty: always open."),
    )
    report_published_at = models.DateTimeField(_("discussion report published"), null=True, blank=True)
    is_published = models.BooleanField(_("published"), default=True)
    current_version = models.ForeignKey(
        "DocumentVersion",
        verbose_name=_("current version"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["-adopted_on", "slug", "language"]
        constraints = [
            models.UniqueConstraint(fields=["slug", "language"], name="documents_document_slug_language_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.title} [{self.language}]"

    @property
    def is_official_text(self) -> bool:
        """Kazakh and Russian texts are official (Constitution art. 7); others are translations."""
        return self.language in OFFICIAL_LANGUAGES

    def get_absolute_url(self) -> str:
        return reverse("documents:document-detail", kwargs={"slug": self.slug}) + f"?text={self.language}"

    @property
    def is_open_for_comments(self) -> bool:
        """Derived from the date, never flipped by a job: open through the last day (Almaty time)."""
        return self.discussion_until is None or timezone.localdate() <= self.discussion_until

    @property
    def days_left(self) -> int | None:
        if self.discussion_until is None:
            return None
        return max((self.discussion_until - timezone.localdate()).days, 0)


class DocumentVersion(models.Model):
    """One loaded state of a document text. A reload of an identical file adds none."""

    document = models.ForeignKey(
        Document, verbose_name=_("document"), on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveIntegerField(_("version"))
    source_sha256 = models.CharField(_("SHA-256 of the source text"), max_length=64)
    source_name = models.CharField(_("source file"), max_length=300, blank=True)
    loaded_at = models.DateTimeField(_("loaded at"), auto_now_add=True)
    loaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    provisions_added = models.PositiveIntegerField(default=0)
    provisions_changed = models.PositiveIntegerField(default=0)
    provisions_removed = models.PositiveIntegerField(default=0)
    provisions_unchanged = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("document version")
        verbose_name_plural = _("document versions")
        ordering = ["document", "number"]
        constraints = [
            models.UniqueConstraint(fields=["document", "number"], name="documents_version_number_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.document.slug} [{self.document.language}] v{self.number}"


class CurrentQuerySet(models.QuerySet):
    def current(self):
        """Rows that belong to the text as it reads now (not retired by a later version)."""
        return self.filter(retired_in__isnull=True)


class Section(models.Model):
    """A node of the document's structure: chapter, section, article, annex ...

    Sections of one document are few (hundreds at most), so the tree is a plain
    parent link plus a document-wide ``order``: a page loads a document's
    sections in one ordered query and builds the tree in memory.
    """

    class Kind(models.TextChoices):
        DECREE = SectionKind.DECREE, _("Operative part")
        PREAMBLE = SectionKind.PREAMBLE, _("Preamble")
        INTRODUCTION = SectionKind.INTRODUCTION, _("Introduction")
        PART = SectionKind.PART, pgettext_lazy("section kind", "Part")
        SECTION = SectionKind.SECTION, _("Section")
        SUBSECTION = SectionKind.SUBSECTION, _("Subsection")
        CHAPTER = SectionKind.CHAPTER, _("Chapter")
        PARAGRAPH = SectionKind.PARAGRAPH, pgettext_lazy("section kind", "Paragraph")
        ARTICLE = SectionKind.ARTICLE, _("Article")
        ANNEX = SectionKind.ANNEX, _("Annex")

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="sections")
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE, related_name="children")
    key = models.CharField(_("key"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    number = models.CharField(_("number"), max_length=40, blank=True)
    heading = models.TextField(_("heading"), blank=True)
    order = models.PositiveIntegerField(_("order"))
    depth = models.PositiveSmallIntegerField(_("depth"), default=0)
    is_removed = models.BooleanField(
        _("removed from the act"), default=False, help_text=_("Excluded from the act but keeps its number.")
    )
    introduced_in = models.ForeignKey(
        DocumentVersion, on_delete=models.CASCADE, related_name="+", verbose_name=_("introduced in")
    )
    retired_in = models.ForeignKey(
        DocumentVersion,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("retired in"),
    )

    objects = CurrentQuerySet.as_manager()

    class Meta:
        verbose_name = _("section")
        verbose_name_plural = _("sections")
        ordering = ["document", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["document", "key"],
                condition=Q(retired_in__isnull=True),
                name="documents_section_current_key_unique",
            ),
        ]
        indexes = [models.Index(fields=["document", "order"], name="documents_section_order_idx")]

    def __str__(self) -> str:
        return self.label

    def get_absolute_url(self) -> str:
        return (
            reverse("documents:section-detail", kwargs={"slug": self.document.slug, "key": self.key})
            + f"?text={self.document.language}"
        )

    @property
    def label(self) -> str:
        """The heading as a reader sees it in the table of contents: "Статья 39-3. ..."."""
        from apps.documents.labels import section_label

        return section_label(self)


class Provision(models.Model):
    """A numbered point, subpoint or unnumbered paragraph: the unit people comment on."""

    class Kind(models.TextChoices):
        POINT = ProvisionKind.POINT, _("Point")
        SUBPOINT = ProvisionKind.SUBPOINT, _("Subpoint")
        PART = ProvisionKind.PART, pgettext_lazy("provision kind", "Part")
        PARAGRAPH = ProvisionKind.PARAGRAPH, pgettext_lazy("provision kind", "Paragraph")

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="provisions")
    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="provisions")
    key = models.CharField(_("key"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    number = models.CharField(_("number"), max_length=40, blank=True)
    text = models.TextField(_("text"))
    order = models.PositiveIntegerField(_("order"))
    content_hash = models.CharField(_("content hash"), max_length=64)
    is_removed = models.BooleanField(_("removed from the act"), default=False)
    thread = models.OneToOneField(
        "discussions.Thread",
        verbose_name=_("discussion"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="provision",
    )
    introduced_in = models.ForeignKey(
        DocumentVersion, on_delete=models.CASCADE, related_name="+", verbose_name=_("introduced in")
    )
    retired_in = models.ForeignKey(
        DocumentVersion,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("retired in"),
    )

    objects = CurrentQuerySet.as_manager()

    class Meta:
        verbose_name = _("provision")
        verbose_name_plural = _("provisions")
        ordering = ["document", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["document", "key"],
                condition=Q(retired_in__isnull=True),
                name="documents_provision_current_key_unique",
            ),
        ]
        indexes = [
            models.Index(fields=["section", "order"], name="documents_provision_sect_idx"),
            models.Index(fields=["document", "key"], name="documents_provision_key_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.document.slug}:{self.key}"

    def get_absolute_url(self) -> str:
        return (
            reverse("documents:provision-detail", kwargs={"slug": self.document.slug, "key": self.key})
            + f"?text={self.document.language}"
        )

    # The contract of a discussable object (``apps.discussions.models.register_discussable``).

    def discussion_is_open(self) -> bool:
        """Only the current wording of a provision, and only while its document takes comments."""
        return self.retired_in_id is None and self.document.is_open_for_comments

    def discussion_territory(self):
        """The act's territory; None for a national act (moderated from the Republic)."""
        return self.document.territory


class Annotation(models.Model):
    """Footnotes, notes and amendment marks: kept beside the text, never counted as provisions."""

    class Kind(models.TextChoices):
        FOOTNOTE = AnnotationKind.FOOTNOTE, _("Footnote")
        NOTE = AnnotationKind.NOTE, _("Note")
        AMENDMENT = AnnotationKind.AMENDMENT, _("Amendment")
        EDITORIAL = AnnotationKind.EDITORIAL, _("Editorial note")

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="annotations")
    section = models.ForeignKey(Section, null=True, blank=True, on_delete=models.CASCADE, related_name="annotations")
    provision = models.ForeignKey(
        Provision, null=True, blank=True, on_delete=models.CASCADE, related_name="annotations"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    text = models.TextField(_("text"))
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("annotation")
        verbose_name_plural = _("annotations")
        ordering = ["order"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.text[:60]}"
