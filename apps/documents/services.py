"""Writes on documents: loading a legal text into the database.

``document_load`` is idempotent: the same text loaded twice changes nothing,
and a changed text becomes a new ``DocumentVersion`` in which unchanged
provisions keep their primary keys (and so their comments), changed ones are
retired and replaced, and removed ones are retired. Everything happens in one
transaction: a failure leaves the database as it was.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils.translation import gettext as _

from apps.core import permissions
from apps.documents.loader import LoaderError, ParsedDocument, ParsedSection, parse_text
from apps.documents.models import Annotation, Document, DocumentVersion, Provision, Section

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
LANGUAGES = {code for code, _label in Document.Language.choices}

Progress = Callable[[str], None]


@dataclass
class LoadResult:
    document: Document
    version: DocumentVersion | None  # None when nothing changed
    created: bool = False
    sections: int = 0
    provisions: int = 0
    added: int = 0
    changed: int = 0
    removed: int = 0
    unchanged: int = 0
    sections_added: int = 0
    sections_removed: int = 0

    @property
    def summary(self) -> str:
        doc = self.document
        if self.version is None:
            return _("%(slug)s [%(language)s]: unchanged (%(provisions)d provisions).") % {
                "slug": doc.slug,
                "language": doc.language,
                "provisions": self.provisions,
            }
        return _(
            "%(slug)s [%(language)s]: version %(version)d, %(sections)d sections, "
            "%(provisions)d provisions (%(added)d added, %(changed)d changed, "
            "%(removed)d removed, %(unchanged)d unchanged)."
        ) % {
            "slug": doc.slug,
            "language": doc.language,
            "version": self.version.number,
            "sections": self.sections,
            "provisions": self.provisions,
            "added": self.added,
            "changed": self.changed,
            "removed": self.removed,
            "unchanged": self.unchanged,
        }


def content_hash(*parts: object) -> str:
    return hashlib.sha256("\x1f".join(str(part) for part in parts).encode()).hexdigest()


@dataclass
class _FlatSection:
    parsed: ParsedSection
    parent_key: str | None
    depth: int
    order: int
    provisions: list = field(default_factory=list)


def _flatten(parsed: ParsedDocument) -> list[_FlatSection]:
    flat: list[_FlatSection] = []

    def walk(sections: list[ParsedSection], parent_key: str | None, depth: int) -> None:
        for section in sections:
            flat.append(_FlatSection(section, parent_key, depth, len(flat)))
            walk(section.children, section.key, depth + 1)

    walk(parsed.sections, None, 0)
    return flat


def _metadata(parsed: ParsedDocument, source: str) -> dict[str, object]:
    return {
        "kind": parsed.kind if parsed.kind in Document.Kind.values else Document.Kind.OTHER,
        "title": parsed.title,
        "number": parsed.number[:50],
        "adopted_on": parsed.adopted_on,
        "issuer": parsed.issuer[:300],
        "amendment_note": parsed.amendment_note,
        "signatories": "\n".join(parsed.signatories),
        **({"source": source[:500]} if source else {}),
    }


def _validate(parsed: ParsedDocument) -> None:
    keys: set[str] = set()
    for section in parsed.iter_sections():
        for key in [section.key, *(p.key for p in section.provisions)]:
            if key in keys:
                raise LoaderError(_("The text has two parts with the same key %(key)s.") % {"key": key})
            keys.add(key)
    if not any(section.provisions for section in parsed.iter_sections()):
        raise LoaderError(_("No provisions were found in the text: it has headings but no body text."))


def document_load(
    *,
    text: str,
    slug: str,
    language: str | None = None,
    source: str = "",
    source_name: str = "",
    actor=None,
    progress: Progress | None = None,
) -> LoadResult:
    """Parse ``text`` and store it as the document text ``(slug, language)``.

    Raises ``LoaderError`` (with a message for the user) for a bad slug,
    language or text; nothing is written then.
    """
    say = progress or (lambda message: None)
    if not SLUG_RE.match(slug or ""):
        raise LoaderError(
            _("The slug %(slug)r may only contain lower-case Latin letters, digits and hyphens.") % {"slug": slug}
        )
    if language is not None and language not in LANGUAGES:
        raise LoaderError(_("Unknown language %(language)r: use one of kk, ru, en.") % {"language": language})
    source_sha = hashlib.sha256(text.encode()).hexdigest()
    parsed = parse_text(text, language=language)
    language = language or parsed.language
    _validate(parsed)
    flat = _flatten(parsed)
    provision_total = sum(len(item.parsed.provisions) for item in flat)
    say(
        _("Parsed %(sections)d sections and %(provisions)d provisions.")
        % {
            "sections": len(flat),
            "provisions": provision_total,
        }
    )

    with transaction.atomic():
        document = Document.objects.select_for_update().filter(slug=slug, language=language).first()
        created = document is None
        metadata = _metadata(parsed, source)
        if created:
            document = Document.objects.create(slug=slug, language=language, **metadata)
        result = LoadResult(
            document=document,
            version=None,
            created=created,
            sections=len(flat),
            provisions=provision_total,
        )
        if not created and document.current_version and document.current_version.source_sha256 == source_sha:
            result.unchanged = provision_total
            return result

        plan = _plan(document, parsed, flat)
        metadata_changed = any(getattr(document, name) != value for name, value in metadata.items())
        if not created and not plan.has_changes and not metadata_changed:
            # Same content in a different file (spacing, line ends): nothing to record.
            result.unchanged = provision_total
            return result

        number = (document.versions.aggregate(n=Max("number"))["n"] or 0) + 1
        version = DocumentVersion.objects.create(
            document=document,
            number=number,
            source_sha256=source_sha,
            source_name=source_name[:300],
            loaded_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        say(_("Writing version %(number)d ...") % {"number": number})
        _apply(document, version, parsed, flat, plan, say)
        version.provisions_added = plan.added
        version.provisions_changed = plan.changed
        version.provisions_removed = plan.removed
        version.provisions_unchanged = plan.unchanged
        version.save(
            update_fields=["provisions_added", "provisions_changed", "provisions_removed", "provisions_unchanged"]
        )
        for name, value in metadata.items():
            setattr(document, name, value)
        document.current_version = version
        document.save(update_fields=[*metadata, "current_version", "updated_at"])

    result.version = version
    result.added, result.changed = plan.added, plan.changed
    result.removed, result.unchanged = plan.removed, plan.unchanged
    result.sections_added, result.sections_removed = plan.sections_added, plan.sections_removed
    return result


@dataclass
class _Plan:
    existing_sections: dict[str, Section]
    existing_provisions: dict[str, Provision]
    section_keys: set[str]
    provision_keys: set[str]
    added: int = 0
    changed: int = 0
    removed: int = 0
    unchanged: int = 0
    sections_added: int = 0
    sections_removed: int = 0
    sections_changed: int = 0
    annotations_changed: bool = False

    @property
    def has_changes(self) -> bool:
        return bool(
            self.added
            or self.changed
            or self.removed
            or self.annotations_changed
            or self.sections_added
            or self.sections_removed
            or self.sections_changed
        )


def _provision_hash(provision) -> str:
    return content_hash(provision.kind, provision.number, provision.text, provision.removed)


def _plan(document: Document, parsed_document: ParsedDocument, flat: list[_FlatSection]) -> _Plan:
    existing_sections = {s.key: s for s in Section.objects.current().filter(document=document)}
    existing_provisions = {p.key: p for p in Provision.objects.current().filter(document=document)}
    parent_keys = {s.pk: s.key for s in existing_sections.values()}
    plan = _Plan(existing_sections, existing_provisions, set(), set())
    for item in flat:
        section = item.parsed
        plan.section_keys.add(section.key)
        old = existing_sections.get(section.key)
        if old is None:
            plan.sections_added += 1
        elif (old.kind, old.number, old.heading, old.is_removed, parent_keys.get(old.parent_id), old.order) != (
            section.kind,
            section.number,
            section.heading,
            section.removed,
            item.parent_key,
            item.order,
        ):
            plan.sections_changed += 1
        for provision in section.provisions:
            plan.provision_keys.add(provision.key)
            existing = existing_provisions.get(provision.key)
            if existing is None:
                plan.added += 1
            elif existing.content_hash != _provision_hash(provision):
                plan.changed += 1
            else:
                plan.unchanged += 1
    stored_annotations = [
        (a.section.key if a.section else None, a.provision.key if a.provision else None, a.kind, a.text)
        for a in Annotation.objects.filter(document=document).select_related("section", "provision")
    ]
    plan.annotations_changed = stored_annotations != list(_annotations(parsed_document, flat))
    plan.removed = len(set(existing_provisions) - plan.provision_keys)
    plan.sections_removed = len(set(existing_sections) - plan.section_keys)
    return plan


def _apply(
    document: Document,
    version: DocumentVersion,
    parsed_document: ParsedDocument,
    flat: list[_FlatSection],
    plan: _Plan,
    say: Progress,
) -> None:
    # 1. Retire what is gone or changed first, so the partial unique indexes on
    #    (document, key) of current rows let the new rows take the same keys.
    retired_sections = [s.pk for k, s in plan.existing_sections.items() if k not in plan.section_keys]
    Section.objects.filter(pk__in=retired_sections).update(retired_in=version)
    hashes = {provision.key: _provision_hash(provision) for item in flat for provision in item.parsed.provisions}
    retired_provisions = [
        p.pk for key, p in plan.existing_provisions.items() if key not in hashes or hashes[key] != p.content_hash
    ]
    Provision.objects.filter(pk__in=retired_provisions).update(retired_in=version)

    # 2. Sections: update kept ones in place, create new ones level by level so
    #    parents have primary keys before their children are inserted.
    sections_by_key: dict[str, Section] = {k: s for k, s in plan.existing_sections.items() if k in plan.section_keys}
    to_update: list[Section] = []
    by_depth: dict[int, list[_FlatSection]] = {}
    for item in flat:
        by_depth.setdefault(item.depth, []).append(item)
    for depth in sorted(by_depth):
        new_rows = []
        for item in by_depth[depth]:
            parsed = item.parsed
            parent = sections_by_key[item.parent_key] if item.parent_key else None
            values = {
                "parent_id": parent.pk if parent else None,
                "kind": parsed.kind,
                "number": parsed.number[:40],
                "heading": parsed.heading,
                "order": item.order,
                "depth": item.depth,
                "is_removed": parsed.removed,
            }
            existing = sections_by_key.get(parsed.key)
            if existing is None:
                new_rows.append(Section(document=document, key=parsed.key, introduced_in=version, **values))
            elif any(getattr(existing, name) != value for name, value in values.items()):
                # Only rows that really moved or changed: bulk_update of thousands of
                # unchanged rows is what made a one-word amendment slow to load.
                for name, value in values.items():
                    setattr(existing, name, value)
                to_update.append(existing)
        for row in Section.objects.bulk_create(new_rows, batch_size=500):
            sections_by_key[row.key] = row
    Section.objects.bulk_update(
        to_update, ["parent", "kind", "number", "heading", "order", "depth", "is_removed"], batch_size=500
    )
    say(_("Sections written: %(count)d.") % {"count": len(sections_by_key)})

    # 3. Provisions: unchanged rows keep their primary key (only position may
    #    move); new and changed wordings are inserted.
    kept: list[Provision] = []
    moved: list[Provision] = []
    new_provisions: list[tuple[Provision, object]] = []
    order = 0
    for item in flat:
        section_row = sections_by_key[item.parsed.key]
        for parsed in item.parsed.provisions:
            order += 1
            existing = plan.existing_provisions.get(parsed.key)
            if existing is not None and existing.content_hash == hashes[parsed.key]:
                kept.append(existing)
                if existing.section_id != section_row.pk or existing.order != order:
                    existing.section = section_row
                    existing.order = order
                    moved.append(existing)
                continue
            row = Provision(
                document=document,
                section=section_row,
                key=parsed.key,
                kind=parsed.kind,
                number=parsed.number[:40],
                text=parsed.text,
                order=order,
                content_hash=hashes[parsed.key],
                is_removed=parsed.removed,
                introduced_in=version,
            )
            new_provisions.append((row, parsed))
    Provision.objects.bulk_update(moved, ["section", "order"], batch_size=500)
    Provision.objects.bulk_create([row for row, _parsed in new_provisions], batch_size=500)
    say(_("Provisions written: %(count)d.") % {"count": order})

    # 4. Annotations are not discussed, so they are simply rewritten.
    Annotation.objects.filter(document=document).delete()
    provisions_by_key = {row.key: row for row in kept}
    provisions_by_key.update({row.key: row for row, _parsed in new_provisions})
    annotations: list[Annotation] = []
    for parsed_annotation in _annotations(parsed_document, flat):
        owner_section, owner_provision, kind, text = parsed_annotation
        annotations.append(
            Annotation(
                document=document,
                section=sections_by_key.get(owner_section) if owner_section else None,
                provision=provisions_by_key.get(owner_provision) if owner_provision else None,
                kind=kind,
                text=text,
                order=len(annotations),
            )
        )
    Annotation.objects.bulk_create(annotations, batch_size=500)


def _annotations(parsed: ParsedDocument, flat: list[_FlatSection]):
    """Yield (section_key, provision_key, kind, text) for every annotation, in document order."""
    for annotation in parsed.annotations:
        yield None, None, annotation.kind, annotation.text
    for item in flat:
        for annotation in item.parsed.annotations:
            yield item.parsed.key, None, annotation.kind, annotation.text
        for provision in item.parsed.provisions:
            for annotation in provision.annotations:
                yield None, provision.key, annotation.kind, annotation.text


@transaction.atomic
def provision_thread(*, provision: Provision):
    """The discussion of a provision, created on first use (the provision row is locked meanwhile)."""
    from apps.discussions.models import Thread

    locked = Provision.objects.select_for_update().get(pk=provision.pk)
    if locked.thread_id is None:
        locked.thread = Thread.objects.create()
        locked.save(update_fields=["thread"])
    provision.thread = locked.thread
    return locked.thread


def document_publish_for_discussion(
    *, actor, data: bytes, filename: str, slug: str, language: str | None, territory, until, source: str = ""
) -> LoadResult:
    """Officials and administrators publish a draft act for public discussion until a date.

    The text goes through the same loader as every act; the territory decides
    who may publish it and who moderates its discussion (None: a national act,
    which needs a role on the Republic).
    """
    import datetime

    from django.utils import timezone

    from apps.documents.loader import decode_bytes

    permissions.require(actor, "documents.publish_for_discussion", territory)
    if until is None or until < timezone.localdate() + datetime.timedelta(days=1):
        raise LoaderError(_("The discussion must stay open at least until tomorrow."))
    if Document.objects.filter(slug=slug).exclude(territory=territory).exists():
        raise LoaderError(_("Another act already uses the slug %(slug)s.") % {"slug": slug})
    text = decode_bytes(data)
    with transaction.atomic():
        result = document_load(
            text=text, slug=slug, language=language, source=source, source_name=filename[:300], actor=actor
        )
        Document.objects.filter(pk=result.document.pk).update(territory=territory, discussion_until=until)
        result.document.refresh_from_db()
    return result


@transaction.atomic
def discussion_report_publish(*, actor, document: Document) -> Document:
    """Publish the report of a closed discussion; followers are notified after the commit.

    The notification is an outbox row written in this transaction: a broker that
    is down when the report is published delays the notifications, never loses them.
    """
    from django.utils import timezone

    from apps.core import outbox

    permissions.require(actor, "documents.answer_report", document)
    if document.discussion_until is None or document.is_open_for_comments:
        raise LoaderError(_("The report is written after the discussion has closed."))
    Document.objects.filter(pk=document.pk).update(report_published_at=timezone.now())
    document.refresh_from_db(fields=["report_published_at"])
    outbox.enqueue(REPORT_PUBLISHED, key=f"{REPORT_PUBLISHED}:{document.pk}", document_id=document.pk)
    return document


#: The outbox message that tells the followers of a discussion about its report (``apps.documents.handlers``).
REPORT_PUBLISHED = "documents.report_published"


def notify_followers_of_report(*, document: Document) -> int:
    """Everyone following a discussion of the document's current provisions hears of the report."""
    from apps.discussions.models import Subscription
    from apps.notifications.services import notify

    followers = Subscription.objects.filter(
        thread__provision__document=document, thread__provision__retired_in__isnull=True
    ).values_list("user_id", flat=True)
    return notify(
        user_ids=followers,
        kind="discussion_report",
        key=f"discussion_report:{document.pk}",
        params={"title": document.title[:200]},
        url=reverse("documents:discussion-report", kwargs={"slug": document.slug}) + f"?text={document.language}",
    )
